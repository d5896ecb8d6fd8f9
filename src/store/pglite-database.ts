import fs from 'node:fs';
import { types } from 'node:util';
import { runInThisContext } from 'node:vm';
import type { PGlite, Transaction } from '@electric-sql/pglite';
import { DataDirLock } from './data-dir-lock';
import type { Database, SqlExecutor, TransactionOptions } from './database';
import { PgOid, keepText, parseBytea, parseInt8 } from './sql-values';
import { CommitSignals, type CommitSignal } from './commit-signals';
import { TransactionScope, transactionFinishedError } from './transaction-scope';
import { makePrivate, PRIVATE_DIR_MODE } from '../security/private-files';

export interface PgliteDatabaseOptions {
  /** Folder holding the database files; created when missing. Without it the database lives in memory. */
  dataDir?: string;
  /**
   * An image of a data folder (from {@link PgliteDatabase.dumpDataDir}) to start from: in memory (tests use
   * it to skip PGlite's first-start initdb, seconds), or, with `dataDir`, unpacked into that folder, which
   * must not hold a database yet (restoring a backup).
   */
  loadDataDir?: Blob;
}

/**
 * The embedded database: real PostgreSQL compiled to WebAssembly, running in this process.
 *
 * Values come back as `sql-values.ts` describes (int8 as number, timestamptz as Date, jsonb parsed, ...),
 * identical to `PostgresDatabase`. A query without parameters may hold several statements (sent
 * with the simple query protocol, like node-postgres does); its result is the last statement's.
 *
 * PGlite has a single connection: queries and transactions are queued one after another, so concurrent
 * `transaction` calls are serialised (which also makes `SELECT ... FOR UPDATE` trivially correct here). A
 * data folder may be open in only one process at a time: PGlite takes no lock itself and two processes
 * corrupt the folder, so `open` takes a pid lock file beside it (`<dataDir>.lock`, see `DataDirLock`).
 */
export class PgliteDatabase implements Database {
  readonly kind = 'pglite' as const;
  readonly #pg: PGlite;
  readonly #lock: DataDirLock | undefined;
  readonly #scope = new TransactionScope();
  readonly committed = new CommitSignals();
  #closed = false;

  private constructor(pg: PGlite, lock: DataDirLock | undefined) {
    this.#pg = pg;
    this.#lock = lock;
  }

  /** Opens (or creates) the database; the first start of a new data folder takes a few seconds. */
  static async open(options: PgliteDatabaseOptions = {}): Promise<PgliteDatabase> {
    const { dataDir } = options;
    let lock: DataDirLock | undefined;
    if (dataDir !== undefined) {
      fs.mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
      lock = DataDirLock.acquire(dataDir);
      // The database's files (tables, WAL) hold personal data: the owner's only, also those of an older start.
      makePrivate(dataDir);
    }
    try {
      const pg = await loadPglite().PGlite.create({
        ...(dataDir !== undefined ? { dataDir } : {}),
        ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
        parsers: PARSERS,
        serializers: SERIALIZERS,
      });
      // PGlite's first start writes a whole new folder (mode 0666 less the umask): tighten it too.
      if (dataDir !== undefined) makePrivate(dataDir);
      return new PgliteDatabase(pg, lock);
    } catch (error) {
      lock?.release();
      throw adoptError(error);
    }
  }

  async query<R extends Record<string, unknown> = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<{ rows: R[]; rowCount: number }> {
    this.#scope.assertOutside('query');
    return run<R>(this.#pg, sql, params);
  }

  afterCommit(signal: CommitSignal): void {
    this.committed.emit([signal]);
  }

  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    this.#scope.assertOutside('transaction');
    // PGlite's own transaction: BEGIN, COMMIT (throwing when a failed statement made it roll back instead),
    // ROLLBACK when `fn` throws, and its mutex keeps other queries out meanwhile.
    let signals: CommitSignal[] = [];
    let result: T;
    try {
      result = await this.#pg.transaction(async (pgTx) => {
        const tx = new PgliteTransactionExecutor(pgTx);
        try {
          if (options.prelude) await tx.query(options.prelude);
          return await this.#scope.run(() => fn(tx));
        } finally {
          tx.end();
          signals = tx.signals;
        }
      });
    } catch (error) {
      throw adoptError(error);
    }
    this.committed.emit(signals);
    return result;
  }

  /** An image of the whole data folder (uncompressed tar): a backup, or a template for tests. */
  async dumpDataDir(): Promise<Blob> {
    return this.#pg.dumpDataDir('none');
  }

  async close(): Promise<void> {
    this.#scope.assertOutside('close');
    if (this.#closed) return;
    this.#closed = true;
    try {
      await this.#pg.close();
    } finally {
      this.#lock?.release();
    }
  }
}

class PgliteTransactionExecutor implements SqlExecutor {
  #open = true;
  /** Announced on the database's `committed` once the transaction commits. */
  readonly signals: CommitSignal[] = [];

  constructor(private readonly pgTx: Transaction) {}

  async query<R extends Record<string, unknown> = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<{ rows: R[]; rowCount: number }> {
    if (!this.#open) throw transactionFinishedError();
    return run<R>(this.pgTx, sql, params);
  }

  afterCommit(signal: CommitSignal): void {
    if (!this.#open) throw transactionFinishedError();
    this.signals.push(signal);
  }

  end(): void {
    this.#open = false;
  }
}

async function run<R>(
  target: Pick<PGlite, 'query' | 'exec'> | Transaction,
  sql: string,
  params: readonly unknown[] | undefined,
): Promise<{ rows: R[]; rowCount: number }> {
  try {
    if (params === undefined || params.length === 0) {
      // Simple query protocol: several statements allowed, as with node-postgres.
      const results = await target.exec(sql);
      const last = results.at(-1);
      return { rows: adoptRows<R>(last?.rows ?? []), rowCount: last?.rowCount ?? 0 };
    }
    const result = await target.query<Record<string, unknown>>(sql, [...params]);
    return { rows: adoptRows<R>(result.rows), rowCount: result.rowCount ?? result.affectedRows ?? 0 };
  } catch (error) {
    throw adoptError(error);
  }
}

/**
 * PGlite, loaded by Node's own module loader. Its CommonJS build calls `import()` for Node built-ins, which
 * jest's module sandbox refuses without --experimental-vm-modules (electric-sql/pglite#224), and even with
 * it PGlite ends up in another realm. Inside jest, `process` and `require('node:module')` are jest's
 * stand-ins, so we take the main context's `process` and ask it for the real `createRequire`; outside jest
 * this is exactly a plain `require`. PGlite thus always lives in Node's main realm, and what crosses into
 * our code is made here (the parsers below, `adoptRows`, `adoptError`), so `instanceof Date` and
 * `instanceof Error` hold in tests as in production. Loaded on first open: importing this file is cheap.
 */
function loadPglite(): typeof import('@electric-sql/pglite') {
  const mainProcess = runInThisContext('process') as NodeJS.Process;
  const nodeModule = mainProcess.getBuiltinModule?.('node:module');
  const load = nodeModule ? nodeModule.createRequire(__filename) : require;
  return load('@electric-sql/pglite') as typeof import('@electric-sql/pglite');
}

const PARSERS: Record<number, (text: string) => unknown> = {
  [PgOid.INT8]: parseInt8,
  [PgOid.DATE]: keepText,
  [PgOid.TIMESTAMP]: keepText,
  [PgOid.TIMESTAMPTZ]: parseTimestamptz,
  [PgOid.JSON]: (text): unknown => JSON.parse(text),
  [PgOid.JSONB]: (text): unknown => JSON.parse(text),
  [PgOid.BYTEA]: parseBytea,
  // Arrays of these use the element parsers above; interval is already text in PGlite.
};

// PGlite's own serializers test `instanceof Date` / `instanceof Uint8Array` against its realm, which a
// value made in a jest test fails ("Invalid input for date type"); these accept a value from any realm.
const SERIALIZERS: Record<number, (value: unknown) => string> = {
  [PgOid.TIMESTAMPTZ]: serializeTime,
  [PgOid.TIMESTAMP]: serializeTime,
  [PgOid.DATE]: serializeTime,
  [PgOid.TEXT]: serializeText,
  [PgOid.VARCHAR]: serializeText,
  [PgOid.BPCHAR]: serializeText,
  [PgOid.BYTEA]: serializeBytea,
};

function parseTimestamptz(text: string): Date | number {
  if (text === 'infinity') return Infinity;
  if (text === '-infinity') return -Infinity;
  return new Date(text);
}

function serializeTime(value: unknown): string {
  if (types.isDate(value)) return value.toISOString();
  if (value === Infinity) return 'infinity';
  if (value === -Infinity) return '-infinity';
  if (typeof value === 'number') return new Date(value).toISOString();
  return String(value);
}

function serializeText(value: unknown): string {
  return types.isDate(value) ? value.toISOString() : String(value);
}

function serializeBytea(value: unknown): string {
  if (!types.isUint8Array(value)) throw new TypeError('a bytea parameter must be a Buffer or Uint8Array');
  return `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
}

/** Rows (and arrays in them) rebuilt in our realm; the values inside come from our parsers already. */
function adoptRows<R>(rows: readonly Record<string, unknown>[]): R[] {
  return rows.map((row) => {
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(row)) copy[key] = adoptArrays(row[key]);
    return copy as R;
  });
}

function adoptArrays(value: unknown): unknown {
  return Array.isArray(value) ? value.map(adoptArrays) : value;
}

/**
 * PGlite's error as an `Error` of our realm with the same fields (`code`, `detail`, `constraint`, ...),
 * without the query parameters PGlite attaches: node-postgres does not, and they may hold personal data
 * (phone numbers, national ids) that must not reach a log line.
 */
function adoptError(error: unknown): unknown {
  if (typeof error !== 'object' || error === null) return error;
  if (error instanceof Error) {
    delete (error as { params?: unknown }).params;
    return error;
  }
  const {
    params: _params,
    queryOptions: _options,
    length: _length,
    ...fields
  } = error as Record<string, unknown>;
  const { message, stack } = error as { message?: unknown; stack?: unknown };
  const adopted = Object.assign(
    new Error(typeof message === 'string' ? message : JSON.stringify(error)),
    fields,
  );
  if (typeof stack === 'string') adopted.stack = stack;
  return adopted;
}
