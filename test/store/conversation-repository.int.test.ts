import { InboundMessage } from '../../src/domain/inbound-message';
import type { ConversationSnapshot } from '../../src/engine/flow';
import { PgConversationRepository } from '../../src/store/conversation-repository';
import { PgOutboxRepository } from '../../src/store/outbox-repository';
import { describeEachDatabase } from '../support/databases';

const repo = new PgConversationRepository();

const message = (user: string, n: number) =>
  InboundMessage.parse({
    channel: 'inprocess',
    channelMessageId: `${user}-m${n}`,
    sender: { channelUserId: user },
    text: `message ${n}`,
    receivedAt: new Date('2026-11-22T09:00:00Z'),
  });

const snapshot: ConversationSnapshot = {
  v: 1,
  lang: 'ar',
  flowId: 'menu',
  flowVersion: 1,
  state: 'main',
  context: {},
  choices: [],
  updatedAt: '2026-11-22T09:00:00.000Z',
};

describeEachDatabase(
  'PgConversationRepository',
  (getDb) => {
    it('records a known person in one statement, a duplicate as such, and leaves first contact to identify', async () => {
      const db = getDb();
      expect(await repo.recordInboundIfKnown(db, message('rana', 0))).toBeUndefined();
      const who = await db.transaction((tx) => repo.identify(tx, 'inprocess', { channelUserId: 'rana' }));

      const first = await repo.recordInboundIfKnown(db, message('rana', 1));
      expect(first).toEqual({
        conversationId: who.conversationId,
        inboundId: expect.stringMatching(/^\d+$/),
      });
      const again = await repo.recordInboundIfKnown(db, message('rana', 1));
      expect(again).toEqual({ conversationId: who.conversationId, inboundId: undefined });

      const pending = await db.transaction((tx) => repo.nextPending(tx, who.conversationId));
      expect(pending).toMatchObject({ id: first?.inboundId, message: { text: 'message 1' }, more: false });
      expect(pending?.message.receivedAt).toEqual(new Date('2026-11-22T09:00:00Z'));
    });

    it('takes pending messages by number, not as text: 9 before 10, 99 before 100', async () => {
      const db = getDb();
      const who = await db.transaction((tx) => repo.identify(tx, 'inprocess', { channelUserId: 'sami' }));
      const ids: string[] = [];
      for (let n = 0; n < 120; n++) {
        ids.push(
          (await db.transaction((tx) => repo.recordInbound(tx, who.conversationId, message('sami', n))))!,
        );
      }
      // Leave the messages whose ids straddle a change in the number of digits.
      const straddling = ids.findIndex((id, i) => i > 0 && id.length > (ids[i - 1] as string).length);
      expect(straddling).toBeGreaterThan(0);
      for (const [i, id] of ids.entries()) {
        if (i < straddling - 1) await db.transaction((tx) => repo.markProcessed(tx, id, 'processed'));
      }
      const next = await db.transaction((tx) => repo.nextPending(tx, who.conversationId));
      expect(next).toMatchObject({ id: ids[straddling - 1], more: true });
    });

    it('finishes a step in one statement: snapshot saved, message marked; a failed step keeps the snapshot', async () => {
      const db = getDb();
      const who = await db.transaction((tx) => repo.identify(tx, 'inprocess', { channelUserId: 'huda' }));
      const one = (await repo.recordInboundIfKnown(db, message('huda', 1)))?.inboundId as string;
      const two = (await repo.recordInboundIfKnown(db, message('huda', 2)))?.inboundId as string;

      await db.transaction((tx) =>
        repo.finishStep(tx, {
          conversationId: who.conversationId,
          snapshot,
          inboundId: one,
          outcome: 'processed',
        }),
      );
      await db.transaction((tx) =>
        repo.finishStep(tx, {
          conversationId: who.conversationId,
          snapshot: null,
          inboundId: two,
          outcome: 'failed',
        }),
      );

      const locked = await db.transaction((tx) => repo.lock(tx, who.conversationId));
      expect(locked?.snapshot).toEqual(snapshot);
      const rows = await db.query<{ id: string; outcome: string; done: boolean }>(
        `SELECT id::text AS id, outcome, processed_at IS NOT NULL AS done FROM inbound_messages
         WHERE conversation_id = $1 ORDER BY inbound_messages.id`,
        [who.conversationId],
      );
      expect(rows.rows).toEqual([
        { id: one, outcome: 'processed', done: true },
        { id: two, outcome: 'failed', done: true },
      ]);
    });
  },
  { migrate: true },
);

describeEachDatabase(
  'PgOutboxRepository.claimReady',
  (getDb) => {
    const outbox = new PgOutboxRepository();

    it('claims a reply only when no earlier reply of its conversation is on its way, on a channel it runs', async () => {
      const db = getDb();
      const who = await db.transaction((tx) => repo.identify(tx, 'inprocess', { channelUserId: 'lina' }));
      const [first, second] = await db.transaction((tx) =>
        outbox.add(
          tx,
          [1, 2].map((n) => ({
            conversationId: who.conversationId,
            channel: 'inprocess' as const,
            recipient: 'lina',
            message: { kind: 'text' as const, text: `reply ${n}` },
          })),
        ),
      );

      expect(await outbox.claimReady(db, second!, ['inprocess'])).toBeUndefined();
      expect(await outbox.claimReady(db, first!, ['telegram'])).toBeUndefined();
      const claimed = await outbox.claimReady(db, first!, ['inprocess']);
      expect(claimed).toMatchObject({
        id: first,
        status: 'sending',
        attempts: 1,
        message: { text: 'reply 1' },
      });
      expect(await outbox.claimReady(db, first!, ['inprocess'])).toBeUndefined();
      expect(await outbox.claimReady(db, second!, ['inprocess'])).toBeUndefined();

      await outbox.markSent(db, first!);
      expect(await outbox.claimReady(db, second!, ['inprocess'])).toMatchObject({ id: second });
    });
  },
  { migrate: true },
);
