/** The pino methods used; a pino logger fits. */
interface OutageLogger {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

/** Errors closer together than this are one outage (ioredis retries every 2 s at most while it lasts). */
const QUIET_MS = 10_000;

/**
 * Listens to Redis connection errors, so none is an "Unhandled error event" (ioredis prints one per
 * reconnect attempt; BullMQ's fallback prints to the console), and logs a lost connection once per
 * outage — not once per retry — then once when a client is ready again (issue 17, M6).
 */
export class RedisOutageLog {
  private lastError = 0;

  constructor(
    private readonly logger: OutageLogger,
    private readonly what: string,
  ) {}

  readonly error = (err?: Error): void => {
    const now = Date.now();
    const quiet = now - this.lastError > QUIET_MS;
    this.lastError = now;
    if (quiet) this.logger.warn({ err, what: this.what }, 'Redis connection lost; retrying until it is back');
  };

  private readonly ready = (): void => {
    if (this.lastError === 0) return;
    this.lastError = 0;
    this.logger.info({ what: this.what }, 'Redis connection back');
  };

  /** Watches an ioredis client: its errors, and its connection coming back. */
  client(client: NodeJS.EventEmitter): this {
    client.on('error', this.error);
    client.on('ready', this.ready);
    return this;
  }

  /** Watches a BullMQ queue or worker, which re-emits its connections' errors as `error`. */
  bull(emitter: object): this {
    (emitter as NodeJS.EventEmitter).on('error', this.error);
    return this;
  }
}
