import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { toNumberedText } from '../../src/channels/numbered-text';
import { loadProfile } from '../../src/config/load-profile';
import type { Profile } from '../../src/config/profile-schema';
import { FsDocumentStore } from '../../src/documents/fs-document-store';
import { makeReference } from '../../src/cases/rules/reference';
import { StaffBot } from '../../src/staff-bot/staff-bot';
import type { Database } from '../../src/store/database';
import { signIn, startConsole, type ConsoleHarness } from '../console/console-harness';
import { describeEachDatabase } from '../support/databases';
import { FakeTelegramApi, type SentMessage } from '../support/fake-telegram-api';
import { DEMO_PROFILE_PATH } from '../support/flow-driver';

const GROUP = -1005550001111;
const FAISAL = 5201; // t-liaison: a liaison officer created in the web console
const HUDA = 5202; // t-volunteer
const NOURA = 5203; // t-committee
const CLOCK = new Date('2026-11-22T10:00:00+03:00');
const PACING = { groupIntervalMs: 20, perChatIntervalMs: 20, globalPerSecond: 30 };

/** A text without the bidi isolation marks put around Latin values in Arabic texts. */
const plain = (text: string) => text.replace(/[\u2066-\u2069]/g, '');

const demo = loadProfile(DEMO_PROFILE_PATH);
const profile: Profile = { ...demo, policy: { version: '2026-1', url: 'https://example.org/policy' } };

async function events(db: Database, subject: string, type: string) {
  const found = await db.query<{ actor: string; data: Record<string, unknown> }>(
    'SELECT actor, data FROM events WHERE subject_id = $1 AND type = $2 ORDER BY id',
    [subject, type],
  );
  return found.rows;
}

async function routedTo(db: Database, reference: string) {
  const found = await db.query<{ routed_to: string | null; routing: string }>(
    'SELECT routed_to, routing FROM handoffs WHERE reference = $1',
    [reference],
  );
  return found.rows[0];
}

/**
 * Run-time assignment of a case to an officer (issue #5): from the Telegram topic (`/assign`) and from
 * the web console, on one service; routing follows officers set up in the console.
 */
describeEachDatabase('assigning a case to a liaison officer at run time', (getDb) => {
  let h: ConsoleHarness;
  let api: FakeTelegramApi;
  let staffBot: StaffBot;
  let dir: string;
  let reference: string;
  let card: SentMessage;

  beforeAll(async () => {
    h = await startConsole(getDb(), { profile, now: () => CLOCK });
    const db = getDb();
    for (const [id, userId] of [
      ['t-liaison', FAISAL],
      ['t-volunteer', HUDA],
      ['t-committee', NOURA],
    ] as const)
      await db.query('UPDATE staff_accounts SET telegram_user_id = $2 WHERE id = $1', [id, userId]);
    api = await FakeTelegramApi.start({ limits: false, botUsername: 'tawasul_staff_bot' });
    api.addGroup(GROUP, { forum: true });
    dir = mkdtempSync(path.join(os.tmpdir(), 'tawasul-assign-'));
    staffBot = new StaffBot({
      token: api.token,
      apiRoot: api.apiRoot,
      groupId: GROUP,
      db,
      profile,
      translator: h.runtime.translator,
      caseActions: h.runtime.caseActions,
      conversations: h.runtime.service,
      documents: new FsDocumentStore(dir),
      logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
      pacing: PACING,
      pollIntervalMs: 100,
      pollTimeoutSeconds: 1,
      now: () => CLOCK,
    });
    await staffBot.start();
  }, 60_000);
  afterAll(async () => {
    await staffBot?.stop();
    await h?.stop();
    await api?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const topicPost = (test: (text: string) => boolean, why: string) =>
    api.waitUntil(
      () => api.sent(GROUP).find((m) => m.threadId === card.threadId && test(plain(m.text))),
      20_000,
      why,
    );
  const say = (userId: number, text: string) =>
    api.postInGroup(GROUP, userId, { text }, { threadId: card.threadId });
  async function acknowledge(userId: number) {
    const before = api.sent(userId).length;
    api.sendText(userId, '/ack');
    await api.waitForSent(userId, before + 1);
  }

  it('routes a handoff to the liaison officer set up in the web console (not in the profile file)', async () => {
    const talk = async (text: string) => {
      await h.chat.say('omar', text);
      return toNumberedText(await h.chat.nextReply('omar'));
    };
    await talk('السلام عليكم');
    await talk('١');
    await talk('أوافق');
    await talk('التحدث مع موظف');
    reference = /HND-\d{4}-\d{2}/.exec(await talk('تخطي'))![0];
    expect(await routedTo(getDb(), reference)).toEqual({ routed_to: 't-liaison', routing: 'liaison' });
    card = await api.waitUntil(
      () => api.sent(GROUP).find((m) => m.text.includes(reference) && m.buttons.length > 0),
      20_000,
      'the card',
    );
    expect(card.threadId).toBeDefined();
  });

  it('lets a committee member reassign it from the topic with /assign; the officer is told privately', async () => {
    const db = getDb();
    await acknowledge(NOURA);
    await acknowledge(HUDA);

    // A volunteer may not hand cases around: refused in the topic, logged and recorded.
    say(HUDA, '/assign t-volunteer');
    await topicPost((t) => t.includes('ليست لديك صلاحية هذا الإجراء'), 'the refusal');
    expect(await events(db, reference, 'staff.refused')).toContainEqual({
      actor: 'staff:t-volunteer',
      data: expect.objectContaining({ code: 'ERR_ROLE_NOT_ALLOWED', action: 'assign' }),
    });
    expect((await routedTo(db, reference))?.routed_to).toBe('t-liaison');

    // Without a name, or with someone who cannot take cases: who can.
    say(NOURA, '/assign');
    const usage = await topicPost((t) => t.includes('/assign') && t.includes(reference), 'the usage');
    expect(usage.text).toContain('t-liaison (Test liaison)');
    expect(usage.text).toContain('t-volunteer (Test volunteer)');
    expect(usage.text).not.toContain('t-manager');
    say(NOURA, '/assign @t-board');
    await topicPost((t) => t.includes('«t-board»'), 'the unknown officer');

    say(NOURA, '/assign @T-Volunteer');
    await topicPost((t) => t.includes(`أُسندت الحالة ${reference} إلى Test volunteer`), 'the assignment');
    expect((await routedTo(db, reference))?.routed_to).toBe('t-volunteer');
    // The card now names her.
    await api.waitUntil(
      () => (plain(card.text).includes('موجّه إلى: Test volunteer') ? true : undefined),
      20_000,
      'the card to name the new officer',
    );
    expect(await events(db, reference, 'case.assigned')).toEqual([
      { actor: 'staff:t-committee', data: { from: 't-liaison', to: 't-volunteer' } },
    ]);
    const alert = await api.waitUntil(
      () => api.sent(HUDA).find((m) => plain(m.text).includes(`أُسندت إليك الحالة ${reference}`)),
      20_000,
      'the private alert',
    );
    expect(plain(alert.text)).toContain('Test committee');
  });

  it('assigns from the web console through the same service; wrong roles and unknown officers are refused', async () => {
    const db = getDb();
    const manager = await signIn(h.app, 't-manager');
    const headers = { cookie: manager.cookie, 'x-csrf-token': manager.csrf };
    const officers = await h.app.inject({ method: 'GET', url: '/api/officers', headers });
    expect(officers.statusCode).toBe(200);
    expect(officers.json().officers.map((o: { id: string }) => o.id)).toEqual(['t-liaison', 't-volunteer']);

    const unknown = await h.app.inject({
      method: 'POST',
      url: `/api/cases/${reference}/assign`,
      headers,
      payload: { officerId: 't-board' },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toBe('ERR_VALIDATION');

    const volunteer = await signIn(h.app, 't-volunteer');
    const refused = await h.app.inject({
      method: 'POST',
      url: `/api/cases/${reference}/assign`,
      headers: { cookie: volunteer.cookie, 'x-csrf-token': volunteer.csrf },
      payload: { officerId: 't-volunteer' },
    });
    expect(refused.statusCode).toBe(403);

    const done = await h.app.inject({
      method: 'POST',
      url: `/api/cases/${reference}/assign`,
      headers,
      payload: { officerId: 't-liaison' },
    });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toEqual({ reference, from: 't-volunteer', to: 't-liaison' });
    expect((await routedTo(db, reference))?.routed_to).toBe('t-liaison');
    expect((await events(db, reference, 'case.assigned')).at(-1)).toEqual({
      actor: 'staff:t-manager',
      data: { from: 't-volunteer', to: 't-liaison' },
    });
    await api.waitUntil(
      () => api.sent(FAISAL).find((m) => plain(m.text).includes(`أُسندت إليك الحالة ${reference}`)),
      20_000,
      'the officer’s private alert',
    );
  });

  it('a request assigned at run time: its deadline reminders reach the officer too', async () => {
    const db = getDb();
    const request = makeReference('REQ', 4, () => 0.3);
    await db.query(
      `INSERT INTO service_requests (reference, service_id, category_id, status, fields, channel, declaration, completed_at, due_date)
       VALUES ($1, 'rent-aid', 'orphans', 'under_review', '{}', 'webchat', '{"hash": "x"}', now(), '2026-12-10')`,
      [request],
    );
    const manager = await signIn(h.app, 't-manager');
    const done = await h.app.inject({
      method: 'POST',
      url: `/api/cases/${request}/assign`,
      headers: { cookie: manager.cookie, 'x-csrf-token': manager.csrf },
      payload: { officerId: 't-liaison' },
    });
    expect(done.json()).toEqual({ reference: request, from: null, to: 't-liaison' });
    expect(
      await h.runtime.clock.handle({ kind: 'deadlineReminder', reference: request, workingDaysBefore: 5 }),
    ).toBe('reminded');
    const reminded = await db.query<{ recipient: string }>(
      `SELECT recipient FROM staff_notifications WHERE subject_id = $1 AND kind = 'deadline.reminder'`,
      [request],
    );
    // t-liaison serves families only: without the assignment an orphans request would not reach them.
    expect(reminded.rows.map((r) => r.recipient)).toContain('t-liaison');
  });
});
