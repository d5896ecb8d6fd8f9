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

      const pending = (await db.transaction((tx) => repo.nextPendingMany(tx, [who.conversationId]))).get(
        who.conversationId,
      );
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
      const next = (await db.transaction((tx) => repo.nextPendingMany(tx, [who.conversationId]))).get(
        who.conversationId,
      );
      expect(next).toMatchObject({ id: ids[straddling - 1], more: true });
    });

    it('records the messages of a batch in one statement, in order, each duplicate once, strangers not at all', async () => {
      const db = getDb();
      const noor = await db.transaction((tx) => repo.identify(tx, 'inprocess', { channelUserId: 'noor' }));
      const adel = await db.transaction((tx) => repo.identify(tx, 'inprocess', { channelUserId: 'adel' }));
      const earlier = await repo.recordInboundIfKnown(db, message('noor', 1));

      const recorded = await repo.recordInboundManyIfKnown(db, [
        message('noor', 2),
        message('adel', 1),
        message('stranger', 1),
        message('noor', 1),
        message('noor', 3),
        message('noor', 2),
      ]);

      expect(recorded).toEqual([
        { conversationId: noor.conversationId, inboundId: expect.stringMatching(/^\d+$/) },
        { conversationId: adel.conversationId, inboundId: expect.stringMatching(/^\d+$/) },
        undefined,
        { conversationId: noor.conversationId, inboundId: undefined },
        { conversationId: noor.conversationId, inboundId: expect.stringMatching(/^\d+$/) },
        { conversationId: noor.conversationId, inboundId: undefined },
      ]);
      const stored = await db.query<{ text: string }>(
        `SELECT payload->>'text' AS text FROM inbound_messages WHERE conversation_id = $1
         ORDER BY inbound_messages.id`,
        [noor.conversationId],
      );
      expect(stored.rows.map((r) => r.text)).toEqual(['message 1', 'message 2', 'message 3']);
      expect(earlier?.inboundId).toBeDefined();
    });

    it('locks a batch without waiting: a conversation another transaction holds is skipped', async () => {
      const db = getDb();
      const ids: string[] = [];
      for (const user of ['b1', 'b2', 'b3'])
        ids.push(
          (await db.transaction((tx) => repo.identify(tx, 'inprocess', { channelUserId: user })))
            .conversationId,
        );
      const all = await db.transaction((tx) => repo.lockMany(tx, ids));
      expect([...all.keys()].sort()).toEqual([...ids].sort());
      expect(all.get(ids[0]!)).toMatchObject({ channel: 'inprocess', channelUserId: 'b1', snapshot: null });
      // PGlite has one connection: no other transaction can hold a lock while a batch runs.
      if (db.kind === 'pglite') return;

      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let holding!: () => void;
      const isHolding = new Promise<void>((resolve) => (holding = resolve));
      const other = db.transaction(async (tx) => {
        await repo.lock(tx, ids[1]!);
        holding();
        await held;
      });
      await isHolding;
      try {
        const locked = await db.transaction((tx) => repo.lockMany(tx, ids));
        expect([...locked.keys()].sort()).toEqual([ids[0], ids[2]].sort());
      } finally {
        release();
        await other;
      }
    });

    it('reads the oldest waiting message of many conversations by number, and whether more wait', async () => {
      const db = getDb();
      const one = await db.transaction((tx) => repo.identify(tx, 'inprocess', { channelUserId: 'p1' }));
      const two = await db.transaction((tx) => repo.identify(tx, 'inprocess', { channelUserId: 'p2' }));
      const idle = await db.transaction((tx) => repo.identify(tx, 'inprocess', { channelUserId: 'p3' }));
      const ids: string[] = [];
      for (let n = 0; n < 12; n++)
        ids.push((await repo.recordInboundIfKnown(db, message('p1', n)))!.inboundId!);
      const lone = (await repo.recordInboundIfKnown(db, message('p2', 1)))!.inboundId!;
      for (const id of ids.slice(0, 9)) await db.transaction((tx) => repo.markProcessed(tx, id, 'processed'));

      const pending = await db.transaction((tx) =>
        repo.nextPendingMany(tx, [one.conversationId, two.conversationId, idle.conversationId]),
      );

      expect(pending.get(one.conversationId)).toMatchObject({
        id: ids[9],
        message: { text: 'message 9' },
        more: true,
      });
      expect(pending.get(two.conversationId)).toMatchObject({
        id: lone,
        message: { text: 'message 1' },
        more: false,
      });
      expect(pending.has(idle.conversationId)).toBe(false);
    });

    it('finishes the steps of a batch in one statement', async () => {
      const db = getDb();
      const a = await db.transaction((tx) => repo.identify(tx, 'inprocess', { channelUserId: 'f1' }));
      const b = await db.transaction((tx) => repo.identify(tx, 'inprocess', { channelUserId: 'f2' }));
      const aIn = (await repo.recordInboundIfKnown(db, message('f1', 1)))!.inboundId!;
      const bIn = (await repo.recordInboundIfKnown(db, message('f2', 1)))!.inboundId!;

      await db.transaction((tx) =>
        repo.finishSteps(tx, [
          {
            conversationId: a.conversationId,
            snapshot,
            inboundId: aIn,
            outcome: 'processed',
            flowId: 'menu',
          },
          { conversationId: b.conversationId, snapshot: null, inboundId: bIn, outcome: 'failed' },
        ]),
      );

      const locked = await db.transaction((tx) => repo.lockMany(tx, [a.conversationId, b.conversationId]));
      expect(locked.get(a.conversationId)?.snapshot).toEqual(snapshot);
      expect(locked.get(b.conversationId)?.snapshot).toBeNull();
      const rows = await db.query<{ id: string; outcome: string; flow_id: string | null; done: boolean }>(
        `SELECT id::text AS id, outcome, flow_id, processed_at IS NOT NULL AS done FROM inbound_messages
         WHERE id = ANY($1::bigint[]) ORDER BY inbound_messages.id`,
        [[aIn, bIn]],
      );
      expect(rows.rows).toEqual([
        { id: aIn, outcome: 'processed', flow_id: 'menu', done: true },
        { id: bIn, outcome: 'failed', flow_id: null, done: true },
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
