/**
 * `npm run backup -- [file.tar.gz] [--format auto|pg_dump|pglite|rows]`: the database, the documents and
 * a reminder about the encryption key in one archive (default DATA_DIR/backups/). With the embedded
 * database, stop the app first (one process per data folder). docs/OPERATIONS.md.
 */
import path from 'node:path';
import { DumpKind } from '../ops/backup-manifest';
import { createBackup } from '../ops/backup';
import { OpsError } from '../ops/ops-error';
import { openDatabase } from '../store/open-database';
import { configuredKeyIds } from './key-ids';
import { cliProgress, runCommand } from './cli-support';

const usage = 'npm run backup -- [file.tar.gz] [--format auto|pg_dump|pglite|rows]';
runCommand(
  { name: 'backup', usage, options: { format: { type: 'string', default: 'auto' } } },
  async ({ values, positionals, env }) => {
    const format = values.format === 'auto' ? 'auto' : DumpKind.safeParse(values.format).data;
    if (!format) throw new OpsError('ERR_USAGE', `unknown --format ${values.format}`, `usage: ${usage}`);
    if (positionals.length > 1) throw new OpsError('ERR_USAGE', 'give at most one file', `usage: ${usage}`);
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const out = positionals[0] ?? path.join(env.DATA_DIR, 'backups', `tawasul-backup-${stamp}.tar.gz`);
    const keyIds = configuredKeyIds(env);
    const progress = cliProgress('backup');
    progress(
      env.DATABASE_URL ? 'connecting to PostgreSQL…' : `opening the embedded database in ${env.DATA_DIR}…`,
    );
    const db = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
    try {
      const documentsDir = path.join(env.DATA_DIR, 'documents');
      const result = await createBackup({
        db,
        databaseUrl: env.DATABASE_URL,
        documentsDir,
        keyIds,
        out,
        format,
        progress,
      });
      const { database, documents } = result.manifest;
      const rows = Object.values(database.rows).reduce((a, b) => a + b, 0);
      if (result.note) console.log(`backup: ${result.note}`);
      console.log(
        `backup: database (${db.kind === 'postgres' ? 'PostgreSQL server' : `embedded, ${env.DATA_DIR}/pglite`}) ` +
          `as ${database.kind}: ${rows} rows in ${Object.keys(database.rows).length} tables, ${database.migrations.length} migrations`,
      );
      console.log(
        `backup: documents (${documentsDir}): ${documents.count} files, ${documents.bytes} bytes, still sealed`,
      );
      console.log(`backup: wrote ${result.file} (${result.bytes} bytes)`);
      console.log(
        `backup: the encryption key is NOT in it: keep the key with id ${result.manifest.encryption.currentKeyId} ` +
          '(ENCRYPTION_KEY, or DATA_DIR/encryption.key) somewhere else; without it this backup cannot be read',
      );
      console.log('backup: copy the archive off this machine (docs/OPERATIONS.md)');
    } finally {
      await db.close();
    }
  },
);
