import { APP_ROLE } from './app-role';
import { CommitSignals, type CommitSignal } from './commit-signals';
import type { Database, SqlExecutor, TransactionOptions } from './database';
import { FairTurns, type Turns } from './fair-turns';
import { transactionFinishedError } from './transaction-scope';

/** The association an installation without a platform serves; an older database migrates into it. */
export const DEFAULT_ASSOCIATION_ID = 'default';

/** What an association id may be (the `associations.id` check): it is written into SQL below. */
const ASSOCIATION_ID = /^[a-z][a-z0-9-]{0,39}$/;

export function isAssociationId(value: string): boolean {
  return ASSOCIATION_ID.test(value);
}

/**
 * One association's view of the database: every transaction runs as the role row-level security binds,
 * with the association set for that transaction only, so PostgreSQL shows and accepts that association's
 * rows alone (migration 023). A query outside a transaction runs in one of its own.
 *
 * Set per transaction rather than per connection: a pooled connection then never carries an association
 * into someone else's work, and PGlite's single connection can serve several associations in turn. The
 * setting goes to the server with BEGIN (`prelude`), so it costs no round trip of its own; a plain query
 * pays for a transaction of its own (bench/BASELINE.md, issue 23).
 *
 * The view does not own the database: `close()` leaves it open for its opener to close.
 */
export class AssociationDatabase implements Database {
  readonly #inner: Database;
  readonly #prelude: string;

  /** Transactions under way and waiting, when `maxConcurrent` bounds them. */
  readonly #share: Turns | undefined;

  /**
   * `maxConcurrent`: at most this many of its transactions at once (a platform gives each association a
   * share of the connection pool, so one association's flood cannot hold every connection); the others wait
   * here, in order, not in the pool's queue ahead of other associations' work. Default: no bound.
   */
  constructor(
    inner: Database,
    readonly associationId: string,
    options: { maxConcurrent?: number } = {},
  ) {
    if (!isAssociationId(associationId)) {
      throw new Error(
        `"${associationId}" is not an association id: lower-case letters, digits and dashes, starting with a letter`,
      );
    }
    this.#inner = inner;
    this.#share =
      options.maxConcurrent === undefined
        ? undefined
        : new FairTurns(options.maxConcurrent).lane(associationId);
    // The views' own transactions announce nothing on the database's signals (see `transaction`).
    this.#unlisten = (['outbox', 'timers'] as const).map((topic) =>
      inner.committed.on(topic, (signal) => this.committed.emit([signal])),
    );
    this.#prelude = `SET LOCAL ROLE ${APP_ROLE}; SELECT set_config('tawasul.association_id', '${associationId}', true)`;
  }

  get kind(): Database['kind'] {
    return this.#inner.kind;
  }

  /**
   * What this association's committed transactions announced, and what the owner's own commits did (a
   * CLI, a test): its dispatchers listen here, so another association's commits never wake them (nor
   * could they see its rows).
   */
  readonly committed = new CommitSignals();
  readonly #unlisten: (() => void)[];

  query<R extends Record<string, unknown> = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<{ rows: R[]; rowCount: number }> {
    return this.transaction((tx) => tx.query<R>(sql, params));
  }

  afterCommit(signal: CommitSignal): void {
    this.committed.emit([signal]);
  }

  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    // The caller's own prelude runs after the association is set: as this association too.
    const prelude = options.prelude ? `${this.#prelude}; ${options.prelude}` : this.#prelude;
    const run = async () => {
      const signals: CommitSignal[] = [];
      const result = await this.#inner.transaction(
        async (tx) => {
          let open = true;
          try {
            return await fn({
              query: (sql, params) => tx.query(sql, params),
              afterCommit: (signal) => {
                if (!open) throw transactionFinishedError();
                signals.push(signal);
              },
            });
          } finally {
            open = false;
          }
        },
        { prelude },
      );
      // Committed (the inner transaction resolved): announce what it wrote, here only.
      this.committed.emit(signals);
      return result;
    };
    return this.#share ? this.#share.run(run) : run();
  }

  /** Stops hearing the database's signals. The opener closes the database; several views share it. */
  async close(): Promise<void> {
    for (const unlisten of this.#unlisten.splice(0)) unlisten();
  }
}
