import ExcelJS from 'exceljs';
import { DASHBOARD_TABLES } from '../../src/console/dashboard/dashboard-tables';
import { describeEachDatabase } from '../support/databases';
import { signIn, startConsole, type ConsoleHarness } from './console-harness';
import { seed, seedWorkload } from './dashboard-seed';

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
      await seedWorkload(getDb());
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
        {
          label: 'Not about a case (menu)',
          responses: 1,
          average: 4,
          satisfiedPct: 100,
          invited: 0,
          responseRatePct: null,
        },
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
        {
          label: 'No officer',
          responses: 1,
          average: 4,
          satisfiedPct: 100,
          invited: 0,
          responseRatePct: null,
        },
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

    it('shows the dashboard to the administrator, who runs the installation (its first account)', async () => {
      const admin = await signIn(h.app, 't-admin');
      const page = await h.app.inject({
        method: 'GET',
        url: '/console/dashboard',
        headers: { cookie: admin.cookie, accept: 'text/html' },
      });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('"page":"dashboard"');
      const api = await h.app.inject({
        method: 'GET',
        url: `/api/dashboard?${PERIOD}`,
        headers: { cookie: admin.cookie },
      });
      expect(api.statusCode).toBe(200);
    });

    it('counts request volumes, decisions against the deadline, overdue by committee and each officer’s load', async () => {
      const { tables } = (await get(`/api/dashboard?${PERIOD}&lang=en`)).json();
      const rows = (name: string) => tables[name].rows;
      // R1 and R2 arrived on Sunday 4 May, R3 on Saturday the 10th; R1 decided on the 5th, R2 on the 8th.
      expect(rows('requestsByWeek')).toEqual([
        { week: '2025-04-27', opened: 0, decided: 0 },
        { week: '2025-05-04', opened: 3, decided: 2 },
        { week: '2025-05-11', opened: 0, decided: 0 },
      ]);
      // R1: 1 day of 16 allowed; R2: 4 days of 2 (late); C1 resolved in 1 day of 14.
      expect(
        rows('deadlines').map((r: Record<string, unknown>) => [
          r.service,
          r.done,
          r.onTime,
          r.late,
          r.avgDays,
          r.allowedDays,
        ]),
      ).toEqual([
        ['Food basket', 1, 1, 0, 1, 16],
        ['Rent assistance', 1, 0, 1, 4, 2],
        ['Complaint', 1, 1, 0, 1, 14],
      ]);
      // Today is 15 May: R3 (due the 12th) and C3 (due the 13th) are late; the suggestion is not.
      expect(rows('overdueByCommittee')).toEqual([
        { committee: 'Research committee (requests)', open: 1, overdue: 1, escalated: 1 },
        { committee: 'Follow-up committee', open: 2, overdue: 1, escalated: 1 },
        { committee: 'Investigation committee', open: 0, overdue: 0, escalated: 0 },
      ]);
      // The committee member acted on R1, R2 and C1 and holds C3; the liaison officer reviewed R1, holds R3.
      expect(rows('officerLoad')).toEqual([
        { officer: 'Test committee', open: 1, overdue: 1, acted: 3, responses: 2, average: 4 },
        { officer: 'Test liaison', open: 1, overdue: 1, acted: 1, responses: 0, average: null },
      ]);
    });

    it('narrows every figure by service, channel and officer', async () => {
      const summary = async (filter: string) =>
        (await get(`/api/dashboard?${PERIOD}&${filter}`)).json().summary;
      // Food baskets: R1 (decided on time, rated 5) and R3 (open); no tickets; the menu answer left out.
      expect(await summary('service=food-basket')).toMatchObject({
        newRequests: 2,
        newComplaints: 0,
        openRequests: 1,
        decided: 1,
        decidedOnTime: 1,
        csatAverage: 5,
        responses: 1,
      });
      // WhatsApp: R1 and C1 (rated 5 and 3).
      expect(await summary('channel=whatsapp')).toMatchObject({
        newRequests: 1,
        newComplaints: 1,
        csatAverage: 4,
        responses: 2,
      });
      // Routed to the committee member: C3 only.
      expect(await summary('officer=t-committee')).toMatchObject({
        newRequests: 0,
        newComplaints: 1,
        openComplaints: 1,
        overdue: 1,
      });
      const weeks = (await get(`/api/dashboard?${PERIOD}&service=rent-aid`)).json().tables.requestsByWeek
        .rows;
      expect(weeks[1]).toEqual({ week: '2025-05-04', opened: 1, decided: 1 });
      // The export carries the same filter.
      const csv = await get(`/api/dashboard/export/deadlines?${PERIOD}&service=rent-aid&format=csv&lang=en`);
      expect(csv.rawPayload.toString('utf8').slice(1).split('\r\n').slice(1, 3)).toEqual([
        'Rent assistance,1,0,1,4,2',
        '',
      ]);
    });

    it('refuses a filter the association does not have, naming the field', async () => {
      for (const [query, path] of [
        ['service=nope', 'query.service'],
        ['officer=ghost', 'query.officer'],
        ['channel=pigeon', 'query.channel'],
      ]) {
        const res = await get(`/api/dashboard?${PERIOD}&${query}`);
        expect([query, res.statusCode, res.json().error]).toEqual([query, 400, 'ERR_VALIDATION']);
        expect(res.json().issues.map((i: { path: string }) => i.path)).toEqual([path]);
      }
    });

    it('labels surveys after a conversation handed to a person, instead of "—"', async () => {
      const { tables } = (await get('/api/dashboard?from=2025-04-01&to=2025-04-10&lang=en')).json();
      expect(tables.satisfactionByService.rows).toMatchObject([
        { label: 'Conversation with a staff member', responses: 1, average: 2, invited: 1 },
      ]);
      expect(tables.satisfactionByChannel.rows).toMatchObject([{ label: 'Telegram', responses: 1 }]);
      const filtered = (await get('/api/dashboard?from=2025-04-01&to=2025-04-10&service=handoff')).json();
      expect(filtered.summary).toMatchObject({ responses: 1, csatAverage: 2 });
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

    it('exports the case list with phones as text and real dates, and says so when rows were cut', async () => {
      // 10 001 closed requests from long ago (outside every period above) and one with a mobile.
      await getDb().query(
        `INSERT INTO service_requests (reference, service_id, category_id, status, fields, channel, declaration, completed_at, due_date, created_at)
         SELECT 'REQ-9' || lpad(n::text, 5, '0'), 'food-basket', 'families', 'closed',
           CASE WHEN n = 1 THEN '{"full-name": "Huda", "mobile": "+966551234567"}'::jsonb ELSE '{}'::jsonb END,
           'phone', '{"hash": "x"}', '2024-01-01T09:00:00Z'::timestamptz + make_interval(mins => n),
           '2024-01-20', '2024-01-01T09:00:00Z'::timestamptz + make_interval(mins => n)
         FROM generate_series(1, 10001) n`,
      );
      const admin = await signIn(h.app, 't-admin');
      const xlsx = await h.app.inject({
        method: 'GET',
        url: '/api/cases/export?format=xlsx&lang=en&status=closed&q=REQ-900001',
        headers: { cookie: admin.cookie },
      });
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      const row = book.worksheets[0]!.getRow(2);
      const cell = (label: string) =>
        row.getCell((book.worksheets[0]!.getRow(1).values as string[]).indexOf(label));
      expect(cell('Mobile').value).toBe('+966551234567');
      expect(cell('Mobile').type).toBe(ExcelJS.ValueType.String);
      // 09:01 UTC is 12:01 in Riyadh: a date cell at the association's time.
      expect(cell('Created').type).toBe(ExcelJS.ValueType.Date);
      expect((cell('Created').value as Date).toISOString()).toBe('2024-01-01T12:01:00.000Z');
      expect(cell('Due').type).toBe(ExcelJS.ValueType.Date);
      const csv = await h.app.inject({
        method: 'GET',
        url: '/api/cases/export?format=csv&lang=en&status=closed',
        headers: { cookie: admin.cookie },
      });
      expect([csv.headers['x-export-rows'], csv.headers['x-export-total']]).toEqual(['10000', '10001']);
      const lines = csv.rawPayload.toString('utf8').trimEnd().split('\r\n');
      expect(lines).toHaveLength(1 + 10_000 + 1);
      expect(lines.at(-1)).toBe(
        'Only the first 10000 of 10001 cases are in this file. Narrow the filters (for example by period) to export the rest.',
      );
    }, 120_000);
  },
  { migrate: true },
);
