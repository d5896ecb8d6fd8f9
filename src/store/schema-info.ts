import type { SqlExecutor } from './database';

/** The migrations applied to this database, by file name; none on an empty (or unreadable) one. */
export async function appliedMigrations(db: SqlExecutor): Promise<string[]> {
  const found = await db
    .query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name')
    .catch(() => ({ rows: [] as { name: string }[] }));
  return found.rows.map((row) => row.name);
}

/** The PostgreSQL server's major version (e.g. 16). */
export async function serverMajorVersion(db: SqlExecutor): Promise<number> {
  const found = await db.query<{ v: string }>(`SELECT current_setting('server_version_num') AS v`);
  return Math.floor(Number(found.rows[0]?.v ?? 0) / 10000);
}
