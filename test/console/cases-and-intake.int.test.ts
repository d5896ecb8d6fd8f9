import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { describeEachDatabase } from '../support/databases';
import { textOf } from '../support/spine-harness';
import { signIn, startConsole, type ConsoleHarness } from './console-harness';

type Session = { cookie: string; csrf: string };

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function call(
  app: FastifyInstance,
  s: Session,
  method: 'GET' | 'POST' | 'DELETE',
  url: string,
  payload?: object,
) {
  return app.inject({ method, url, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf }, payload });
}

const FOOD_BASKET = {
  kind: 'request',
  channel: 'phone',
  mobile: '0501234567',
  fullName: 'سارة أحمد العتيبي',
  serviceId: 'food-basket',
  fields: {
    'full-name': 'سارة أحمد العتيبي',
    'national-id': '1234567897',
    mobile: '0501234567',
    city: 'الرياض',
    'family-size': '٥',
  },
  documentsSeen: ['id-copy', 'income-proof'],
  declaration: 'verbal',
};

describeEachDatabase(
  'the console’s cases, intake and decisions',
  (getDb) => {
    // Tuesday 25 March 2025, 09:00 in Riyadh (DOMAIN.md's worked example).
    const now = new Date('2025-03-25T06:00:00Z');
    let h: ConsoleHarness;
    let liaison: Session;
    let committee: Session;
    let volunteer: Session;
    let admin: Session;
    let phoneRef = '';

    beforeAll(async () => {
      h = await startConsole(getDb(), { now: () => now });
      liaison = await signIn(h.app, 't-liaison');
      committee = await signIn(h.app, 't-committee');
      volunteer = await signIn(h.app, 't-volunteer');
      admin = await signIn(h.app, 't-admin');
      // Sara has written to us on the chat before; the platform told us her number.
      await h.chat.say('sara', {
        text: 'السلام عليكم',
        sender: { channelUserId: 'sara', phone: '+966501234567' },
      });
      await h.chat.nextReply('sara');
      // An older request from the web chat, long past its due date.
      await getDb().query(
        `INSERT INTO service_requests (reference, service_id, category_id, status, fields, channel, declaration, completed_at, due_date, created_at)
         VALUES ('REQ-1111-01', 'rent-aid', 'families', 'under_review', '{"full-name": "Omar Saleh", "mobile": "+966551112222"}',
                 'webchat', '{"hash": "x"}', '2025-02-01T08:00:00Z', '2025-02-20', '2025-02-01T08:00:00Z')`,
      );
    }, 60_000);
    afterAll(() => h?.stop());

    it('registers a phone request for a person who chats with us: same clock, audit and a notification on her chat', async () => {
      // Eid al-Fitr 1446, added when announced: the deadline skips it.
      const eid = await call(h.app, admin, 'POST', '/api/admin/holidays', {
        nameAr: 'إجازة عيد الفطر',
        nameEn: 'Eid al-Fitr',
        from: '2025-03-30',
        to: '2025-04-02',
      });
      expect(eid.statusCode).toBe(201);
      // Staff see who the number points to, and choose: the platform vouched for Sara's number.
      const lookup = await call(h.app, liaison, 'GET', '/api/intake/beneficiary?mobile=0501234567');
      expect(lookup.json()).toEqual({
        found: true,
        candidates: [
          {
            id: expect.any(String),
            verified: true,
            matchedBy: ['inprocess'],
            // Not a person of the liaison officer's categories (yet): that she is on file, not who.
            name: null,
            chatChannels: ['inprocess'],
            cases: null,
          },
        ],
      });
      const sara = lookup.json().candidates[0].id as string;
      const unchosen = await call(h.app, liaison, 'POST', '/api/intake', FOOD_BASKET);
      expect(unchosen.statusCode).toBe(400);
      expect(unchosen.json().issues.map((i: { path: string }) => i.path)).toEqual(['beneficiaryId']);
      const res = await call(h.app, liaison, 'POST', '/api/intake', { ...FOOD_BASKET, beneficiaryId: sara });
      expect(res.statusCode).toBe(201);
      const body = res.json();
      expect(body).toEqual({
        kind: 'request',
        reference: expect.stringMatching(/^REQ-\d{4}-\d{2}$/),
        dueDate: '2025-04-21',
        beneficiary: { id: sara, created: false },
        notified: true,
      });
      phoneRef = body.reference;
      const stored = await getDb().query(
        `SELECT r.channel, r.status, r.fields, r.declaration->>'how' AS how, r.declaration->'documentsSeen' AS seen,
                i.channel_user_id
         FROM service_requests r JOIN channel_identities i ON i.beneficiary_id = r.beneficiary_id WHERE r.reference = $1`,
        [phoneRef],
      );
      expect(stored.rows).toEqual([
        {
          channel: 'phone',
          status: 'submitted',
          fields: { ...FOOD_BASKET.fields, mobile: '+966501234567', 'family-size': 5 },
          how: 'verbal',
          seen: ['id-copy', 'income-proof'],
          channel_user_id: 'sara',
        },
      ]);
      const events = await getDb().query(
        `SELECT actor, type, data->>'intake' AS intake FROM events WHERE subject_id = $1`,
        [phoneRef],
      );
      expect(events.rows).toEqual([{ actor: 'staff:t-liaison', type: 'request.submitted', intake: 'true' }]);
      // The committee's clock runs: two reminders and the due-date check are scheduled on the timer queue.
      await waitFor(async () => {
        const jobs = await h.runtime.scheduler.queue.getJobs([
          'delayed',
          'waiting',
          'active',
          'completed',
          'failed',
        ]);
        return jobs.filter((j) => (j.data as { reference?: string }).reference === phoneRef).length === 3;
      });
      const told = textOf(await h.chat.nextReply('sara'));
      expect(told).toContain(phoneRef);
      expect(told).toContain('سلة غذائية');
    });

    it('refuses an incomplete or invalid form field by field, storing nothing', async () => {
      const before = await getDb().query('SELECT count(*)::int AS n FROM service_requests');
      const res = await call(h.app, liaison, 'POST', '/api/intake', {
        ...FOOD_BASKET,
        fields: { ...FOOD_BASKET.fields, 'national-id': '1234567890', city: '' },
        documentsSeen: [...FOOD_BASKET.documentsSeen, 'passport'],
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toBe('ERR_VALIDATION');
      expect(
        res
          .json()
          .issues.map((i: { path: string }) => i.path)
          .sort(),
      ).toEqual(['documentsSeen.passport', 'fields.city', 'fields.national-id']);
      expect((await getDb().query('SELECT count(*)::int AS n FROM service_requests')).rows).toEqual(
        before.rows,
      );
    });

    it('records a new person by mobile, and a complaint that came by fax', async () => {
      const request = await call(h.app, committee, 'POST', '/api/intake', {
        ...FOOD_BASKET,
        channel: 'letter',
        mobile: '+966 55 987 6543',
        fullName: 'Khalid Nasser',
        fields: { ...FOOD_BASKET.fields, 'full-name': 'Khalid Nasser', mobile: '0559876543' },
        declaration: 'signedForm',
      });
      expect(request.json()).toMatchObject({ beneficiary: { created: true }, notified: false });
      // The same person, found by the mobile staff recorded, and chosen.
      const lookup = await call(h.app, committee, 'GET', '/api/intake/beneficiary?mobile=0559876543');
      expect(lookup.json().candidates).toEqual([
        expect.objectContaining({
          verified: true,
          matchedBy: ['staff', 'typed'],
          name: 'Khalid Nasser',
          cases: 1,
        }),
      ]);
      const complaint = await call(h.app, committee, 'POST', '/api/intake', {
        kind: 'complaint',
        channel: 'fax',
        ticketKind: 'complaint',
        categoryId: 'delay',
        description: 'تأخر الرد على طلبي أكثر من شهر',
        mobile: '0559876543',
        beneficiaryId: lookup.json().candidates[0].id,
      });
      expect(complaint.statusCode).toBe(201);
      expect(complaint.json()).toMatchObject({
        kind: 'complaint',
        reference: expect.stringMatching(/^CMP-/),
        notified: false,
      });
      const found = await getDb().query(
        `SELECT channel, routed_to, status FROM complaints WHERE reference = $1`,
        [complaint.json().reference],
      );
      expect(found.rows).toEqual([{ channel: 'fax', routed_to: 'follow-up-committee', status: 'open' }]);
      expect(request.json().beneficiary.id).toBe(complaint.json().beneficiary.id);
    });

    it('lists cases with filters and search, scoped to a liaison officer’s or volunteer’s categories', async () => {
      const list = async (s: Session, query: string) =>
        (await call(h.app, s, 'GET', `/api/cases?${query}`)).json<{
          total: number;
          rows: { reference: string }[];
        }>();
      const refs = (r: { rows: { reference: string }[] }) => r.rows.map((x) => x.reference).sort();
      expect((await list(committee, '')).total).toBe(4);
      expect(refs(await list(committee, 'overdue=true'))).toEqual(['REQ-1111-01']);
      expect((await list(committee, 'overdue=false')).total).toBe(3);
      expect((await list(committee, 'channel=phone')).rows.map((r) => r.reference)).toEqual([phoneRef]);
      expect((await list(committee, 'kind=complaint')).total).toBe(1);
      expect(
        refs(await list(committee, `q=${encodeURIComponent('req ' + phoneRef.slice(4).replace('-', ''))}`)),
      ).toEqual([phoneRef]);
      expect(refs(await list(committee, `q=${encodeURIComponent('٠٥٥١١١٢٢٢٢')}`))).toEqual(['REQ-1111-01']);
      expect(refs(await list(committee, `q=${encodeURIComponent('العتيبي')}`))).toEqual([phoneRef]);
      // Spelled as people type it: ha for ta marbuta, no hamza, alef maqsura for ya, tashkeel, tatweel.
      for (const typed of ['ساره احمد', 'العتيبى', 'سَارَة', 'العتيـــبي']) {
        expect(refs(await list(committee, `q=${encodeURIComponent(typed)}`))).toEqual([phoneRef]);
      }
      expect((await list(committee, 'officer=t-liaison')).rows.map((r) => r.reference)).toEqual([phoneRef]);
      expect((await list(committee, 'from=2025-03-01&to=2025-03-31')).total).toBe(3);
      // Liaison officer of families: the requests (families), and the complaint of a person of that category.
      expect((await list(liaison, '')).total).toBe(4);
      expect((await list(liaison, 'kind=complaint')).total).toBe(1);
      // Volunteer of orphans: nothing here, and a case of another category answers as unknown.
      expect((await list(volunteer, '')).total).toBe(0);
      const hidden = await call(h.app, volunteer, 'GET', `/api/cases/${phoneRef}`);
      expect(hidden.statusCode).toBe(404);
      expect(hidden.json().error).toBe('ERR_CASE_NOT_FOUND');
    });

    it('decides through CaseActions: roles and reasons enforced, audit with the officer, the applicant told in her language', async () => {
      const act = (s: Session, payload: object) =>
        call(h.app, s, 'POST', `/api/cases/${phoneRef}/actions`, payload);
      expect((await act(committee, { action: 'startReview' })).json()).toEqual({
        reference: phoneRef,
        from: 'submitted',
        to: 'under_review',
        notified: true,
      });
      await h.chat.nextReply('sara');
      const liaisonApproves = await act(liaison, { action: 'approve' });
      expect(liaisonApproves.statusCode).toBe(403);
      expect(liaisonApproves.json().error).toBe('ERR_ROLE_NOT_ALLOWED');
      const noReason = await act(committee, { action: 'reject' });
      expect(noReason.statusCode).toBe(400);
      expect(noReason.json().error).toBe('ERR_REASON_REQUIRED');
      // A preset the profile does not have is named as the field at fault, not taken for "no reason".
      const unknownPreset = await act(committee, { action: 'reject', reasonId: 'no-such-reason' });
      expect(unknownPreset.statusCode).toBe(400);
      expect(unknownPreset.json()).toMatchObject({
        error: 'ERR_VALIDATION',
        issues: [{ path: 'body.reasonId' }],
      });
      expect((await act(committee, { action: 'resolve', reason: 'x' })).json().error).toBe(
        'ERR_TRANSITION_NOT_ALLOWED',
      );
      const rejected = await act(committee, {
        action: 'reject',
        reasonId: 'incomplete',
        reason: 'صورة الهوية غير واضحة',
      });
      expect(rejected.json()).toMatchObject({ from: 'under_review', to: 'rejected', notified: true });
      const told = textOf(await h.chat.nextReply('sara'));
      expect(told).toContain('المستندات غير مكتملة أو غير صحيحة — صورة الهوية غير واضحة');
      const audit = await getDb().query(
        `SELECT actor, type, data->>'reason' AS reason FROM events WHERE subject_id = $1 ORDER BY id`,
        [phoneRef],
      );
      expect(audit.rows.slice(1)).toEqual([
        { actor: 'staff:t-committee', type: 'request.startReview', reason: null },
        {
          actor: 'staff:t-committee',
          type: 'request.reject',
          reason: 'المستندات غير مكتملة أو غير صحيحة — صورة الهوية غير واضحة',
        },
      ]);
    });

    it('shows one case with its timeline: the staff actions and each notification about it with its delivery', async () => {
      const res = await call(h.app, liaison, 'GET', `/api/cases/${phoneRef}`);
      expect(res.statusCode).toBe(200);
      const c = res.json();
      expect(c).toMatchObject({
        reference: phoneRef,
        status: 'rejected',
        channel: 'phone',
        dueDate: '2025-04-21',
        applicant: { name: 'سارة أحمد العتيبي', mobile: '+966501234567' },
        officer: 't-committee',
        beneficiary: { chatChannels: ['inprocess'] },
        declaration: { how: 'verbal', recordedBy: 't-liaison' },
        actions: [{ id: 'close', needsReason: false }],
      });
      const kinds = c.timeline.map((i: { type: string; event?: string }) =>
        i.type === 'event' ? i.event : i.type,
      );
      expect(kinds).toEqual(
        expect.arrayContaining([
          'request.submitted',
          'request.startReview',
          'request.reject',
          'notification',
        ]),
      );
      // Need to know: her earlier greeting on the chat is not part of a request made by phone.
      expect(kinds).not.toContain('inbound');
      expect(kinds).not.toContain('reply');
      expect(c.personHistory).toBe(false);
      const notifications = c.timeline.filter((i: { type: string }) => i.type === 'notification');
      expect(notifications).toHaveLength(3);
      expect(
        notifications.every((n: { status: string }) =>
          ['pending', 'queued', 'sending', 'sent'].includes(n.status),
        ),
      ).toBe(true);
      expect(notifications[2].text).toContain('صورة الهوية غير واضحة');
    });

    it('exports the filtered list as CSV (UTF-8 with BOM, Arabic headers) and as a right-to-left XLSX', async () => {
      const csv = await call(
        h.app,
        committee,
        'GET',
        '/api/cases/export?format=csv&lang=ar&kind=request&sort=due',
      );
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(csv.headers['content-disposition']).toBe('attachment; filename="cases-2025-03-25.csv"');
      expect([...csv.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = csv.rawPayload.toString('utf8').slice(1).split('\r\n');
      expect(lines[0]).toBe(
        'الرقم المرجعي,النوع,الحالة,الخدمة / الفئة,القناة,مقدّم الطلب,الجوال,تاريخ التسجيل,الموعد,متأخرة,مستوى التصعيد,الموظف',
      );
      expect(lines[1]).toBe(
        'REQ-1111-01,طلب خدمة,قيد الدراسة,مساعدة إيجار,محادثة الموقع,Omar Saleh,"=""+966551112222""",2025-02-01 11:00,2025-02-20,نعم,0,',
      );
      expect(lines).toHaveLength(5); // header, three requests, and the final line break
      const xlsx = await call(h.app, committee, 'GET', '/api/cases/export?format=xlsx&lang=en&overdue=true');
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      const sheet = book.worksheets[0]!;
      expect(sheet.views[0]).toMatchObject({ rightToLeft: false, state: 'frozen', ySplit: 1 });
      expect(sheet.getRow(1).values).toContain('Reference');
      expect(sheet.getRow(2).getCell(1).value).toBe('REQ-1111-01');
      expect(sheet.rowCount).toBe(2);
      const arabic = await call(h.app, committee, 'GET', '/api/cases/export?format=xlsx&lang=ar');
      const arBook = new ExcelJS.Workbook();
      await arBook.xlsx.load(arabic.rawPayload as unknown as ArrayBuffer);
      expect(arBook.worksheets[0]!.views[0]).toMatchObject({ rightToLeft: true });
    });

    it('asks for information naming what is missing: the service’s ids only, and then no reason is needed', async () => {
      const ref = 'REQ-4821-88'; // well-formed: its check digits are right
      await getDb().query(
        `INSERT INTO service_requests (reference, service_id, category_id, status, fields, channel, declaration,
           completed_at, due_date)
         VALUES ($1, 'food-basket', 'families', 'under_review', '{}', 'phone', '{}', now(), '2026-12-13')`,
        [ref],
      );
      const act = (payload: object) => call(h.app, committee, 'POST', `/api/cases/${ref}/actions`, payload);
      const unknown = await act({ action: 'askInfo', missing: { fields: ['shoe-size'], documents: [] } });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json().error).toBe('ERR_UNKNOWN_MISSING_ITEM');
      const malformed = await act({ action: 'askInfo', missing: { fields: 'national-id' } });
      expect(malformed.json().error).toBe('ERR_VALIDATION');
      const asked = await act({
        action: 'askInfo',
        missing: { fields: ['national-id'], documents: ['id-copy'] },
      });
      expect(asked.json()).toMatchObject({ from: 'under_review', to: 'needs_info' });
      const stored = await getDb().query(
        `SELECT info_request->'fields' AS fields, info_request->'documents' AS documents FROM service_requests
         WHERE reference = $1`,
        [ref],
      );
      expect(stored.rows).toEqual([{ fields: ['national-id'], documents: ['id-copy'] }]);
    });

    it('refuses a request whose required document nobody saw, naming it, and starts no clock', async () => {
      const count = async () =>
        (await getDb().query('SELECT count(*)::int AS n FROM service_requests')).rows[0] as { n: number };
      const before = await count();
      const res = await call(h.app, liaison, 'POST', '/api/intake', {
        ...FOOD_BASKET,
        mobile: '0557771111',
        fields: { ...FOOD_BASKET.fields, mobile: '0557771111' },
        documentsSeen: ['id-copy'],
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().issues).toEqual([
        { path: 'documentsSeen.income-proof', message: expect.stringContaining('تعريف بالدخل') },
      ]);
      expect(await count()).toEqual(before);
    });

    it('asks for the mobile once: the service form’s mobile is the person’s', async () => {
      const { mobile: _mobile, ...fields } = FOOD_BASKET.fields;
      const res = await call(h.app, liaison, 'POST', '/api/intake', {
        ...FOOD_BASKET,
        mobile: '0557772222',
        fields,
      });
      expect(res.statusCode).toBe(201);
      const stored = await getDb().query(
        `SELECT fields->>'mobile' AS mobile FROM service_requests WHERE reference = $1`,
        [res.json().reference],
      );
      expect(stored.rows).toEqual([{ mobile: '+966557772222' }]);
    });

    it('takes the city from the profile’s list, by option or by name, and refuses one not on it', async () => {
      const register = (mobile: string, city: string) =>
        call(h.app, liaison, 'POST', '/api/intake', {
          ...FOOD_BASKET,
          mobile,
          fields: { ...FOOD_BASKET.fields, mobile, city },
        });
      const abha = await register('0557773333', 'أبها');
      expect(abha.statusCode).toBe(400);
      expect(abha.json().issues).toEqual([
        { path: 'fields.city', message: expect.stringContaining('الرياض، جدة، الدمام') },
      ]);
      const byOption = await register('0557774444', 'city-1');
      const byName = await register('0557775555', 'Dammam');
      expect([byOption.statusCode, byName.statusCode]).toEqual([201, 201]);
      const stored = await getDb().query(
        `SELECT fields->>'city' AS city FROM service_requests WHERE reference = ANY($1) ORDER BY fields->>'city'`,
        [[byOption.json().reference, byName.json().reference]],
      );
      expect(stored.rows).toEqual([{ city: 'الدمام' }, { city: 'جدة' }]);
    });

    it('escalates a complaint a rung up the ladder: its level in the list, the case and the CSV, and its new owner alerted', async () => {
      const found = await getDb().query<{ reference: string }>(
        `SELECT reference FROM complaints WHERE channel = 'fax'`,
      );
      const ref = found.rows[0]!.reference;
      const escalate = () =>
        call(h.app, committee, 'POST', `/api/cases/${ref}/actions`, {
          action: 'escalate',
          reason: 'No answer after two reminders',
        });
      expect((await escalate()).json()).toMatchObject({ from: 'open', to: 'escalated' });
      const level = async () => {
        const listed = (await call(h.app, committee, 'GET', '/api/cases?kind=complaint')).json<{
          rows: { reference: string; escalationLevel: number }[];
        }>();
        const detail = (await call(h.app, committee, 'GET', `/api/cases/${ref}`)).json<{
          escalationLevel: number;
        }>();
        const csv = (
          await call(h.app, committee, 'GET', '/api/cases/export?format=csv&lang=en&kind=complaint')
        ).rawPayload
          .toString('utf8')
          .slice(1)
          .split('\r\n')
          .map((line) => line.split(',').map((cell) => cell.replace(/^"|"$/g, '')));
        const column = csv[0]!.indexOf('Escalation level');
        const owner = await getDb().query<{ routed_to: string }>(
          'SELECT routed_to FROM complaints WHERE reference = $1',
          [ref],
        );
        return {
          listed: listed.rows.find((r) => r.reference === ref)?.escalationLevel,
          detail: detail.escalationLevel,
          csv: csv.find((cells) => cells[0] === ref)?.[column],
          owner: owner.rows[0]?.routed_to,
        };
      };
      // From the follow-up committee to executive management, and its managers alerted.
      expect(await level()).toEqual({ listed: 2, detail: 2, csv: '2', owner: 'executive-management' });
      const alerts = await getDb().query<{ role: string; level: number }>(
        `SELECT DISTINCT data->>'role' AS role, (data->>'level')::int AS level FROM staff_notifications
         WHERE kind = 'case.escalated' AND subject_id = $1`,
        [ref],
      );
      expect(alerts.rows).toEqual([{ role: 'manager', level: 2 }]);
      // Then to the board, and no higher.
      await escalate();
      expect(await level()).toEqual({ listed: 3, detail: 3, csv: '3', owner: 'board' });
      expect((await escalate()).json().error).toBe('ERR_TRANSITION_NOT_ALLOWED');

      // The clock's escalation of a late complaint hands it over the same way from level 2 on.
      const late = await call(h.app, committee, 'POST', '/api/intake', {
        kind: 'complaint',
        channel: 'phone',
        ticketKind: 'compensation',
        categoryId: 'delay',
        description: 'تأخر صرف الإعانة شهرين',
        mobile: '0559876543',
        beneficiaryId: (
          await getDb().query<{ id: string }>(
            'SELECT beneficiary_id AS id FROM complaints WHERE reference = $1',
            [ref],
          )
        ).rows[0]?.id,
      });
      const lateRef = late.json<{ reference: string }>().reference;
      const owner = async () =>
        (
          await getDb().query<{ routed_to: string; escalation_level: number }>(
            'SELECT routed_to, escalation_level FROM complaints WHERE reference = $1',
            [lateRef],
          )
        ).rows[0];
      const job = (level: number) =>
        ({ kind: 'escalate', subject: 'complaint', reference: lateRef, level }) as const;
      expect(await h.runtime.clock.handle(job(1))).toBe('escalated to committee');
      expect(await owner()).toEqual({ routed_to: 'investigation-committee', escalation_level: 1 });
      expect(await h.runtime.clock.handle(job(2))).toBe('escalated to manager');
      expect(await owner()).toEqual({ routed_to: 'executive-management', escalation_level: 2 });
    });
  },
  { migrate: true },
);
