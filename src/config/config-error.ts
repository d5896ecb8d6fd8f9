/**
 * The configuration is wrong in a way only the operator can fix (a bad environment variable, a missing
 * `redis-server` binary, …). Thrown at startup, before anything is served; the message says what is
 * wrong and how to fix it, so `main` prints it as it is and exits.
 */
export class ConfigError extends Error {
  readonly code = 'ERR_CONFIG';
  override readonly name = 'ConfigError';
  /** One line per problem (`HTTP_PORT="abc": must be …`); the message lists the same lines. */
  readonly problems: readonly string[];

  constructor(message: string, options: { problems?: readonly string[]; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.problems = options.problems ?? [message];
  }
}
