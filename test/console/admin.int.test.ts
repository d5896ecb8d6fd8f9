import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ALL_CONSOLE_ERROR_CODES } from '../../src/console/http/console-errors';
import type { WhatsAppStatusSource } from '../../src/console/console-options';
import { loadProfile } from '../../src/config/load-profile';
import { describeEachDatabase } from '../support/databases';
import { DEMO_PROFILE_PATH } from '../support/flow-driver';
import { cookieFrom, signIn, startConsole, type ConsoleHarness } from './console-harness';

type Session = { cookie: string; csrf: string };

describeEachDatabase(
  'console administration',
  (getDb) => {
    let h: ConsoleHarness;
    let admin: Session;
    let whatsapp: ReturnType<WhatsAppStatusSource['status']> = {
      state: 'qr',
      qr: '2@Yk9wZXJhdGlvbnM=,abc,def',
      since: new Date('2025-03-25T05:00:00Z'),
    };
    const call = (
      s: Session,
      method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT',
      url: string,
      payload?: object,
    ) => h.app.inject({ method, url, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf }, payload });

    beforeAll(async () => {
      const demo = loadProfile(DEMO_PROFILE_PATH);
      h = await startConsole(getDb(), {
        // The computed Saudi holidays off: the Eid this test adds in the console is the only one.
        profile: {
          ...demo,
          calendar: { ...demo.calendar, saudiHolidays: { ...demo.calendar.saudiHolidays, enabled: false } },
        },
        now: () => new Date('2025-03-25T06:00:00Z'),
        whatsapp: { status: () => whatsapp },
      });
      admin = await signIn(h.app, 't-admin');
    }, 60_000);
    afterAll(() => h?.stop());

    it('adds and removes a holiday; open requests’ deadlines move with it, each move on the record', async () => {
      const liaison = await signIn(h.app, 't-liaison');
      const intake = await call(liaison, 'POST', '/api/intake', {
        kind: 'request',
        channel: 'visit',
        mobile: '0551234567',
        fullName: 'Huda',
        serviceId: 'rent-aid',
        fields: {
          'full-name': 'Huda Ali',
          'national-id': '2345678904',
          mobile: '0551234567',
          'monthly-rent': '2500',
        },
        documentsSeen: ['id-copy', 'lease'],
        declaration: 'signedForm',
      });
      const ref = intake.json().reference as string;
      expect(intake.json().dueDate).toBe('2025-04-15');

      const added = await call(admin, 'POST', '/api/admin/holidays', {
        nameAr: 'إجازة عيد الفطر',
        nameEn: 'Eid al-Fitr holiday',
        from: '2025-03-30',
        to: '2025-04-02',
      });
      expect(added.statusCode).toBe(201);
      expect(added.json()).toEqual({ id: expect.any(String), moved: [ref] });
      const due = async () =>
        (
          await getDb().query<{ due: string }>(
            'SELECT due_date::text AS due FROM service_requests WHERE reference = $1',
            [ref],
          )
        ).rows[0]!.due;
      expect(await due()).toBe('2025-04-21');
      const list = (await call(admin, 'GET', '/api/admin/holidays')).json().holidays as {
        id: string | null;
        source: string;
        from: string;
      }[];
      expect(list.filter((x) => x.source === 'console')).toEqual([
        {
          id: added.json().id,
          name: { ar: 'إجازة عيد الفطر', en: 'Eid al-Fitr holiday' },
          from: '2025-03-30',
          to: '2025-04-02',
          source: 'console',
        },
      ]);
      expect(list.filter((x) => x.source === 'profile').every((x) => x.id === null)).toBe(true);

      const removed = await call(admin, 'DELETE', `/api/admin/holidays/${added.json().id}`);
      expect(removed.json()).toEqual({ moved: [ref] });
      expect(await due()).toBe('2025-04-15');
      expect((await call(admin, 'DELETE', `/api/admin/holidays/${added.json().id}`)).json().error).toBe(
        'ERR_NOT_FOUND',
      );
      const events = await getDb().query(
        `SELECT actor, type, data FROM events WHERE type LIKE 'calendar.%' OR (subject_id = $1 AND type = 'request.dueMoved') ORDER BY id`,
        [ref],
      );
      expect(events.rows).toEqual([
        {
          actor: 'staff:t-admin',
          type: 'calendar.holidayAdded',
          data: { name: 'إجازة عيد الفطر', from: '2025-03-30', to: '2025-04-02' },
        },
        {
          actor: 'system:calendar',
          type: 'request.dueMoved',
          data: { from: '2025-04-15', to: '2025-04-21' },
        },
        {
          actor: 'staff:t-admin',
          type: 'calendar.holidayRemoved',
          data: { name: 'إجازة عيد الفطر', from: '2025-03-30', to: '2025-04-02' },
        },
        {
          actor: 'system:calendar',
          type: 'request.dueMoved',
          data: { from: '2025-04-21', to: '2025-04-15' },
        },
      ]);
    });

    it('creates staff accounts and changes their roles; the last administrator keeps the role', async () => {
      const created = await call(admin, 'POST', '/api/admin/staff', {
        id: 'huda-liaison',
        displayName: 'Huda',
        roles: ['liaison'],
        categories: ['orphans'],
        password: 'a long enough password',
      });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({
        id: 'huda-liaison',
        roles: ['liaison'],
        categories: ['orphans'],
        active: true,
        hasPassword: true,
      });
      expect(created.json()).not.toHaveProperty('passwordHash');
      expect(
        (
          await call(admin, 'POST', '/api/admin/staff', {
            id: 'huda-liaison',
            displayName: 'x',
            roles: ['board'],
          })
        ).json().error,
      ).toBe('ERR_STAFF_EXISTS');
      expect(
        (
          await call(admin, 'POST', '/api/admin/staff', {
            id: 'weak',
            displayName: 'x',
            roles: ['board'],
            password: 'short',
          })
        ).json().error,
      ).toBe('ERR_WEAK_PASSWORD');
      const huda = await signIn(h.app, 'huda-liaison', 'a long enough password');
      const patched = await call(admin, 'PATCH', '/api/admin/staff/huda-liaison', {
        roles: ['liaison', 'committee'],
        categories: ['families'],
      });
      expect(patched.json()).toMatchObject({ roles: ['liaison', 'committee'], categories: ['families'] });
      // Her open session has the new roles at once.
      expect((await call(huda, 'GET', '/api/auth/me')).json().staff.roles).toEqual(['liaison', 'committee']);
      const lastAdmin = await call(admin, 'PATCH', '/api/admin/staff/t-admin', { roles: ['manager'] });
      expect(lastAdmin.statusCode).toBe(409);
      expect(lastAdmin.json().error).toBe('ERR_LAST_ADMIN');
      expect((await call(admin, 'PATCH', '/api/admin/staff/t-admin', { active: false })).json().error).toBe(
        'ERR_LAST_ADMIN',
      );
      const reset = await call(admin, 'POST', '/api/admin/staff/huda-liaison/password', {
        password: 'another long password',
      });
      expect(reset.statusCode).toBe(204);
      expect((await call(huda, 'GET', '/api/auth/me')).statusCode).toBe(401);
      const again = await signIn(h.app, 'huda-liaison', 'another long password');
      expect((await call(admin, 'DELETE', '/api/admin/staff/huda-liaison/sessions')).json()).toEqual({
        ended: 1,
      });
      expect((await call(again, 'GET', '/api/auth/me')).statusCode).toBe(401);
      const audit = await getDb().query(
        `SELECT type FROM events WHERE subject_type = 'staff_account' AND subject_id = 'huda-liaison' ORDER BY id`,
      );
      expect(audit.rows.map((r) => r.type)).toEqual([
        'staff.created',
        'staff.updated',
        'staff.passwordSet',
        'staff.signedOut',
      ]);
    });

    it('shows the WhatsApp session, with the QR code while a scan is needed', async () => {
      const qr = (await call(admin, 'GET', '/api/admin/whatsapp')).json();
      expect(qr).toMatchObject({
        configured: true,
        api: 'web',
        state: 'qr',
        since: '2025-03-25T05:00:00.000Z',
      });
      expect(qr.qrImage).toMatch(/^data:image\/svg\+xml;base64,/);
      expect(Buffer.from(qr.qrImage.split(',')[1], 'base64').toString('utf8')).toMatch(/^<svg[^>]*viewBox/);
      whatsapp = { state: 'ready', since: new Date('2025-03-25T05:01:00Z') };
      expect((await call(admin, 'GET', '/api/admin/whatsapp')).json()).toEqual({
        configured: true,
        api: 'web',
        state: 'ready',
        since: '2025-03-25T05:01:00.000Z',
      });
    });

    it('shows the profile in force, read-only', async () => {
      const res = await call(admin, 'GET', '/api/admin/profile');
      expect(res.json().profile.association).toEqual(h.profile.association);
      expect(
        h.routes.some((r) => r.url === '/api/admin/profile' && r.method !== 'GET' && r.method !== 'HEAD'),
      ).toBe(false);
    });

    it('mounts Bull Board for administrators, its state changes carrying the session’s CSRF token', async () => {
      const page = await call(admin, 'GET', '/console/queues');
      expect(page.statusCode).toBe(200);
      const xsrf = cookieFrom(page.headers['set-cookie'], 'XSRF-TOKEN');
      expect(xsrf).toBe(`XSRF-TOKEN=${admin.csrf}`);
      const queues = await call(admin, 'GET', '/console/queues/api/queues');
      expect(
        queues
          .json()
          .queues.map((q: { name: string }) => q.name)
          .sort(),
      ).toEqual(['outbound', 'timers']);
      const bare = await h.app.inject({
        method: 'PUT',
        url: '/console/queues/api/queues/outbound/pause',
        headers: { cookie: admin.cookie },
      });
      expect(bare.json().error).toBe('ERR_CSRF');
      const paused = await h.app.inject({
        method: 'PUT',
        url: '/console/queues/api/queues/outbound/pause',
        headers: { cookie: admin.cookie, 'x-xsrf-token': admin.csrf },
      });
      expect(paused.statusCode).toBe(200);
      await h.app.inject({
        method: 'PUT',
        url: '/console/queues/api/queues/outbound/resume',
        headers: { cookie: admin.cookie, 'x-xsrf-token': admin.csrf },
      });
    });

    it('describes every /api/ route in OpenAPI, generated from the schemas the routes parse with', async () => {
      const doc = (await call(admin, 'GET', '/api/openapi.json')).json();
      expect(doc.openapi).toBe('3.1.0');
      const described = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(
        ([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`),
      );
      const registered = h.routes
        .filter((r) => r.url.startsWith('/api/') && r.method !== 'HEAD')
        .map((r) => `${String(r.method)} ${r.url.replace(/:(\w+)/g, '{$1}')}`);
      expect(described.sort()).toEqual(registered.sort());
      const intake = doc.paths['/api/intake'].post;
      expect(intake['x-roles']).toEqual(['volunteer', 'liaison', 'committee', 'manager', 'admin']);
      expect(JSON.stringify(intake.requestBody)).toContain('"signedForm"');
      expect(doc.paths['/api/auth/login'].post.security).toEqual([]);
      expect(doc.paths['/api/cases'].get.parameters.map((p: { name: string }) => p.name)).toContain(
        'overdue',
      );
      expect(doc.components.schemas.Error.properties.error.enum).toEqual([...ALL_CONSOLE_ERROR_CODES]);
    });

    it('documents every route and every error code in docs/console.md', () => {
      const docs = readFileSync(path.join(__dirname, '../../docs/console.md'), 'utf8');
      const missingCodes = ALL_CONSOLE_ERROR_CODES.filter((code) => !docs.includes(`\`${code}\``));
      expect(missingCodes).toEqual([]);
      const missingRoutes = h.routes
        .filter((r) => r.url.startsWith('/api/') && r.method !== 'HEAD')
        .map((r) => `${String(r.method)} ${r.url}`)
        .filter((route) => !docs.includes(`\`${route}\``));
      expect(missingRoutes).toEqual([]);
    });
  },
  { migrate: true },
);
