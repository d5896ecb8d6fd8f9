/**
 * `npm run restore -- <backup.tar.gz> [--force]`: brings back a backup made by `npm run backup` into the
 * database of this environment (DATABASE_URL, or the embedded one in DATA_DIR) and DATA_DIR/documents.
 * Refuses a database that holds data unless --force. Stop the app first. docs/OPERATIONS.md.
 */
import path from 'node:path';
import pino from 'pino';
import { restoreBackup } from '../ops/restore';
import { requeueOutbound } from '../queue/outbound-requeue';
import { redisOptionsFromUrl } from '../queue/redis-options';
import { openDatabase } from '../store/open-database';
import { PgOutboxRepository } from '../store/outbox-repository';
import { configuredKeyIds } from './key-ids';
import { cliProgress, onePositional, runCommand, withRedis } from './cli-support';

const usage = 'npm run restore -- <backup.tar.gz> [--force]';
runCommand(
  { name: 'restore', usage, options: { force: { type: 'boolean', default: false } } },
  async ({ values, positionals, env }) => {
    const archive = onePositional(positionals, 'the backup archive to restore', usage);
    const result = await restoreBackup({
      archive,
      databaseUrl: env.DATABASE_URL,
      dataDir: env.DATA_DIR,
      documentsDir: path.join(env.DATA_DIR, 'documents'),
      keyIds: configuredKeyIds(env),
      force: values.force,
      progress: cliProgress('restore'),
    });
    const { manifest } = result;
    for (const warning of result.warnings) console.warn(`restore: warning: ${warning}`);
    if (result.movedAside)
      console.log(`restore: the database that was there is kept as ${result.movedAside}`);
    const rows = Object.values(result.rows).reduce((a, b) => a + b, 0);
    console.log(
      `restore: ${manifest.database.kind} backup of ${manifest.createdAt} restored into ${result.target}: ` +
        `${rows} rows in ${Object.keys(result.rows).length} tables`,
    );
    console.log(
      `restore: ${result.documents} document(s) copied into ${path.join(env.DATA_DIR, 'documents')}`,
    );
    if (result.unsent.length > 0) {
      try {
        await withRedis(env, async (url) => {
          const db = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
          try {
            await requeueOutbound({
              db,
              outbox: new PgOutboxRepository(),
              connection: redisOptionsFromUrl(url),
              prefix: env.QUEUE_PREFIX,
              logger: pino({ level: 'silent' }),
              ids: result.unsent,
            });
          } finally {
            await db.close();
          }
        });
        console.log(`restore: ${result.unsent.length} message(s) waiting to be sent were queued again`);
      } catch (error) {
        console.warn(
          `restore: could not queue the ${result.unsent.length} message(s) waiting to be sent (${(error as Error).message}); ` +
            'the app queues them when it starts',
        );
      }
    }
    console.log('restore: done; start Tawasul (docker compose up -d / npm start)');
  },
);
