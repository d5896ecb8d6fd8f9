import type { FastifyInstance } from 'fastify';
import { makeReference } from '../../src/cases/rules/reference';
import { loadProfile } from '../../src/config/load-profile';
import type { Profile } from '../../src/config/profile-schema';
import type { Database } from '../../src/store/database';
import { describeEachDatabase } from '../support/databases';
import { DEMO_PROFILE_PATH } from '../support/flow-driver';
import { textOf } from '../support/spine-harness';
import { Clock, waitFor } from '../support/test-clock';
import { signIn, startConsole, type ConsoleHarness } from './console-harness';
import { askForDeletion, askForHelp, MINA, signUp } from './queue-scripts';

type Session = { cookie: string; csrf: string };

const demo = loadProfile(DEMO_PROFILE_PATH);
/**
 * The demo with field help on, and only its administrator in the profile: who receives field calls and
 * sign-ups is decided by the console's accounts (`t-field`, `t-coordinator`), which a test deactivates.
 */
const profile: Profile = {
  ...demo,
  features: { volunteering: true, fieldHelp: true },
  staff: demo.staff.filter((s) => s.id === 'demo-admin'),
};

function call(
  app: FastifyInstance,
  s: Session,
  method: 'GET' | 'POST' | 'PATCH',
  url: string,
  payload?: object,
) {
  return app.inject({ method, url, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf }, payload });
}

const alerts = async (db: Database, reference: string) =>
  (
    await db.query<{ recipient: string; kind: string; data: unknown }>(
      'SELECT recipient, kind, data FROM staff_notifications WHERE subject_id = $1 ORDER BY recipient',
      [reference],
    )
  ).rows;

const trail = async (db: Database, reference: string) =>
  (
    await db.query<{ type: string; actor: string; data: Record<string, unknown> }>(
      'SELECT type, actor, data FROM events WHERE subject_id = $1 ORDER BY id',
      [reference],
    )
  ).rows;

describeEachDatabase(
  'the console’s queues: field help, volunteers, data requests',
  (getDb) => {
    // Tuesday 10 March 2026, 10:00 in Riyadh.
    const clock = new Clock(new Date('2026-03-10T10:00:00+03:00'));
    const CREATED = '2026-03-10T07:00:00.000Z';
    let h: ConsoleHarness;
    const as: Record<string, Session> = {};

    beforeAll(async () => {
      h = await startConsole(getDb(), { profile, now: clock.now });
      for (const id of ['t-field', 't-liaison', 't-coordinator', 't-admin', 't-volunteer', 't-manager'])
        as[id] = await signIn(h.app, id);
    }, 60_000);
    afterAll(() => h?.stop());

    it('alerts the field representatives on duty, who claim the call and finish it; the person is told each time', async () => {
      const { done, reference } = await askForHelp(h.chat, 'amal', 'ar', '1');
      expect(done).toContain('أبلغنا مندوب الجمعية الميداني المناوب الآن');
      expect(await alerts(getDb(), reference)).toEqual([
        { recipient: 't-field', kind: 'fieldHelp.requested', data: { kind: 'health', urgent: true } },
      ]);

      const open = await call(h.app, as['t-field']!, 'GET', '/api/queues/field-help');
      expect(open.statusCode).toBe(200);
      expect(open.json()).toEqual({
        items: [
          {
            reference,
            kind: 'health',
            kindLabel: 'مساعدة صحية',
            urgent: true,
            where: null,
            location: MINA,
            details: 'والدي متعب من الحر',
            channel: 'inprocess',
            status: 'open',
            claimedBy: null,
            claimedByName: null,
            createdAt: CREATED,
          },
        ],
      });

      const claim = await call(h.app, as['t-field']!, 'POST', `/api/queues/field-help/${reference}/claim`);
      expect([claim.statusCode, claim.json()]).toEqual([200, { status: 'claimed' }]);
      const onTheWay = textOf(await h.chat.nextReply('amal'));
      expect(onTheWay).toContain('وهو في الطريق إليك');
      expect(onTheWay).toContain(reference);
      // Someone else pressing a moment later is told it is taken.
      const again = await call(h.app, as['t-liaison']!, 'POST', `/api/queues/field-help/${reference}/claim`);
      expect([again.statusCode, again.json().error]).toEqual([409, 'ERR_TRANSITION_NOT_ALLOWED']);
      const claimed = await call(h.app, as['t-liaison']!, 'GET', '/api/queues/field-help?status=claimed');
      expect(claimed.json().items).toMatchObject([
        { reference, status: 'claimed', claimedBy: 't-field', claimedByName: 'Test field' },
      ]);

      const note = 'وصلنا إليه ونُقل إلى مركز صحي منى';
      const finish = await call(h.app, as['t-field']!, 'POST', `/api/queues/field-help/${reference}/done`, {
        note,
      });
      expect([finish.statusCode, finish.json()]).toEqual([200, { status: 'done' }]);
      const doneText = textOf(await h.chat.nextReply('amal'));
      expect(doneText).toContain(`أُنجز طلب المساعدة الميدانية ${'\u2066'}${reference}${'\u2069'}`);
      expect(doneText).not.toContain(note); // the note is for staff
      const twice = await call(h.app, as['t-field']!, 'POST', `/api/queues/field-help/${reference}/done`);
      expect(twice.statusCode).toBe(409);
      const finished = await call(h.app, as['t-manager']!, 'GET', '/api/queues/field-help?status=done');
      expect(finished.json().items.map((i: { reference: string }) => i.reference)).toEqual([reference]);

      expect((await trail(getDb(), reference)).map((e) => [e.type, e.actor])).toEqual([
        ['fieldHelp.requested', expect.stringMatching(/^beneficiary:/)],
        ['fieldHelp.claimed', 'staff:t-field'],
        ['fieldHelp.done', 'staff:t-field'],
      ]);
      expect(JSON.stringify(await trail(getDb(), reference))).not.toContain('مركز صحي');
    });

    it('tells the person the truth when no field representative is on duty', async () => {
      const off = await call(h.app, as['t-admin']!, 'PATCH', '/api/admin/staff/t-field', { active: false });
      expect(off.statusCode).toBe(200);
      try {
        const { done, reference } = await askForHelp(h.chat, 'badr', 'en', '2');
        expect(done).toContain('No field representative is on duty right now');
        expect(done).toContain('call the association on 920000000');
        expect(done).not.toContain('alerted');
        // The call still waits in the queue, and the alert goes to the role (the staff group, if any).
        expect(await alerts(getDb(), reference)).toEqual([
          { recipient: 'role:field', kind: 'fieldHelp.requested', data: { kind: 'lost', urgent: false } },
        ]);
        const open = await call(h.app, as['t-liaison']!, 'GET', '/api/queues/field-help?status=open');
        expect(open.json().items.map((i: { reference: string }) => i.reference)).toContain(reference);
      } finally {
        await call(h.app, as['t-admin']!, 'PATCH', '/api/admin/staff/t-field', { active: true });
        as['t-field'] = await signIn(h.app, 't-field');
      }
    });

    it('puts a volunteer sign-up in the coordinator’s alerts, and tells the person when it is accepted or declined', async () => {
      const salma = await signUp(h.chat, 'salma', 'ar', 'سلمى الحربي');
      expect(salma.done).toContain('أبلغنا منسق التطوع، وسيتواصل معك قريبًا');
      expect(await alerts(getDb(), salma.reference)).toEqual([
        { recipient: 't-coordinator', kind: 'volunteer.signedUp', data: { availability: 'seasons' } },
      ]);
      // The coordinator reads it in the console's alerts (no Telegram here), with the way to the queue.
      const inbox = await call(h.app, as['t-coordinator']!, 'GET', '/api/alerts?unread=true');
      expect(inbox.json()).toMatchObject({
        unread: 1,
        items: [
          {
            kind: 'volunteer.signedUp',
            subjectId: salma.reference,
            link: '/console/volunteers',
            createdAt: CREATED,
            read: false,
          },
        ],
      });
      const fresh = await call(h.app, as['t-coordinator']!, 'GET', '/api/queues/volunteers');
      expect(fresh.json()).toEqual({
        items: [
          {
            reference: salma.reference,
            fullName: 'سلمى الحربي',
            mobile: '+966501234567',
            city: 'رابغ',
            availability: 'seasons',
            availabilityLabel: 'مواسم الحج ورمضان',
            skills: 'الإسعافات الأولية',
            status: 'new',
            routedTo: 't-coordinator',
            routedToName: 'Test coordinator',
            createdAt: CREATED,
          },
        ],
      });

      const url = `/api/queues/volunteers/${salma.reference}/status`;
      const contacted = await call(h.app, as['t-coordinator']!, 'POST', url, {
        status: 'contacted',
        note: 'اتصلت بها، تفضّل المساء',
      });
      expect([contacted.statusCode, contacted.json()]).toEqual([200, { status: 'contacted' }]);
      const accepted = await call(h.app, as['t-coordinator']!, 'POST', url, { status: 'accepted' });
      expect(accepted.json()).toEqual({ status: 'accepted' });
      // The first thing she hears after signing up is the acceptance: "contacted" says nothing in the chat.
      expect(textOf(await h.chat.nextReply('salma'))).toContain('يسعدنا إبلاغك بقبول طلب تطوعك');
      const late = await call(h.app, as['t-coordinator']!, 'POST', url, { status: 'declined' });
      expect([late.statusCode, late.json().error]).toEqual([409, 'ERR_TRANSITION_NOT_ALLOWED']);

      const yousef = await signUp(h.chat, 'yousef', 'en', 'Yousef Ali');
      const declined = await call(
        h.app,
        as['t-admin']!,
        'POST',
        `/api/queues/volunteers/${yousef.reference}/status`,
        { status: 'declined' },
      );
      expect(declined.json()).toEqual({ status: 'declined' });
      expect(textOf(await h.chat.nextReply('yousef'))).toContain('We have no volunteering opportunity');
      const list = await call(h.app, as['t-manager']!, 'GET', '/api/queues/volunteers?status=declined');
      expect(list.json().items).toMatchObject([
        { reference: yousef.reference, availabilityLabel: 'مواسم الحج ورمضان' },
      ]);

      expect((await trail(getDb(), salma.reference)).map((e) => [e.type, e.actor, e.data.noted])).toEqual([
        ['volunteer.signedUp', expect.stringMatching(/^beneficiary:/), undefined],
        ['volunteer.contacted', 'staff:t-coordinator', true],
        ['volunteer.accepted', 'staff:t-coordinator', false],
      ]);
    });

    it('refuses a data request with a reason the person receives, and carries another out at once', async () => {
      const db = getDb();
      const kept = await askForDeletion(h.chat, 'huda');
      const erased = await askForDeletion(h.chat, 'nasser');
      const open = await call(h.app, as['t-admin']!, 'GET', '/api/queues/data-requests');
      expect(open.json().items).toEqual(
        expect.arrayContaining(
          [kept, erased].map((reference) => ({
            reference,
            kind: 'deletion',
            status: 'open',
            dueDate: '2026-04-09',
            createdAt: CREATED,
            completedAt: null,
          })),
        ),
      );

      const reason = 'لديك مساعدة قيد الصرف، ونحتاج بياناتك حتى تُسلَّم إليك';
      const refused = await call(h.app, as['t-admin']!, 'POST', `/api/queues/data-requests/${kept}/refuse`, {
        reason,
      });
      expect([refused.statusCode, refused.json()]).toEqual([200, { status: 'refused' }]);
      const told = textOf(await h.chat.nextReply('huda'));
      expect(told).toContain('لم نتمكن من تنفيذ طلب حذف بياناتك');
      expect(told).toContain(reason);
      for (const action of ['refuse', 'approve']) {
        const again = await call(
          h.app,
          as['t-admin']!,
          'POST',
          `/api/queues/data-requests/${kept}/${action}`,
          {
            reason,
          },
        );
        expect([action, again.statusCode]).toEqual([action, 409]);
      }

      const approved = await call(
        h.app,
        as['t-admin']!,
        'POST',
        `/api/queues/data-requests/${erased}/approve`,
      );
      expect([approved.statusCode, approved.json()]).toEqual([200, { status: 'completed' }]);
      const notices = h.chat.received('nasser').filter((m) => textOf(m).includes('نبدأ الآن تنفيذ طلب حذف'));
      expect(notices).toHaveLength(1);
      const left = await db.query(`SELECT 1 FROM channel_identities WHERE channel_user_id = 'nasser'`);
      expect(left.rowCount).toBe(0);
      expect((await trail(db, erased)).map((e) => [e.type, e.actor])).toEqual([
        ['data.deletionRequested', expect.stringMatching(/^beneficiary:/)],
        ['data.erasureStarted', 'staff:t-admin'],
        ['data.erased', 'staff:t-admin'],
      ]);
      expect((await alerts(db, erased)).map((a) => [a.recipient, a.kind])).toEqual([
        ['demo-admin', 'data.erased'],
        ['t-admin', 'data.erased'],
      ]);
      // Neither request's due-date timer is left to fire.
      for (const reference of [kept, erased]) {
        await waitFor(`${reference}'s timer cancelled`, async () =>
          (await h.runtime.scheduler.firesAt({ kind: 'dataDeletionDue', reference })) ? undefined : true,
        );
      }
      const again = await call(h.app, as['t-admin']!, 'POST', `/api/queues/data-requests/${erased}/approve`);
      expect(again.statusCode).toBe(409);

      const closed = await call(h.app, as['t-admin']!, 'GET', '/api/queues/data-requests?status=completed');
      expect(closed.json().items).toEqual([
        {
          reference: erased,
          kind: 'deletion',
          status: 'completed',
          dueDate: '2026-04-09',
          createdAt: CREATED,
          completedAt: CREATED,
        },
      ]);
      const refusedList = await call(
        h.app,
        as['t-admin']!,
        'GET',
        '/api/queues/data-requests?status=refused',
      );
      expect(refusedList.json().items.map((i: { reference: string }) => i.reference)).toEqual([kept]);
    });

    it('answers malformed input 400 with field paths, a wrong role 403, an unknown reference 404', async () => {
      const bad = async (s: Session, method: 'GET' | 'POST', url: string, payload?: object) => {
        const res = await call(h.app, s, method, url, payload);
        return [res.statusCode, res.json().error, res.json().issues?.map((i: { path: string }) => i.path)];
      };
      const admin = as['t-admin']!;
      const field = makeReference('FLD', 4, () => 0.5);
      const vol = makeReference('VOL', 4, () => 0.5);
      const dat = makeReference('DAT', 4, () => 0.5);

      expect(await bad(admin, 'GET', '/api/queues/field-help?status=closed')).toEqual([
        400,
        'ERR_VALIDATION',
        ['query.status'],
      ]);
      expect(await bad(admin, 'POST', `/api/queues/field-help/FLD-1234-00/claim`)).toEqual([
        400,
        'ERR_VALIDATION',
        ['params.reference'],
      ]);
      expect(
        await bad(admin, 'POST', `/api/queues/field-help/${field}/done`, { note: 'x'.repeat(1001) }),
      ).toEqual([400, 'ERR_VALIDATION', ['body.note']]);
      expect(await bad(admin, 'POST', `/api/queues/volunteers/${vol}/status`, { status: 'new' })).toEqual([
        400,
        'ERR_VALIDATION',
        ['body.status'],
      ]);
      expect(await bad(admin, 'POST', `/api/queues/data-requests/${dat}/refuse`, { reason: '   ' })).toEqual([
        400,
        'ERR_VALIDATION',
        ['body.reason'],
      ]);

      expect(await bad(as['t-volunteer']!, 'GET', '/api/queues/field-help')).toEqual([
        403,
        'ERR_FORBIDDEN',
        undefined,
      ]);
      expect(
        await bad(as['t-field']!, 'POST', `/api/queues/volunteers/${vol}/status`, { status: 'accepted' }),
      ).toEqual([403, 'ERR_FORBIDDEN', undefined]);
      expect(await bad(as['t-coordinator']!, 'GET', '/api/queues/data-requests')).toEqual([
        403,
        'ERR_FORBIDDEN',
        undefined,
      ]);
      expect(await bad(as['t-manager']!, 'POST', `/api/queues/data-requests/${dat}/approve`)).toEqual([
        403,
        'ERR_FORBIDDEN',
        undefined,
      ]);

      for (const [url, payload] of [
        [`/api/queues/field-help/${field}/claim`, undefined],
        [`/api/queues/field-help/${field}/done`, {}],
        [`/api/queues/volunteers/${vol}/status`, { status: 'contacted' }],
        [`/api/queues/data-requests/${dat}/approve`, undefined],
        [`/api/queues/data-requests/${dat}/refuse`, { reason: 'لا' }],
      ] as const) {
        expect([url, ...(await bad(admin, 'POST', url, payload))]).toEqual([
          url,
          404,
          'ERR_CASE_NOT_FOUND',
          undefined,
        ]);
      }
    });
  },
  { migrate: true },
);
