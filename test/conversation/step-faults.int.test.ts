import type { Database, SqlExecutor } from '../../src/store/database';
import { describeEachDatabase } from '../support/databases';
import { probeService } from './support/probe-service';

/**
 * A step that fails half-way (an effect after another already wrote, or a text that cannot be
 * rendered) answers `engine.error`, changes nothing else, and does not block the conversation: the
 * fuzzer found a text ("$A") that failed rendering, which left the message pending and every later
 * message of that person stuck behind it, retried every ten seconds for ever.
 */
describeEachDatabase(
  'a step that fails half-way',
  (getDb) => {
    it('answers engine.error, keeps no partial change, and goes on with the next message', async () => {
      const db = getDb();
      const { service, translator } = probeService(db);
      const say = async (id: string, text: string) => {
        await service.accept({
          channel: 'inprocess',
          channelMessageId: `step-faults-${id}`,
          sender: { channelUserId: 'step-faults' },
          text,
          receivedAt: new Date(),
        });
        await service.idle();
      };
      await say('0', 'hello'); // first contact: the flow starts
      for (const [id, text] of [
        ['1', 'half'],
        ['2', 'unrenderable'],
        ['3', 'fine'],
      ] as const)
        await say(id, text);

      const inbound = await db.query<{ id: string; outcome: string }>(
        `SELECT channel_message_id AS id, outcome FROM inbound_messages WHERE channel_message_id LIKE 'step-faults-%' ORDER BY id`,
      );
      expect(inbound.rows).toEqual([
        { id: 'step-faults-0', outcome: 'processed' },
        { id: 'step-faults-1', outcome: 'failed' },
        { id: 'step-faults-2', outcome: 'failed' },
        { id: 'step-faults-3', outcome: 'processed' },
      ]);
      // Only the good step's note was kept: the failed steps' first effects were rolled back with them.
      const notes = await db.query<{ subject_id: string }>(
        `SELECT subject_id FROM events WHERE actor = 'probe' ORDER BY id`,
      );
      expect(notes.rows.map((r) => r.subject_id)).toEqual(['fine']);
      const replies = await db.query<{ text: string }>(
        `SELECT o.payload->>'text' AS text FROM outbox o JOIN inbound_messages i ON i.id = o.inbound_id
         WHERE i.channel_message_id IN ('step-faults-1', 'step-faults-2') ORDER BY o.id`,
      );
      expect(replies.rows).toEqual([
        { text: translator.t('en', 'engine.error') },
        { text: translator.t('en', 'engine.error') },
      ]);
    });

    it('steps the messages of many people in one transaction; a failing step there spoils no other', async () => {
      const watched = watch(getDb());
      const { service, translator, send } = probeService(watched.db);
      const people = ['b-1', 'b-2', 'b-3', 'b-4', 'b-5'];
      for (const person of people) await send(person, 0, 'hello');
      await service.idle();

      watched.transactions = 0;
      await Promise.all(
        people.map((person) => send(person, 1, person === 'b-3' ? 'half' : `fine ${person}`)),
      );
      await service.idle();

      expect(watched.transactions).toBe(1);
      const outcomes = await watched.db.query<{ id: string; outcome: string }>(
        `SELECT channel_message_id AS id, outcome FROM inbound_messages WHERE channel_message_id LIKE 'b-%-1'
         ORDER BY channel_message_id`,
      );
      expect(outcomes.rows).toEqual(
        people.map((person) => ({ id: `${person}-1`, outcome: person === 'b-3' ? 'failed' : 'processed' })),
      );
      const notes = await watched.db.query<{ subject_id: string }>(
        `SELECT subject_id FROM events WHERE actor = 'probe' AND subject_id LIKE 'fine b-%' ORDER BY subject_id`,
      );
      expect(notes.rows.map((r) => r.subject_id)).toEqual(['fine b-1', 'fine b-2', 'fine b-4', 'fine b-5']);
      const failed = await watched.db.query<{ text: string }>(
        `SELECT o.payload->>'text' AS text FROM outbox o JOIN inbound_messages i ON i.id = o.inbound_id
         WHERE i.channel_message_id = 'b-3-1'`,
      );
      expect(failed.rows).toEqual([{ text: translator.t('en', 'engine.error') }]);
    });

    it('steps a batch the store refuses one conversation at a time, each once', async () => {
      const watched = watch(getDb());
      const { service } = probeService(watched.db);
      const people = ['r-1', 'r-2', 'r-3'];
      const send = (person: string, n: number) =>
        service.accept({
          channel: 'inprocess',
          channelMessageId: `${person}-${n}`,
          sender: { channelUserId: person },
          text: `fine ${person} ${n}`,
          receivedAt: new Date(),
        });
      for (const person of people) await send(person, 0);
      await service.idle();

      // The next batch's closing write fails once, as a lost connection would.
      watched.failNext = /UPDATE inbound_messages m SET processed_at/;
      watched.transactions = 0;
      await Promise.all(people.map((person) => send(person, 1)));
      await service.idle();

      expect(watched.failNext).toBeUndefined();
      expect(watched.transactions).toBe(1 + people.length);
      const notes = await watched.db.query<{ subject_id: string; n: number }>(
        `SELECT subject_id, count(*)::int AS n FROM events WHERE actor = 'probe' AND subject_id LIKE 'fine r-% 1'
         GROUP BY subject_id ORDER BY subject_id`,
      );
      expect(notes.rows).toEqual(people.map((person) => ({ subject_id: `fine ${person} 1`, n: 1 })));
      const pending = await watched.db.query(
        `SELECT 1 FROM inbound_messages WHERE channel_message_id LIKE 'r-%' AND processed_at IS NULL`,
      );
      expect(pending.rowCount).toBe(0);
    });
  },
  { migrate: true },
);

/**
 * The database seen by the service, counting its transactions; `failNext` makes the next statement that
 * matches it fail once inside a transaction.
 */
function watch(inner: Database) {
  const watched = {
    transactions: 0,
    failNext: undefined as RegExp | undefined,
    db: undefined as unknown as Database,
  };
  const failing = (tx: SqlExecutor): SqlExecutor => ({
    query: (sql, params) => {
      if (watched.failNext?.test(sql)) {
        watched.failNext = undefined;
        return Promise.reject(new Error('planted store failure'));
      }
      return tx.query(sql, params);
    },
    afterCommit: (signal) => tx.afterCommit(signal),
  });
  watched.db = {
    kind: inner.kind,
    committed: inner.committed,
    query: (sql, params) => inner.query(sql, params),
    afterCommit: (signal) => inner.afterCommit(signal),
    transaction: (fn) => {
      watched.transactions += 1;
      return inner.transaction((tx) => fn(failing(tx)));
    },
    close: () => inner.close(),
  };
  return watched;
}
