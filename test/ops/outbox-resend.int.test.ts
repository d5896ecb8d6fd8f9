import { Queue, Worker } from 'bullmq';
import pino from 'pino';
import { resendOutbox } from '../../src/ops/resend-outbox';
import { OUTBOUND_QUEUE, outboundJobId } from '../../src/queue/outbound-job';
import { requeueOutbound } from '../../src/queue/outbound-requeue';
import { redisOptionsFromUrl } from '../../src/queue/redis-options';
import { PgConversationRepository } from '../../src/store/conversation-repository';
import { PgOutboxRepository } from '../../src/store/outbox-repository';
import { describeEachDatabase } from '../support/databases';
import { freshQueuePrefix, TEST_REDIS_URL } from '../support/spine-harness';

/** outbox:resend puts failed (and checked uncertain) notifications back in the queue, with an audit event. */
describeEachDatabase(
  'outbox:resend',
  (getDb) => {
    const ids: Record<'failed' | 'uncertain' | 'sent', string> = { failed: '', uncertain: '', sent: '' };

    beforeAll(async () => {
      const outbox = new PgOutboxRepository();
      await getDb().transaction(async (tx) => {
        const who = await new PgConversationRepository().identify(tx, 'telegram', { channelUserId: '777' });
        for (const status of ['failed', 'uncertain', 'sent'] as const) {
          const [id] = await outbox.add(tx, [
            {
              conversationId: who.conversationId,
              channel: 'telegram',
              recipient: '777',
              message: { kind: 'text', text: status },
            },
          ]);
          ids[status] = id!;
          await outbox.markStatus(
            tx,
            id!,
            status,
            status === 'sent' ? undefined : `${status}: 403 bot was blocked`,
          );
        }
      });
    });

    const statusOf = async (id: string) =>
      (await getDb().query<{ status: string }>('SELECT status FROM outbox WHERE id = $1', [id])).rows[0]
        ?.status;

    it('lists without changing anything on --dry-run', async () => {
      const requeued: string[][] = [];
      const rows = await resendOutbox({
        db: getDb(),
        statuses: ['failed', 'uncertain'],
        by: 'amal',
        dryRun: true,
        requeue: async (list) => void requeued.push(list),
      });
      expect(rows.map((r) => [r.id, r.was])).toEqual([
        [ids.failed, 'failed'],
        [ids.uncertain, 'uncertain'],
      ]);
      expect(requeued).toEqual([]);
      expect(await statusOf(ids.failed)).toBe('failed');
    });

    it('re-queues failed messages only, unless uncertain ones are asked for, each with an audit event', async () => {
      const requeued: string[][] = [];
      const requeue = async (list: string[]) => void requeued.push(list);
      const first = await resendOutbox({ db: getDb(), statuses: ['failed'], by: 'amal', requeue });
      expect(first).toEqual([
        { id: ids.failed, channel: 'telegram', was: 'failed', lastError: 'failed: 403 bot was blocked' },
      ]);
      expect([await statusOf(ids.failed), await statusOf(ids.uncertain), await statusOf(ids.sent)]).toEqual([
        'pending',
        'uncertain',
        'sent',
      ]);
      await resendOutbox({
        db: getDb(),
        statuses: ['failed', 'uncertain'],
        by: 'amal',
        ids: [ids.uncertain],
        requeue,
      });
      expect(requeued).toEqual([[ids.failed], [ids.uncertain]]);
      const events = await getDb().query<{ actor: string; subject_id: string; type: string; data: unknown }>(
        `SELECT actor, subject_id, type, data FROM events WHERE type = 'outbox.resend' ORDER BY id`,
      );
      expect(events.rows).toEqual([
        {
          actor: 'staff:amal',
          subject_id: ids.failed,
          type: 'outbox.resend',
          data: { was: 'failed', channel: 'telegram', lastError: 'failed: 403 bot was blocked' },
        },
        {
          actor: 'staff:amal',
          subject_id: ids.uncertain,
          type: 'outbox.resend',
          data: { was: 'uncertain', channel: 'telegram', lastError: 'uncertain: 403 bot was blocked' },
        },
      ]);
    });

    it('refuses without a name for the audit trail, and rejects ids that are not numbers', async () => {
      const requeue = async () => undefined;
      await expect(
        resendOutbox({ db: getDb(), statuses: ['failed'], by: ' ', requeue }),
      ).rejects.toMatchObject({
        code: 'ERR_USAGE',
        fix: 'add --by <your staff id>',
      });
      await expect(
        resendOutbox({ db: getDb(), statuses: ['failed'], by: 'amal', ids: ['12; DROP'], requeue }),
      ).rejects.toMatchObject({ code: 'ERR_USAGE', message: '"12; DROP" is not an outbox id' });
    });

    it('clears the finished BullMQ job, which would otherwise swallow the new one', async () => {
      const prefix = freshQueuePrefix();
      const connection = redisOptionsFromUrl(TEST_REDIS_URL);
      const queue = new Queue(OUTBOUND_QUEUE, { connection, prefix });
      try {
        // The job of the first attempt, which the worker finished by recording the row as failed.
        const worker = new Worker(OUTBOUND_QUEUE, async () => 'failed', { connection, prefix });
        const finished = new Promise((resolve) => worker.once('completed', resolve));
        await queue.add('send', { outboxId: ids.failed }, { jobId: outboundJobId(ids.failed) });
        await finished;
        await worker.close();
        // Adding the same id again is a no-op while BullMQ keeps the finished job.
        await queue.add('send', { outboxId: ids.failed }, { jobId: outboundJobId(ids.failed) });
        expect(await (await queue.getJob(outboundJobId(ids.failed)))!.getState()).toBe('completed');

        const { forgotten } = await requeueOutbound({
          db: getDb(),
          outbox: new PgOutboxRepository(),
          connection,
          prefix,
          logger: pino({ level: 'silent' }),
          ids: [ids.failed],
        });
        expect(forgotten).toBe(1);
        expect(await (await queue.getJob(outboundJobId(ids.failed)))!.getState()).toBe('waiting');
        expect(await statusOf(ids.failed)).toBe('queued');
      } finally {
        await queue.obliterate({ force: true });
        await queue.close();
      }
    });
  },
  { migrate: true },
);
