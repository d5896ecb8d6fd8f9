import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import type { Tawasul } from '../../src/app/start-tawasul';
import { CHROMIUM_PATH } from '../support/chromium-path';
import { createTestDatabase, selectedBackends, type TestDatabase } from '../support/databases';
import { startTestTawasul } from '../support/spine-harness';

/**
 * The first-run setup page in headless Chromium, as an administrator deploying Tawasul meets it: the link
 * from the log opens a form in Arabic; the first administrator is created and signed in. Screenshot:
 * test-artifacts/first-run-ar.png.
 */
const ARTIFACTS = path.join(__dirname, '../../test-artifacts');
const BROWSER_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'];
const WAIT = { timeout: 20_000 };

describe('the first-run setup page in a browser', () => {
  let database: TestDatabase;
  let tawasul: Tawasul;
  let browser: Browser;
  let base = '';
  let token = '';

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    database = await createTestDatabase(selectedBackends()[0]!, { migrate: true });
    tawasul = await startTestTawasul(database.db, {
      http: { listen: false, publicUrl: 'https://chat.example.org' },
    });
    token = new URL(tawasul.setupUrl!).hash.slice(1);
    base = await tawasul.app!.listen({ host: '127.0.0.1', port: 0 });
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: BROWSER_ARGS });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await tawasul?.stop();
    await database?.dispose();
  });

  it('without the token it says where the link is; with it, creates the administrator and opens the console', async () => {
    const context = await browser.newContext({ locale: 'ar-SA', viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    try {
      await page.goto(`${base}/console/setup`);
      await page.getByRole('alert').filter({ hasText: 'برابط الإعداد كاملًا' }).waitFor(WAIT);
      expect(await page.getByRole('button', { name: 'أنشئ حساب المدير' }).isDisabled()).toBe(true);

      await page.goto(`${base}/console/setup#${token}`);
      await page.getByRole('heading', { name: 'إعداد اللوحة' }).waitFor(WAIT);
      expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
      await page.getByLabel('الاسم الكامل').fill('نورة القحطاني');
      expect(await page.getByLabel('رقم الموظف (اسم الدخول)').inputValue()).toBe('admin');
      await page.getByLabel('كلمة المرور (10 أحرف على الأقل)').fill('a long enough passphrase');
      await page.getByLabel('كلمة المرور مرة أخرى').fill('a different passphrase');
      await page.getByRole('button', { name: 'أنشئ حساب المدير' }).click();
      await page.getByRole('alert').filter({ hasText: 'كلمتا المرور مختلفتان' }).waitFor(WAIT);
      await page.screenshot({ path: path.join(ARTIFACTS, 'first-run-ar.png'), fullPage: true });

      await page.getByLabel('كلمة المرور مرة أخرى').fill('a long enough passphrase');
      await page.getByRole('button', { name: 'أنشئ حساب المدير' }).click();
      await page.waitForURL(`${base}/console/cases`, WAIT);
      await page.getByText('نورة القحطاني').first().waitFor(WAIT);

      // The link is spent: opened again, the page says the console is set up.
      await page.goto(`${base}/console/setup#${token}`);
      await page.getByRole('status').filter({ hasText: 'تم إعداد اللوحة' }).waitFor(WAIT);
    } finally {
      await context.close();
    }
  }, 90_000);
});
