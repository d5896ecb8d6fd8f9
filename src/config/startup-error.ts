/**
 * Something Tawasul needs at start-up cannot be had (Redis does not answer, the HTTP port is taken, the
 * database server refuses): not a bug, so the message names the setting, the address tried and the fix,
 * and `main` prints it without a stack trace (LOG_LEVEL=debug adds one) and exits with 1.
 */
export class StartupError extends Error {
  override readonly name = 'StartupError';

  constructor(
    /** Stable, for scripts and tests: `ERR_REDIS_UNREACHABLE`, `ERR_PORT_IN_USE`, … */
    readonly code: `ERR_${string}`,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
  }
}
