import fs from 'node:fs';
import path from 'node:path';
import { runInThisContext } from 'node:vm';
import type { PGlite, Transaction } from '@electric-sql/pglite';
import type { Database, SqlExecutor } from './database';
import { PgOid, keepText, parseBytea, parseInt8 } from './sql-values';
import { TransactionScope, transactionFinishedError } from './transaction-scope';

/**
 * PGlite, loaded by Node's own module loader. Its CommonJS build calls `import()` for Node built-ins, which
 * jest's module sandbox refuses without --experimental-vm-modules (electric-sql/pglite#224). Inside jest,
 * `process` and `require('node:module')` are jest's stand-ins, so we take the main context's `process` and
 * ask it for the real `createRequire`. Outside jest this is exactly a plain `require`. Loaded on first
 * open, so importing this file stays cheap.
 */
function loadPglite(): typeof import('@electric-sql/pglite') {
  const mainProcess = runInThisContext('process') as NodeJS.Process;
  const nodeModule = mainProcess.getBuiltinModule?.('node:module');
  const load = nodeModule ? nodeModule.createRequire(__filename) : require;
  return load('@electric-sql/pglite') as typeof import('@electric-sql/pglite');
}

export interface PgliteDatabaseOptions {
  /** Folder holding the database files; created when missing. Without it the database lives in memory. */
  dataDir?: string;
  /**
   * An image of a data folder (from {@link PgliteDatabase.dumpDataDir}) to start from, in memory. Tests use
   * it to skip PGlite's first-start initdb (seconds); ignored when `dataDir` is given.
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
 * corrupt the folder, so `open` takes a pid lock file beside it (`<dataDir>.lock`).
 */
export class PgliteDatabase implements Database {
  readonly kind = 'pglite' as const;
  readonly #pg: PGlite;
  readonly #lock: DataDirLock | undefined;
  readonly #scope = new TransactionScope();
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
      fs.mkdirSync(dataDir, { recursive: true });
      lock = DataDirLock.acquire(dataDir);
    }
    try {
      const pg = await loadPglite().PGlite.create({
        ...(dataDir !== undefined ? { dataDir } : {}),
        ...(dataDir === undefined && options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
        parsers: {
          [PgOid.INT8]: parseInt8,
          [PgOid.DATE]: keepText,
          [PgOid.TIMESTAMP]: keepText,
          [PgOid.BYTEA]: parseBytea,
          // Arrays of these use the element parsers above; interval is already text in PGlite.
        },
      });
      return new PgliteDatabase(pg, lock);
    } catch (error) {
      lock?.release();
      throw error;
    }
  }

  async query<R extends Record<string, unknown> = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<{ rows: R[]; rowCount: number }> {
    this.#scope.assertOutside('query');
    return run<R>(this.#pg, sql, params);
  }

  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    this.#scope.assertOutside('transaction');
    // PGlite's own transaction: BEGIN, COMMIT (throwing when a failed statement made it roll back instead),
    // ROLLBACK when `fn` throws, and its mutex keeps other queries out meanwhile.
    return this.#pg.transaction(async (pgTx) => {
      const tx = new PgliteTransactionExecutor(pgTx);
      try {
        return await this.#scope.run(() => fn(tx));
      } finally {
        tx.end();
      }
    });
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

  constructor(private readonly pgTx: Transaction) {}

  async query<R extends Record<string, unknown> = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<{ rows: R[]; rowCount: number }> {
    if (!this.#open) throw transactionFinishedError();
    return run<R>(this.pgTx, sql, params);
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
      return { rows: (last?.rows ?? []) as R[], rowCount: last?.rowCount ?? 0 };
    }
    const result = await target.query<R>(sql, [...params]);
    return { rows: result.rows, rowCount: result.rowCount ?? result.affectedRows ?? 0 };
  } catch (error) {
    // PGlite attaches the parameters to its errors; node-postgres does not. They may hold personal data
    // (phone numbers, national ids) that must not reach a log line.
    // (Not `instanceof Error`: under jest PGlite's errors come from another realm.)
    if (typeof error === 'object' && error !== null && 'params' in error) delete error.params;
    throw error;
  }
}

/** Paths locked by this process, so a lock file left by an earlier process with our pid is known stale. */
const heldLocks = new Set<string>();

/** A pid file beside the data folder, the way PostgreSQL's postmaster.pid keeps a second server out. */
class DataDirLock {
  readonly #onExit = (): void => this.release();

  private constructor(readonly file: string) {
    heldLocks.add(file);
    process.once('exit', this.#onExit);
  }

  static acquire(dataDir: string): DataDirLock {
    const file = `${path.resolve(dataDir)}.lock`;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      if (createWithContent(file, `${process.pid}\n`)) return new DataDirLock(file);
      const holder = readPid(file);
      const ours = holder === process.pid && heldLocks.has(file);
      if (ours || (holder !== undefined && holder !== process.pid && isAlive(holder))) {
        throw new Error(
          `the embedded database in ${dataDir} is already open in process ${holder}` +
            `${ours ? ' (this one)' : ''}: PGlite allows one process per data folder. Stop that process, ` +
            `or set DATABASE_URL to share a PostgreSQL server (if no such process uses it, delete ${file})`,
        );
      }
      // The holder is gone (crash, or an earlier run of a container that reuses our pid): take over.
      fs.rmSync(file, { force: true });
    }
    throw new Error(`could not take the lock file ${file}: another process keeps recreating it`);
  }

  release(): void {
    process.removeListener('exit', this.#onExit);
    if (!heldLocks.delete(this.file)) return;
    if (readPid(this.file) === process.pid) fs.rmSync(this.file, { force: true });
  }
}

/** Creates `file` holding `content` unless it exists; atomic, so a reader never sees it empty. */
function createWithContent(file: string, content: string): boolean {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, content);
  try {
    fs.linkSync(temporary, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number.parseInt(fs.readFileSync(file, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
