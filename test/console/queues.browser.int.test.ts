import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadProfile } from '../../src/config/load-profile';
import type { Profile } from '../../src/config/profile-schema';
import { CHROMIUM_PATH } from '../support/chromium-path';
import { createTestDatabase, selectedBackends, type TestDatabase } from '../support/databases';
import { DEMO_PROFILE_PATH } from '../support/flow-driver';
import { textOf } from '../support/spine-harness';
import { PASSWORD, startConsole, type ConsoleHarness } from './console-harness';
import { askForDeletion, askForHelp, signUp } from './queue-scripts';

/**
 * The other promises' screens as their owners use them, in headless Chromium, with no Telegram: the
 * volunteering coordinator, the field representative on duty and the administrator each land on their
 * queue, read their alerts and act; the person hears of it on their chat. Screenshots:
 * test-artifacts/queues-*.png.
 */
const ARTIFACTS = path.join(__dirname, '../../test-artifacts');
const BROWSER_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'];
const WAIT = { timeout: 20_000 };
const demo = loadProfile(DEMO_PROFILE_PATH);
const profile: Profile = {
  ...demo,
  features: { volunteering: true, fieldHelp: true },
  staff: demo.staff.filter((s) => s.id === 'demo-admin'),
};
const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(ARTIFACTS, `queues-${name}.png`), fullPage: true });

describe('the queues in a browser', () => {
  let database: TestDatabase;
  let h: ConsoleHarness;
  let browser: Browser;
  let base = '';

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    database = await createTestDatabase(selectedBackends()[0]!, { migrate: true });
    h = await startConsole(database.db, { profile });
    base = await h.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: BROWSER_ARGS });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await h?.stop();
    await database?.dispose();
  });

  /** Signs `staffId` in, in Arabic on a phone-sized window, and returns the page where they landed. */
  async function signIn(staffId: string): Promise<Page> {
    const context = await browser.newContext({ locale: 'ar-SA', viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${base}/console/`);
    await page.locator('input[name="staffId"]').first().fill(staffId);
    await page.locator('input[name="password"]').fill(PASSWORD);
    await page.locator('form button[type="submit"]').first().click();
    return page;
  }

  it('the coordinator reads a sign-up in the alerts and accepts it; the volunteer is told', async () => {
    const salma = await signUp(h.chat, 'salma', 'ar', 'سلمى الحربي');
    const page = await signIn('t-coordinator');
    try {
      await page.waitForURL(`${base}/console/volunteers`, WAIT);
      // On a phone the unread count shows on the menu button; the sections are behind it.
      await page.locator('.nav-toggle .count', { hasText: '1' }).waitFor(WAIT);
      await page.getByRole('button', { name: /^القائمة/ }).click();
      await page.getByRole('link', { name: /التنبيهات/ }).click();
      const alert = page.locator('.queue-item', { hasText: salma.reference });
      await alert.getByText('طلب تطوع جديد').waitFor(WAIT);
      await shot(page, 'alerts-ar');
      await alert.getByRole('link', { name: 'فتح' }).click();
      await page.waitForURL(`${base}/console/volunteers`, WAIT);
      const item = page.locator('.queue-item', { hasText: salma.reference });
      await item.getByText('سلمى الحربي').waitFor(WAIT);
      await shot(page, 'volunteers-ar');
      await item.getByRole('button', { name: 'قبول' }).click();
      await page.getByText('قُبل الطلب، وأُبلغ المتطوع.').waitFor(WAIT);
      expect(textOf(await h.chat.nextReply('salma'))).toContain(salma.reference);
    } finally {
      await page.context().close();
    }
  }, 120_000);

  it('the field representative takes an urgent call and finishes it; the person is told each time', async () => {
    const call = await askForHelp(h.chat, 'hamad', 'ar', '1');
    const page = await signIn('t-field');
    try {
      await page.waitForURL(`${base}/console/field-help`, WAIT);
      const item = page.locator('.queue-item.urgent', { hasText: call.reference });
      await item.getByText('والدي متعب من الحر').waitFor(WAIT);
      await shot(page, 'field-help-ar');
      await item.getByRole('button', { name: 'أنا في الطريق' }).click();
      await page.getByText('توليت الطلب').waitFor(WAIT);
      expect(textOf(await h.chat.nextReply('hamad'))).toContain(call.reference);
      await page.getByRole('button', { name: 'في الطريق' }).click();
      const mine = page.locator('.queue-item', { hasText: call.reference });
      await mine.getByLabel('ما تم (اختياري)').fill('أوصلناه إلى المركز الصحي');
      await mine.getByRole('button', { name: 'تم الإنجاز' }).click();
      await page.getByText('سُجّل الإنجاز').waitFor(WAIT);
      expect(textOf(await h.chat.nextReply('hamad'))).toContain(call.reference);
    } finally {
      await page.context().close();
    }
  }, 120_000);

  it('the administrator carries a deletion out now, after confirming; the person is told, then erased', async () => {
    const reference = await askForDeletion(h.chat, 'noor');
    const page = await signIn('t-admin');
    try {
      await page.waitForURL(`${base}/console/cases`, WAIT);
      await page.getByRole('button', { name: /^القائمة/ }).click();
      await page.getByRole('link', { name: 'طلبات البيانات' }).click();
      const item = page.locator('.queue-item', { hasText: reference });
      await item.waitFor(WAIT);
      await shot(page, 'data-requests-ar');
      const confirmed: string[] = [];
      page.once('dialog', (dialog) => {
        confirmed.push(dialog.message());
        void dialog.accept();
      });
      await item.getByRole('button', { name: 'احذف الآن' }).click();
      await page.getByText('نُفّذ الطلب، وأُبلغ صاحبه.').waitFor(WAIT);
      expect(confirmed[0]).toContain('لا يمكن التراجع');
      expect(textOf(await h.chat.nextReply('noor'))).toContain(reference);
      const status = await database.db.query<{ status: string }>(
        'SELECT status FROM data_requests WHERE reference = $1',
        [reference],
      );
      expect(['open', 'completed']).toContain(status.rows[0]!.status);
    } finally {
      await page.context().close();
    }
  }, 120_000);
});
