import pg from 'pg';
import type { Database, SqlExecutor, TransactionOptions } from './database';
import { PreparedNames } from './prepared-names';
import { PgOid, keepText, parseInt8 } from './sql-values';
import { CommitSignals, type CommitSignal } from './commit-signals';
import { TransactionScope, transactionFinishedError } from './transaction-scope';

export interface PostgresDatabaseOptions {
  /** `postgres://user:password@host:5432/database` */
  connectionString: string;
  /** Most connections the pool opens (default 10). */
  max?: number;
  /** How long to wait for a new connection before failing, in ms (default 10 000; 0 waits forever). */
  connectionTimeoutMillis?: number;
  /**
   * Receives errors of connections nobody is using at that moment (server restart, network cut). The pool
   * drops such a connection and opens a new one on the next query; the error never crashes the process.
   */
  onError?: (error: Error) => void;
}

/**
 * A PostgreSQL server through a node-postgres pool (`DATABASE_URL`).
 *
 * Values come back as `sql-values.ts` describes, identical to `PgliteDatabase`: the pool carries its own
 * type parsers (int8 as number, date as text, ...), leaving node-postgres' global parsers untouched (bytea
 * keeps node-postgres' own Buffer parser). A
 * query without parameters may hold several statements; its result is the last statement's.
 *
 * A query with parameters runs as a named prepared statement (`PreparedNames`): the server parses and
 * plans it once per connection instead of on every call (the step's facts statement: 1.2 ms → 0.4 ms).
 * When the server no longer knows a statement or its result shape changed (a migration run by another
 * process), the connection is replaced and, outside a transaction, the query runs again.
 */
export class PostgresDatabase implements Database {
  readonly kind = 'postgres' as const;
  readonly #pool: pg.Pool;
  readonly #onError: (error: Error) => void;
  readonly #scope = new TransactionScope();
  readonly committed = new CommitSignals();
  readonly #names = new PreparedNames();
  #closing: Promise<void> | undefined;

  constructor(options: PostgresDatabaseOptions) {
    this.#onError = options.onError ?? (() => undefined);
    this.#pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.max ?? 10,
      connectionTimeoutMillis: options.connectionTimeoutMillis ?? 10_000,
      application_name: 'tawasul',
      types: { getTypeParser: getTypeParser as pg.CustomTypesConfig['getTypeParser'] },
    });
    // Without this listener an idle connection's error is an unhandled 'error' event: a crash.
    this.#pool.on('error', (error) => this.#onError(error));
  }

  /** Creates the pool and proves the server answers, so a wrong URL fails now rather than at first use. */
  static async connect(options: PostgresDatabaseOptions): Promise<PostgresDatabase> {
    const db = new PostgresDatabase(options);
    try {
      await db.query('SELECT 1');
      return db;
    } catch (error) {
      await db.close().catch(() => undefined);
      throw error;
    }
  }

  async query<R extends Record<string, unknown> = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<{ rows: R[]; rowCount: number }> {
    this.#scope.assertOutside('query');
    const name = this.#names.nameFor(sql, params);
    for (let attempt = 1; ; attempt++) {
      const client = await this.#connect();
      // Checked out, a connection's error event has no pool listener: without this one it would crash.
      const onClientError = (error: Error): void => this.#onError(error);
      client.on('error', onClientError);
      try {
        const result = await run<R>(client, sql, params, name);
        client.removeListener('error', onClientError);
        client.release();
        return result;
      } catch (error) {
        client.removeListener('error', onClientError);
        // As the pool's own query() does: a connection that saw an error is not reused.
        client.release(asError(error));
        const stale = name !== undefined && this.#names.isStale(error);
        // The statement never ran (it failed at parse or plan time): running it again is safe.
        if (!stale || attempt > 1) throw error;
      }
    }
  }

  /**
   * A pooled connection that knows the current prepared statements. After a statement went stale on one
   * connection, the others' copies of it may be stale too: each is replaced as it is next taken.
   */
  async #connect(): Promise<pg.PoolClient> {
    for (;;) {
      const client = await this.#pool.connect();
      if (this.#names.isCurrent(client)) return client;
      client.release(new Error('prepared statements outdated: connection replaced'));
    }
  }

  afterCommit(signal: CommitSignal): void {
    this.committed.emit([signal]);
  }

  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    this.#scope.assertOutside('transaction');
    const client = await this.#connect();
    // The pool only listens for errors on idle connections; this one is checked out.
    const onClientError = (error: Error): void => this.#onError(error);
    client.on('error', onClientError);
    const tx = new PostgresTransactionExecutor(client, this.#names);
    let ended = false;
    try {
      // With the prelude in the same simple query: one round trip, where a transaction is often three or four.
      await client.query(options.prelude ? `BEGIN; ${options.prelude}` : 'BEGIN');
      let result: T;
      try {
        result = await this.#scope.run(() => fn(tx));
      } catch (error) {
        tx.end();
        // The caller gets `fn`'s error; a failed ROLLBACK (connection lost) only discards the connection.
        await client.query('ROLLBACK').then(
          () => (ended = true),
          (rollbackError: Error) => this.#onError(rollbackError),
        );
        throw error;
      }
      tx.end();
      const commit = await client.query('COMMIT');
      ended = true;
      // A statement failed inside and `fn` caught it: the server answers COMMIT with ROLLBACK and no error.
      // Say so, as PGlite does, rather than report a commit that did not happen.
      if (commit.command === 'ROLLBACK') throw transactionAbortedError();
      this.committed.emit(tx.signals);
      return result;
    } finally {
      tx.end();
      client.removeListener('error', onClientError);
      // A connection whose transaction state is unknown (BEGIN, COMMIT or ROLLBACK failed) is discarded,
      // and so is one where a prepared statement went stale.
      client.release(
        !ended
          ? new Error('transaction did not end cleanly')
          : tx.stale
            ? new Error('prepared statements outdated: connection replaced')
            : undefined,
      );
    }
  }

  async close(): Promise<void> {
    this.#scope.assertOutside('close');
    this.#closing ??= this.#pool.end();
    return this.#closing;
  }
}

class PostgresTransactionExecutor implements SqlExecutor {
  #open = true;
  /** Announced on the database's `committed` once the transaction commits. */
  readonly signals: CommitSignal[] = [];
  /** A prepared statement went stale in this transaction: the connection is not reused. */
  stale = false;

  constructor(
    private readonly client: pg.PoolClient,
    private readonly names: PreparedNames,
  ) {}

  async query<R extends Record<string, unknown> = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<{ rows: R[]; rowCount: number }> {
    // A released client may already serve someone else's transaction: never touch it again.
    if (!this.#open) throw transactionFinishedError();
    const name = this.names.nameFor(sql, params);
    try {
      return await run<R>(this.client, sql, params, name);
    } catch (error) {
      // The transaction is aborted either way; the caller's retry gets a fresh connection.
      if (name !== undefined && this.names.isStale(error)) this.stale = true;
      throw error;
    }
  }

  afterCommit(signal: CommitSignal): void {
    if (!this.#open) throw transactionFinishedError();
    this.signals.push(signal);
  }

  end(): void {
    this.#open = false;
  }
}

async function run<R extends Record<string, unknown>>(
  client: pg.PoolClient,
  sql: string,
  params: readonly unknown[] | undefined,
  name: string | undefined,
): Promise<{ rows: R[]; rowCount: number }> {
  // Without parameters node-postgres uses the simple query protocol and answers several statements with
  // an array of results.
  const values = params === undefined ? undefined : [...params];
  const result = (await (name === undefined
    ? client.query<R>(sql, values)
    : client.query<R>({ name, text: sql, values }))) as pg.QueryResult<R> | pg.QueryResult<R>[];
  const last = Array.isArray(result) ? result.at(-1) : result;
  return { rows: last?.rows ?? [], rowCount: last?.rowCount ?? 0 };
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

function transactionAbortedError(): Error {
  // Same message and SQLSTATE as PGlite's TransactionAbortedError.
  return Object.assign(new Error('Transaction was rolled back instead of committed'), {
    code: '25P02',
    severity: 'ERROR',
  });
}

type Parser = (value: string) => unknown;
/** node-postgres' own parsers, by any oid (its typings only admit the built-in scalar oids). */
const builtinParser = pg.types.getTypeParser as (oid: number, format: 'text' | 'binary') => Parser;
const textArray = builtinParser(1009 /* text[] */, 'text');

/** Parses an array literal with `parse` for each element, as node-postgres does for built-in arrays. */
function arrayOf(parse: Parser): Parser {
  const each = (item: unknown): unknown =>
    Array.isArray(item) ? item.map(each) : item === null ? null : parse(item as string);
  return (value) => each(textArray(value));
}

const textParsers = new Map<number, Parser>([
  [PgOid.INT8, parseInt8],
  [PgOid.INT8_ARRAY, arrayOf(parseInt8)],
  [PgOid.DATE, keepText],
  [PgOid.DATE_ARRAY, arrayOf(keepText)],
  [PgOid.TIMESTAMP, keepText],
  [PgOid.TIMESTAMP_ARRAY, arrayOf(keepText)],
  [PgOid.INTERVAL, keepText],
  [PgOid.INTERVAL_ARRAY, arrayOf(keepText)],
]);

function getTypeParser(oid: number, format?: 'text' | 'binary'): Parser {
  const own = format === 'binary' ? undefined : textParsers.get(oid);
  return own ?? builtinParser(oid, format ?? 'text');
}
