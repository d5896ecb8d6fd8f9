import ExcelJS from 'exceljs';
import type { SqlExecutor } from '../../src/store/database';
import { DASHBOARD_TABLES } from '../../src/console/dashboard/dashboard-tables';
import { describeEachDatabase } from '../support/databases';
import { signIn, startConsole, type ConsoleHarness } from './console-harness';

/**
 * A fortnight of cases with known times, decisions and survey answers, and the figures management
 * must read from them (each computed by hand in the comments).
 */
async function seed(db: SqlExecutor): Promise<void> {
  const request = (
    ref: string,
    service: string,
    channel: string,
    status: string,
    completed: string,
    due: string,
    level = 0,
  ) =>
    db.query(
      `INSERT INTO service_requests (reference, service_id, category_id, status, fields, channel, declaration, completed_at, due_date, created_at, escalation_level)
       VALUES ($1, $2, 'families', $3, '{}', $4, '{"hash": "x"}', $5, $6, $5, $7)`,
      [ref, service, status, channel, completed, due, level],
    );
  const complaint = (
    ref: string,
    kind: string,
    category: string | null,
    channel: string,
    status: string,
    created: string,
    due: string,
    level = 0,
  ) =>
    db.query(
      `INSERT INTO complaints (reference, kind, category_id, description, routed_to, status, channel, due_date, created_at, escalation_level)
       VALUES ($1, $2, $3, 'x', 'follow-up-committee', $4, $5, $6, $7, $8)`,
      [ref, kind, category, status, channel, due, created, level],
    );
  const event = (type: string, subject: string, ref: string, actor: string, at: string) =>
    db.query('INSERT INTO events (subject_type, subject_id, type, actor, at) VALUES ($1, $2, $3, $4, $5)', [
      subject,
      ref,
      type,
      actor,
      at,
    ]);

  // R1: answered 2 h after completion, approved after 24 h, on time.
  await request('REQ-2001-01', 'food-basket', 'whatsapp', 'approved', '2025-05-04T06:00:00Z', '2025-05-20');
  await event('request.submitted', 'service_request', 'REQ-2001-01', 'beneficiary:x', '2025-05-04T06:00:00Z');
  await event(
    'request.startReview',
    'service_request',
    'REQ-2001-01',
    'staff:t-liaison',
    '2025-05-04T08:00:00Z',
  );
  await event(
    'request.approve',
    'service_request',
    'REQ-2001-01',
    'staff:t-committee',
    '2025-05-05T06:00:00Z',
  );
  // R2: answered after 4 h, rejected after 96 h, two days late.
  await request('REQ-2002-02', 'rent-aid', 'phone', 'rejected', '2025-05-04T06:00:00Z', '2025-05-06');
  await event(
    'request.submitted',
    'service_request',
    'REQ-2002-02',
    'staff:t-liaison',
    '2025-05-04T06:00:00Z',
  );
  await event(
    'request.startReview',
    'service_request',
    'REQ-2002-02',
    'staff:t-committee',
    '2025-05-04T10:00:00Z',
  );
  await event(
    'request.reject',
    'service_request',
    'REQ-2002-02',
    'staff:t-committee',
    '2025-05-08T06:00:00Z',
  );
  // R3: untouched, overdue since the 12th, escalated to the committee.
  await request(
    'REQ-2003-03',
    'food-basket',
    'webchat',
    'submitted',
    '2025-05-10T06:00:00Z',
    '2025-05-12',
    1,
  );
  // C1: taken after 1 h, resolved after 24 h.
  await complaint(
    'CMP-3001-01',
    'complaint',
    'delay',
    'whatsapp',
    'resolved',
    '2025-05-05T06:00:00Z',
    '2025-05-19',
  );
  await event('complaint.assign', 'complaint', 'CMP-3001-01', 'staff:t-committee', '2025-05-05T07:00:00Z');
  await event('complaint.resolve', 'complaint', 'CMP-3001-01', 'staff:t-committee', '2025-05-06T06:00:00Z');
  // C2: a suggestion, open; C3: a complaint escalated and overdue.
  await complaint(
    'SUG-3002-02',
    'suggestion',
    null,
    'telegram',
    'open',
    '2025-05-11T06:00:00Z',
    '2025-05-25',
  );
  await complaint(
    'CMP-3003-03',
    'complaint',
    'service-quality',
    'webchat',
    'escalated',
    '2025-05-12T06:00:00Z',
    '2025-05-13',
    1,
  );
  // Surveys: three invitations, two answered (5 and 3); one more answer from the menu (4), about no case.
  for (const [ref, at] of [
    ['REQ-2001-01', '2025-05-06T06:00:00Z'],
    ['CMP-3001-01', '2025-05-07T06:00:00Z'],
    ['REQ-2002-02', '2025-05-09T06:00:00Z'],
  ]) {
    await db.query('INSERT INTO survey_invitations (case_reference, sent_at) VALUES ($1, $2)', [ref, at]);
  }
  for (const [ref, score, channel, at] of [
    ['REQ-2001-01', 5, 'whatsapp', '2025-05-06T08:00:00Z'],
    ['CMP-3001-01', 3, 'whatsapp', '2025-05-07T09:00:00Z'],
    [null, 4, 'telegram', '2025-05-08T09:00:00Z'],
  ] as const) {
    await db.query(
      'INSERT INTO survey_responses (case_reference, answers, channel, created_at) VALUES ($1, $2, $3, $4)',
      [ref, JSON.stringify({ overall: score, comment: 'x' }), channel, at],
    );
  }
}

const PERIOD = 'from=2025-05-01&to=2025-05-14';

describeEachDatabase(
  'the oversight dashboard',
  (getDb) => {
    let h: ConsoleHarness;
    let manager: { cookie: string; csrf: string };

    beforeAll(async () => {
      h = await startConsole(getDb(), { now: () => new Date('2025-05-15T06:00:00Z') });
      manager = await signIn(h.app, 't-manager');
      await seed(getDb());
    }, 60_000);
    afterAll(() => h?.stop());

    const get = (url: string) => h.app.inject({ method: 'GET', url, headers: { cookie: manager.cookie } });

    it('computes the figures from the cases, the audit trail and the survey answers', async () => {
      const res = await get(`/api/dashboard?${PERIOD}&lang=en`);
      expect(res.statusCode).toBe(200);
      expect(res.json().summary).toEqual({
        openRequests: 1,
        openComplaints: 2,
        overdue: 2, // R3 and C3
        escalated: 2, // R3 and C3
        newRequests: 3,
        newComplaints: 3,
        decided: 2,
        decidedOnTime: 1,
        onTimePct: 50,
        firstResponseAvgHours: 2.3, // (2 + 4 + 1) / 3
        firstResponseMedianHours: 2,
        resolutionAvgHours: 48, // (24 + 96 + 24) / 3
        resolutionMedianHours: 24,
        csatAverage: 4, // (5 + 3 + 4) / 3
        satisfiedPct: 66.7,
        responses: 3,
        invited: 3,
        responseRatePct: 66.7,
      });
    });

    it('breaks satisfaction down by service, channel and officer, and complaints by category and week', async () => {
      const { tables } = (await get(`/api/dashboard?${PERIOD}&lang=en`)).json();
      const rows = (name: string, keys: string[]) =>
        tables[name].rows.map((r: Record<string, unknown>) => Object.fromEntries(keys.map((k) => [k, r[k]])));
      const csat = ['label', 'responses', 'average', 'satisfiedPct', 'invited', 'responseRatePct'];
      expect(rows('satisfactionByService', csat)).toEqual([
        {
          label: 'Food basket',
          responses: 1,
          average: 5,
          satisfiedPct: 100,
          invited: 1,
          responseRatePct: 100,
        },
        { label: 'Complaint', responses: 1, average: 3, satisfiedPct: 0, invited: 1, responseRatePct: 100 },
        { label: '—', responses: 1, average: 4, satisfiedPct: 100, invited: 0, responseRatePct: null },
        {
          label: 'Rent assistance',
          responses: 0,
          average: null,
          satisfiedPct: null,
          invited: 1,
          responseRatePct: 0,
        },
      ]);
      expect(rows('satisfactionByChannel', csat)).toEqual([
        { label: 'WhatsApp', responses: 2, average: 4, satisfiedPct: 50, invited: 2, responseRatePct: 100 },
        { label: 'Telegram', responses: 1, average: 4, satisfiedPct: 100, invited: 0, responseRatePct: null },
        { label: 'Phone', responses: 0, average: null, satisfiedPct: null, invited: 1, responseRatePct: 0 },
      ]);
      expect(rows('satisfactionByOfficer', csat)).toEqual([
        {
          label: 'Test committee',
          responses: 2,
          average: 4,
          satisfiedPct: 50,
          invited: 3,
          responseRatePct: 66.7,
        },
        { label: '—', responses: 1, average: 4, satisfiedPct: 100, invited: 0, responseRatePct: null },
      ]);
      expect(rows('complaintsByCategory', ['kind', 'category', 'total', 'open', 'resolved'])).toEqual([
        { kind: 'Complaint', category: 'Delay', total: 1, open: 0, resolved: 1 },
        { kind: 'Complaint', category: 'Quality of service', total: 1, open: 1, resolved: 0 },
        { kind: 'Suggestion', category: '—', total: 1, open: 1, resolved: 0 },
      ]);
      expect(rows('complaintsByWeek', ['week', 'complaint', 'suggestion', 'total'])).toEqual([
        { week: '2025-04-27', complaint: 0, suggestion: 0, total: 0 },
        { week: '2025-05-04', complaint: 1, suggestion: 0, total: 1 },
        { week: '2025-05-11', complaint: 1, suggestion: 1, total: 2 },
      ]);
      expect(
        rows('responseTimes', [
          'kind',
          'cases',
          'responded',
          'firstAvgHours',
          'resolved',
          'resolutionMedianHours',
        ]),
      ).toEqual([
        {
          kind: 'Service request',
          cases: 3,
          responded: 2,
          firstAvgHours: 3,
          resolved: 2,
          resolutionMedianHours: 60,
        },
        {
          kind: 'Complaint',
          cases: 3,
          responded: 1,
          firstAvgHours: 1,
          resolved: 1,
          resolutionMedianHours: 24,
        },
      ]);
    });

    it('exports every table as CSV with a BOM and as XLSX, headers in the language asked for', async () => {
      for (const table of DASHBOARD_TABLES) {
        const csv = await get(`/api/dashboard/export/${table}?${PERIOD}&format=csv&lang=ar`);
        expect([table, csv.statusCode, [...csv.rawPayload.subarray(0, 3)]]).toEqual([
          table,
          200,
          [0xef, 0xbb, 0xbf],
        ]);
        expect(csv.headers['content-disposition']).toBe(
          `attachment; filename="${table}-2025-05-01-2025-05-14.csv"`,
        );
        const xlsx = await get(`/api/dashboard/export/${table}?${PERIOD}&format=xlsx&lang=ar`);
        const book = new ExcelJS.Workbook();
        await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
        expect(book.worksheets[0]!.views[0]).toMatchObject({ rightToLeft: true });
      }
      const csv = (
        await get(`/api/dashboard/export/satisfactionByChannel?${PERIOD}&format=csv&lang=ar`)
      ).rawPayload
        .toString('utf8')
        .slice(1)
        .split('\r\n');
      expect(csv.slice(0, 2)).toEqual([
        'القناة,الإجابات,المتوسط (من 5),الراضون (٪),المدعوون,نسبة الاستجابة (٪)',
        'واتساب,2,4,50,2,100',
      ]);
      const xlsx = await get(`/api/dashboard/export/summary?${PERIOD}&format=xlsx&lang=en`);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      const sheet = book.worksheets[0]!;
      expect(sheet.getRow(1).values).toEqual([undefined, 'Figure', 'Value']);
      expect(sheet.getRow(10).values).toEqual([undefined, 'Decided within the deadline (%)', 50]);
    });

    it('draws the charts as SVG images, right to left in Arabic', async () => {
      const weekly = await get(`/api/dashboard/charts/complaintsByWeek?${PERIOD}&lang=ar`);
      expect(weekly.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
      expect(weekly.body).toMatch(/^<svg [^>]*role="img"[^>]*direction="rtl"/);
      expect(weekly.body).toContain('<title>الشكاوى أسبوعيًا</title>');
      const byService = await get(`/api/dashboard/charts/satisfactionByService?${PERIOD}&lang=en`);
      expect(byService.body).toContain('>Food basket</text>');
      expect(byService.body).toContain('>5 / 5</text>');
      expect(byService.body).not.toContain('direction="rtl"');
    });
  },
  { migrate: true },
);
