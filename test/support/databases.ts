/**
 * Runs store tests against both backends, each suite on a fresh database of its own.
 *
 * ```ts
 * describeEachDatabase('outbox', (getDb, { backend }) => {
 *   it('stores a message', async () => {
 *     await getDb().query('INSERT INTO outbox ...', [...]);
 *   });
 * }, { migrate: true });
 * ```
 *
 * `describeEachDatabase` declares one jest `describe` per backend ("outbox (pglite)", "outbox (postgres)").
 * Before the suite it creates an empty database (and applies the migrations when asked), after it
 * disposes of it. Tests of one suite share that database, as requests of one app do: give each test its
 * own rows, or clean up.
 *
 * Isolation:
 * - PostgreSQL server (`TEST_DATABASE_URL`, default `postgres://postgres@127.0.0.1:5432/test`, used only as
 *   the admin connection): a new database `tawasul_t_<time>_<random>` from `template0` per suite, dropped
 *   `WITH (FORCE)` afterwards; ones left behind by a killed run are dropped after six hours (by the
 *   server's clock: a test run may move its own).
 * - PGlite: a new in-memory instance per suite, loaded from an image of a freshly initialised data
 *   folder cached in the OS temp folder (made once per machine and PGlite version). Loading it takes
 *   ~0.5 s where a first start of a new data folder runs initdb for ~3-5 s. We chose this over one shared
 *   instance per jest worker with a schema per suite: jest gives every test file its own module registry,
 *   so an instance cannot outlive its file anyway, and a whole database per suite also isolates what a
 *   schema does not (advisory locks, session settings, `search_path`, extensions, `SET` in migrations).
 *
 * `TEST_DATABASES=pglite` (or `postgres`) runs one backend only, e.g. on a machine without a server. An
 * unreachable server fails the suite rather than skipping it: a silently skipped backend is untested.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { CommitSignal } from '../../src/store/commit-signals';
import type { Database, SqlExecutor, TransactionOptions } from '../../src/store/database';
import { migrate } from '../../src/store/migrate';
import { PgliteDatabase } from '../../src/store/pglite-database';
import { PostgresDatabase } from '../../src/store/postgres-database';

export type Backend = Database['kind'];

export interface TestDatabaseOptions {
  /** Apply migrations to the fresh database: `true` for the project's (`src/store/migrations`), or a folder. */
  migrate?: boolean | string;
}

/** What a suite's body gets besides `getDb`. */
export interface DatabaseSuite {
  readonly backend: Backend;
  /**
   * Another handle on the suite's database, like a second process would have: a separate pool on the
   * server; on PGlite the same single connection (an embedded database has only one). Closed by the harness.
   */
  openAnother(): Promise<Database>;
}

export interface TestDatabase extends DatabaseSuite {
  readonly db: Database;
  /** Closes every handle and deletes the database. */
  dispose(): Promise<void>;
}

const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/test';
const STALE_AFTER_MS = 6 * 60 * 60 * 1000;
const HOOK_TIMEOUT_MS = 60_000;

/** The backends to test, from `TEST_DATABASES` (default both). */
export function selectedBackends(): Backend[] {
  const wanted = (process.env.TEST_DATABASES ?? 'pglite,postgres').split(',').map((item) => item.trim());
  const backends = (['pglite', 'postgres'] as const).filter((backend) => wanted.includes(backend));
  if (backends.length === 0) {
    throw new Error(
      `TEST_DATABASES=${process.env.TEST_DATABASES} names no backend: use pglite, postgres or both`,
    );
  }
  return backends;
}

/** Declares `body` once per backend, each run on a fresh database; see the file's doc. */
export function describeEachDatabase(
  name: string,
  body: (getDb: () => Database, suite: DatabaseSuite) => void,
  options: TestDatabaseOptions = {},
): void {
  for (const backend of selectedBackends()) {
    describe(`${name} (${backend})`, () => {
      let current: TestDatabase | undefined;
      const started = (): TestDatabase => {
        if (!current)
          throw new Error('the database exists only inside the tests and hooks of describeEachDatabase');
        return current;
      };
      // Explicit timeouts: jest ignores a project's `testTimeout`, and the first PGlite template takes ~5 s.
      beforeAll(async () => {
        current = await createTestDatabase(backend, options);
      }, HOOK_TIMEOUT_MS);
      afterAll(async () => {
        await current?.dispose();
        current = undefined;
      }, HOOK_TIMEOUT_MS);
      body(() => started().db, { backend, openAnother: () => started().openAnother() });
    });
  }
}

/** A fresh database on `backend`, for tests that manage its lifetime themselves. */
export async function createTestDatabase(
  backend: Backend,
  options: TestDatabaseOptions = {},
): Promise<TestDatabase> {
  const created = backend === 'pglite' ? await createPgliteDatabase() : await createServerDatabase();
  if (options.migrate) {
    try {
      await migrate(created.db, typeof options.migrate === 'string' ? { dir: options.migrate } : {});
    } catch (error) {
      await created.dispose();
      throw error;
    }
  }
  return created;
}

async function createPgliteDatabase(): Promise<TestDatabase> {
  const db = await openPgliteFromTemplate();
  return {
    backend: 'pglite',
    db,
    openAnother: async () => new SharedHandle(db),
    dispose: () => db.close(),
  };
}

async function createServerDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.TEST_DATABASE_URL || DEFAULT_ADMIN_URL;
  const admin = await PostgresDatabase.connect({ connectionString: adminUrl, max: 1 }).catch(
    (error: unknown) => {
      throw new Error(
        `cannot reach the test PostgreSQL server at ${adminUrl} (${(error as Error).message}): ` +
          'start it, set TEST_DATABASE_URL, or set TEST_DATABASES=pglite to test the embedded database only',
        { cause: error },
      );
    },
  );
  const handles: Database[] = [];
  // Named and aged by the server's clock, which every run shares: a run with its own clock moved
  // (npm run test:future) must neither take other runs' databases for stale nor leave its own for years.
  const serverNow = await serverNowMs(admin);
  const name = `tawasul_t_${serverNow.toString(36)}_${randomBytes(4).toString('hex')}`;
  try {
    await dropStaleDatabases(admin, serverNow).catch(() => undefined); // housekeeping only
    await admin.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8'`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const connect = async (): Promise<Database> => {
      const db = await PostgresDatabase.connect({ connectionString: url.toString() });
      handles.push(db);
      return db;
    };
    const db = await connect();
    return {
      backend: 'postgres',
      db,
      openAnother: connect,
      dispose: async () => {
        try {
          await Promise.all(handles.map((handle) => handle.close()));
          await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        } finally {
          await admin.close();
        }
      },
    };
  } catch (error) {
    await Promise.all(handles.map((handle) => handle.close()));
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    await admin.close();
    throw error;
  }
}

let staleSwept = false;

/** The database server's time, in ms since the epoch. */
async function serverNowMs(admin: Database): Promise<number> {
  const { rows } = await admin.query<{ now: string }>(
    'SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint::text AS now',
  );
  return Number(rows[0]!.now);
}

/** Drops test databases of runs killed before their cleanup (their name starts with the creation time). */
async function dropStaleDatabases(admin: Database, serverNow: number): Promise<void> {
  if (staleSwept) return;
  staleSwept = true;
  const { rows } = await admin.query<{ datname: string }>(
    "SELECT datname FROM pg_database WHERE datname LIKE 'tawasul\\_t\\_%'",
  );
  for (const { datname } of rows) {
    const createdAt = Number.parseInt(datname.split('_')[2] ?? '', 36);
    if (Number.isFinite(createdAt) && serverNow - createdAt > STALE_AFTER_MS) {
      await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`).catch(() => undefined);
    }
  }
}

/** The image of a fresh PGlite data folder, read once per test file. */
let template: Promise<Blob> | undefined;

async function openPgliteFromTemplate(): Promise<PgliteDatabase> {
  template ??= loadTemplate();
  try {
    return await PgliteDatabase.open({ loadDataDir: await template });
  } catch {
    // A damaged cached image (say, a disk that filled up while it was written): make it again, once.
    await fs.rm(templatePath(), { force: true });
    template = loadTemplate();
    return PgliteDatabase.open({ loadDataDir: await template });
  }
}

async function loadTemplate(): Promise<Blob> {
  const file = templatePath();
  try {
    return new Blob([await fs.readFile(file)]);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const fresh = await PgliteDatabase.open();
  try {
    const image = await fresh.dumpDataDir();
    // Written aside and renamed: parallel jest workers may make it at the same time.
    const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    await fs.writeFile(partial, Buffer.from(await image.arrayBuffer()));
    await fs.rename(partial, file);
    return image;
  } finally {
    await fresh.close();
  }
}

function templatePath(): string {
  const packageJson = path.join(path.dirname(require.resolve('@electric-sql/pglite')), '..', 'package.json');
  const { version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string };
  return path.join(os.tmpdir(), `tawasul-pglite-template-${version}.tar`);
}

/** The suite's PGlite instance under another name; closing it leaves the instance to the harness. */
class SharedHandle implements Database {
  readonly kind = 'pglite' as const;

  constructor(private readonly db: Database) {}

  get committed(): Database['committed'] {
    return this.db.committed;
  }

  query<R extends Record<string, unknown> = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<{ rows: R[]; rowCount: number }> {
    return this.db.query<R>(sql, params);
  }

  afterCommit(signal: CommitSignal): void {
    this.db.afterCommit(signal);
  }

  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>, options?: TransactionOptions): Promise<T> {
    return this.db.transaction(fn, options);
  }

  async close(): Promise<void> {}
}
