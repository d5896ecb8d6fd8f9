import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { toNumberedText } from '../../src/channels/numbered-text';
import { createTestDatabase, selectedBackends, type TestDatabase } from '../support/databases';
import { CHROMIUM_PATH } from '../support/chromium-path';
import { textOf } from '../support/spine-harness';
import { Clock } from '../support/test-clock';
import { PASSWORD, signIn, startConsole, type ConsoleHarness } from './console-harness';

/**
 * The case list and a case page as staff use them (src/console/ui/cases, src/console/ui/case): numbers
 * kept in order inside Arabic, a rejection with one of the profile's reasons, the approval's note (on
 * record, and in the applicant's chat message), the search, both pages on a 390-px phone, documents
 * labelled as the person answered, and a complaint escalated from its page up to the board. One database, one browser; screenshots in
 * test-artifacts/cases-*.png (Arabic and English, laptop and phone).
 */
/* The page globals the callbacks inside the page use (tsconfig has no DOM library; see webchat's test). */
declare const document: {
  documentElement: { scrollWidth: number; scrollHeight: number };
  querySelector(selector: string): unknown;
  createRange(): {
    setStart(node: unknown, offset: number): void;
    setEnd(node: unknown, offset: number): void;
    getBoundingClientRect(): { left: number };
  };
  createTreeWalker(root: unknown, what: number): { nextNode(): unknown };
};

const ARTIFACTS = path.join(__dirname, '../../test-artifacts');
const BROWSER_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'];
const WAIT = { timeout: 20_000 };
const LAPTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const PDF = Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(ARTIFACTS, `cases-${name}.png`), fullPage: true });

/**
 * Where "+" of a phone number is drawn against its first digit, in the element `selector` finds: a
 * number shown left to right has its "+" on the left (negative); "966…+" has it on the right.
 */
function plusBeforeDigits(page: Page, selector: string, number: string): Promise<number> {
  return page.evaluate(
    ([selector, number]) => {
      const root = document.querySelector(selector);
      const walker = document.createTreeWalker(root, 4 /* text */);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = (node as { data: string }).data;
        const at = text.indexOf(number);
        if (at < 0) continue;
        const left = (offset: number) => {
          const range = document.createRange();
          range.setStart(node, offset);
          range.setEnd(node, offset + 1);
          return range.getBoundingClientRect().left;
        };
        return left(at) - left(at + 1);
      }
      throw new Error(`${number} is not in ${selector}`);
    },
    [selector, number] as const,
  );
}

describe('the cases list and a case page in a browser', () => {
  let database: TestDatabase;
  let h: ConsoleHarness;
  let browser: Browser;
  let base = '';
  let noura = ''; // a request she made on the chat: a long conversation
  let khalid = ''; // a request a liaison officer registered by phone
  // Sunday 22 November 2026, 10:00 in Riyadh.
  const clock = new Clock(new Date('2026-11-22T07:00:00Z'));

  const say = async (input: Parameters<ConsoleHarness['chat']['say']>[1]) => {
    await h.chat.say('noura', input);
    return toNumberedText(await h.chat.nextReply('noura'));
  };

  const put = (bytes: Buffer, fileName: string) => h.runtime.documents.put(bytes, { fileName });
  const media = (d: Awaited<ReturnType<typeof put>>, kind: 'image' | 'document') => ({
    media: [
      {
        kind,
        mimeType: d.mimeType,
        sizeBytes: d.sizeBytes,
        ref: d.ref,
        sha256: d.sha256,
        fileName: d.fileName,
      },
    ],
  });

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    database = await createTestDatabase(selectedBackends()[0]!, { migrate: true });
    h = await startConsole(database.db, { now: clock.now });
    base = await h.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: BROWSER_ARGS });

    // Noura asks for a food basket on the chat, documents and all.
    await h.chat.say('noura', {
      text: 'السلام عليكم',
      sender: { channelUserId: 'noura', phone: '+966501234567' },
    });
    await h.chat.nextReply('noura');
    for (const text of ['١', 'أوافق']) await say(text);
    for (const text of ['2', '1', '1', 'نورة سالم', '١٠٠٠٠٠٠٠٠٨', '٠٥٠١٢٣٤٥٦٧', '1', '4']) await say(text);
    await say(media(await put(PDF, 'income.pdf'), 'document'));
    await say('2');
    await say(media(await put(PNG, 'id.png'), 'image'));
    await say('1');
    noura = /REQ-\d{4}-\d{2}/.exec(await say('أقر وأرسل الطلب'))?.[0] ?? '';
    expect(noura).not.toBe('');

    // Khalid phoned in a rent-aid request; he has no chat.
    const liaison = await signIn(h.app, 't-liaison');
    const intake = await h.app.inject({
      method: 'POST',
      url: '/api/intake',
      headers: { cookie: liaison.cookie, 'x-csrf-token': liaison.csrf },
      payload: {
        kind: 'request',
        channel: 'phone',
        mobile: '0551234567',
        fullName: 'خالد ناصر',
        serviceId: 'rent-aid',
        fields: {
          'full-name': 'خالد ناصر',
          'national-id': '2345678904',
          mobile: '0551234567',
          'monthly-rent': '2500',
        },
        documentsSeen: ['id-copy', 'lease'],
        declaration: 'verbal',
      },
    });
    expect(intake.statusCode).toBe(201);
    khalid = intake.json<{ reference: string }>().reference;

    // Both under review, ready for a decision.
    const committee = await signIn(h.app, 't-committee');
    for (const reference of [noura, khalid]) {
      const started = await h.app.inject({
        method: 'POST',
        url: `/api/cases/${reference}/actions`,
        headers: { cookie: committee.cookie, 'x-csrf-token': committee.csrf },
        payload: { action: 'startReview' },
      });
      expect(started.statusCode).toBe(200);
    }
    await h.chat.nextReply('noura'); // "under review"
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await h?.stop();
    await database?.dispose();
  });

  async function signedIn(locale: string, viewport: { width: number; height: number }) {
    const context = await browser.newContext({ locale, viewport });
    const page = await context.newPage();
    await page.goto(`${base}/console/`);
    await page.locator('input[name="staffId"]').first().fill('t-committee');
    await page.locator('input[name="password"]').fill(PASSWORD);
    await page.locator('form button[type="submit"]').click();
    await page.waitForURL(`${base}/console/cases`, WAIT);
    return { context, page };
  }

  it('keeps phone numbers in order in Arabic, folds the conversation, and rejects with a preset reason alone', async () => {
    const { context, page } = await signedIn('ar-SA', LAPTOP);
    try {
      await page.getByRole('link', { name: noura }).waitFor(WAIT);
      // "+966501234567", not "966501234567+": the "+" is drawn left of the digits in the list and on the case.
      expect(await plusBeforeDigits(page, 'table.cases', '+966501234567')).toBeLessThan(0);
      await shot(page, 'list-ar');

      await page.getByRole('link', { name: noura }).click();
      await page.getByRole('heading', { name: `الحالة ${noura}` }).waitFor(WAIT);
      expect(await plusBeforeDigits(page, 'dl.facts', '+966501234567')).toBeLessThan(0);
      // The chat that made the request is folded under one button that says how long it is.
      const toggle = page.getByRole('button', { name: /^عرض المحادثة \(\d+ (رسالة|رسائل)\)$/ });
      await toggle.waitFor(WAIT);
      expect(await page.locator('.case-conversation .tl-inbound').first().isVisible()).toBe(false);
      await shot(page, 'case-ar');
      await toggle.click();
      await page.locator('.case-conversation .tl-inbound', { hasText: 'نورة سالم' }).waitFor(WAIT);
      // Her number inside the bot's Arabic summary of the form: "+966…", not "966…+".
      expect(await plusBeforeDigits(page, '.case-conversation', '+966501234567')).toBeLessThan(0);
      await shot(page, 'case-conversation-ar');
      await page.getByRole('button', { name: 'إخفاء المحادثة' }).click();

      // Reject with one of the profile's reasons and nothing written: enough; she is told that reason.
      await page.getByRole('button', { name: 'رفض', exact: true }).click();
      await page
        .getByLabel('السبب', { exact: true })
        .selectOption({ label: 'المستندات غير مكتملة أو غير صحيحة' });
      await page.getByRole('button', { name: 'تأكيد: رفض' }).click();
      await page.getByText('تم: الحالة الآن «مرفوض»').waitFor(WAIT);
      expect(textOf(await h.chat.nextReply('noura'))).toContain('المستندات غير مكتملة أو غير صحيحة');
    } finally {
      await context.close();
    }
  }, 120_000);

  it('finds «نورة» when searched as «نوره»', async () => {
    const { context, page } = await signedIn('ar-SA', LAPTOP);
    try {
      // As she wrote her name (the filter kept in the address)…
      await page.goto(`${base}/console/cases?q=${encodeURIComponent('نورة')}`);
      await page.getByText('الحالات 1–1 من 1').waitFor(WAIT);
      await page.getByRole('link', { name: noura }).waitFor(WAIT);
      await page.getByRole('button', { name: 'مسح التصفية' }).click();
      await page.getByText('الحالات 1–2 من 2').waitFor(WAIT);
      // …and as many type it, ه for ة, in the search box.
      await page.getByLabel('بحث', { exact: true }).fill('نوره');
      await page.getByRole('button', { name: 'تطبيق' }).click();
      await page.getByText('الحالات 1–1 من 1').waitFor(WAIT);
      expect(new URL(page.url()).searchParams.get('q')).toBe('نوره');
      await page.getByRole('link', { name: noura }).waitFor(WAIT);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('fits a phone: the list as cards, a case with its decision before the folded conversation', async () => {
    const { context, page } = await signedIn('ar-SA', PHONE);
    try {
      await page.getByRole('link', { name: noura }).waitFor(WAIT);
      // Reference, person, status and due date of each case on screen, nothing to scroll sideways to.
      for (const cell of ['.c-reference', '.c-applicant', '.c-status', '.c-due']) {
        for (const box of await page
          .locator(`table.cases ${cell}`)
          .evaluateAll((nodes) =>
            nodes.map((n) =>
              (
                n as unknown as { getBoundingClientRect(): { left: number; right: number } }
              ).getBoundingClientRect(),
            ),
          )) {
          expect(box.left).toBeGreaterThanOrEqual(0);
          expect(box.right).toBeLessThanOrEqual(PHONE.width);
        }
      }
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        PHONE.width,
      );
      await shot(page, 'list-phone-ar');

      // The sections fold behind a menu button instead of a strip scrolling sideways past the screen.
      const intake = page.getByRole('navigation').getByRole('link', { name: 'الحالات', exact: true });
      expect(await intake.isVisible()).toBe(false);
      await page.getByRole('button', { name: /^القائمة/ }).click();
      await intake.waitFor(WAIT);
      const menu = await intake.evaluate((n) =>
        (
          n as unknown as { getBoundingClientRect(): { left: number; right: number } }
        ).getBoundingClientRect(),
      );
      expect(menu.left).toBeGreaterThanOrEqual(0);
      expect(menu.right).toBeLessThanOrEqual(PHONE.width);
      await shot(page, 'menu-phone-ar');

      await page.goto(`${base}/console/cases/${noura}`);
      await page.getByRole('button', { name: /^عرض المحادثة/ }).waitFor(WAIT);
      const top = async (selector: string) =>
        page
          .locator(selector)
          .evaluate(
            (n) => (n as unknown as { getBoundingClientRect(): { top: number } }).getBoundingClientRect().top,
          );
      expect(await top('#case-actions')).toBeLessThan(await top('.case-conversation'));
      // Today's page was some 5,500 px tall, mostly the conversation; folded, the case fits a few screens.
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      expect(height).toBeLessThan(4 * PHONE.height);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        PHONE.width,
      );
      await shot(page, 'case-phone-ar');
    } finally {
      await context.close();
    }
  }, 90_000);

  it('approves with a note in English, on a laptop and on a phone', async () => {
    const { context, page } = await signedIn('en-GB', LAPTOP);
    try {
      await page.getByRole('heading', { name: 'Cases', exact: true }).waitFor(WAIT);
      await page.getByRole('link', { name: khalid }).waitFor(WAIT);
      await shot(page, 'list-en');
      await page.getByRole('link', { name: khalid }).click();
      await page.getByRole('heading', { name: `Case ${khalid}` }).waitFor(WAIT);
      // The note goes with the approval as it always has: as the action's `reason`.
      await page.getByRole('button', { name: 'Approve', exact: true }).click();
      await page.getByLabel(/^Note/).fill('Bring the original lease on Sunday');
      await page.getByRole('button', { name: 'Confirm: Approve' }).click();
      await page.getByText('Done: the case is now “Approved”.').waitFor(WAIT);
      const approved = await database.db.query(
        `SELECT data->>'reason' AS reason FROM events WHERE subject_id = $1 AND type = 'request.approve'`,
        [khalid],
      );
      expect(approved.rows).toEqual([{ reason: 'Bring the original lease on Sunday' }]);
      await shot(page, 'case-en');
      await page.setViewportSize(PHONE);
      await shot(page, 'case-phone-en');
      await page.goto(`${base}/console/cases`);
      await page.getByRole('link', { name: khalid }).waitFor(WAIT);
      await shot(page, 'list-phone-en');
    } finally {
      await context.close();
    }
  }, 90_000);

  // Runs after the search test (which counts two cases): Sara's request is a third.
  it('shows each document under the label answered after two files came at once, and sends the approval note', async () => {
    const sara = async (input: Parameters<ConsoleHarness['chat']['say']>[1]) => {
      await h.chat.say('sara', input);
      return toNumberedText(await h.chat.nextReply('sara'));
    };
    await h.chat.say('sara', {
      text: 'السلام عليكم',
      sender: { channelUserId: 'sara', phone: '+966501234568' },
    });
    await h.chat.nextReply('sara');
    for (const text of ['١', 'أوافق']) await sara(text);
    for (const text of ['2', '1', '1', 'سارة علي', '1000000016', '0501234568', '1', '4']) await sara(text);
    // The ID photo, then the income proof before "which document is this?" about the photo is answered.
    await sara(media(await put(PNG, 'sara-id.png'), 'image'));
    await sara(media(await put(PDF, 'sara-income.pdf'), 'document'));
    // The photo is the ID copy; the PDF then fits only the income proof, filed without a question.
    expect(await sara('1')).toMatch(/استلمنا: صورة الهوية ✅\s+استلمنا: تعريف بالدخل ✅/);
    await sara('1'); // the summary is right
    const reference = /REQ-\d{4}-\d{2}/.exec(await sara('أقر وأرسل الطلب'))?.[0] ?? '';
    expect(reference).not.toBe('');
    const committee = await signIn(h.app, 't-committee');
    const started = await h.app.inject({
      method: 'POST',
      url: `/api/cases/${reference}/actions`,
      headers: { cookie: committee.cookie, 'x-csrf-token': committee.csrf },
      payload: { action: 'startReview' },
    });
    expect(started.statusCode).toBe(200);
    await h.chat.nextReply('sara'); // "under review"

    const { context, page } = await signedIn('ar-SA', LAPTOP);
    try {
      await page.goto(`${base}/console/cases/${reference}`);
      await page.getByRole('heading', { name: `الحالة ${reference}` }).waitFor(WAIT);
      const documents = page.locator('section.card', {
        has: page.getByRole('heading', { name: 'المستندات', exact: true }),
      });
      const line = (file: string) => documents.locator('li', { hasText: file }).textContent();
      expect(await line('sara-id.png')).toMatch(/^صورة الهوية · /);
      expect(await line('sara-income.pdf')).toMatch(/^تعريف بالدخل · /);
      await shot(page, 'case-documents-ar');

      // Approved with a note: the note reaches her on the chat with the decision.
      await page.getByRole('button', { name: 'قبول', exact: true }).click();
      await page.getByLabel(/^ملاحظة/).fill('أحضري أصل الهوية يوم الأحد');
      await page.getByRole('button', { name: 'تأكيد: قبول' }).click();
      await page.getByText('تم: الحالة الآن «مقبول»').waitFor(WAIT);
      const told = textOf(await h.chat.nextReply('sara'));
      expect(told).toContain(reference);
      expect(told).toContain('ملاحظة من اللجنة: أحضري أصل الهوية يوم الأحد');
    } finally {
      await context.close();
    }
  }, 90_000);

  it('escalates a complaint from its page to executive management, and offers no escalation at the board', async () => {
    const committee = await signIn(h.app, 't-committee');
    const opened = await h.app.inject({
      method: 'POST',
      url: '/api/intake',
      headers: { cookie: committee.cookie, 'x-csrf-token': committee.csrf },
      payload: {
        kind: 'complaint',
        channel: 'phone',
        ticketKind: 'complaint',
        categoryId: 'delay',
        description: 'تأخر الرد على طلبي أكثر من شهر',
        mobile: '0559876543',
      },
    });
    expect(opened.statusCode).toBe(201);
    const reference = opened.json<{ reference: string }>().reference;

    const { context, page } = await signedIn('en-GB', LAPTOP);
    try {
      await page.goto(`${base}/console/cases/${reference}`);
      await page.getByRole('heading', { name: `Case ${reference}` }).waitFor(WAIT);
      const escalate = async (reason: string) => {
        await page.getByRole('button', { name: 'Escalate', exact: true }).click();
        await page.getByLabel(/^Reason \(required/).fill(reason);
        await page.getByRole('button', { name: 'Confirm: Escalate' }).click();
        await page.getByText(/^Done: the case is now “Escalated”/).waitFor(WAIT);
      };
      const owner = () => page.locator('dl.facts').getByText('Executive management', { exact: true });
      expect(await owner().count()).toBe(0);

      // Up one rung: executive management has it, at level 2.
      await escalate('No answer for a month');
      await owner().waitFor(WAIT);
      await page.locator('.badges').getByText('Escalation level 2', { exact: true }).waitFor(WAIT);
      await shot(page, 'complaint-escalated-en');

      // Up to the board (level 3), the top of the ladder: nothing higher, so no "Escalate" to press.
      await escalate('Management did not answer either');
      await page.locator('dl.facts').getByText('Board of directors', { exact: true }).waitFor(WAIT);
      await page.locator('.badges').getByText('Escalation level 3', { exact: true }).waitFor(WAIT);
      await page.getByRole('button', { name: 'Resolve', exact: true }).waitFor(WAIT);
      expect(await page.getByRole('button', { name: 'Escalate', exact: true }).count()).toBe(0);
    } finally {
      await context.close();
    }
  }, 90_000);
});
