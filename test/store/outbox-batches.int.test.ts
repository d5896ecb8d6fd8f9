import { PgConversationRepository } from '../../src/store/conversation-repository';
import { PgOutboxRepository } from '../../src/store/outbox-repository';
import { describeEachDatabase } from '../support/databases';

const conversations = new PgConversationRepository();
const outbox = new PgOutboxRepository();

/** The outbound worker's batched statements (issue #8) keep the rules of their one-row forms. */
describeEachDatabase(
  'PgOutboxRepository batches',
  (getDb) => {
    const replies = async (user: string, count: number) => {
      const db = getDb();
      const who = await db.transaction((tx) =>
        conversations.identify(tx, 'inprocess', { channelUserId: user }),
      );
      return db.transaction((tx) =>
        outbox.add(
          tx,
          Array.from({ length: count }, (_, n) => ({
            conversationId: who.conversationId,
            channel: 'inprocess' as const,
            recipient: user,
            message: { kind: 'text' as const, text: `${user} ${n + 1}` },
          })),
        ),
      );
    };

    it('claims, in one statement, only the first unsent reply of each conversation on a channel it runs', async () => {
      const db = getDb();
      const [a1, a2] = await replies('amal', 2);
      const [b1] = await replies('badr', 1);

      expect(await outbox.claimReadyMany(db, [a1!, a2!, b1!], ['telegram'])).toEqual(new Map());
      const claimed = await outbox.claimReadyMany(db, [a2!, b1!, a1!], ['inprocess']);
      expect([...claimed.keys()].sort()).toEqual([a1, b1].sort());
      expect(claimed.get(a1!)).toMatchObject({ status: 'sending', attempts: 1, message: { text: 'amal 1' } });
      // Claimed already, or behind a reply still on its way.
      expect(await outbox.claimReadyMany(db, [a1!, a2!], ['inprocess'])).toEqual(new Map());

      await outbox.markSentMany(db, [{ id: a1!, platformMessageId: 'p-1' }, { id: b1! }]);
      const sent = await db.query<{ id: string; status: string; platform_message_id: string | null }>(
        'SELECT id::text AS id, status, platform_message_id FROM outbox WHERE id = ANY($1::bigint[]) ORDER BY id',
        [[a1, b1]],
      );
      expect(sent.rows).toEqual(
        [
          { id: a1, status: 'sent', platform_message_id: 'p-1' },
          { id: b1, status: 'sent', platform_message_id: null },
        ].sort((x, y) => Number(x.id) - Number(y.id)),
      );
      expect([...(await outbox.claimReadyMany(db, [a2!], ['inprocess'])).keys()]).toEqual([a2]);
    });
  },
  { migrate: true },
);
