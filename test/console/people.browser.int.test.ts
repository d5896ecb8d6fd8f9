import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_PATH } from '../support/chromium-path';
import { createTestDatabase, selectedBackends, type TestDatabase } from '../support/databases';
import { PASSWORD, signIn, startConsole, type ConsoleHarness } from './console-harness';

/**
 * Merging two records of one person in headless Chromium (`/console/people`, a typed screen): a manager on a
 * phone finds both by the mobile, keeps the one that chats, merges the front desk's, gives a reason and
 * confirms. Screenshot: test-artifacts/people-merge-ar.png.
 */
const ARTIFACTS = path.join(__dirname, '../../test-artifacts');
const BROWSER_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'];
const WAIT = { timeout: 20_000 };

describe('merging two records in a browser', () => {
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
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await h?.stop();
    await database?.dispose();
  });

  it('finds both by the mobile, merges one into the other with a reason, and lists one', async () => {
    // Amal chats from WhatsApp (the platform gave her number); the front desk recorded her visit as a new person.
    await h.chat.say('amal', {
      text: 'السلام عليكم',
      sender: { channelUserId: 'amal', phone: '+966561234567' },
    });
    await h.chat.nextReply('amal');
    const committee = await signIn(h.app, 't-committee');
    const visit = await h.app.inject({
      method: 'POST',
      url: '/api/intake',
      headers: { cookie: committee.cookie, 'x-csrf-token': committee.csrf },
      payload: {
        kind: 'complaint',
        channel: 'visit',
        ticketKind: 'complaint',
        categoryId: 'delay',
        description: 'تأخر الرد',
        mobile: '0561234567',
        fullName: 'أمل سعيد',
        beneficiaryId: 'new',
      },
    });
    const reference = visit.json<{ reference: string }>().reference;

    const context = await browser.newContext({ locale: 'ar-SA', viewport: { width: 390, height: 844 } });
    const page: Page = await context.newPage();
    try {
      await page.goto(`${base}/console/people`);
      await page.locator('input[name="staffId"]').first().fill('t-manager');
      await page.locator('input[name="password"]').fill(PASSWORD);
      await page.locator('form button[type="submit"]').first().click();
      await page.getByRole('heading', { name: 'دمج سجلين لشخص واحد' }).waitFor(WAIT);
      await page.getByLabel('الجوال أو رقم الحالة').fill('0561234567');
      await page.getByRole('button', { name: 'بحث' }).click();
      const records = page.locator('.queue-item');
      await records.nth(1).waitFor(WAIT);
      expect(await records.count()).toBe(2);
      const chatting = records.filter({ hasText: 'داخلية (اختبار)' });
      const visited = records.filter({ hasText: reference });
      await chatting.getByLabel('السجل الباقي').check();
      await visited.getByLabel('يُدمج في الباقي').check();
      await page.getByLabel('السبب').fill('الشخص نفسه: أكدت ذلك هاتفيًا');
      await page.screenshot({ path: path.join(ARTIFACTS, 'people-merge-ar.png'), fullPage: true });
      page.once('dialog', (dialog) => void dialog.accept());
      await page.getByRole('button', { name: 'دمج', exact: true }).click();
      await page.getByText('تم الدمج').waitFor(WAIT);
      expect(await records.count()).toBe(1);
      const owner = await database.db.query<{ n: number }>(
        `SELECT count(DISTINCT beneficiary_id)::int AS n FROM (
           SELECT beneficiary_id FROM complaints WHERE reference = $1
           UNION ALL SELECT beneficiary_id FROM channel_identities WHERE channel_user_id = 'amal') x`,
        [reference],
      );
      expect(owner.rows).toEqual([{ n: 1 }]);
    } finally {
      await context.close();
    }
  }, 90_000);
});
