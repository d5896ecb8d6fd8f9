import type { Tawasul } from '../../src/app/start-tawasul';
import { InProcessChannel } from '../../src/channels/inprocess/inprocess-channel';
import { loadProfile } from '../../src/config/load-profile';
import type { Profile } from '../../src/config/profile-schema';
import type { Database } from '../../src/store/database';
import { describeEachDatabase } from '../support/databases';
import { DEMO_PROFILE_PATH } from '../support/flow-driver';
import { freshQueuePrefix, startTestTawasul, textOf } from '../support/spine-harness';
import { signIn, startConsole, type ConsoleHarness } from './console-harness';
import { waitFor } from '../support/test-clock';

const demo = loadProfile(DEMO_PROFILE_PATH);
const profile: Profile = { ...demo, calendar: { ...demo.calendar, holidays: [] } };
/** Sunday 22 November 2026, 10:00 in Riyadh. */
const CLOCK = new Date('2026-11-22T10:00:00+03:00');
/** 15 working days after Sunday 22 Nov 2026 (Friday–Saturday weekend, no holidays). */
const DUE_WITHOUT_HOLIDAY = '2026-12-13';
/** The same with Sunday 29 Nov – Thursday 3 Dec off: five working days later. */
const DUE_WITH_HOLIDAY = '2026-12-20';

/** Submits a food-basket request in the chat; returns its reference. */
async function submit(chat: InProcessChannel, user: string): Promise<string> {
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

/** Files a staff-conduct complaint in the chat; returns its reference. */
async function complain(chat: InProcessChannel, user: string): Promise<string> {
  const say = async (text: string) => {
    await chat.say(user, text);
    return textOf(await chat.nextReply(user));
  };
  for (const t of [
    'hi',
    '2',
    '1',
    'Complaint / suggestion / compensation claim',
    'Complaint',
    'Staff conduct',
  ])
    await say(t);
  await say('The receptionist was rude to my mother on Sunday morning.');
  await say('Continue without attachments');
  const done = await say('Yes, send it');
  const ref = /CMP-\d{4}-\d{2}/.exec(done)?.[0];
  if (!ref) throw new Error(`no reference: ${done}`);
  return ref;
}

async function dueOf(db: Database, reference: string): Promise<string | undefined> {
  const table = reference.startsWith('CMP-') ? 'complaints' : 'service_requests';
  const found = await db.query<{ due_date: string }>(
    `SELECT due_date::text AS due_date FROM ${table} WHERE reference = $1`,
    [reference],
  );
  return found.rows[0]?.due_date;
}

describeEachDatabase('holiday changes reach every runtime without a restart', (getDb) => {
  let h: ConsoleHarness;
  let second: Tawasul | undefined;
  // Both processes share the Redis queues, as processes of one installation do: a timer planned by one
  // and moved by the other is one job.
  const queuePrefix = freshQueuePrefix();

  beforeAll(async () => {
    h = await startConsole(getDb(), { profile, now: () => CLOCK, queuePrefix });
  }, 60_000);
  afterAll(async () => {
    await second?.stop();
    await h?.stop();
  });

  it('a holiday added in the console moves the due date of a request submitted right after, here and in another process', async () => {
    const db = getDb();
    const before = await submit(h.chat, 'amal');
    expect(await dueOf(db, before)).toBe(DUE_WITHOUT_HOLIDAY);

    const admin = await signIn(h.app, 't-admin');
    const added = await h.app.inject({
      method: 'POST',
      url: '/api/admin/holidays',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      payload: { nameAr: 'إجازة طارئة', from: '2026-11-29', to: '2026-12-03' },
    });
    expect(added.statusCode).toBe(201);
    expect(added.json().moved).toEqual([before]);
    expect(await dueOf(db, before)).toBe(DUE_WITH_HOLIDAY);

    // The same process, no restart: the new request counts the holiday, and so do its timers.
    const after = await submit(h.chat, 'badr');
    expect(await dueOf(db, after)).toBe(DUE_WITH_HOLIDAY);
    await h.runtime.timerDispatcher.kick();
    const fires = await h.runtime.scheduler.firesAt({ kind: 'deadlineDue', reference: after });
    expect(fires?.toISOString()).toBe('2026-12-21T05:00:00.000Z'); // Monday 21 Dec, 08:00 Riyadh

    // A second app process on the same database, started with the file's profile (no holiday in it),
    // reading the holiday table often. It takes over the chat (both processes reach the same people,
    // as processes sharing real channels do): what is said from now on is handled there.
    second = await startTestTawasul(db, {
      profile,
      channels: { extra: [h.chat] },
      queuePrefix,
      now: () => CLOCK,
      tuning: { holidayRefreshMs: 200 },
    });
    const other = second;
    await waitFor('the second runtime to see the holiday', async () =>
      other.holidays.snapshot().holidays.some((x) => x.from === '2026-11-29') ? true : undefined,
    );
    const elsewhere = await submit(h.chat, 'ward');
    expect(await dueOf(db, elsewhere)).toBe(DUE_WITH_HOLIDAY);
  });

  it('a process that learns of a change late moves what it counted in the meantime', async () => {
    const db = getDb();
    const early = await submit(h.chat, 'sara');
    expect(await dueOf(db, early)).toBe(DUE_WITH_HOLIDAY);
    // Another process adds a holiday and recomputes before this request existed; only this runtime's
    // periodic read of the table can move it.
    await db.query(
      `INSERT INTO holidays (name_ar, from_date, to_date, created_by) VALUES ('يوم إضافي', '2026-12-06', '2026-12-06', 't-admin')`,
    );
    expect(
      await waitFor('the due date to move', async () =>
        (await dueOf(db, early)) === '2026-12-21' ? true : undefined,
      ),
    ).toBe(true);
    const moved = await db.query<{ data: { from: string; to: string } }>(
      `SELECT data FROM events WHERE subject_id = $1 AND type = 'request.dueMoved'`,
      [early],
    );
    expect(moved.rows.map((r) => r.data)).toContainEqual({ from: DUE_WITH_HOLIDAY, to: '2026-12-21' });
  });

  it('moves open complaints’ due dates and escalation timers too, and tells each person a moved date once', async () => {
    const db = getDb();
    const request = await submit(h.chat, 'nada');
    const complaint = await complain(h.chat, 'huda');
    // Ten working days from Sunday 22 Nov, past the holidays of 29 Nov – 3 Dec and 6 Dec.
    expect(await dueOf(db, complaint)).toBe('2026-12-14');
    const requestDue = await dueOf(db, request);

    const admin = await signIn(h.app, 't-admin');
    const added = await h.app.inject({
      method: 'POST',
      url: '/api/admin/holidays',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      payload: { nameAr: 'يوم وطني', from: '2026-12-08', to: '2026-12-08' },
    });
    expect(added.statusCode).toBe(201);
    expect(await dueOf(db, complaint)).toBe('2026-12-15');
    expect(await dueOf(db, request)).not.toBe(requestDue);
    // Whichever runtime's dispatcher claims the moved timer, it moves the one job both share.
    const escalation = { kind: 'escalate', subject: 'complaint', reference: complaint, level: 1 } as const;
    await h.runtime.timerDispatcher.kick();
    await second?.timerDispatcher.kick();
    const fires = await h.runtime.scheduler.firesAt(escalation);
    expect(fires?.toISOString()).toBe('2026-12-16T05:00:00.000Z'); // Wednesday 16 Dec, 08:00 Riyadh

    expect(textOf(await h.chat.nextReply('huda'))).toContain(
      `The answer to your ticket ${complaint} is now due by`,
    );
    expect(textOf(await h.chat.nextReply('nada'))).toContain(
      `The decision date of your application ${request} has moved to`,
    );
    // Both runtimes recounted (the console's at once, the other on its next read): one move, one notice each.
    await waitFor('the second runtime to see the holiday', async () =>
      second?.holidays.snapshot().holidays.some((x) => x.from === '2026-12-08') ? true : undefined,
    );
    expect(await h.runtime.clock.recomputeDeadlines(h.runtime.holidays.snapshot())).toEqual([]);
    const moves = await db.query<{ subject_id: string; type: string }>(
      `SELECT subject_id, type FROM events WHERE subject_id = ANY($1::text[]) AND type LIKE '%.dueMoved'`,
      [[request, complaint]],
    );
    expect(moves.rows.sort((a, b) => a.type.localeCompare(b.type))).toEqual([
      { subject_id: complaint, type: 'complaint.dueMoved' },
      { subject_id: request, type: 'request.dueMoved' },
    ]);
  });
});
