import type { CommitSignal } from '../../src/store/commit-signals';
import { PgOutboxRepository } from '../../src/store/outbox-repository';
import { PgTimerRequestRepository } from '../../src/store/timer-request-repository';
import { describeEachDatabase } from '../support/databases';

/** Writers announce their rows in the transaction; listeners hear of them only once it committed. */
describeEachDatabase(
  'commit signals',
  (getDb) => {
    const heard: CommitSignal[] = [];
    let stop: (() => void)[] = [];
    let conversationId = '';

    beforeAll(async () => {
      const db = getDb();
      const person = await db.query<{ id: string }>(`INSERT INTO beneficiaries DEFAULT VALUES RETURNING id`);
      const conversation = await db.query<{ id: string }>(
        `INSERT INTO conversations (beneficiary_id, channel, channel_user_id)
         VALUES ($1, 'inprocess', 'signals') RETURNING id::text AS id`,
        [person.rows[0]!.id],
      );
      conversationId = conversation.rows[0]!.id;
    });
    beforeEach(() => {
      heard.length = 0;
      stop = [
        getDb().committed.on('outbox', (s) => heard.push(s)),
        getDb().committed.on('timers', (s) => heard.push(s)),
      ];
    });
    afterEach(() => stop.forEach((s) => s()));

    const reply = (text: string) => ({
      conversationId,
      channel: 'inprocess' as const,
      recipient: 'signals',
      message: { kind: 'text' as const, text },
    });

    it('announces a transaction’s outbox rows together and its timer requests once, after the commit', async () => {
      const db = getDb();
      const outbox = new PgOutboxRepository();
      const timers = new PgTimerRequestRepository();
      let heardInside = -1;
      const ids = await db.transaction(async (tx) => {
        const first = await outbox.add(tx, [reply('one')]);
        const second = await outbox.add(tx, [reply('two'), reply('three')]);
        await timers.add(tx, [
          { job: { kind: 'deadlineDue', reference: 'REQ-1000-01' }, fireAt: new Date() },
        ]);
        await timers.add(tx, [{ job: { kind: 'deadlineDue', reference: 'REQ-1000-02' } }]);
        heardInside = heard.length;
        return [...first, ...second];
      });
      expect(heardInside).toBe(0);
      expect(heard).toEqual([{ topic: 'outbox', ids }, { topic: 'timers' }]);
    });

    it('announces nothing when the transaction rolls back', async () => {
      const db = getDb();
      await expect(
        db.transaction(async (tx) => {
          await new PgOutboxRepository().add(tx, [reply('lost')]);
          await new PgTimerRequestRepository().add(tx, [{ job: { kind: 'dailyDigest' } }]);
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      expect(heard).toEqual([]);
    });

    it('announces at once outside a transaction, and not after a listener stopped', async () => {
      const db = getDb();
      const ids = await new PgOutboxRepository().add(db, [reply('alone')]);
      expect(heard).toEqual([{ topic: 'outbox', ids }]);
      stop.forEach((s) => s());
      await new PgOutboxRepository().add(db, [reply('unheard')]);
      expect(heard).toHaveLength(1);
    });
  },
  { migrate: true },
);
