import { describeEachDatabase } from '../support/databases';
import { startSpine, textOf } from '../support/spine-harness';

describeEachDatabase(
  'the message spine',
  (getDb) => {
    it('carries a whole first conversation from the channel to the reply and back', async () => {
      const { chat, runtime } = await startSpine(getDb());
      try {
        await chat.say('amal', 'السلام عليكم');
        expect(textOf(await chat.nextReply('amal'))).toContain('اختر لغتك');
        await chat.say('amal', '١');
        expect(textOf(await chat.nextReply('amal'))).toContain('موافقتك');
        await chat.say('amal', 'أوافق');
        expect(textOf(await chat.nextReply('amal'))).toContain('كيف نخدمك اليوم');
        await chat.say('amal', 'الاستفسارات');
        await chat.nextReply('amal');
        await chat.say('amal', 'ماهي شروط المساعده');
        expect(textOf(await chat.nextReply('amal'))).toContain('حد الكفاية');

        const consent = await getDb().query<{
          purpose: string;
          version: string;
          granted: boolean;
          channel: string;
        }>(
          `SELECT c.purpose, c.version, c.granted, c.channel FROM consents c
           JOIN channel_identities i ON i.beneficiary_id = c.beneficiary_id
           WHERE i.channel = 'inprocess' AND i.channel_user_id = 'amal'`,
        );
        expect(consent.rows).toEqual([
          { purpose: 'service', version: '2026-01', granted: true, channel: 'inprocess' },
        ]);
      } finally {
        await runtime.stop();
      }
    });

    it('drops a message the channel delivers twice and answers it once', async () => {
      const { chat, runtime } = await startSpine(getDb());
      try {
        const message = {
          channel: 'inprocess',
          channelMessageId: 'dup-1',
          sender: { channelUserId: 'badr' },
          text: 'hello',
          receivedAt: new Date(),
        } as const;
        const first = await runtime.service.accept(message);
        const second = await runtime.service.accept(message);
        expect(first.status).toBe('accepted');
        expect(second.status).toBe('duplicate');
        await chat.nextReply('badr');
        await runtime.service.idle();
        await expect(chat.nextReply('badr', 300)).rejects.toThrow(/no reply/);
        expect(chat.received('badr')).toHaveLength(1);
      } finally {
        await runtime.stop();
      }
    });

    it('answers a burst in arrival order, one reply per message', async () => {
      const { chat, runtime } = await startSpine(getDb());
      try {
        const burst = ['hi', '2', '1', '1', 'conditions for aid', 'menu', '1', 'working hours'];
        // Sent back to back without waiting for replies, as a channel hands over a quick typist's messages.
        for (const text of burst) await chat.say('chadi', text);
        const replies = [];
        for (let i = 0; i < burst.length; i++) replies.push(textOf(await chat.nextReply('chadi')));
        expect(replies[0]).toContain('Choose your language');
        expect(replies[1]).toContain('consent');
        expect(replies[4]).toContain('sufficiency line');
        expect(replies[7]).toContain('Sunday to Thursday');
        const order = await getDb().query<{ inbound_id: string }>(
          `SELECT o.inbound_id::text AS inbound_id FROM outbox o
           JOIN conversations c ON c.id = o.conversation_id
           WHERE c.channel_user_id = 'chadi' ORDER BY o.sent_at, o.id`,
        );
        const ids = order.rows.map((r) => Number(r.inbound_id));
        expect(ids).toHaveLength(burst.length);
        expect([...ids].sort((a, b) => a - b)).toEqual(ids);
      } finally {
        await runtime.stop();
      }
    });

    it('continues a conversation where it was after a restart', async () => {
      const first = await startSpine(getDb());
      await first.chat.say('dana', 'hi');
      await first.chat.nextReply('dana');
      await first.chat.say('dana', '2');
      await first.chat.nextReply('dana');
      await first.runtime.stop();

      const second = await startSpine(getDb(), first.prefix);
      try {
        await second.chat.say('dana', 'I agree');
        expect(textOf(await second.chat.nextReply('dana'))).toContain('How can we help you today?');
      } finally {
        await second.runtime.stop();
      }
    });

    it('processes on start what a crash left behind: an unprocessed message and an unqueued reply', async () => {
      const db = getDb();
      const before = await startSpine(db);
      await before.chat.say('emad', 'hi');
      await before.chat.nextReply('emad');
      await before.runtime.stop();
      // As if the process died right after accepting a message, and after committing a reply
      // but before handing it to the queue.
      await db.query(
        `INSERT INTO inbound_messages (channel, channel_message_id, conversation_id, payload, received_at)
         SELECT 'inprocess', 'crash-1', id, $1, now() FROM conversations WHERE channel_user_id = 'emad'`,
        [
          JSON.stringify({
            channel: 'inprocess',
            channelMessageId: 'crash-1',
            sender: { channelUserId: 'emad' },
            text: '2',
            media: [],
            receivedAt: new Date().toISOString(),
          }),
        ],
      );
      await db.query(
        `INSERT INTO outbox (conversation_id, channel, recipient, payload, created_at)
         SELECT id, 'inprocess', 'emad', $1, now() - interval '1 minute' FROM conversations WHERE channel_user_id = 'emad'`,
        [JSON.stringify({ kind: 'text', text: 'left in the outbox' })],
      );

      const after = await startSpine(db);
      try {
        const replies = [
          textOf(await after.chat.nextReply('emad')),
          textOf(await after.chat.nextReply('emad')),
        ];
        expect(replies).toEqual(
          expect.arrayContaining(['left in the outbox', expect.stringContaining('consent')]),
        );
        const open = await db.query(`SELECT 1 FROM inbound_messages WHERE processed_at IS NULL`);
        expect(open.rowCount).toBe(0);
      } finally {
        await after.runtime.stop();
      }
    });

    it('rejects a malformed inbound message and records nothing', async () => {
      const { runtime } = await startSpine(getDb());
      try {
        const result = await runtime.service.accept({ channel: 'fax', channelMessageId: '', sender: {} });
        expect(result.status).toBe('rejected');
        if (result.status === 'rejected') expect(result.issues.join(' ')).toMatch(/channel/);
        const rows = await getDb().query(`SELECT 1 FROM inbound_messages WHERE channel = 'fax'`);
        expect(rows.rowCount).toBe(0);
      } finally {
        await runtime.stop();
      }
    });
  },
  { migrate: true },
);
