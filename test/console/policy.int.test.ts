import type { FastifyInstance } from 'fastify';
import { PgStaffBotRepository } from '../../src/store/staff-bot-repository';
import { describeEachDatabase } from '../support/databases';
import { Clock } from '../support/test-clock';
import { signIn, startConsole, type ConsoleHarness } from './console-harness';

type Session = { cookie: string; csrf: string };

function call(app: FastifyInstance, s: Session, method: 'GET' | 'POST', url: string, payload?: object) {
  return app.inject({ method, url, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf }, payload });
}

/** The demo profile's policy: its version, and the text the console serves. */
const VERSION = '2026-01';

describeEachDatabase(
  'acknowledging the policy in the console',
  (getDb) => {
    const clock = new Clock(new Date('2026-11-22T07:00:00Z'));
    let h: ConsoleHarness;
    let committee: Session;
    let admin: Session;

    beforeAll(async () => {
      // Nobody has acknowledged anything yet: as on a first day.
      h = await startConsole(getDb(), { now: clock.now, acknowledgePolicy: false });
      committee = await signIn(h.app, 't-committee');
      admin = await signIn(h.app, 't-admin');
    }, 60_000);
    afterAll(() => h?.stop());

    it('shows which policy is in force and that the caller has not acknowledged it', async () => {
      const res = await call(h.app, committee, 'GET', '/api/policy');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        version: VERSION,
        title: 'سياسة تنظيم العلاقة مع المستفيدين (نموذج)',
        url: '/console/policy',
        acknowledgedAt: null,
      });
    });

    it('serves the policy text as a page, escaped, in the caller’s language', async () => {
      const page = await h.app.inject({
        method: 'GET',
        url: '/console/policy',
        headers: { cookie: committee.cookie },
      });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toContain('text/html');
      expect(page.headers['content-security-policy']).toContain("default-src 'none'");
      expect(page.body).toContain('<html lang="ar" dir="rtl">');
      expect(page.body).toContain('<h2>الخصوصية وسرية البيانات</h2>');
      expect(page.body).toContain('<li>لا نطّلع من بيانات المستفيد إلا على ما تحتاجه المهمة التي بين أيدينا');
      expect(page.body).toContain('الإصدار \u20662026-01\u2069');
      expect(page.body).not.toContain('<script');
      const english = await h.app.inject({
        method: 'GET',
        url: '/console/policy',
        headers: { cookie: `${committee.cookie}; tawasul_console_lang=en` },
      });
      expect(english.body).toContain('<h1>Beneficiary relationship policy (demo)</h1>');
      expect(english.body).toContain('<h2>Privacy and confidentiality</h2>');
      // Staff only: without a session, the sign-in page.
      const anonymous = await h.app.inject({
        method: 'GET',
        url: '/console/policy',
        headers: { accept: 'text/html' },
      });
      expect(anonymous.statusCode).toBe(401);
    });

    it('refuses a first action before the acknowledgement (403), but lets them read and sign out', async () => {
      const decide = await call(h.app, committee, 'POST', '/api/cases/REQ-4821-27/actions', {
        action: 'approve',
      });
      expect(decide.statusCode).toBe(403);
      expect(decide.json()).toEqual({
        error: 'ERR_POLICY_ACK_REQUIRED',
        message: 'اقرأ سياسة تنظيم العلاقة مع المستفيدين وأقرّ بها أولًا، ثم أعد المحاولة.',
      });
      const holiday = await call(h.app, admin, 'POST', '/api/admin/holidays', {
        nameAr: 'إجازة',
        from: '2026-12-01',
        to: '2026-12-01',
      });
      expect(holiday.json()).toMatchObject({ error: 'ERR_POLICY_ACK_REQUIRED' });
      const english = await h.app.inject({
        method: 'POST',
        url: '/api/admin/holidays',
        headers: { cookie: `${admin.cookie}; tawasul_console_lang=en`, 'x-csrf-token': admin.csrf },
        payload: { nameAr: 'إجازة', from: '2026-12-01', to: '2026-12-01' },
      });
      expect(english.json<{ message: string }>().message).toBe(
        'Read and acknowledge the beneficiary relationship policy first, then try again.',
      );
      // Reading, and marking one's alerts read, are not actions on anyone's case.
      expect((await call(h.app, committee, 'GET', '/api/cases')).statusCode).toBe(200);
      expect((await call(h.app, committee, 'POST', '/api/alerts/read', { all: true })).statusCode).toBe(200);
      // Signing out is always possible.
      const other = await signIn(h.app, 't-committee');
      expect((await call(h.app, other, 'POST', '/api/auth/logout')).statusCode).toBe(204);
      // The CSRF check still comes first.
      const forged = await h.app.inject({
        method: 'POST',
        url: '/api/policy/ack',
        headers: { cookie: committee.cookie },
        payload: { version: VERSION },
      });
      expect(forged.json()).toMatchObject({ error: 'ERR_CSRF' });
    });

    it('takes the current version only: 409 for another, 400 naming the field for a bad body', async () => {
      const old = await call(h.app, committee, 'POST', '/api/policy/ack', { version: '2025-01' });
      expect(old.statusCode).toBe(409);
      expect(old.json()).toMatchObject({ error: 'ERR_POLICY_VERSION_NOT_CURRENT', current: VERSION });
      const missing = await call(h.app, committee, 'POST', '/api/policy/ack', {});
      expect(missing.statusCode).toBe(400);
      expect(missing.json()).toMatchObject({ error: 'ERR_VALIDATION', issues: [{ path: 'body.version' }] });
      const number = await call(h.app, committee, 'POST', '/api/policy/ack', { version: 2026 });
      expect(number.json()).toMatchObject({ issues: [{ path: 'body.version' }] });
    });

    it('records the acknowledgement with time and version, once; then the actions go through', async () => {
      clock.set('2026-11-22T07:30:00Z');
      const ack = await call(h.app, committee, 'POST', '/api/policy/ack', { version: VERSION });
      expect(ack.statusCode).toBe(200);
      expect(ack.json()).toEqual({ acknowledgedAt: '2026-11-22T07:30:00.000Z' });
      clock.set('2026-11-22T08:00:00Z');
      // Acknowledging again keeps the first time.
      expect((await call(h.app, committee, 'POST', '/api/policy/ack', { version: VERSION })).json()).toEqual({
        acknowledgedAt: '2026-11-22T07:30:00.000Z',
      });
      expect((await call(h.app, committee, 'GET', '/api/policy')).json()).toMatchObject({
        acknowledgedAt: '2026-11-22T07:30:00.000Z',
      });
      const events = await getDb().query<{ actor: string; data: unknown; at: Date }>(
        `SELECT actor, data, at FROM events WHERE type = 'staff.policyAcknowledged' AND subject_id = 't-committee'`,
      );
      expect(events.rows).toEqual([
        {
          actor: 'staff:t-committee',
          data: { version: VERSION, via: 'console' },
          at: new Date('2026-11-22T07:30:00Z'),
        },
      ]);
      // Past the policy, the action meets the case's own rules (a number nobody holds here).
      const decide = await call(h.app, committee, 'POST', '/api/cases/REQ-4821-88/actions', {
        action: 'approve',
      });
      expect(decide.json()).toMatchObject({ error: 'ERR_CASE_NOT_FOUND' });
    });

    it('keeps one record for the console and Telegram: either place counts in the other', async () => {
      const telegram = new PgStaffBotRepository();
      // The committee member acknowledged in the console: the staff bot sees it.
      expect(await telegram.hasAcknowledged(getDb(), 't-committee', VERSION)).toBe(true);
      // The administrator sends /ack to the staff bot: the console lets them act at once.
      await telegram.acknowledge(getDb(), {
        staffId: 't-admin',
        version: VERSION,
        telegramUserId: 5005,
        at: clock.now(),
      });
      const holiday = await call(h.app, admin, 'POST', '/api/admin/holidays', {
        nameAr: 'إجازة',
        from: '2026-12-01',
        to: '2026-12-01',
      });
      expect(holiday.statusCode).toBe(201);
      expect((await call(h.app, admin, 'GET', '/api/policy')).json()).toMatchObject({
        acknowledgedAt: '2026-11-22T08:00:00.000Z',
      });
    });
  },
  { migrate: true },
);
