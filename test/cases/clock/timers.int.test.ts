import { loadProfile } from '../../../src/config/load-profile';
import type { Profile } from '../../../src/config/profile-schema';
import type { Database } from '../../../src/store/database';
import { describeEachDatabase } from '../../support/databases';
import { DEMO_PROFILE_PATH } from '../../support/flow-driver';
import { freshQueuePrefix, startSpine, textOf } from '../../support/spine-harness';
import { Clock, waitFor } from '../../support/test-clock';

const demo = loadProfile(DEMO_PROFILE_PATH);
const profile: Profile = {
  ...demo,
  staff: [
    { id: 'salem', name: 'سالم', roles: ['liaison'], categories: ['families'] },
    { id: 'noura', name: 'نورة', roles: ['committee'], categories: [] },
    { id: 'khalid', name: 'خالد', roles: ['manager'], categories: [] },
    { id: 'board-chair', name: 'رئيس المجلس', roles: ['board'], categories: [] },
  ],
  calendar: { ...demo.calendar, holidays: [] },
};

async function notified(db: Database, reference: string, kind: string): Promise<string[]> {
  const rows = await db.query<{ recipient: string }>(
    `SELECT recipient FROM staff_notifications WHERE subject_id = $1 AND kind = $2 ORDER BY recipient`,
    [reference, kind],
  );
  return rows.rows.map((r) => r.recipient);
}

describeEachDatabase(
  'clocks: deadlines, reminders, escalations',
  (getDb) => {
    /** Submits a food-basket request at `clock` (Sunday 2026-11-22 10:00 Riyadh unless moved). */
    async function submit(spine: Awaited<ReturnType<typeof startSpine>>, user: string): Promise<string> {
      const { chat } = spine;
      const say = async (input: Parameters<typeof chat.say>[1]) => {
        await chat.say(user, input);
        return textOf(await chat.nextReply(user));
      };
      for (const t of ['hi', '2', '1', '2', '1', '1', 'Amal Saad', '1000000008', '0501234567', '1', '3'])
        await say(t);
      const doc = (c: string) => ({
        media: [{ kind: 'image' as const, mimeType: 'image/png', sizeBytes: 900, ref: c.repeat(64) }],
      });
      await say(doc('a'));
      await say('1');
      await say(doc('b'));
      await say('1');
      const done = await say('1');
      const ref = /REQ-\d{4}-\d{2}/.exec(done)?.[0];
      if (!ref) throw new Error(`no reference: ${done}`);
      return ref;
    }

    it('escalates an overdue request level by level, notifying the right staff at each level', async () => {
      const clock = new Clock(new Date('2026-11-22T10:00:00+03:00'));
      const db = getDb();
      const spine = await startSpine(db, freshQueuePrefix(), { profile, now: clock.now });
      try {
        const ref = await submit(spine, 'amal');
        const due = await db.query<{ due_date: string }>(
          `SELECT due_date::text AS due_date FROM service_requests WHERE reference = $1`,
          [ref],
        );
        // 15 working days after Sunday 22 Nov 2026 (weekend Friday–Saturday, no holidays): Sunday 13 Dec.
        expect(due.rows[0]?.due_date).toBe('2026-12-13');
        await spine.runtime.timerDispatcher.kick();
        const fires = await spine.runtime.scheduler.firesAt({ kind: 'deadlineDue', reference: ref });
        expect(fires?.toISOString()).toBe('2026-12-14T05:00:00.000Z'); // Monday 14 Dec, 08:00 Riyadh
        const reminder = await spine.runtime.scheduler.firesAt({
          kind: 'deadlineReminder',
          reference: ref,
          workingDaysBefore: 5,
        });
        expect(reminder?.toISOString()).toBe('2026-12-06T05:00:00.000Z'); // 5 working days before

        clock.set('2026-12-06T08:05:00+03:00');
        await spine.runtime.scheduler.promoteDue();
        expect(
          await waitFor('reminder', async () =>
            (await notified(db, ref, 'deadline.reminder')).length
              ? notified(db, ref, 'deadline.reminder')
              : undefined,
          ),
        ).toEqual(['noura', 'salem']);

        clock.set('2026-12-14T08:01:00+03:00');
        await spine.runtime.scheduler.promoteDue();
        const level1 = await waitFor('level 1', async () => {
          const n = await notified(db, ref, 'case.escalated');
          return n.length ? n : undefined;
        });
        expect(level1).toEqual(['noura']);
        const overdue = await db.query(
          `SELECT escalation_level, overdue_since IS NOT NULL AS overdue FROM service_requests WHERE reference = $1`,
          [ref],
        );
        expect(overdue.rows).toEqual([{ escalation_level: 1, overdue: true }]);

        await spine.runtime.timerDispatcher.kick();
        const next = await spine.runtime.scheduler.firesAt({
          kind: 'escalate',
          subject: 'request',
          reference: ref,
          level: 2,
        });
        expect(next?.toISOString()).toBe('2026-12-17T05:00:00.000Z'); // 3 working days later
        clock.set('2026-12-17T09:00:00+03:00');
        await spine.runtime.scheduler.promoteDue();
        await waitFor('level 2', async () =>
          (await notified(db, ref, 'case.escalated')).includes('khalid') ? true : undefined,
        );

        await spine.runtime.timerDispatcher.kick();
        clock.set('2026-12-30T09:00:00+03:00');
        await spine.runtime.scheduler.promoteDue();
        await waitFor('level 3', async () =>
          (await notified(db, ref, 'case.escalated')).includes('board-chair') ? true : undefined,
        );
        expect(await notified(db, ref, 'case.escalated')).toEqual(['board-chair', 'khalid', 'noura']);
        const events = await db.query<{ type: string; level: number | null }>(
          `SELECT type, (data->>'level')::int AS level FROM events WHERE subject_id = $1 ORDER BY id`,
          [ref],
        );
        expect(events.rows.map((e) => `${e.type}${e.level ? `:${e.level}` : ''}`)).toEqual([
          'request.submitted',
          'request.overdue',
          'request.escalated:2',
          'request.escalated:3',
        ]);
      } finally {
        await spine.runtime.stop();
      }
    });

    it('stops the clock on a decision, survives a restart, and never fires twice with two processes', async () => {
      const clock = new Clock(new Date('2026-11-22T10:00:00+03:00'));
      const db = getDb();
      const prefix = freshQueuePrefix();
      const first = await startSpine(db, prefix, { profile, now: clock.now });
      const decided = await submit(first, 'badr');
      const pending = await submit(first, 'ward');
      await first.runtime.timerDispatcher.kick();
      await first.runtime.caseActions.request(decided, 'startReview', { id: 'noura', roles: ['committee'] });
      await first.runtime.caseActions.request(decided, 'approve', { id: 'noura', roles: ['committee'] });
      await first.runtime.timerDispatcher.kick();
      expect(
        await first.runtime.scheduler.firesAt({ kind: 'deadlineDue', reference: decided }),
      ).toBeUndefined();
      expect(
        await first.runtime.scheduler.firesAt({ kind: 'deadlineDue', reference: pending }),
      ).toBeDefined();
      await first.runtime.stop(); // restart between scheduling and firing

      const a = await startSpine(db, prefix, { profile, now: clock.now });
      const b = await startSpine(db, prefix, { profile, now: clock.now });
      try {
        clock.set('2026-12-14T08:30:00+03:00');
        await a.runtime.scheduler.promoteDue();
        await waitFor('overdue', async () =>
          (await notified(db, pending, 'case.escalated')).length ? true : undefined,
        );
        await new Promise((r) => setTimeout(r, 500));
        expect(await notified(db, pending, 'case.escalated')).toEqual(['noura']);
        expect(await notified(db, decided, 'case.escalated')).toEqual([]);
        const overdueEvents = await db.query(
          `SELECT 1 FROM events WHERE type = 'request.overdue' AND subject_id = $1`,
          [pending],
        );
        expect(overdueEvents.rowCount).toBe(1);
        // The periodic jobs stay single however many processes upserted them.
        const schedulers = await a.runtime.scheduler.queue.getJobSchedulers();
        expect(schedulers.map((s) => s.key).sort()).toEqual([
          'dailyDigest',
          'draftSweep',
          'retention',
          'surveyCampaign',
        ]);
      } finally {
        await a.runtime.stop();
        await b.runtime.stop();
      }
    });

    it('asks for the survey after closing within working hours, once, and again later when the person was busy', async () => {
      const clock = new Clock(new Date('2026-11-22T10:00:00+03:00'));
      const db = getDb();
      const spine = await startSpine(db, freshQueuePrefix(), { profile, now: clock.now });
      const { chat, runtime } = spine;
      /** Reads what the person was sent until nothing more comes. */
      const drain = async (user: string) => {
        const texts: string[] = [];
        for (;;) {
          try {
            texts.push(textOf(await chat.nextReply(user, 1_000)));
          } catch {
            return texts;
          }
        }
      };
      try {
        const ref = await submit(spine, 'rana');
        const noura = { id: 'noura', roles: ['committee' as const] };
        for (const action of ['startReview', 'approve', 'deliver'] as const) {
          await runtime.caseActions.request(ref, action, noura);
        }
        clock.set('2026-11-24T15:00:00+03:00'); // Tuesday afternoon: two hours later is after hours
        await runtime.caseActions.request(ref, 'close', noura);
        const survey = { kind: 'surveyAfterClose' as const, reference: ref };
        const firesAt = await waitFor('the survey timer', () => runtime.scheduler.firesAt(survey));
        expect(firesAt.toISOString()).toBe('2026-11-25T05:00:00.000Z'); // Wednesday 08:00 in Riyadh
        await drain('rana');

        // Wednesday 08:00: the person has just started a new request, so the survey waits.
        clock.set('2026-11-25T08:00:00+03:00');
        await chat.say('rana', '2');
        expect(textOf(await chat.nextReply('rana'))).not.toBe('');
        await runtime.scheduler.promoteDue();
        const retry = await waitFor('the survey put off', () =>
          runtime.scheduler.firesAt({ ...survey, attempt: 2 }),
        );
        expect(retry.toISOString()).toBe('2026-11-25T08:00:00.000Z'); // 11:00 in Riyadh
        expect(await drain('rana')).toEqual([]); // nothing cut into the form

        // Back at the menu by 11:00: the survey about the case starts, and only once.
        await chat.say('rana', 'menu');
        await drain('rana');
        clock.set('2026-11-25T11:00:00+03:00');
        await runtime.scheduler.promoteDue();
        const offered = await waitFor(
          'the survey',
          async () => (await drain('rana')).join('\n') || undefined,
        );
        expect(offered).toContain(`regarding ${ref}`);
        expect(await runtime.clock.handle(survey)).toBe('skipped: not closed or already invited');
        const invitations = await db.query('SELECT 1 FROM survey_invitations WHERE case_reference = $1', [
          ref,
        ]);
        expect(invitations.rowCount).toBe(1);
      } finally {
        await runtime.stop();
      }
    });

    it('reminds an unfinished request once, then expires it politely', async () => {
      const clock = new Clock(new Date('2026-11-22T10:00:00+03:00'));
      const db = getDb();
      const spine = await startSpine(db, freshQueuePrefix(), { profile, now: clock.now });
      try {
        const { chat } = spine;
        for (const t of ['hi', '2', '1', '2', '1', '1', 'Maha Saad']) {
          await chat.say('maha', t);
          await chat.nextReply('maha');
        }
        clock.set('2026-11-22T10:31:00+03:00');
        expect(await spine.runtime.clock.handle({ kind: 'draftSweep' })).toBe(
          'drafts: 1 reminded, 0 expired',
        );
        await spine.runtime.dispatcher.sweep();
        expect(textOf(await chat.nextReply('maha', 15_000))).toContain('unfinished step');
        // Once only: a second sweep in the same silence says nothing.
        expect(await spine.runtime.clock.handle({ kind: 'draftSweep' })).toBe(
          'drafts: 0 reminded, 0 expired',
        );
        clock.set('2026-11-22T11:01:00+03:00');
        expect(await spine.runtime.clock.handle({ kind: 'draftSweep' })).toBe(
          'drafts: 0 reminded, 1 expired',
        );
        const expired = textOf(await chat.nextReply('maha'));
        expect(expired).toContain('ended after a period of inactivity');
        expect(expired).toContain('How can we help you today?');
        const stored = await db.query(`SELECT count(*)::int AS n FROM service_requests`);
        const before = (stored.rows[0] as { n: number }).n;
        await chat.say('maha', '1000000008'); // the old question's answer now reaches the menu, not a request
        await chat.nextReply('maha');
        const after = await db.query(`SELECT count(*)::int AS n FROM service_requests`);
        expect((after.rows[0] as { n: number }).n).toBe(before);
      } finally {
        await spine.runtime.stop();
      }
    });

    it('moves due dates and their timers when a holiday is added', async () => {
      const clock = new Clock(new Date('2026-11-22T10:00:00+03:00'));
      const db = getDb();
      const spine = await startSpine(db, freshQueuePrefix(), { profile, now: clock.now });
      try {
        const ref = await submit(spine, 'sara');
        await spine.runtime.timerDispatcher.kick();
        const moved = await spine.runtime.clock.recomputeDeadlines({
          ...profile.calendar,
          holidays: [{ name: { ar: 'إجازة طارئة' }, from: '2026-12-06', to: '2026-12-08' }],
        });
        expect(moved).toContain(ref);
        const due = await db.query<{ due_date: string }>(
          `SELECT due_date::text AS due_date FROM service_requests WHERE reference = $1`,
          [ref],
        );
        expect(due.rows[0]?.due_date).toBe('2026-12-16'); // three working days later
        await spine.runtime.timerDispatcher.kick();
        const fires = await spine.runtime.scheduler.firesAt({ kind: 'deadlineDue', reference: ref });
        expect(fires?.toISOString()).toBe('2026-12-17T05:00:00.000Z');
      } finally {
        await spine.runtime.stop();
      }
    });
  },
  { migrate: true },
);
