import type { SqlExecutor } from './database';

/** Resolves when the database answers (readiness checks). */
export async function pingDatabase(db: SqlExecutor): Promise<void> {
  await db.query('SELECT 1');
}
