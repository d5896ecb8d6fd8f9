import { StepRate } from '../../src/conversation/step-rate';
import { describeEachDatabase } from '../support/databases';
import { probeService } from './support/probe-service';

/**
 * On a platform each association's steps take at most its budget of the process (issue 23): a batch
 * beyond it waits in that association's own backlog, stored, and is answered once the budget lets it run.
 * The budget's clock and sleep are the test's: nothing here waits for real time.
 */
describeEachDatabase(
  'an association over its budget of steps',
  (getDb) => {
    it('keeps the message stored and unanswered until the budget lets its step run', async () => {
      const db = getDb();
      let now = 0;
      const sleeping: (() => void)[] = [];
      // One step a second, one of burst: two steps at once, the third waits a second.
      const rate = new StepRate(1, {
        burst: 1,
        now: () => now,
        sleep: () => new Promise<void>((resolve) => sleeping.push(resolve)),
      });
      const { service, send } = probeService(db, { rate });
      const stepped = async (id: string) =>
        (
          await db.query(
            `SELECT 1 FROM inbound_messages WHERE channel_message_id = $1 AND processed_at IS NOT NULL`,
            [id],
          )
        ).rowCount === 1;

      await send('budget-a', 0, 'hello');
      await service.idle();
      await send('budget-b', 0, 'hello');
      await service.idle();
      expect(sleeping).toHaveLength(0);

      await expect(send('budget-a', 1, 'fine over budget')).resolves.toMatchObject({ status: 'accepted' });
      for (let turn = 0; sleeping.length === 0 && turn < 1_000; turn++) await new Promise(setImmediate);
      expect(sleeping).toHaveLength(1);
      expect(await stepped('budget-a-1')).toBe(false);

      now += 1_000;
      sleeping.shift()!();
      await service.idle();
      expect(await stepped('budget-a-1')).toBe(true);
      const notes = await db.query<{ subject_id: string }>(
        `SELECT subject_id FROM events WHERE actor = 'probe' AND subject_id = 'fine over budget'`,
      );
      expect(notes.rowCount).toBe(1);
    });
  },
  { migrate: true },
);
