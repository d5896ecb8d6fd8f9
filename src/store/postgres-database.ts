import pg from 'pg';
import type { Database, SqlExecutor } from './database';
import { PgOid, keepText, parseInt8 } from './sql-values';
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
 */
export class PostgresDatabase implements Database {
  readonly kind = 'postgres' as const;
  readonly #pool: pg.Pool;
  readonly #onError: (error: Error) => void;
  readonly #scope = new TransactionScope();
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
    return run<R>(this.#pool, sql, params);
  }

  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    this.#scope.assertOutside('transaction');
    const client = await this.#pool.connect();
    // The pool only listens for errors on idle connections; this one is checked out.
    const onClientError = (error: Error): void => this.#onError(error);
    client.on('error', onClientError);
    const tx = new PostgresTransactionExecutor(client);
    let ended = false;
    try {
      await client.query('BEGIN');
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
      return result;
    } finally {
      tx.end();
      client.removeListener('error', onClientError);
      // A connection whose transaction state is unknown (BEGIN, COMMIT or ROLLBACK failed) is discarded.
      client.release(ended ? undefined : new Error('transaction did not end cleanly'));
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

  constructor(private readonly client: pg.PoolClient) {}

  async query<R extends Record<string, unknown> = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<{ rows: R[]; rowCount: number }> {
    // A released client may already serve someone else's transaction: never touch it again.
    if (!this.#open) throw transactionFinishedError();
    return run<R>(this.client, sql, params);
  }

  end(): void {
    this.#open = false;
  }
}

async function run<R extends Record<string, unknown>>(
  target: pg.Pool | pg.PoolClient,
  sql: string,
  params: readonly unknown[] | undefined,
): Promise<{ rows: R[]; rowCount: number }> {
  // Without parameters node-postgres uses the simple query protocol and answers several statements with
  // an array of results.
  const result = (await target.query<R>(sql, params === undefined ? undefined : [...params])) as
    pg.QueryResult<R> | pg.QueryResult<R>[];
  const last = Array.isArray(result) ? result.at(-1) : result;
  return { rows: last?.rows ?? [], rowCount: last?.rowCount ?? 0 };
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
