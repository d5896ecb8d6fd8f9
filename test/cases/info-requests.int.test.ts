import { loadProfile } from '../../src/config/load-profile';
import type { Profile } from '../../src/config/profile-schema';
import type { Database } from '../../src/store/database';
import { describeEachDatabase } from '../support/databases';
import { DEMO_PROFILE_PATH } from '../support/flow-driver';
import { freshQueuePrefix, startSpine, textOf } from '../support/spine-harness';
import { Clock, waitFor } from '../support/test-clock';

const demo = loadProfile(DEMO_PROFILE_PATH);
const base: Profile = {
  ...demo,
  staff: [
    { id: 'salem', name: 'سالم', roles: ['liaison'], categories: ['families'] },
    { id: 'noura', name: 'نورة', roles: ['committee'], categories: [] },
  ],
  calendar: { ...demo.calendar, holidays: [] },
  reminders: { missingInfo: { everyWorkingDays: 2, max: 2 }, draftDocuments: { everyHours: 2, max: 2 } },
};
const withMode = (onInfoRequest: 'pause' | 'restart'): Profile => ({
  ...base,
  deadlines: { ...base.deadlines, onInfoRequest },
});
const NOURA = { id: 'noura', roles: ['committee' as const] };

type Spine = Awaited<ReturnType<typeof startSpine>>;
const photo = (c: string, mimeType = 'image/png') => ({
  media: [{ kind: 'image' as const, mimeType, sizeBytes: 900, ref: c.repeat(64) }],
});

/** Sends one message and returns the person's next reply as text. */
async function say(spine: Spine, user: string, input: Parameters<Spine['chat']['say']>[1]): Promise<string> {
  await spine.chat.say(user, input);
  return textOf(await spine.chat.nextReply(user));
}

/** A food-basket request, in English, submitted at the clock's time (Sunday 22 Nov 2026 10:00 Riyadh). */
async function submit(spine: Spine, user: string): Promise<string> {
  for (const t of ['hi', '2', '1', '2', '1', '1', 'Amal Saad', '1000000008', '0501234567', '1', '3'])
    await say(spine, user, t);
  await say(spine, user, photo('a'));
  await say(spine, user, '1');
  await say(spine, user, photo('b'));
  await say(spine, user, '1');
  const done = await say(spine, user, '1');
  const ref = /REQ-\d{4}-\d{2}/.exec(done)?.[0];
  if (!ref) throw new Error(`no reference: ${done}`);
  return ref;
}

async function count(db: Database, sql: string, params: unknown[]): Promise<number> {
  const found = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${sql}) q`, params);
  return found.rows[0]?.n ?? 0;
}

/** Texts written to the person that contain `text` (notifications included), however often sent. */
const outboxWith = (db: Database, text: string) =>
  count(db, `SELECT 1 FROM outbox WHERE payload::text LIKE $1`, [`%${text}%`]);

async function recipients(db: Database, reference: string, kind: string): Promise<string[]> {
  const rows = await db.query<{ recipient: string }>(
    `SELECT recipient FROM staff_notifications WHERE subject_id = $1 AND kind = $2 ORDER BY recipient`,
    [reference, kind],
  );
  return rows.rows.map((r) => r.recipient);
}

describeEachDatabase(
  'asking for missing information',
  (getDb) => {
    // Info asked on Thursday 26 Nov with 11 working days left (due Sunday 13 Dec); it arrives Monday 30
    // Nov. Pause: 11 working days from then, Tuesday 15 Dec. Restart: the full 15, Monday 21 Dec.
    it.each([
      ['pause', '2026-12-15', '2026-12-16T05:00:00.000Z'],
      ['restart', '2026-12-21', '2026-12-22T05:00:00.000Z'],
    ] as const)(
      '%s: the person gets the flow, sends a field and a document, the request is back under review with its due date and timers moved',
      async (mode, newDue, dueFires) => {
        const clock = new Clock(new Date('2026-11-22T10:00:00+03:00'));
        const db = getDb();
        const user = `amal-${mode}`;
        const spine = await startSpine(db, freshQueuePrefix(), { profile: withMode(mode), now: clock.now });
        try {
          const ref = await submit(spine, user);
          await spine.runtime.caseActions.request(ref, 'startReview', NOURA);
          expect(textOf(await spine.chat.nextReply(user))).toContain('started studying'); // back at the menu
          clock.set('2026-11-26T10:00:00+03:00');
          const asked = await spine.runtime.caseActions.request(
            ref,
            'askInfo',
            NOURA,
            'The ID copy is unreadable',
            {
              missing: { fields: ['national-id'], documents: ['id-copy'] },
            },
          );
          expect(asked).toMatchObject({ from: 'under_review', to: 'needs_info', notified: true });

          // The notification says what is missing and how; the flow starts, as the person was at the menu.
          const notice = textOf(await spine.chat.nextReply(user));
          expect(notice).toContain(ref);
          expect(notice).toContain('• National ID or Iqama number');
          expect(notice).toContain('• Copy of the ID');
          expect(notice).toContain('The ID copy is unreadable');
          const intro = textOf(await spine.chat.nextReply(user));
          expect(intro).toContain(`To complete your application ${ref}`);
          expect(intro).toContain('(1/1)');

          // The committee's clock stops; the person's reminders start (2 working days: Monday 30 Nov).
          await spine.runtime.timerDispatcher.kick();
          expect(
            await spine.runtime.scheduler.firesAt({ kind: 'deadlineDue', reference: ref }),
          ).toBeUndefined();
          expect(
            (
              await spine.runtime.scheduler.firesAt({ kind: 'infoReminder', reference: ref, round: 1 })
            )?.toISOString(),
          ).toBe('2026-11-30T05:00:00.000Z');
          const stored = await db.query<{ info_request: { workingDaysLeft: number; fields: string[] } }>(
            'SELECT info_request FROM service_requests WHERE reference = $1',
            [ref],
          );
          expect(stored.rows[0]?.info_request).toMatchObject({
            workingDaysLeft: 11,
            fields: ['national-id'],
          });

          // While the request waits, an overdue timer fired late changes nothing.
          expect(await spine.runtime.clock.handle({ kind: 'deadlineDue', reference: ref })).toBe(
            'skipped: waiting for the applicant',
          );

          // Monday: the first reminder, then the person answers (a wrong ID first, a zip file too).
          clock.set('2026-11-30T08:05:00+03:00');
          await spine.runtime.scheduler.promoteDue();
          const reminder = textOf(await spine.chat.nextReply(user, 15_000));
          expect(reminder).toContain(`Reminder: your application ${ref}`);
          expect(reminder).toContain('• Copy of the ID');
          clock.set('2026-11-30T10:00:00+03:00');
          expect(await say(spine, user, '1000000009')).toContain('(1/1)');
          const docs = await say(spine, user, '2345678904');
          expect(docs).toContain('Copy of the ID');
          await spine.chat.say(user, {
            media: [{ kind: 'document', mimeType: 'application/zip', sizeBytes: 10, ref: 'z'.repeat(64) }],
          });
          expect(textOf(await spine.chat.nextReply(user))).toContain('not accepted');
          const summary = await say(spine, user, photo('c', 'image/jpeg'));
          expect(summary).toContain('2345678904');
          const received = await say(spine, user, '1');
          expect(received).toContain(`your application ${ref} is back under review`);

          const row = await db.query<{ status: string; due_date: string; fields: Record<string, unknown> }>(
            `SELECT status, due_date::text AS due_date, fields FROM service_requests WHERE reference = $1`,
            [ref],
          );
          expect(row.rows[0]).toMatchObject({ status: 'under_review', due_date: newDue });
          expect(row.rows[0]?.fields['national-id']).toBe('2345678904');
          expect(row.rows[0]?.fields['full-name']).toBe('Amal Saad');
          expect(
            await count(
              db,
              'SELECT 1 FROM request_documents d JOIN service_requests r ON r.id = d.request_id WHERE r.reference = $1',
              [ref],
            ),
          ).toBe(3);
          const event = await db.query<{ actor: string; data: { dueDate: { to: string; mode: string } } }>(
            `SELECT actor, data FROM events WHERE subject_id = $1 AND type = 'request.infoReceived'`,
            [ref],
          );
          expect(event.rows).toHaveLength(1);
          expect(event.rows[0]?.actor).toMatch(/^beneficiary:/);
          expect(event.rows[0]?.data.dueDate).toMatchObject({ to: newDue, mode });
          expect(await recipients(db, ref, 'request.infoReceived')).toEqual(['noura', 'salem']);

          // Timers: the committee's clock runs again for the new date; the reminders are gone.
          await spine.runtime.timerDispatcher.kick();
          expect(
            (await spine.runtime.scheduler.firesAt({ kind: 'deadlineDue', reference: ref }))?.toISOString(),
          ).toBe(dueFires);
          expect(
            await spine.runtime.scheduler.firesAt({ kind: 'infoReminder', reference: ref, round: 2 }),
          ).toBeUndefined();
          clock.set('2026-12-03T09:00:00+03:00');
          await spine.runtime.scheduler.promoteDue();
          expect(await spine.runtime.clock.handle({ kind: 'infoReminder', reference: ref, round: 2 })).toBe(
            'skipped: not waiting for information',
          );
          // Exactly one notification and one reminder went out.
          expect(await outboxWith(db, `${ref} (Food basket) needs the following`)).toBe(1);
          expect(await outboxWith(db, `Reminder: your application ${ref}`)).toBe(1);
        } finally {
          await spine.runtime.stop();
        }
      },
    );

    it('reminds up to the profile limit, then alerts the staff who asked, then stops', async () => {
      const clock = new Clock(new Date('2026-11-22T10:00:00+03:00'));
      const db = getDb();
      const user = 'badr-silent';
      const spine = await startSpine(db, freshQueuePrefix(), { profile: withMode('pause'), now: clock.now });
      try {
        const ref = await submit(spine, user);
        await spine.runtime.caseActions.request(ref, 'askInfo', NOURA, undefined, {
          missing: { fields: [], documents: ['income-proof'] },
        });
        // Rounds 1 and 2 remind the person; round 3 (one interval after the last) alerts staff.
        const fires: string[] = [];
        for (const round of [1, 2, 3]) {
          await spine.runtime.timerDispatcher.kick();
          const at = await spine.runtime.scheduler.firesAt({ kind: 'infoReminder', reference: ref, round });
          if (!at) throw new Error(`round ${round} not scheduled`);
          fires.push(at.toISOString());
          clock.set(new Date(at.getTime() + 60_000).toISOString());
          await spine.runtime.scheduler.promoteDue();
          await waitFor(`round ${round}`, async () => {
            const done = await count(
              db,
              `SELECT 1 FROM events WHERE subject_id = $1 AND type IN ('request.infoReminded', 'request.infoOverdue')`,
              [ref],
            );
            return done === round ? true : undefined;
          });
        }
        // Sunday 22 → Tuesday 24 → Thursday 26 → Monday 30 Nov, 08:00 Riyadh.
        expect(fires).toEqual([
          '2026-11-24T05:00:00.000Z',
          '2026-11-26T05:00:00.000Z',
          '2026-11-30T05:00:00.000Z',
        ]);
        expect(await outboxWith(db, `Reminder: your application ${ref}`)).toBe(2);
        expect(await recipients(db, ref, 'request.infoOverdue')).toEqual(['noura', 'salem']);
        await spine.runtime.timerDispatcher.kick();
        expect(
          await spine.runtime.scheduler.firesAt({ kind: 'infoReminder', reference: ref, round: 4 }),
        ).toBeUndefined();
        // A round fired twice (a retry) does nothing more.
        expect(await spine.runtime.clock.handle({ kind: 'infoReminder', reference: ref, round: 2 })).toBe(
          'skipped: already sent',
        );
        expect(await outboxWith(db, `Reminder: your application ${ref}`)).toBe(2);
      } finally {
        await spine.runtime.stop();
      }
    });

    it('refuses unknown missing items and an unexplained ask; a reason alone is reminded as it is', async () => {
      const clock = new Clock(new Date('2026-11-22T10:00:00+03:00'));
      const db = getDb();
      const spine = await startSpine(db, freshQueuePrefix(), { profile: withMode('pause'), now: clock.now });
      try {
        const ref = await submit(spine, 'ward-items');
        await expect(
          spine.runtime.caseActions.request(ref, 'askInfo', NOURA, 'why', {
            missing: { fields: ['shoe-size'], documents: [] },
          }),
        ).rejects.toMatchObject({ code: 'ERR_UNKNOWN_MISSING_ITEM' });
        await expect(spine.runtime.caseActions.request(ref, 'askInfo', NOURA)).rejects.toMatchObject({
          code: 'ERR_REASON_REQUIRED',
        });
        const status = await db.query<{ status: string }>(
          'SELECT status FROM service_requests WHERE reference = $1',
          [ref],
        );
        expect(status.rows[0]?.status).toBe('submitted');
        // A reason alone: no flow to offer (nothing named), and the reminder repeats the reason.
        await spine.runtime.caseActions.request(ref, 'askInfo', NOURA, 'Which branch did you visit?');
        clock.set('2026-11-24T08:05:00+03:00');
        expect(await spine.runtime.clock.handle({ kind: 'infoReminder', reference: ref, round: 1 })).toBe(
          'reminded 1',
        );
        expect(
          await outboxWith(db, 'still waiting for the information asked for: Which branch did you visit?'),
        ).toBe(1);
      } finally {
        await spine.runtime.stop();
      }
    });
  },
  { migrate: true },
);

describeEachDatabase(
  'a draft gathering its documents',
  (getDb) => {
    it('is reminded every interval up to the limit instead of expiring after an hour, then expires politely', async () => {
      const clock = new Clock(new Date('2026-11-22T10:00:00+03:00'));
      const db = getDb();
      const spine = await startSpine(db, freshQueuePrefix(), { profile: base, now: clock.now });
      const sweep = () => spine.runtime.clock.handle({ kind: 'draftSweep' });
      try {
        for (const t of ['hi', '2', '1', '2', '1', '1', 'Maha Saad', '1000000008', '0501234567', '1', '3'])
          await say(spine, 'maha', t);
        for (const t of ['hi', '2', '1', '2', '1', '1', 'Huda Saad', '1000000008', '0501234567', '1', '3'])
          await say(spine, 'huda', t);
        // An hour and more of silence: a form elsewhere would have expired; this one waits (2 h interval).
        clock.set('2026-11-22T11:30:00+03:00');
        expect(await sweep()).toBe('drafts: 0 reminded, 0 expired');
        clock.set('2026-11-22T12:01:00+03:00');
        expect(await sweep()).toBe('drafts: 2 reminded, 0 expired');
        await spine.runtime.dispatcher.sweep();
        expect(textOf(await spine.chat.nextReply('maha', 15_000))).toContain(
          'still waiting for the documents',
        );
        expect(textOf(await spine.chat.nextReply('huda', 15_000))).toContain(
          'still waiting for the documents',
        );
        expect(await sweep()).toBe('drafts: 0 reminded, 0 expired');
        // Huda sends a document three hours in: the draft is alive and takes it.
        clock.set('2026-11-22T13:00:00+03:00');
        expect(await say(spine, 'huda', photo('h'))).toContain('Which document');
        clock.set('2026-11-22T14:01:00+03:00');
        expect(await sweep()).toBe('drafts: 1 reminded, 0 expired');
        expect(textOf(await spine.chat.nextReply('maha', 15_000))).toContain(
          'still waiting for the documents',
        );
        // Maha has had both her reminders; Huda's silence since her document counts afresh.
        clock.set('2026-11-22T15:30:00+03:00');
        expect(await sweep()).toBe('drafts: 1 reminded, 0 expired');
        clock.set('2026-11-22T16:01:00+03:00');
        expect(await sweep()).toBe('drafts: 0 reminded, 1 expired');
        const expired = textOf(await spine.chat.nextReply('maha'));
        expect(expired).toContain('waited a long time for your application');
        expect(expired).toContain('How can we help you today?');
        expect(
          await count(
            db,
            `SELECT 1 FROM outbox WHERE payload::text LIKE '%still waiting for the documents%'`,
            [],
          ),
        ).toBe(4);
      } finally {
        await spine.runtime.stop();
      }
    });
  },
  { migrate: true },
);
