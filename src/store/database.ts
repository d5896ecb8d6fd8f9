import type { CommitSignal, CommitSignals } from './commit-signals';

/**
 * The one database contract the rest of Tawasul sees. Two implementations serve it with the same SQL:
 * PGlite (real PostgreSQL compiled to WebAssembly, in-process, a data folder) and a PostgreSQL server
 * (`DATABASE_URL`, node-postgres pool).
 *
 * Deliberately not in it: an ORM, query building, or driver-specific types. Queries are plain
 * PostgreSQL with `$1` placeholders so both backends run them unchanged.
 */
export interface SqlExecutor {
  query<R extends Record<string, unknown> = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<{ rows: R[]; rowCount: number }>;
  /**
   * Announces `signal` on `Database.committed` once the work done through this executor is committed:
   * when its transaction commits (never if it rolls back), or at once outside a transaction.
   */
  afterCommit(signal: CommitSignal): void;
}

export interface Database extends SqlExecutor {
  readonly kind: 'pglite' | 'postgres';
  /** What committed transactions announced (new outbox rows, new timer requests): the dispatchers listen. */
  readonly committed: CommitSignals;
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>, options?: TransactionOptions): Promise<T>;
  close(): Promise<void>;
}

export interface TransactionOptions {
  /**
   * Statements without parameters that open the transaction before `fn` runs (an association's view sets
   * its role and association here). The server gets them with BEGIN, in one round trip. A database that
   * wraps another passes them on.
   */
  prelude?: string;
}
