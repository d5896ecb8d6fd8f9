import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_PATH } from '../support/chromium-path';
import { createTestDatabase, selectedBackends, type TestDatabase } from '../support/databases';
import { PASSWORD, startConsole, type ConsoleHarness } from './console-harness';

/**
 * The intake form and the administration pages (typed screens) in headless Chromium, in Arabic and English,
 * on a laptop and on a 390-px phone: one mobile field, the city from the profile's list, the required
 * documents still missing named before anything is sent, the person chosen among the number's matches.
 * Screenshots: test-artifacts/intake-{ar,en}-{desktop,phone}.png, admin-staff-phone-ar.png.
 */
/* The page globals the callbacks inside the page use (tsconfig has no DOM library). */
declare const document: { documentElement: { scrollWidth: number; clientWidth: number } };

const ARTIFACTS = path.join(__dirname, '../../test-artifacts');
const BROWSER_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'];
const WAIT = { timeout: 20_000 };
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

describe('the intake and administration pages in a browser', () => {
  let database: TestDatabase;
  let h: ConsoleHarness;
  let browser: Browser;
  let base = '';

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    database = await createTestDatabase(selectedBackends()[0]!, { migrate: true });
    h = await startConsole(database.db);
    base = await h.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: BROWSER_ARGS });
    // Sara chats with us; the platform gave her number.
    await h.chat.say('sara', {
      text: 'السلام عليكم',
      sender: { channelUserId: 'sara', phone: '+966501234567' },
    });
    await h.chat.nextReply('sara');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await h?.stop();
    await database?.dispose();
  });

  async function signedIn(staffId: string, url: string, viewport: typeof PHONE, locale = 'ar-SA') {
    const context: BrowserContext = await browser.newContext({ locale, viewport });
    const page = await context.newPage();
    await page.goto(`${base}${url}`);
    await page.locator('input[name="staffId"]').first().fill(staffId);
    await page.locator('input[name="password"]').fill(PASSWORD);
    await page.locator('form button[type="submit"]').first().click();
    return { context, page };
  }

  const fitsWidth = (page: Page) =>
    page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

  const requests = async () =>
    (await database.db.query<{ n: number }>('SELECT count(*)::int AS n FROM service_requests')).rows[0]!.n;

  it('asks for the mobile once, offers the profile’s cities, and names the missing documents before sending', async () => {
    const { context, page } = await signedIn('t-committee', '/console/intake', DESKTOP);
    try {
      await page.getByRole('heading', { name: 'تسجيل حالة' }).waitFor(WAIT);
      // One mobile on the page: it finds the person and is the form's mobile.
      await page.getByLabel('الاسم الرباعي *').waitFor(WAIT);
      expect(await page.locator('input[type="tel"]').count()).toBe(1);
      expect(await page.getByLabel('رقم الجوال *').count()).toBe(0);
      await page.getByLabel('رقم الجوال', { exact: true }).fill('0501234567');
      await page.getByLabel('الاسم الكامل').fill('سارة أحمد العتيبي');
      // Sara, vouched for by the platform, can be chosen; nobody is chosen for staff.
      const sara = page.locator('input[name="beneficiaryId"]:not([value="new"])');
      await sara.waitFor(WAIT);
      expect([await sara.isEnabled(), await sara.isChecked()]).toEqual([true, false]);
      expect(await page.getByLabel('شخص جديد يُسجَّل بهذا الرقم.').isChecked()).toBe(false);
      await sara.check();
      // The name typed once follows into the form's name field.
      expect(await page.getByLabel('الاسم الرباعي *').inputValue()).toBe('سارة أحمد العتيبي');
      await page.getByLabel('رقم الهوية أو الإقامة *').fill('1234567897');
      // The city is one of the profile's.
      const city = page.getByLabel('المدينة *');
      expect(await city.evaluate((s) => (s as unknown as { tagName: string }).tagName)).toBe('SELECT');
      expect(await city.locator('option').allInnerTexts()).toEqual(['—', 'الرياض', 'جدة', 'الدمام']);
      await city.selectOption({ label: 'جدة' });
      await page.getByLabel('عدد أفراد الأسرة *').fill('4');
      // Documents: what is still missing is said before sending, and nothing is sent without it.
      const missing = page.locator('.missing-documents');
      expect(await missing.innerText()).toContain('صورة الهوية');
      await page.getByLabel('صورة الهوية').check();
      expect(await missing.innerText()).toBe('مستندات مطلوبة لم يُطّلع عليها بعد: تعريف بالدخل.');
      const before = await requests();
      await page.getByRole('button', { name: 'تسجيل', exact: true }).click();
      await page.getByRole('alert').filter({ hasText: 'لم يُطّلع على: تعريف بالدخل' }).waitFor(WAIT);
      expect(await requests()).toBe(before);
      await shot(page, 'intake-ar-desktop');
      await page.getByLabel('تعريف بالدخل').check();
      expect(await missing.innerText()).toBe('');
      await page.getByRole('button', { name: 'تسجيل', exact: true }).click();
      const done = page.getByRole('status').filter({ hasText: 'سُجّلت برقم' });
      await done.waitFor(WAIT);
      // The reference is isolated from the Arabic around it.
      const ref = await done.locator('a.ref bdi[dir="ltr"]').innerText();
      expect(ref).toMatch(/^REQ-\d{4}-\d{2}$/);
      const stored = await database.db.query(
        `SELECT fields->>'mobile' AS mobile, fields->>'city' AS city, declaration->'documentsSeen' AS seen
         FROM service_requests WHERE reference = $1`,
        [ref],
      );
      expect(stored.rows).toEqual([
        { mobile: '+966501234567', city: 'جدة', seen: ['id-copy', 'income-proof'] },
      ]);

      // The same form in English.
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('heading', { name: 'Register a case' }).waitFor(WAIT);
      await page.getByLabel('City *').selectOption({ label: 'Dammam' });
      await page
        .locator('.missing-documents', { hasText: 'Copy of the ID and Proof of income' })
        .waitFor(WAIT);
      await shot(page, 'intake-en-desktop');
    } finally {
      await context.close();
    }
  }, 90_000);

  it('fits the intake form on a phone, in Arabic and in English', async () => {
    const { context, page } = await signedIn('t-liaison', '/console/intake', PHONE);
    try {
      await page.getByRole('heading', { name: 'تسجيل حالة' }).waitFor(WAIT);
      await page.getByLabel('رقم الجوال', { exact: true }).fill('0559876543');
      await page.getByLabel('الاسم الكامل').fill('خالد ناصر');
      await page.getByLabel('شخص جديد يُسجَّل بهذا الرقم.').waitFor(WAIT);
      expect(await fitsWidth(page)).toBe(true);
      await shot(page, 'intake-ar-phone');
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('heading', { name: 'Register a case' }).waitFor(WAIT);
      await page.getByLabel('Service', { exact: true }).selectOption('rent-aid');
      await page.locator('.missing-documents', { hasText: 'Lease contract' }).waitFor(WAIT);
      expect(await fitsWidth(page)).toBe(true);
      await shot(page, 'intake-en-phone');
    } finally {
      await context.close();
    }
  }, 90_000);

  it('lets an administrator change an account’s roles on a phone', async () => {
    const { context, page } = await signedIn('t-admin', '/console/admin/staff', PHONE);
    try {
      await page.getByRole('heading', { name: 'حسابات الموظفين' }).waitFor(WAIT);
      // Each account is a line until opened.
      const account = page.locator('details.staff', { has: page.getByRole('heading', { name: 't-board' }) });
      expect(await account.getByLabel('الإدارة التنفيذية').isVisible()).toBe(false);
      await account.locator('summary').click();
      await account.getByLabel('الإدارة التنفيذية').check();
      await account.getByRole('button', { name: 'حفظ', exact: true }).click();
      await page.getByRole('status').filter({ hasText: 't-board' }).waitFor(WAIT);
      const roles = await database.db.query<{ roles: string[] }>(
        `SELECT roles FROM staff_accounts WHERE id = 't-board'`,
      );
      expect(roles.rows[0]!.roles.sort()).toEqual(['board', 'manager']);
      expect(await fitsWidth(page)).toBe(true);
      await shot(page, 'admin-staff-phone-ar');
    } finally {
      await context.close();
    }
  }, 60_000);

  it('shows an administrator the holidays, the profile, the WhatsApp session and their account', async () => {
    const { context, page } = await signedIn('t-admin', '/console/admin/holidays', DESKTOP);
    try {
      await page.getByRole('heading', { name: 'الإجازات', exact: true }).waitFor(WAIT);
      // The profile's Founding Day, and the computed one of the years the page shows (by the clock's year).
      await page.getByRole('cell', { name: 'يوم التأسيس' }).first().waitFor(WAIT);
      await page.getByLabel('الاسم بالعربية').fill('إجازة تجريبية');
      await page.getByLabel('من', { exact: true }).fill('2099-01-04');
      await page.getByLabel('إلى', { exact: true }).fill('2099-01-05');
      await page.getByRole('button', { name: 'أضف وأعد حساب المواعيد' }).click();
      await page.getByRole('status').filter({ hasText: 'لم يتغيّر موعد أي طلب مفتوح' }).waitFor(WAIT);
      const added = page.getByRole('row', { name: /إجازة تجريبية/ });
      await added.getByRole('button', { name: 'حذف' }).click();
      await added.waitFor({ state: 'detached', ...WAIT });

      await page.goto(`${base}/console/admin/profile`);
      await page.locator('pre.profile', { hasText: '"food-basket"' }).waitFor(WAIT);
      await page.goto(`${base}/console/admin/whatsapp`);
      await page.getByText('واتساب غير مفعّل في هذا التثبيت').waitFor(WAIT);
      await page.goto(`${base}/console/account`);
      await page.getByRole('heading', { name: 'حسابي' }).waitFor(WAIT);
      await page.getByText('أنت داخل باسم \u2066t-admin\u2069.').waitFor(WAIT);
      await page.getByLabel('كلمة المرور الحالية').fill('not the password');
      await page.getByLabel('كلمة المرور الجديدة').fill('another long password');
      await page.getByRole('button', { name: 'تغيير كلمة المرور' }).click();
      // A wrong current password is said on the page (it is a 401, but the session goes on).
      await page.getByRole('alert').filter({ hasText: 'كلمة المرور غير صحيح' }).waitFor(WAIT);
      expect(await page.getByLabel('كلمة المرور الحالية').inputValue()).toBe('not the password');
    } finally {
      await context.close();
    }
  }, 60_000);
});
