import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { startWebChatBrowser, WEBCHAT_PROFILE, type WebChatBrowser } from '../support/webchat-browser';

/**
 * The web chat page when its server cannot be reached: at load, and when a message is sent. "Down" is
 * the browser's view of it: every request to the API is refused at the network (as by a stopped app or a
 * lost connection) while the page's own files load, as they do from the browser's cache or a proxy.
 * Screenshots go to test-artifacts/webchat-offline-*.png.
 */
declare const document: { documentElement: { dir: string; lang: string } };
declare const localStorage: { getItem(key: string): string | null };

const ARTIFACTS = path.join(__dirname, '../../test-artifacts');
const WAIT = { timeout: 20_000 };
const NAME = WEBCHAT_PROFILE.association.name;
const API = /\/webchat\/api\//;

describe('the website chat without its server', () => {
  let chat: WebChatBrowser;
  let host: Server | undefined;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    chat = await startWebChatBrowser();
  }, 90_000);

  afterAll(async () => {
    host?.close();
    await chat?.stop();
  });

  async function open(locale: string): Promise<{ context: BrowserContext; page: Page; posts: string[] }> {
    const context = await chat.browser.newContext({ locale, viewport: { width: 800, height: 800 } });
    const page = await context.newPage();
    const posts: string[] = [];
    page.on('request', (req) => {
      if (req.method() === 'POST' && req.url().endsWith('/messages')) posts.push(req.postData() ?? '');
    });
    return { context, page, posts };
  }

  const down = (page: Page) => page.route(API, (route) => route.abort('connectionrefused'));
  const back = (page: Page) => page.unroute(API);

  /** What the visitor said, as the server keeps it for the session the page stored. */
  async function visitorLines(page: Page): Promise<string[]> {
    const session = await page.evaluate(() => localStorage.getItem('tawasul.webchat.session'));
    expect(session).toEqual(expect.any(String));
    const res = await fetch(`${chat.base}/webchat/api/sessions/${encodeURIComponent(session!)}/history`);
    const body = (await res.json()) as { entries: { from: string; text?: string }[] };
    return body.entries.filter((entry) => entry.from === 'visitor').map((entry) => entry.text ?? '');
  }

  it('says so in Arabic with a labelled retry, keeps what was written, and carries on when it is back', async () => {
    const { context, page } = await open('ar-SA');
    try {
      await down(page);
      await page.goto(`${chat.base}/webchat/`);
      const notice = page.getByRole('alert');
      await notice.filter({ hasText: 'تعذّر الوصول إلى خدمة المحادثة' }).waitFor(WAIT);
      const retry = page.getByRole('button', { name: 'إعادة المحاولة', exact: true });
      await retry.waitFor(WAIT);
      // Nothing blank: the page is right to left, titled, and every button has its name.
      expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
      expect(await page.locator('h1').textContent()).toBe('المحادثة');
      await page.getByRole('button', { name: 'إرسال', exact: true }).waitFor(WAIT);
      await page.getByRole('button', { name: 'إرفاق صورة أو ملف PDF', exact: true }).waitFor(WAIT);
      await page.getByRole('button', { name: 'مسح المحادثة من هذا الجهاز', exact: true }).waitFor(WAIT);
      await page.getByLabel('رسالتك', { exact: true }).waitFor(WAIT);

      // Written while away: shown as waiting, nothing lost, the notice still up.
      await page.locator('#input').fill('ابي اقدم طلب');
      await page.locator('#input').press('Enter');
      await page.locator('.msg.visitor.pending', { hasText: 'ابي اقدم طلب' }).waitFor(WAIT);
      expect(await notice.isVisible()).toBe(true);
      await page.screenshot({ path: path.join(ARTIFACTS, 'webchat-offline-load.png'), fullPage: true });

      // Back: one press opens the chat, with its welcome above the message, which goes once and is answered.
      await back(page);
      await retry.click();
      await page.locator('.msg.welcome', { hasText: `أهلًا بك في ${NAME.ar}` }).waitFor(WAIT);
      await page.locator('.msg.bot', { hasText: 'اختر لغتك' }).waitFor(WAIT);
      await notice.waitFor({ state: 'hidden', ...WAIT });
      expect(await page.locator('h1').textContent()).toBe(`محادثة ${NAME.ar}`);
      expect(await page.locator('.msg.visitor.pending').count()).toBe(0);
      expect(await page.locator('.msg.visitor').count()).toBe(1);
      expect(await visitorLines(page)).toEqual(['ابي اقدم طلب']);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('keeps a message sent while the server is down and sends it once on retry', async () => {
    const { context, page, posts } = await open('en-US');
    try {
      await page.goto(`${chat.base}/webchat/`);
      await page.locator('.msg.welcome').waitFor(WAIT);
      await down(page);
      await page.locator('#input').fill('Hello');
      await page.locator('#input').press('Enter');
      const notice = page.getByRole('alert').filter({ hasText: 'The chat service cannot be reached' });
      await notice.waitFor(WAIT);
      // The message stays on screen as waiting; the box is free for the next one.
      await page.locator('.msg.visitor.pending', { hasText: 'Hello' }).waitFor(WAIT);
      expect(await page.locator('#input').inputValue()).toBe('');
      await page.screenshot({ path: path.join(ARTIFACTS, 'webchat-offline-send.png'), fullPage: true });

      await back(page);
      await page.getByRole('button', { name: 'Try again', exact: true }).click();
      await page.locator('.msg.bot', { hasText: 'Choose your language' }).waitFor(WAIT);
      await notice.waitFor({ state: 'hidden', ...WAIT });
      expect(await page.locator('.msg.visitor', { hasText: 'Hello' }).count()).toBe(1);
      expect(await visitorLines(page)).toEqual(['Hello']);
      // Every attempt carried the same client id: the server could count it only once.
      const ids = new Set(
        posts.map((body) => (JSON.parse(body) as { clientMessageId: string }).clientMessageId),
      );
      expect([posts.length > 1, ids.size]).toEqual([true, 1]);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('says so when the connection drops while chatting, and carries on after retry', async () => {
    const { context, page } = await open('en-US');
    try {
      await page.goto(`${chat.base}/webchat/`);
      await page.locator('.msg.welcome').waitFor(WAIT);
      // The server goes away under an open event stream: the stream breaks, and the next poll finds no server.
      await down(page);
      chat.dropConnections();
      const notice = page.getByRole('alert').filter({ hasText: 'The chat service cannot be reached' });
      await notice.waitFor(WAIT);
      expect(await page.locator('h1').textContent()).toBe(`Chat with ${NAME.en ?? NAME.ar}`);

      await back(page);
      await page.getByRole('button', { name: 'Try again', exact: true }).click();
      await notice.waitFor({ state: 'hidden', ...WAIT });
      await page.locator('#input').fill('Hello');
      await page.locator('#input').press('Enter');
      await page.locator('.msg.bot', { hasText: 'Choose your language' }).waitFor(WAIT);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('the widget says so in its panel, with a retry that opens the chat once it is back', async () => {
    host = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        '<!doctype html><html lang="en"><head><title>Association site</title></head><body>' +
          `<h1>Our association</h1><script src="${chat.base}/webchat/widget.js" data-lang="ar"></script></body></html>`,
      );
    });
    await new Promise<void>((resolve) => host!.listen(0, '127.0.0.1', resolve));
    const { context, page } = await open('en-US');
    try {
      await page.goto(`http://127.0.0.1:${(host.address() as AddressInfo).port}/`);
      const launcher = page.getByRole('button', { name: 'تحدث معنا' });
      await launcher.waitFor(WAIT);
      // The server stops after the button appeared: the panel explains instead of framing an error page.
      await down(page);
      await launcher.click();
      const panel = page.locator('#tawasul-webchat-panel');
      await panel.getByRole('alert').filter({ hasText: 'تعذّر الوصول إلى خدمة المحادثة' }).waitFor(WAIT);
      const retry = panel.getByRole('button', { name: 'إعادة المحاولة', exact: true });
      await retry.waitFor(WAIT);
      expect(await panel.locator('iframe').count()).toBe(0);
      await page.screenshot({ path: path.join(ARTIFACTS, 'webchat-offline-widget.png') });

      await back(page);
      await retry.click();
      const frame = page.frameLocator('#tawasul-webchat-panel iframe');
      await frame.locator('.msg.welcome', { hasText: `أهلًا بك في ${NAME.ar}` }).waitFor(WAIT);
      await panel.getByRole('alert').waitFor({ state: 'hidden', ...WAIT });
      expect(await panel.locator('iframe').count()).toBe(1);
    } finally {
      await context.close();
    }
  }, 60_000);
});
