import { Queue } from 'bullmq';
import { OUTBOUND_QUEUE, outboundJobId } from '../../src/queue/outbound-job';
import { describeEachDatabase } from '../support/databases';
import { startSpine, TEST_REDIS_URL, textOf } from '../support/spine-harness';

/**
 * Replies on a channel that deduplicates (here the in-process one, like the web chat) go out right after
 * their commit, without a BullMQ job or a claim (issue 22); what cannot go at once takes the queue, and
 * a reply a crash left unrecorded is found by the sweep and sent (again: the channel ignores a repeat).
 */
describeEachDatabase(
  'sending at once, beside the queue',
  (getDb) => {
    const replyRows = async (user: string) =>
      (
        await getDb().query<{ id: string; status: string; attempts: number }>(
          `SELECT o.id::text AS id, o.status, o.attempts FROM outbox o
           JOIN conversations c ON c.id = o.conversation_id WHERE c.channel_user_id = $1 ORDER BY o.id`,
          [user],
        )
      ).rows;

    /** The person's replies once none is on its way any more (a `sent` mark commits just after the send). */
    const settledRows = async (user: string) => {
      for (const deadline = Date.now() + 10_000; Date.now() < deadline;) {
        const rows = await replyRows(user);
        if (rows.every((row) => !['pending', 'queued', 'sending'].includes(row.status))) return rows;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return replyRows(user);
    };

    it('sends a reply without a queue job, and a refused one through the queue with the replies after it', async () => {
      const { chat, runtime, prefix } = await startSpine(getDb());
      const queue = new Queue(OUTBOUND_QUEUE, { connection: { url: TEST_REDIS_URL }, prefix });
      try {
        await chat.say('salma', 'السلام عليكم');
        expect(textOf(await chat.nextReply('salma'))).toContain('اختر لغتك');
        await runtime.service.idle();
        const [first] = await settledRows('salma');
        // Nothing claimed it: the row went from pending to sent, with no attempt counted by a worker.
        expect(first).toMatchObject({ status: 'sent', attempts: 0 });
        expect(await queue.getJob(outboundJobId(first!.id))).toBeUndefined();

        chat.failNextSend('retryable');
        await chat.say('salma', '١');
        expect(textOf(await chat.nextReply('salma'))).toContain('موافقتك');
        const refused = (await settledRows('salma')).slice(1);
        expect(refused.length).toBeGreaterThan(0);
        for (const row of refused) {
          expect(row.status).toBe('sent');
          expect(await queue.getJob(outboundJobId(row.id))).toBeDefined();
        }
      } finally {
        await runtime.stop();
        await queue.close();
      }
    });

    it('sends, through the queue, a reply a crash left unrecorded', async () => {
      const { chat, runtime } = await startSpine(getDb());
      try {
        await chat.say('rami', 'hello');
        await chat.nextReply('rami');
        await runtime.service.idle();
        // What a process that died between committing a reply and recording it sent leaves: a pending
        // row, and no job.
        await getDb().query(
          `INSERT INTO outbox (conversation_id, channel, recipient, payload, status, attempts, created_at)
           SELECT id, 'inprocess', 'rami', '{"kind":"text","text":"half-sent"}', 'pending', 0,
                  now() - interval '1 minute'
           FROM conversations WHERE channel_user_id = 'rami'`,
        );
        await runtime.dispatcher.sweep();
        expect(textOf(await chat.nextReply('rami', 15_000))).toBe('half-sent');
        const rows = await settledRows('rami');
        expect(rows.at(-1)).toMatchObject({ status: 'sent' });
      } finally {
        await runtime.stop();
      }
    });
  },
  { migrate: true },
);
