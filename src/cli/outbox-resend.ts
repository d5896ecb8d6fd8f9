/**
 * `npm run outbox:resend -- --by <staff id> [--uncertain] [--id <n> ...] [--dry-run]`: puts failed
 * notifications (and with --uncertain, the uncertain ones staff have checked were not received) back in
 * the queue, with an audit event each. docs/OPERATIONS.md says when to use it.
 */
import pino from 'pino';
import { OpsError } from '../ops/ops-error';
import { resendOutbox, type ResendableStatus } from '../ops/resend-outbox';
import { requeueOutbound } from '../queue/outbound-requeue';
import { redisOptionsFromUrl } from '../queue/redis-options';
import { openDatabase } from '../store/open-database';
import { PgOutboxRepository } from '../store/outbox-repository';
import { runCommand, withRedis } from './cli-support';

const usage = 'npm run outbox:resend -- --by <staff id> [--uncertain] [--id <outbox id> ...] [--dry-run]';
runCommand(
  {
    name: 'outbox:resend',
    usage,
    options: {
      by: { type: 'string' },
      uncertain: { type: 'boolean', default: false },
      id: { type: 'string', multiple: true },
      'dry-run': { type: 'boolean', default: false },
    },
  },
  async ({ values, positionals, env }) => {
    if (positionals.length > 0)
      throw new OpsError('ERR_USAGE', `unexpected ${positionals.join(' ')}`, `usage: ${usage}`);
    if (!values.by) {
      throw new OpsError(
        'ERR_USAGE',
        'say who checked these messages (it goes into the audit trail)',
        `add --by <your staff id>; usage: ${usage}`,
      );
    }
    const statuses: ResendableStatus[] = values.uncertain ? ['failed', 'uncertain'] : ['failed'];
    const db = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
    try {
      const rows = await resendOutbox({
        db,
        statuses,
        by: values.by,
        ids: values.id,
        dryRun: values['dry-run'],
        requeue: (ids) =>
          withRedis(env, async (url) => {
            const { forgotten } = await requeueOutbound({
              db,
              outbox: new PgOutboxRepository(),
              connection: redisOptionsFromUrl(url),
              prefix: env.QUEUE_PREFIX,
              logger: pino({ level: 'silent' }),
              ids,
            });
            console.log(
              `outbox:resend: queued ${ids.length} message(s) again (${forgotten} finished job(s) cleared)`,
            );
          }),
      });
      const verb = values['dry-run'] ? 'would re-send' : 're-sent';
      for (const row of rows) {
        console.log(`  #${row.id} ${row.channel} was ${row.was}${row.lastError ? `: ${row.lastError}` : ''}`);
      }
      console.log(
        `outbox:resend: ${verb} ${rows.length} ${statuses.join(' or ')} message(s)` +
          (values['dry-run'] ? '' : `, each recorded as outbox.resend by staff:${values.by}`),
      );
      if (!values.uncertain) {
        const n = await new PgOutboxRepository().countWithStatus(db, 'uncertain');
        if (n > 0)
          console.log(
            `outbox:resend: ${n} uncertain message(s) left alone: check with the person they were not received, then add --uncertain`,
          );
      }
    } finally {
      await db.close();
    }
  },
);
