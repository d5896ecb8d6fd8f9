/**
 * Applies the pending database migrations and exits: `npx tsx src/cli/migrate.ts`.
 * `DATABASE_URL` selects a PostgreSQL server; without it the embedded database in `$DATA_DIR/pglite`
 * (default `./data`) is migrated.
 */
import { migrate } from '../store/migrate';
import { openDatabase } from '../store/open-database';

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  const dataDir = process.env.DATA_DIR || './data';
  console.error(
    databaseUrl
      ? 'migrate: connecting to PostgreSQL…'
      : `migrate: opening the embedded database in ${dataDir}…`,
  );
  const db = await openDatabase({
    databaseUrl,
    dataDir,
    onError: (error) => console.error(`database connection error: ${error.message}`),
  });
  try {
    const target = db.kind === 'postgres' ? 'the PostgreSQL server in DATABASE_URL' : `${dataDir}/pglite`;
    // As it goes, on stderr: a long migration is not silence (stdout keeps the summary).
    const { applied } = await migrate(db, {
      onApplied: ({ name, n, total, ms }) =>
        console.error(`migrate: migration ${n}/${total} applied: ${name} (${ms} ms)`),
    });
    if (applied.length === 0) {
      console.log(`${target}: up to date, no migration applied`);
    } else {
      console.log(`${target}: applied ${applied.length} migration(s)`);
      for (const name of applied) console.log(`  ${name}`);
    }
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
