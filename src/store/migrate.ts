import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { grantAppRole } from './app-role';
import type { Database, SqlExecutor } from './database';

export interface MigrateOptions {
  /** Folder of the `.sql` files; default `src/store/migrations`. Tests pass their own. */
  dir?: string;
  /** Told of each migration applied (`n` of `total`, in `ms`): start-up shows progress with it. */
  onApplied?: (progress: { name: string; n: number; total: number; ms: number }) => void;
}

/** "tawasul" in ASCII, as one int8: the advisory lock every migrating process takes. */
const MIGRATION_LOCK_KEY = '32758262662395244';

/**
 * Brings the schema up to date: applies the `.sql` files of the migrations folder not yet recorded in
 * `schema_migrations`, in file-name order (plain code-point order: name them `001_…`, `002_…`), each in
 * its own transaction together with its record. Returns the names it applied (`[]` when up to date) and how many there are.
 *
 * Safe when several processes start at once: each migration's transaction first takes a transaction-level
 * advisory lock, then checks the record, so a migration runs exactly once and a process waits for the
 * one ahead of it. A migration file may hold several statements, but not `BEGIN`/`COMMIT` nor anything
 * that refuses to run in a transaction (`CREATE INDEX CONCURRENTLY`). A failing migration is rolled
 * back, the error (`code: 'ERR_MIGRATION_FAILED'`, the database's error as `cause`) names its file, and
 * the ones before it stay applied.
 */
export async function migrate(
  db: Database,
  options: MigrateOptions = {},
): Promise<{ applied: string[]; total: number }> {
  const dir = options.dir ?? path.join(__dirname, 'migrations');
  const migrations = await readMigrations(dir);

  await db.transaction(async (tx) => {
    await lock(tx);
    await tx.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
  });

  const applied: string[] = [];
  const total = migrations.length;
  for (const [index, { name, sql }] of migrations.entries()) {
    const step = performance.now();
    const ran = await db
      .transaction(async (tx) => {
        await lock(tx);
        const done = await tx.query('SELECT 1 FROM schema_migrations WHERE name = $1', [name]);
        if (done.rowCount > 0) return false;
        await tx.query(sql);
        await tx.query('INSERT INTO schema_migrations (name, applied_at) VALUES ($1, now())', [name]);
        return true;
      })
      .catch((error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        throw Object.assign(
          new Error(`migration ${name} failed, nothing of it was applied: ${reason}`, { cause: error }),
          { code: 'ERR_MIGRATION_FAILED' },
        );
      });
    if (ran) {
      applied.push(name);
      options.onApplied?.({ name, n: index + 1, total, ms: Math.round(performance.now() - step) });
    }
  }
  await db.transaction(async (tx) => {
    await lock(tx);
    // From migration 023 on, the app's work runs as a role of its own (row-level security).
    const tenanted = await tx.query("SELECT 1 FROM schema_migrations WHERE name = '023_associations.sql'");
    if (tenanted.rowCount > 0) await grantAppRole(tx);
  });
  return { applied, total };
}

async function lock(tx: SqlExecutor): Promise<void> {
  // Released by COMMIT or ROLLBACK, so a crashed migrator never leaves it held.
  await tx.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`);
}

async function readMigrations(dir: string): Promise<{ name: string; sql: string }[]> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (error) {
    throw new Error(`cannot read the migrations folder ${dir}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const names = entries
    .filter((entry) => entry.endsWith('.sql'))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return Promise.all(
    names.map(async (name) => ({ name, sql: await readFile(path.join(dir, name), 'utf8') })),
  );
}
