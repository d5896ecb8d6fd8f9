import type { FastifyInstance } from 'fastify';
import { PgStaffNotificationRepository } from '../../src/store/staff-notification-repository';
import { describeEachDatabase } from '../support/databases';
import { Clock } from '../support/test-clock';
import { signIn, startConsole, type ConsoleHarness } from './console-harness';

type Session = { cookie: string; csrf: string };
interface AlertsAnswer {
  unread: number;
  items: {
    id: string;
    kind: string;
    text: string;
    subjectType: string | null;
    subjectId: string | null;
    link: string | null;
    createdAt: string;
    read: boolean;
  }[];
}

function call(app: FastifyInstance, s: Session, method: 'GET' | 'POST', url: string, payload?: object) {
  return app.inject({
    method,
    url,
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    payload,
  });
}

const alertsOf = async (app: FastifyInstance, s: Session, query = '') =>
  (await call(app, s, 'GET', `/api/alerts${query}`)).json<AlertsAnswer>();

describeEachDatabase(
  'staff alerts in the console',
  (getDb) => {
    // Sunday 22 November 2026, 10:00 in Riyadh; the test moves it.
    const clock = new Clock(new Date('2026-11-22T07:00:00Z'));
    let h: ConsoleHarness;
    let committee: Session;
    let manager: Session;
    let liaison: Session;
    let notifications: PgStaffNotificationRepository;

    beforeAll(async () => {
      h = await startConsole(getDb(), { now: clock.now });
      committee = await signIn(h.app, 't-committee');
      manager = await signIn(h.app, 't-manager');
      liaison = await signIn(h.app, 't-liaison');
      notifications = new PgStaffNotificationRepository(clock.now);
    }, 60_000);
    afterAll(() => h?.stop());

    it('lists the alerts the clocks write (no Telegram here): to the member by id or to one of their roles', async () => {
      const db = getDb();
      await db.query(
        `INSERT INTO service_requests (reference, service_id, category_id, status, fields, channel, declaration,
           completed_at, due_date)
         VALUES ('REQ-7301-54', 'rent-aid', 'families', 'under_review', '{}', 'inprocess', '{}', $1, '2026-11-19')`,
        [clock.now()],
      );
      // The escalation ladder's first level: the follow-up committee, by the clock job Telegram shows today.
      expect(
        await h.runtime.clock.handle({
          kind: 'escalate',
          subject: 'request',
          reference: 'REQ-7301-54',
          level: 1,
        }),
      ).toBe('escalated to committee');
      clock.set('2026-11-22T07:05:00Z');
      await notifications.add(db, [
        {
          recipient: 'role:committee',
          kind: 'data.deletionDue',
          subjectType: 'data_request',
          subjectId: 'DAT-1234-56',
          dedupeKey: 'a1',
        },
        {
          recipient: 't-liaison',
          kind: 'case.assigned',
          subjectType: 'complaint',
          subjectId: 'CMP-1234-56',
          data: { by: 'نورة' },
          dedupeKey: 'a2',
        },
        {
          recipient: 'role:manager',
          kind: 'digest.daily',
          data: {
            date: '2026-11-22',
            new_requests: 3,
            new_complaints: 1,
            overdue: 1,
            escalated: 0,
            satisfaction: { average: '4.25', answers: 4 },
          },
          dedupeKey: 'a3',
        },
        {
          recipient: 't-committee',
          kind: 'volunteer.signedUp',
          subjectType: 'volunteer',
          subjectId: 'VOL-1234-56',
          dedupeKey: 'a4',
        },
      ]);

      const mine = await alertsOf(h.app, committee);
      expect(mine.unread).toBe(3);
      expect(mine.items.map((i) => [i.kind, i.subjectId, i.link, i.read])).toEqual([
        ['volunteer.signedUp', 'VOL-1234-56', '/console/volunteers', false],
        ['data.deletionDue', 'DAT-1234-56', '/console/data-requests', false],
        ['case.escalated', 'REQ-7301-54', '/console/cases/REQ-7301-54', false],
      ]);
      // Times are the runtime's clock, not the database's.
      expect(mine.items.map((i) => i.createdAt)).toEqual([
        '2026-11-22T07:05:00.000Z',
        '2026-11-22T07:05:00.000Z',
        '2026-11-22T07:00:00.000Z',
      ]);
      // In the caller's language (Arabic unless they chose English), each kind in its own words.
      expect(mine.items[2]!.text).toBe(
        'تصعيد: الطلب \u2066REQ-7301-54\u2069 تجاوز موعده (الخميس 9 جمادى الآخرة 1448هـ الموافق 19 نوفمبر 2026م)، ورُفع إلى لجنة المتابعة (المستوى 1).',
      );
      expect(mine.items[0]!.text).toBe('طلب تطوع جديد \u2066VOL-1234-56\u2069: تواصل مع صاحبه.');
      const english = await h.app.inject({
        method: 'GET',
        url: '/api/alerts',
        headers: { cookie: `${manager.cookie}; tawasul_console_lang=en` },
      });
      expect(english.json<AlertsAnswer>().items.map((i) => i.text)).toEqual([
        'Summary of 2026-11-22 — new requests: 3; new complaints: 1; overdue requests: 1; escalated complaints: 0; average satisfaction (of 5): 4.3.',
      ]);
      expect(english.json<AlertsAnswer>().items[0]!.link).toBe('/console/dashboard');
      // Someone else's alert is theirs alone.
      expect((await alertsOf(h.app, liaison)).items.map((i) => i.text)).toEqual([
        'أُسندت إليك الحالة \u2066CMP-1234-56\u2069 (بواسطة نورة).',
      ]);
      // The Telegram copy is still waiting for a staff bot: nothing here sends or drops it.
      const statuses = await db.query<{ status: string }>(
        `SELECT DISTINCT status FROM staff_notifications WHERE subject_id = 'REQ-7301-54'`,
      );
      expect(statuses.rows).toEqual([{ status: 'pending' }]);
    });

    it('marks alerts read per staff member, one by one or all at once, and only their own', async () => {
      const before = await alertsOf(h.app, committee);
      const escalation = before.items.find((i) => i.kind === 'case.escalated')!;
      const liaisonAlert = (await alertsOf(h.app, liaison)).items[0]!;
      clock.set('2026-11-22T08:00:00Z');
      const read = await call(h.app, committee, 'POST', '/api/alerts/read', {
        ids: [escalation.id, liaisonAlert.id],
      });
      expect(read.statusCode).toBe(200);
      expect(read.json()).toEqual({ unread: 2 });
      // Not hers to mark: the liaison officer's alert stays unread for him.
      expect((await alertsOf(h.app, liaison)).unread).toBe(1);
      const unread = await alertsOf(h.app, committee, '?unread=true&limit=50');
      expect(unread.items.map((i) => i.kind)).toEqual(['volunteer.signedUp', 'data.deletionDue']);
      expect((await alertsOf(h.app, committee)).items.find((i) => i.id === escalation.id)!.read).toBe(true);
      const marks = await getDb().query<{ staff_id: string; read_at: Date }>(
        'SELECT staff_id, read_at FROM staff_alert_reads WHERE notification_id = $1',
        [escalation.id],
      );
      expect(marks.rows).toEqual([{ staff_id: 't-committee', read_at: new Date('2026-11-22T08:00:00Z') }]);

      expect((await call(h.app, committee, 'POST', '/api/alerts/read', { all: true })).json()).toEqual({
        unread: 0,
      });
      expect((await alertsOf(h.app, committee, '?unread=true')).items).toEqual([]);
      // A role's alert is read or unread for each of its members separately.
      expect((await alertsOf(h.app, manager)).unread).toBe(1);
    });

    it('pages older alerts with `before`', async () => {
      const all = await alertsOf(h.app, committee);
      const page = await alertsOf(h.app, committee, `?limit=1&before=${all.items[0]!.id}`);
      expect(page.items.map((i) => i.id)).toEqual([all.items[1]!.id]);
    });

    it('refuses what does not fit, naming the field: 400', async () => {
      const bad = async (payload: object) => {
        const res = await call(h.app, committee, 'POST', '/api/alerts/read', payload);
        expect(res.statusCode).toBe(400);
        return res.json<{ error: string; issues: { path: string }[] }>();
      };
      expect(await bad({ ids: ['seven'] })).toMatchObject({
        error: 'ERR_VALIDATION',
        issues: [{ path: 'body.ids.0' }],
      });
      expect((await bad({})).issues).toEqual([{ path: 'body.ids', message: expect.any(String) }]);
      expect((await bad({ ids: ['1'], all: true })).issues[0]!.path).toBe('body.ids');
      expect((await bad({ all: false })).issues[0]!.path).toBe('body.all');
      const query = await call(h.app, committee, 'GET', '/api/alerts?limit=0');
      expect(query.statusCode).toBe(400);
      expect(query.json<{ issues: { path: string }[] }>().issues[0]!.path).toBe('query.limit');
      // Without a session: 401; without the CSRF token: 403.
      expect((await h.app.inject({ method: 'GET', url: '/api/alerts' })).statusCode).toBe(401);
      const noCsrf = await h.app.inject({
        method: 'POST',
        url: '/api/alerts/read',
        headers: { cookie: committee.cookie },
        payload: { all: true },
      });
      expect(noCsrf.json()).toMatchObject({ error: 'ERR_CSRF' });
    });

    it('leaves alerts too old for Telegram to the console: skipped there, still listed here', async () => {
      const db = getDb();
      clock.set('2026-12-01T07:00:00Z');
      await notifications.add(db, [
        {
          recipient: 't-committee',
          kind: 'case.assigned',
          subjectId: 'REQ-1111-01',
          data: { by: 'x' },
          dedupeKey: 'b1',
        },
      ]);
      // The staff bot's pass nine days after the first alerts: those are past its three-day window.
      const skipped = await notifications.skipOlderThan(db, new Date(clock.now().getTime() - 3 * 86_400_000));
      expect(skipped).toBeGreaterThanOrEqual(5);
      const left = await db.query<{ subject_id: string; status: string }>(
        `SELECT subject_id, status FROM staff_notifications WHERE status = 'pending'`,
      );
      expect(left.rows).toEqual([{ subject_id: 'REQ-1111-01', status: 'pending' }]);
      // Nine days on, the morning's session has long ended: a new one.
      const listed = await alertsOf(h.app, await signIn(h.app, 't-committee'));
      expect(listed.items[0]).toMatchObject({ subjectId: 'REQ-1111-01', read: false });
      expect(listed.items.map((i) => i.subjectId)).toContain('REQ-7301-54');
    });
  },
  { migrate: true },
);
