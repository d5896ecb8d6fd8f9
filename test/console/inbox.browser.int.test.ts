import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Tawasul } from '../../src/app/start-tawasul';
import { hashPassword } from '../../src/console/auth/password';
import { PgStaffAccountRepository } from '../../src/store/console/staff-account-repository';
import { CHROMIUM_PATH } from '../support/chromium-path';
import { createTestDatabase, selectedBackends, type TestDatabase } from '../support/databases';
import { startTestTawasul } from '../support/spine-harness';

/**
 * The default installation as an association without a Telegram staff group uses it: the web chat and
 * the web console of one Tawasul (startTawasul, its own HTTP app on a random port), the pages in headless
 * Chromium. A visitor asks for a person on the web chat; a liaison officer answers from the console's
 * inbox. Screenshots of the inbox, Arabic and English, desktop and a 390-px phone (whole pages, and the
 * phone's screen as a conversation opens): test-artifacts/inbox-*.png.
 */
declare const document: { documentElement: { dir: string; scrollWidth: number } };
declare const window: { innerWidth: number; innerHeight: number };

const ARTIFACTS = path.join(__dirname, '../../test-artifacts');
const BROWSER_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'];
const WAIT = { timeout: 20_000 };
const PASSWORD = 'correct horse battery staple';
const DESKTOP = { width: 1280, height: 860 };
const PHONE = { width: 390, height: 844 };

const bot = (page: Page, text: string) => page.locator('.msg.bot', { hasText: text });
const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(ARTIFACTS, `inbox-${name}.png`), fullPage: true });

/** Which of `selectors` are not wholly inside the window as it is now scrolled (nothing scrolls them in). */
async function outOfView(page: Page, selectors: string[]): Promise<string[]> {
  const size = await page.evaluate(() => ({ width: window.innerWidth, height: window.innerHeight }));
  const outside: string[] = [];
  for (const selector of selectors) {
    const box = await page.locator(selector).first().boundingBox();
    const inside =
      box !== null &&
      box.y >= 0 &&
      box.y + box.height <= size.height &&
      box.x >= 0 &&
      box.x + box.width <= size.width;
    if (!inside) outside.push(selector);
  }
  return outside;
}

describe('the inbox in a browser, on an installation without Telegram', () => {
  let database: TestDatabase;
  let tawasul: Tawasul;
  let browser: Browser;
  let base = '';

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    database = await createTestDatabase(selectedBackends()[0]!, { migrate: true });
    tawasul = await startTestTawasul(database.db, {
      channels: { webchat: true },
      http: { host: '127.0.0.1', port: 0, cookieSecurity: 'never' },
    });
    base = tawasul.address!;
    const accounts = new PgStaffAccountRepository();
    const passwordHash = await hashPassword(PASSWORD);
    await accounts.create(database.db, {
      id: 'noura',
      displayName: 'نورة القحطاني',
      roles: ['liaison'],
      categories: ['families'],
      passwordHash,
    });
    await accounts.create(database.db, {
      id: 'fahad',
      displayName: 'Fahad Alharbi',
      roles: ['manager'],
      categories: [],
      passwordHash,
    });
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: BROWSER_ARGS });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await tawasul?.stop();
    await database?.dispose();
  });

  /** A visitor on the web chat who chose Arabic, consented and asked for a person about families' aid. */
  async function visitorAsksForPerson(page: Page): Promise<string> {
    await page.goto(`${base}/webchat/`);
    // The page sends nothing for the visitor: their first message starts the conversation.
    const box = page.getByLabel('رسالتك', { exact: true });
    await page.locator('.msg.welcome').waitFor(WAIT);
    await box.fill('السلام عليكم');
    await box.press('Enter');
    await page.getByRole('button', { name: 'العربية', exact: true }).click();
    await page.getByRole('button', { name: 'أوافق', exact: true }).click();
    await bot(page, 'كيف نخدمك اليوم؟').waitFor(WAIT);
    await page.getByRole('button', { name: 'التحدث مع موظف', exact: true }).click();
    await page.getByRole('button', { name: 'الأسر المحتاجة', exact: true }).click();
    const opened = bot(page, 'HND-');
    await opened.waitFor(WAIT);
    const reference = /HND-\d{4}-\d{2}/.exec(await opened.innerText())?.[0];
    if (!reference) throw new Error('no handoff reference shown to the visitor');
    await box.fill('تأخر صرف السلة الغذائية هذا الشهر');
    await page.getByRole('button', { name: 'إرسال', exact: true }).click();
    return reference;
  }

  async function signIn(page: Page, staffId: string) {
    await page.goto(`${base}/console/`);
    await page.locator('input[name="staffId"]').first().fill(staffId);
    await page.locator('input[name="password"]').fill(PASSWORD);
    await page.locator('form button[type="submit"]').first().click();
    await page.waitForURL(/\/console\/(cases|dashboard)/, WAIT);
  }

  it('a visitor asks for a person; an officer claims and answers from the console; notes stay inside; closing offers the survey', async () => {
    const visitor = await browser.newContext({ locale: 'ar-SA', viewport: PHONE });
    const officer = await browser.newContext({ locale: 'ar-SA', viewport: DESKTOP });
    try {
      const chat = await visitor.newPage();
      const reference = await visitorAsksForPerson(chat);

      const inbox = await officer.newPage();
      await signIn(inbox, 'noura');
      await inbox.getByRole('link', { name: 'صندوق المحادثات' }).click();
      await inbox.waitForURL(`${base}/console/inbox`, WAIT);
      expect(await inbox.evaluate(() => document.documentElement.dir)).toBe('rtl');
      const item = inbox.locator('.conversation-item', { hasText: reference });
      await item.waitFor(WAIT);
      await item.getByText('تأخر صرف السلة الغذائية هذا الشهر').waitFor(WAIT);
      await item.getByText('لم يتولها أحد بعد').waitFor(WAIT);
      // Before a first action: the policy, acknowledged once (the same record as /ack on Telegram).
      await inbox.getByRole('button', { name: 'قرأت السياسة وألتزم بها' }).click();
      await inbox.getByRole('heading', { name: /قبل أول إجراء/ }).waitFor({ state: 'detached', ...WAIT });
      await item.click();
      await inbox.waitForURL(`${base}/console/inbox/${reference}`, WAIT);
      await inbox.getByRole('heading', { name: new RegExp(reference) }).waitFor(WAIT);
      await shot(inbox, 'desktop-ar-open');

      // Take it: the visitor is told who joined.
      await inbox.getByRole('button', { name: 'تولَّ هذه المحادثة' }).click();
      await inbox.getByText('أصبحت المحادثة لديك').waitFor(WAIT);
      await shot(inbox, 'debug-claimed');
      await bot(chat, 'نورة القحطاني').waitFor(WAIT);

      // A reply reaches the visitor; a note does not.
      await inbox.getByLabel('ردك').fill('أهلًا بك، نراجع صرف السلة الآن وسنعود إليك اليوم');
      await inbox.getByRole('button', { name: 'إرسال', exact: true }).click();
      await bot(chat, 'نراجع صرف السلة الآن').waitFor(WAIT);
      await inbox.getByRole('button', { name: 'ملاحظة داخلية' }).click();
      await inbox.getByLabel('ملاحظتك').fill('سبق أن تأخر صرفها في رمضان');
      await inbox.getByRole('button', { name: 'حفظ الملاحظة' }).click();
      await inbox.locator('.message.note', { hasText: 'سبق أن تأخر صرفها في رمضان' }).waitFor(WAIT);

      // The visitor writes back: the console shows it without a reload (server-sent events).
      await chat.getByLabel('رسالتك', { exact: true }).fill('شكرًا لكم، بانتظاركم');
      await chat.getByRole('button', { name: 'إرسال', exact: true }).click();
      await inbox.locator('.message.beneficiary', { hasText: 'شكرًا لكم، بانتظاركم' }).waitFor(WAIT);
      await shot(inbox, 'desktop-ar-answered');
      const notRelayed = await database.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM outbox o JOIN handoffs h ON h.conversation_id = o.conversation_id
         WHERE h.reference = $1 AND o.payload::text LIKE '%رمضان%'`,
        [reference],
      );
      expect(notRelayed.rows[0]!.n).toBe(0);
      expect(await chat.locator('.msg.bot', { hasText: 'رمضان' }).count()).toBe(0);

      // Closing offers the survey to the visitor.
      await inbox.getByRole('button', { name: 'إنهاء المحادثة' }).click();
      await inbox.getByText('أُنهيت المحادثة، وأُبلغ المستفيد.').waitFor(WAIT);
      await bot(chat, 'يهمنا رأيك').waitFor(WAIT);
    } finally {
      await visitor.close();
      await officer.close();
    }
  }, 120_000);

  it('shows the inbox in English and on a 390-px phone, one pane at a time', async () => {
    const visitor = await browser.newContext({ locale: 'ar-SA', viewport: PHONE });
    const chat = await visitor.newPage();
    const reference = await visitorAsksForPerson(chat);
    try {
      for (const [locale, lang] of [
        ['ar-SA', 'ar'],
        ['en-GB', 'en'],
      ] as const) {
        for (const [viewport, size] of [
          [DESKTOP, 'desktop'],
          [PHONE, 'phone'],
        ] as const) {
          const context = await browser.newContext({ locale, viewport });
          await context.addCookies([{ name: 'tawasul_console_lang', value: lang, url: base }]);
          const page = await context.newPage();
          try {
            await signIn(page, 'fahad');
            await page.goto(`${base}/console/inbox`);
            const item = page.locator('.conversation-item', { hasText: reference });
            await item.waitFor(WAIT).catch(async (err: unknown) => {
              await shot(page, 'debug');
              console.log(await page.content());
              throw err;
            });
            if (size === 'phone') {
              // The list alone; the conversation replaces it, with a way back.
              expect(await page.locator('.inbox-detail').isVisible()).toBe(false);
              await shot(page, `${size}-${lang}-list`);
            }
            await item.click();
            await page.locator('.conversation-head', { hasText: reference }).waitFor(WAIT);
            if (size === 'phone') {
              expect(await page.locator('.inbox-list').isVisible()).toBe(false);
              await page.locator('.conversation .back').waitFor(WAIT);
              // Opening scrolls to the conversation's top (the way back), the box to write in and its
              // button stay at hand at the bottom of the screen, and nothing is wider than the phone.
              expect(
                await outOfView(page, [
                  '.conversation .back',
                  '#composer-text',
                  '.composer button[type="submit"]',
                ]),
              ).toEqual([]);
              expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
                PHONE.width,
              );
              await page.screenshot({ path: path.join(ARTIFACTS, `inbox-phone-${lang}-screen.png`) });
              await page.locator('.message').last().scrollIntoViewIfNeeded();
              expect(await outOfView(page, ['#composer-text', '.composer button[type="submit"]'])).toEqual(
                [],
              );
            } else if (lang === 'en') {
              await page.getByRole('button', { name: 'Take this conversation' }).waitFor(WAIT);
              await page.getByText('Waiting for staff').waitFor(WAIT);
            }
            await shot(page, `${size}-${lang}`);
          } finally {
            await context.close();
          }
        }
      }
    } finally {
      await visitor.close();
    }
  }, 120_000);
});
