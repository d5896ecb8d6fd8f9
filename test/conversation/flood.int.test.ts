import type { AcceptResult } from '../../src/channels/channel-adapter';
import { InProcessChannel } from '../../src/channels/inprocess/inprocess-channel';
import { DEFAULT_INBOUND_BUDGET } from '../../src/conversation/inbound-budget';
import { describeEachDatabase } from '../support/databases';
import { startTestTawasul, textOf } from '../support/spine-harness';

/**
 * Flood protection at the spine, on every channel alike: one sender hands over 2,000 messages as fast
 * as the channel can while another person has an ordinary conversation. The flooder's burst is taken
 * and answered, the rest is refused before the store with one "slow down" notice; the other person gets
 * every reply, and no queue fills up. `FLOOD_NO_BUDGET=1` runs it without the budget, to see what it
 * prevents (the test then fails: docs/RELIABILITY.md has the figures). The calm person's reply times are
 * printed, not asserted: a timed assertion fails on a busy machine and proves nothing on a quiet one.
 */
const FLOOD = 2_000;
const CALM = ['hi', '2', '1', '1', 'working hours', 'back', 'documents', 'menu'];

describeEachDatabase(
  'a flood from one sender',
  (getDb) => {
    it('takes its budget, tells it once to slow down, refuses the rest, and answers everyone else', async () => {
      const db = getDb();
      const chat = new InProcessChannel();
      const runtime = await startTestTawasul(db, {
        channels: { extra: [chat] },
        ...(process.env.FLOOD_NO_BUDGET ? { tuning: { inboundBudget: false as const } } : {}),
      });
      try {
        const started = Date.now();
        const flood = Promise.all(Array.from({ length: FLOOD }, (_, i) => chat.say('flood', `spam ${i}`)));
        const latencies: number[] = [];
        for (const text of CALM) {
          const t = Date.now();
          await chat.say('calm', text);
          await chat.nextReply('calm', 10_000);
          latencies.push(Date.now() - t);
        }
        const results: AcceptResult[] = await flood;
        const elapsedS = (Date.now() - started) / 1000;
        await runtime.service.idle();

        const count = (status: AcceptResult['status']) => results.filter((r) => r.status === status).length;
        const accepted = count('accepted');
        process.stdout.write(
          `flood (${db.kind}): ${FLOOD} sent in ${elapsedS.toFixed(1)} s, ${accepted} taken, ${count('limited')} refused, ` +
            `1 notice; calm person's replies ${Math.min(...latencies)}–${Math.max(...latencies)} ms ${JSON.stringify(latencies)}\n`,
        );
        const allowed =
          DEFAULT_INBOUND_BUDGET.burst + Math.ceil((elapsedS * DEFAULT_INBOUND_BUDGET.perMinute) / 60);
        expect(accepted).toBeGreaterThanOrEqual(DEFAULT_INBOUND_BUDGET.burst);
        expect(accepted).toBeLessThanOrEqual(allowed);
        expect(count('limited')).toBe(FLOOD - accepted);
        const refused = results.find((r) => r.status === 'limited');
        expect(refused).toEqual({ status: 'limited', retryAfterMs: expect.any(Number) });

        // What was taken is answered, once each, plus one notice: nothing accepted is dropped.
        const slowDown = runtime.translator.t('ar', 'engine.slowDown');
        const deadline = Date.now() + 20_000;
        while (chat.received('flood').length < accepted + 1 && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 100));
        }
        const received = chat.received('flood').map(textOf);
        expect(received.filter((t) => t === slowDown)).toHaveLength(1);
        expect(received).toHaveLength(accepted + 1);
        const stored = await db.query<{ inbound: number; processed: number; outbox: number }>(
          `SELECT (SELECT count(*)::int FROM inbound_messages i WHERE i.conversation_id = c.id) AS inbound,
                  (SELECT count(*)::int FROM inbound_messages i
                    WHERE i.conversation_id = c.id AND i.outcome = 'processed') AS processed,
                  (SELECT count(*)::int FROM outbox o WHERE o.conversation_id = c.id) AS outbox
           FROM conversations c WHERE c.channel_user_id = 'flood'`,
        );
        expect(stored.rows).toEqual([{ inbound: accepted, processed: accepted, outbox: accepted + 1 }]);

        // The other person got a reply to each message (the times are in the line printed above).
        expect(chat.received('calm')).toHaveLength(CALM.length);
      } finally {
        await runtime.stop();
      }
    }, 120_000);
  },
  { migrate: false },
);
