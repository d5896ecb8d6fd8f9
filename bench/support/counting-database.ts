import { performance } from 'node:perf_hooks';
import type { CommitSignal } from '../../src/store/commit-signals';
import type { Database, SqlExecutor, TransactionOptions } from '../../src/store/database';

/**
 * A `Database` that counts the statements sent through it, BEGIN and COMMIT included: every one is a
 * round trip, and round trips are what a durable step costs most. `commits` counts what makes the
 * server flush its log: each transaction, and each statement outside one that is not a plain SELECT.
 */
export class CountingDatabase implements Database {
  statements = 0;
  commits = 0;

  constructor(private readonly db: Database) {}

  get kind(): Database['kind'] {
    return this.db.kind;
  }

  get committed(): Database['committed'] {
    return this.db.committed;
  }

  afterCommit(signal: CommitSignal): void {
    this.db.afterCommit(signal);
  }

  query<R extends Record<string, unknown> = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<{ rows: R[]; rowCount: number }> {
    this.statements++;
    if (!/^\s*SELECT\b/i.test(sql)) this.commits++;
    return this.db.query<R>(sql, params);
  }

  /** A prelude goes with BEGIN: no round trip of its own. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>, options?: TransactionOptions): Promise<T> {
    this.statements += 2;
    this.commits++;
    return this.db.transaction(
      (tx) =>
        fn({
          query: <R extends Record<string, unknown>>(sql: string, params?: readonly unknown[]) => {
            this.statements++;
            return tx.query<R>(sql, params);
          },
          afterCommit: (signal) => tx.afterCommit(signal),
        }),
      options,
    );
  }

  close(): Promise<void> {
    return this.db.close();
  }
}

/**
 * The most trivial round trips (`SELECT $1`) the database answers per second with `concurrency` of them
 * in flight: no spine can do more statements than this, so it bounds messages/s from above.
 */
export async function roundTripCeiling(
  db: Database,
  concurrency: number,
  durationMs = 2000,
): Promise<number> {
  let done = 0;
  const until = performance.now() + durationMs;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        await db.query('SELECT $1::int AS n', [done]);
        done++;
      }
    }),
  );
  return done / ((performance.now() - started) / 1000);
}
