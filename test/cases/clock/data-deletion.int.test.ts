import { DataErasure } from '../../../src/cases/data-erasure';
import { CaseTimers } from '../../../src/cases/rules/case-timers';
import { StaffDirectory } from '../../../src/cases/staff-directory';
import type { InProcessChannel } from '../../../src/channels/inprocess/inprocess-channel';
import type { Database } from '../../../src/store/database';
import { PgEventLog } from '../../../src/store/event-log';
import { PgStaffNotificationRepository } from '../../../src/store/staff-notification-repository';
import { PgTimerRequestRepository } from '../../../src/store/timer-request-repository';
import { describeEachDatabase } from '../../support/databases';
import { freshQueuePrefix, startSpine, startTestTawasul, textOf } from '../../support/spine-harness';
import { Clock, waitFor } from '../../support/test-clock';

// Tuesday 10 March 2026, 10:00 in Riyadh: thirty calendar days later is Thursday 9 April.
const ASKED = '2026-03-10T10:00:00+03:00';
const NOTICE = 'نبدأ الآن تنفيذ طلب حذف بياناتك';

/** Opens a deletion request as `who` from «بياناتي»; returns its reference. */
async function askForDeletion(chat: InProcessChannel, who: string): Promise<string> {
  let last = '';
  for (const input of ['السلام عليكم', '١', 'أوافق', { choiceId: 'my-data' }, 'طلب حذف بياناتي', '1']) {
    await chat.say(who, input);
    last = textOf(await chat.nextReply(who));
  }
  const reference = /DAT-\d{4}-\d{2}/.exec(last)?.[0];
  if (!reference) throw new Error(`no deletion reference in: ${last}`);
  return reference;
}

async function request(db: Database, reference: string) {
  const found = await db.query<{ status: string; linked: boolean }>(
    `SELECT status, beneficiary_id IS NOT NULL AS linked FROM data_requests WHERE reference = $1`,
    [reference],
  );
  return found.rows[0];
}

/** Outbox rows not yet sent (nor given up on). */
const unsent = async (db: Database) =>
  (await db.query(`SELECT 1 FROM outbox WHERE status IN ('pending', 'queued', 'sending')`)).rowCount;

const people = async (db: Database, who: string) =>
  (await db.query('SELECT 1 FROM channel_identities WHERE channel_user_id = $1', [who])).rowCount;

/** The texts `who` has received that carry the erasure notice. */
const notices = (chat: InProcessChannel, who: string) =>
  chat.received(who).filter((m) => textOf(m).includes(NOTICE));

describeEachDatabase(
  'a deletion request carried out by its timer',
  (getDb) => {
    it('erases on its due date, not before, telling the person exactly once before the erasure', async () => {
      const db = getDb();
      const clock = new Clock(new Date(ASKED));
      const { chat, runtime } = await startSpine(db, freshQueuePrefix(), { now: clock.now });
      try {
        const reference = await askForDeletion(chat, 'layla');
        const due = { kind: 'dataDeletionDue' as const, reference };
        // The due date at the hour the office opens: Thursday 9 April 2026, 08:00 in Riyadh.
        const fires = await waitFor('the due-date timer', () => runtime.scheduler.firesAt(due));
        expect(fires.toISOString()).toBe('2026-04-09T05:00:00.000Z');

        // The evening before: the timer does not fire, and one fired early by mistake changes nothing.
        clock.set('2026-04-08T23:59:00+03:00');
        expect(await runtime.scheduler.promoteDue()).toBe(0);
        expect(await runtime.clock.handle(due)).toBe('skipped: not due yet');
        expect(await request(db, reference)).toEqual({ status: 'open', linked: true });
        expect(notices(chat, 'layla')).toEqual([]);

        // The due date: the person is told first, in their language, on their channel.
        clock.set('2026-04-09T08:00:00+03:00');
        expect(await runtime.scheduler.promoteDue()).toBe(1);
        const told = textOf(await chat.nextReply('layla'));
        expect(told).toContain(NOTICE);
        expect(told).toContain(reference);
        expect(await people(db, 'layla')).toBe(1); // not erased before the notice went out
        // A repeated due timer tells nobody twice.
        expect(await runtime.clock.handle(due)).toBe('skipped: already under way');

        // A minute later the erasure looks: the notice went out, so the person is erased.
        const check = { kind: 'dataDeletionErase' as const, reference, attempt: 1 };
        const looks = await waitFor('the first check', () => runtime.scheduler.firesAt(check));
        expect(looks.toISOString()).toBe('2026-04-09T05:01:00.000Z');
        // (The worker records the send just after the channel took it.)
        await waitFor('the notice recorded as sent', async () => (await unsent(db)) === 0 || undefined);
        clock.set('2026-04-09T08:01:00+03:00');
        expect(await runtime.scheduler.promoteDue()).toBe(1);
        await waitFor('the erasure', async () =>
          (await request(db, reference))?.status === 'completed' ? true : undefined,
        );
        expect(await request(db, reference)).toEqual({ status: 'completed', linked: false });
        expect(await people(db, 'layla')).toBe(0);
        const trail = await db.query<{ type: string; actor: string; at: Date }>(
          'SELECT type, actor, at FROM events WHERE subject_id = $1 ORDER BY id',
          [reference],
        );
        expect(trail.rows.map((e) => [e.type, e.actor, new Date(e.at).toISOString()])).toEqual([
          ['data.deletionRequested', expect.stringMatching(/^beneficiary:/), '2026-03-10T07:00:00.000Z'],
          ['data.erasureStarted', 'system:erasure', '2026-04-09T05:00:00.000Z'],
          ['data.erased', 'system:erasure', '2026-04-09T05:01:00.000Z'],
        ]);
        // Administrators are alerted that it ran (the demo's administrator).
        const alerts = await db.query<{ recipient: string; data: unknown }>(
          `SELECT recipient, data FROM staff_notifications WHERE kind = 'data.erased' AND subject_id = $1`,
          [reference],
        );
        expect(alerts.rows).toEqual([{ recipient: 'demo-admin', data: { noticeDelivered: true } }]);

        // Late or repeated timers change nothing, and the person heard about it once.
        expect(await runtime.clock.handle(check)).toBe('skipped: not open');
        expect(await runtime.clock.handle(due)).toBe('skipped: not open');
        await expect(chat.nextReply('layla', 1_000)).rejects.toThrow(/no reply/);
        expect(notices(chat, 'layla')).toHaveLength(1);
      } finally {
        await runtime.stop();
      }
    });

    it('waits for a notice that cannot go out, then erases anyway within hours of the due date', async () => {
      const db = getDb();
      const clock = new Clock(new Date(ASKED));
      const first = await startSpine(db, freshQueuePrefix(), { now: clock.now });
      const reference = await askForDeletion(first.chat, 'omar').finally(() => first.runtime.stop());
      // No outbound worker: the notice is written but never sent (a channel down).
      const runtime = await startTestTawasul(db, {
        channels: { inprocess: true },
        now: clock.now,
        runWorkers: false,
      });
      try {
        clock.set('2026-04-09T08:00:00+03:00');
        const due = { kind: 'dataDeletionDue' as const, reference };
        expect(await runtime.clock.handle(due)).toBe('person told; erasure follows once the notice is sent');
        clock.set('2026-04-09T08:01:00+03:00');
        const check = (attempt: number) => ({ kind: 'dataDeletionErase' as const, reference, attempt });
        expect(await runtime.clock.handle(check(1))).toBe('waiting for the notice');
        expect(await people(db, 'omar')).toBe(1);
        const next = await waitFor('the next check', () => runtime.scheduler.firesAt(check(2)));
        expect(next.toISOString()).toBe('2026-04-09T05:06:00.000Z');

        // Four hours after the notice was queued the legal deadline wins: erased, and the admins are
        // told the person may not have received the notice.
        clock.set('2026-04-09T12:00:00+03:00');
        expect(await runtime.clock.handle(check(2))).toBe('deletion completed');
        expect(await request(db, reference)).toEqual({ status: 'completed', linked: false });
        expect(await people(db, 'omar')).toBe(0);
        const alerts = await db.query<{ data: unknown }>(
          `SELECT data FROM staff_notifications WHERE kind = 'data.erased' AND subject_id = $1`,
          [reference],
        );
        expect(alerts.rows).toEqual([{ data: { noticeDelivered: false } }]);
      } finally {
        await runtime.stop();
      }
    });

    it('alerts the administrators instead where it cannot erase the files, without telling the person', async () => {
      const db = getDb();
      const clock = new Clock(new Date(ASKED));
      const { chat, runtime } = await startSpine(db, freshQueuePrefix(), { now: clock.now });
      try {
        const reference = await askForDeletion(chat, 'maha');
        // The runtime's own due timer must be in BullMQ before the clock reaches its date: handed over
        // later, it would fire at once and tell the person (the reply now comes before the hand-off).
        const due = { kind: 'dataDeletionDue' as const, reference };
        await waitFor('the due-date timer', () => runtime.scheduler.firesAt(due));
        clock.set('2026-04-09T08:00:00+03:00');
        const profile = runtime.profile;
        const erasure = new DataErasure({
          db,
          events: new PgEventLog(),
          notifier: runtime.notifier,
          timerRequests: new PgTimerRequestRepository(),
          staffNotifications: new PgStaffNotificationRepository(),
          directory: new StaffDirectory(profile),
          timers: new CaseTimers(profile),
          now: clock.now,
        });
        expect(await erasure.begin(reference, 'dueDate')).toBe('adminsAlerted');
        expect(await erasure.begin('DAT-0000-00', 'dueDate')).toBe('unknown');
        expect(await request(db, reference)).toEqual({ status: 'open', linked: true });
        const alerts = await db.query<{ recipient: string; kind: string }>(
          'SELECT recipient, kind FROM staff_notifications WHERE subject_id = $1',
          [reference],
        );
        expect(alerts.rows).toEqual([{ recipient: 'demo-admin', kind: 'data.deletionDue' }]);
        await expect(chat.nextReply('maha', 500)).rejects.toThrow(/no reply/);
      } finally {
        await runtime.stop();
      }
    });
  },
  { migrate: true },
);
