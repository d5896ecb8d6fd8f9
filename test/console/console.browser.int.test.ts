import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { FsDocumentStore } from '../../src/documents/fs-document-store';
import { makeReference } from '../../src/cases/rules/reference';
import { StaffBot } from '../../src/staff-bot/staff-bot';
import { createTestDatabase, selectedBackends, type TestDatabase } from '../support/databases';
import { FakeTelegramApi } from '../support/fake-telegram-api';
import { textOf } from '../support/spine-harness';
import { PASSWORD, signIn, startConsole, type ConsoleHarness } from './console-harness';
import { CHROMIUM_PATH } from '../support/chromium-path';

/**
 * The console as committee members, managers and liaison officers use it: the real runtime (database,
 * Redis queues, flows, an in-process chat channel) behind the app on a random port, the pages in headless
 * Chromium, in Arabic and in English, on a laptop and on a phone. Screenshots: test-artifacts/console-*.png.
 */
/* The page globals the callbacks inside the page use (tsconfig has no DOM library; see webchat's test). */
declare const document: { documentElement: { dir: string; lang: string } };

const ARTIFACTS = path.join(__dirname, '../../test-artifacts');
const BROWSER_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const WAIT = { timeout: 20_000 };
const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(ARTIFACTS, `console-${name}.png`), fullPage: true });

describe('the web console in a browser', () => {
  let database: TestDatabase;
  let h: ConsoleHarness;
  let base = '';
  let browser: Browser;
  let telegram: FakeTelegramApi;
  let staffBot: StaffBot;
  let saraRef = '';
  const lateRef = makeReference('REQ', 4, () => 0.5);

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    database = await createTestDatabase(selectedBackends()[0]!, { migrate: true });
    // The staff bot, over the Bot API stand-in, sends sign-in codes (the console asks it through this).
    h = await startConsole(database.db, {
      telegram: { sendLoginCode: (userId, text) => staffBot.sendLoginCode(userId, text) },
    });
    telegram = await FakeTelegramApi.start({ limits: false, botUsername: 'tawasul_staff_bot' });
    telegram.addGroup(-1003334445556, { forum: true });
    staffBot = new StaffBot({
      token: telegram.token,
      apiRoot: telegram.apiRoot,
      groupId: -1003334445556,
      db: database.db,
      profile: h.profile,
      translator: h.runtime.translator,
      caseActions: h.runtime.caseActions,
      conversations: h.runtime.service,
      documents: new FsDocumentStore(path.join(ARTIFACTS, 'staff-bot-documents')),
      logger: pino({ level: 'silent' }),
      pollIntervalMs: 200,
      pollTimeoutSeconds: 1,
    });
    await staffBot.start();
    await database.db.query(`UPDATE staff_accounts SET telegram_user_id = 880011 WHERE id = 't-manager'`);
    base = await h.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: BROWSER_ARGS });

    // Sara wrote to us on the chat; later she phoned in a food-basket request, which a liaison officer registered.
    await h.chat.say('sara', {
      text: 'السلام عليكم',
      sender: { channelUserId: 'sara', phone: '+966501234567' },
    });
    await h.chat.nextReply('sara');
    const liaison = await signIn(h.app, 't-liaison');
    const lookup = await h.app.inject({
      method: 'GET',
      url: '/api/intake/beneficiary?mobile=0501234567',
      headers: { cookie: liaison.cookie },
    });
    const intake = await h.app.inject({
      method: 'POST',
      url: '/api/intake',
      headers: { cookie: liaison.cookie, 'x-csrf-token': liaison.csrf },
      payload: {
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
          'family-size': '5',
        },
        documentsSeen: ['id-copy', 'income-proof'],
        declaration: 'verbal',
        beneficiaryId: lookup.json<{ candidates: { id: string }[] }>().candidates[0]!.id,
      },
    });
    saraRef = intake.json<{ reference: string }>().reference;
    await h.chat.nextReply('sara'); // "we have registered your application…"
    // An older web-chat request, long past its due date.
    await database.db.query(
      `INSERT INTO service_requests (reference, service_id, category_id, status, fields, channel, declaration, completed_at, due_date, created_at)
       VALUES ($1, 'rent-aid', 'families', 'under_review', '{"full-name": "عمر صالح", "mobile": "+966551112222"}',
               'webchat', '{"hash": "x"}', now() - interval '40 days', current_date - 20, now() - interval '40 days')`,
      [lateRef],
    );
    // A few weeks of tickets and survey answers, so the dashboard has something to draw.
    const tickets: [string, string | null, number][] = [
      ['complaint', 'delay', 2],
      ['complaint', 'delay', 9],
      ['complaint', 'staff-conduct', 16],
      ['suggestion', null, 4],
      ['complaint', 'service-quality', 20],
      ['compensation', 'other', 11],
    ];
    for (const [i, [kind, category, daysAgo]] of tickets.entries()) {
      await database.db.query(
        `INSERT INTO complaints (reference, kind, category_id, description, routed_to, status, channel, due_date, created_at)
         VALUES ($1, $2, $3, 'x', 'follow-up-committee', 'open', $4, current_date + 5, now() - make_interval(days => $5))`,
        [
          makeReference(kind === 'suggestion' ? 'SUG' : 'CMP', 4, () => 0.1 + i / 10),
          kind,
          category,
          i % 2 ? 'whatsapp' : 'telegram',
          daysAgo,
        ],
      );
    }
    for (const [ref, score, channel] of [
      [saraRef, 5, 'inprocess'],
      [lateRef, 2, 'webchat'],
      [null, 4, 'telegram'],
    ] as const) {
      if (ref) await database.db.query('INSERT INTO survey_invitations (case_reference) VALUES ($1)', [ref]);
      await database.db.query(
        'INSERT INTO survey_responses (case_reference, answers, channel) VALUES ($1, $2, $3)',
        [ref, JSON.stringify({ overall: score }), channel],
      );
    }
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await staffBot?.stop();
    await telegram?.close();
    await h?.stop();
    await database?.dispose();
  });

  async function open(
    locale: string,
    viewport = { width: 1280, height: 900 },
  ): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ locale, viewport, acceptDownloads: true });
    const page = await context.newPage();
    return { context, page };
  }

  async function signInAs(page: Page, staffId: string, submit: string) {
    await page.goto(`${base}/console/`);
    await page.locator('input[name="staffId"]').first().fill(staffId);
    await page.locator('input[name="password"]').fill(PASSWORD);
    await page.getByRole('button', { name: submit, exact: true }).click();
  }

  it('signs a committee member in, filters the overdue cases, exports them, and decides a request in Arabic', async () => {
    const { context, page } = await open('ar-SA');
    try {
      await page.goto(`${base}/console/`);
      await page.getByRole('heading', { name: 'تسجيل الدخول' }).waitFor(WAIT);
      expect(
        await page.evaluate(() => [document.documentElement.dir, document.documentElement.lang]),
      ).toEqual(['rtl', 'ar']);
      await page.getByLabel('رقم الموظف').first().fill('t-committee');
      await page.getByLabel('كلمة المرور').fill('not the password');
      await page.getByRole('button', { name: 'دخول', exact: true }).click();
      await page.getByRole('alert').filter({ hasText: 'رقم الموظف أو كلمة المرور غير صحيح' }).waitFor(WAIT);
      await page.getByLabel('كلمة المرور').fill(PASSWORD);
      await shot(page, 'signin-ar');
      await page.getByRole('button', { name: 'دخول', exact: true }).click();

      // Home of a committee member: the case list, both cases.
      await page.waitForURL(`${base}/console/cases`, WAIT);
      await page.getByRole('heading', { name: 'الحالات', exact: true }).waitFor(WAIT);
      await page.getByRole('link', { name: saraRef }).waitFor(WAIT);
      await page.getByRole('link', { name: lateRef }).waitFor(WAIT);

      // Overdue only: the late request stays, Sara's goes.
      await page.getByLabel('المتأخرة فقط').check();
      await page.getByRole('button', { name: 'تطبيق' }).click();
      await page.getByText('الحالات 1–1 من 1').waitFor(WAIT);
      expect(await page.getByRole('link', { name: saraRef }).count()).toBe(0);
      await page
        .getByRole('row', { name: new RegExp(lateRef) })
        .getByText('متأخرة')
        .waitFor(WAIT);
      expect(new URL(page.url()).searchParams.get('overdue')).toBe('true');
      await shot(page, 'cases-overdue-ar');

      // Export what is shown as CSV: a UTF-8 file with a BOM, Arabic headers, the one overdue case.
      const [download] = await Promise.all([
        page.waitForEvent('download', WAIT),
        page.getByRole('link', { name: 'تصدير CSV' }).click(),
      ]);
      const csv = readFileSync(await download.path());
      expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = csv.toString('utf8').slice(1).trim().split('\r\n');
      expect(lines[0]).toContain('الرقم المرجعي');
      expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual([lateRef]);
      expect(download.suggestedFilename()).toMatch(/^cases-\d{4}-\d{2}-\d{2}\.csv$/);

      // Sara's request: open it, start the review, approve it.
      await page.getByRole('button', { name: 'مسح التصفية' }).click();
      await page.getByRole('link', { name: saraRef }).click();
      await page.getByRole('heading', { name: `الحالة ${saraRef}` }).waitFor(WAIT);
      await page.getByText('سارة أحمد العتيبي').first().waitFor(WAIT);
      await page.getByRole('button', { name: 'بدء الدراسة', exact: true }).click();
      await page.getByRole('button', { name: 'تأكيد: بدء الدراسة' }).click();
      await page.getByText('تم: الحالة الآن «قيد الدراسة»').waitFor(WAIT);
      await page.getByRole('button', { name: 'قبول', exact: true }).click();
      await page.getByRole('button', { name: 'تأكيد: قبول' }).click();
      await page.getByText('تم: الحالة الآن «مقبول»، وأُدرج إشعار مقدّم الطلب في قائمة الإرسال.').waitFor(WAIT);
      // The timeline shows the decision by this officer and the notification to Sara, with where it stands.
      const notices = page.locator('.tl-notification');
      await page.waitForFunction(() => true);
      await notices.nth(2).waitFor(WAIT);
      expect(await notices.count()).toBe(3); // registered, under review, approved
      expect(await notices.nth(2).locator('.badge').innerText()).toMatch(
        /في قائمة الإرسال|أُرسل|جارٍ الإرسال|بانتظار الجدولة/,
      );
      await page.locator('.tl-event', { hasText: 'قُبل' }).waitFor(WAIT);

      // Hand it to a liaison officer: the same service as /assign on Telegram.
      await page.getByLabel('المسؤول عن الحالة').selectOption('t-liaison');
      await page.getByRole('button', { name: 'أسند الحالة', exact: true }).click();
      await page.getByText('أُسندت الحالة إلى Test liaison').waitFor(WAIT);
      const assigned = await database.db.query(
        `SELECT actor, data FROM events WHERE subject_id = $1 AND type = 'case.assigned'`,
        [saraRef],
      );
      expect(assigned.rows).toEqual([{ actor: 'staff:t-committee', data: { from: null, to: 't-liaison' } }]);
      await shot(page, 'case-ar');

      // The applicant's notification is an outbox row of her chat conversation, and it reaches her.
      const outbox = await database.db.query<{ channel: string; recipient: string }>(
        `SELECT o.channel, o.recipient FROM outbox o JOIN conversations c ON c.id = o.conversation_id
         WHERE o.inbound_id IS NULL AND c.channel_user_id = 'sara' ORDER BY o.id`,
      );
      expect(outbox.rows).toHaveLength(3);
      expect(outbox.rows[2]).toEqual({ channel: 'inprocess', recipient: 'sara' });
      await h.chat.nextReply('sara'); // under review
      expect(textOf(await h.chat.nextReply('sara'))).toContain(saraRef);
      const audit = await database.db.query(
        `SELECT actor FROM events WHERE subject_id = $1 AND type = 'request.approve'`,
        [saraRef],
      );
      expect(audit.rows).toEqual([{ actor: 'staff:t-committee' }]);

      // The same page in English, left to right.
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('heading', { name: `Case ${saraRef}` }).waitFor(WAIT);
      expect(await page.evaluate(() => document.documentElement.dir)).toBe('ltr');
      await page.getByText('Notification to the applicant').first().waitFor(WAIT);
      await shot(page, 'case-en');
    } finally {
      await context.close();
    }
  }, 120_000);

  it('signs a manager in with a one-time code the staff bot sends on Telegram', async () => {
    const { context, page } = await open('en-GB');
    try {
      await page.goto(`${base}/console/`);
      await page.getByRole('heading', { name: 'Sign in with a code on Telegram' }).waitFor(WAIT);
      await page.locator('input[name="staffId"]').nth(1).fill('t-manager');
      await page.getByRole('button', { name: 'Send the code', exact: true }).click();
      const [dm] = await telegram.waitForSent(880011, 1);
      const code = /\b(\d{6})\b/.exec(dm!.text)![1]!;
      await page.getByLabel('The six-digit code').fill(code);
      await shot(page, 'signin-code-en');
      await page.getByRole('button', { name: 'Sign in with the code', exact: true }).click();
      await page.waitForURL(`${base}/console/dashboard`, WAIT);
      await page.getByRole('heading', { name: 'Dashboard', exact: true }).waitFor(WAIT);
      // A manager has no administration pages.
      const admin = await page.goto(`${base}/console/admin/staff`);
      expect(admin?.status()).toBe(403);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('shows the first administrator the dashboard: charts with their tables, filters, English and Arabic, laptop and phone', async () => {
    const { context, page } = await open('en-GB');
    try {
      await signInAs(page, 't-admin', 'Sign in');
      await page.waitForURL(/\/console\/cases/, WAIT);
      // Issue 18: an administrator (an installation's first account) got 403 here.
      const res = await page.goto(`${base}/console/dashboard`);
      expect(res?.status()).toBe(200);
      await page.getByRole('heading', { name: 'Dashboard', exact: true }).waitFor(WAIT);
      const tile = (name: string) => page.locator(`.figure[data-figure="${name}"] .figure-value`);
      await tile('openComplaints').filter({ hasText: /\d/ }).waitFor(WAIT);
      const allComplaints = await tile('openComplaints').innerText();
      // Every figure as a chart (or "no data"), each with its table one click away.
      const cards = page.locator('.dash-card');
      expect(await cards.count()).toBe(10);
      expect(await page.locator('.dash-card svg.chart-svg').count()).toBeGreaterThanOrEqual(6);
      const byCategory = page.locator('.dash-card[data-table="complaintsByCategory"]');
      expect(await byCategory.locator('svg rect').count()).toBe(5);
      await expect(byCategory.locator('table').isVisible()).resolves.toBe(false);
      await byCategory.getByText('Show the table').click();
      await byCategory.locator('table').getByRole('cell', { name: 'Delay' }).waitFor(WAIT);
      await shot(page, 'dashboard-en');

      // A filter reloads the figures and goes into the address and the export links.
      await page.locator('select[name="service"]').selectOption('ticket:suggestion');
      await page.getByRole('button', { name: 'Show', exact: true }).click();
      await tile('openComplaints').filter({ hasText: /^1$/ }).waitFor(WAIT);
      expect(allComplaints).not.toBe('1');
      expect(await byCategory.locator('svg rect').count()).toBe(1);
      expect(new URL(page.url()).searchParams.get('service')).toBe('ticket:suggestion');
      const xlsx = await byCategory.getByRole('link', { name: 'Export Excel (XLSX)' }).getAttribute('href');
      expect(new URL(xlsx!, base).searchParams.get('service')).toBe('ticket:suggestion');

      await page.locator('select[name="service"]').selectOption('');
      await page.getByRole('button', { name: 'Show', exact: true }).click();
      await tile('openComplaints').filter({ hasText: allComplaints }).waitFor(WAIT);

      // Arabic, right to left: the rating isolated ("4 من 5", not "5 / 4").
      await page.getByRole('button', { name: 'العربية' }).click();
      await page.getByRole('heading', { name: 'لوحة المؤشرات', exact: true }).waitFor(WAIT);
      await page.getByRole('heading', { name: 'الرضا حسب الخدمة' }).waitFor(WAIT);
      expect(await page.locator('.figure[data-figure="csatAverage"] .figure-value').innerText()).toMatch(
        /^\d(\.\d)? من 5$/,
      );
      expect(await page.locator('.figure[data-figure="csatAverage"] bdi').count()).toBe(1);
      await shot(page, 'dashboard-ar');

      // On a phone: no sideways page scroll; a wide table scrolls inside its own box.
      await page.setViewportSize({ width: 390, height: 844 });
      const times = page.locator('.dash-card[data-table="responseTimes"]');
      await times.locator('summary').click();
      const widths = await page.evaluate(() => {
        const doc = (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } })
          .document;
        return doc.documentElement.scrollWidth;
      });
      expect(widths).toBeLessThanOrEqual(390);
      const box = await times.locator('.table-wrap').evaluate((el) => {
        const e = el as unknown as { scrollWidth: number; clientWidth: number };
        return { scroll: e.scrollWidth, client: e.clientWidth };
      });
      expect(box.client).toBeLessThanOrEqual(390);
      expect(box.scroll).toBeGreaterThan(box.client);
      await shot(page, 'dashboard-ar-phone');
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('heading', { name: 'Dashboard', exact: true }).waitFor(WAIT);
      await page.locator('.dash-card').first().waitFor(WAIT);
      await shot(page, 'dashboard-en-phone');
    } finally {
      await context.close();
    }
  }, 90_000);

  it('registers a phone request from the intake form on a phone-sized screen', async () => {
    const { context, page } = await open('ar-SA', { width: 390, height: 844 });
    try {
      await signInAs(page, 't-liaison', 'دخول');
      await page.waitForURL(`${base}/console/cases`, WAIT);
      await page.getByRole('link', { name: saraRef }).waitFor(WAIT);
      await shot(page, 'cases-phone-ar');
      // On a phone the sections are behind the menu button.
      await page.getByRole('button', { name: /^القائمة/ }).click();
      await page.getByRole('link', { name: 'تسجيل حالة' }).click();
      await page.getByRole('heading', { name: 'تسجيل حالة' }).waitFor(WAIT);
      await page.getByLabel('وصلت عبر').selectOption('visit');
      await page.getByLabel('رقم الجوال', { exact: true }).fill('0559876543');
      await page.getByLabel('الاسم الكامل').fill('خالد ناصر');
      // A number nobody is on file with: the only choice is a new person, chosen already.
      const newPerson = page.getByLabel('شخص جديد يُسجَّل بهذا الرقم.');
      await newPerson.waitFor(WAIT);
      expect(await newPerson.isChecked()).toBe(true);
      await page.getByLabel('الخدمة', { exact: true }).selectOption('rent-aid');
      await page.getByLabel('رقم الهوية أو الإقامة *').fill('2345678904');
      await page.getByLabel('قيمة الإيجار الشهري بالريال *').fill('٢٥٠٠');
      await page.getByLabel('صورة الهوية').check();
      await page.getByLabel('عقد الإيجار').check();
      await page.getByLabel('وقّع النموذج الورقي').check();
      await page.getByRole('button', { name: 'تسجيل', exact: true }).click();
      const done = page.getByRole('status').filter({ hasText: 'سُجّلت برقم' });
      await done.waitFor(WAIT);
      await shot(page, 'intake-phone-ar');
      const ref = /REQ-\d{4}-\d{2}/.exec(await done.innerText())![0];
      const stored = await database.db.query(
        `SELECT channel, fields->>'monthly-rent' AS rent FROM service_requests WHERE reference = $1`,
        [ref],
      );
      expect(stored.rows).toEqual([{ channel: 'visit', rent: '2500' }]);
    } finally {
      await context.close();
    }
  }, 90_000);
});
