import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startWebChatBrowser, WEBCHAT_PROFILE, type WebChatBrowser } from '../support/webchat-browser';

/**
 * The website chat as a visitor uses it: the real runtime (database, Redis queue, flows) behind the
 * app on a random port, the page in headless Chromium (test/support/webchat-browser.ts). Screenshots
 * go to test-artifacts/webchat-*.png.
 */
/*
 * The browser globals that the callbacks run inside the page use. tsconfig has no DOM library (the
 * project is Node), and adding it for one file would type every file as if it ran in a browser.
 */
interface PageNode {
  id: string;
  parentElement: PageNode | null;
  blur(): void;
}
declare const document: { documentElement: { dir: string; lang: string }; activeElement: PageNode | null };
declare const window: { EventSource?: unknown };
declare const localStorage: { getItem(key: string): string | null };
declare function getComputedStyle(node: unknown): {
  outlineStyle: string;
  outlineWidth: string;
  color: string;
  backgroundColor: string;
};

const ARTIFACTS = path.join(__dirname, '../../test-artifacts');
const WAIT = { timeout: 20_000 };
const PROFILE = WEBCHAT_PROFILE;
const NAME = {
  ar: PROFILE.association.name.ar,
  en: PROFILE.association.name.en ?? PROFILE.association.name.ar,
};

/** A small real PNG (an 8×8 green square), made here so the test depends on no file. */
function makePng(size = 8): Buffer {
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const b of bytes) c = table[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(size * 3, Buffer.from([0x0b, 0x5d, 0x4b]))]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(Array.from({ length: size }, () => row)))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** WCAG contrast of every element matching `selector` against the background it sits on. */
async function contrasts(page: Page, selector: string): Promise<number[]> {
  return page.$$eval(selector, (nodes) => {
    const rgb = (value: string) => (value.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([r = 0, g = 0, b = 0]: number[]) => {
      const f = (v: number) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const background = (node: PageNode | null): number[] => {
      for (let at = node; at; at = at.parentElement) {
        const parts = rgb(getComputedStyle(at).backgroundColor);
        if (parts.length === 3 || (parts.length === 4 && parts[3]! > 0)) return parts;
      }
      return [255, 255, 255];
    };
    return nodes.map((node) => {
      const fg = luminance(rgb(getComputedStyle(node).color));
      const bg = luminance(background(node));
      return (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    });
  });
}

const bot = (page: Page, text: string) => page.locator('.msg.bot', { hasText: text });
/** The page's own welcome line, which a new conversation shows before anything is sent. */
const WELCOME = {
  ar: `أهلًا بك في ${NAME.ar}، اكتب رسالتك وسنرد عليك.`,
  en: `Welcome to ${NAME.en}. Write your message to begin.`,
};
/** `engine.notUnderstood`: what the visitor's first words got when the page had already greeted for them. */
const NOT_UNDERSTOOD = 'عذرًا، لم أفهم ذلك';

/** Types a message in the box and sends it with Enter, as a visitor does. */
async function write(page: Page, text: string): Promise<void> {
  await page.locator('#input').fill(text);
  await page.locator('#input').press('Enter');
}

describe('the website chat in a browser', () => {
  let chat: WebChatBrowser;
  let base = '';
  let browser: Browser;
  let host: Server | undefined;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    chat = await startWebChatBrowser();
    ({ base, browser } = chat);
  }, 90_000);

  afterAll(async () => {
    host?.close();
    await chat?.stop();
  });

  async function open(
    options: { noEventSource?: boolean; requests?: string[]; query?: string } = {},
  ): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 900, height: 900 } });
    if (options.noEventSource) {
      await context.addInitScript(() => {
        delete window.EventSource;
      });
    }
    const page = await context.newPage();
    // Recorded from before the page loads: its event stream may open while it is still loading.
    const requests = options.requests;
    if (requests)
      page.on('request', (req) =>
        requests.push(`${req.method()} ${new URL(req.url()).pathname}${new URL(req.url()).search}`),
      );
    await page.goto(`${base}/webchat/${options.query ?? ''}`);
    return { context, page };
  }

  it('carries a conversation in Arabic, keyboard only, keeps it over a reload, and takes a file', async () => {
    const requests: string[] = [];
    const { context, page } = await open({ requests });
    try {
      // An English browser: the page starts in English, left to right, and invites the visitor to write.
      await page.waitForFunction(() => document.documentElement.dir === 'ltr', undefined, WAIT);
      await page.locator('.msg.welcome', { hasText: WELCOME.en }).waitFor(WAIT);
      // Titled from the server's texts, which name the association (the bundled ones cannot).
      expect(await page.title()).toBe(`Chat with ${NAME.en}`);
      await write(page, 'السلام عليكم');
      await bot(page, 'Choose your language').waitFor(WAIT);

      // Picking Arabic in the conversation turns the page right to left, in Arabic.
      await page.getByRole('button', { name: 'العربية', exact: true }).click();
      await page.waitForFunction(
        () => document.documentElement.dir === 'rtl' && document.documentElement.lang === 'ar',
        undefined,
        WAIT,
      );
      await page.getByRole('button', { name: 'إرسال', exact: true }).waitFor(WAIT);
      await bot(page, 'موافقتك').waitFor(WAIT);
      await page.getByRole('button', { name: 'أوافق', exact: true }).click();
      await bot(page, 'كيف نخدمك اليوم؟').waitFor(WAIT);
      // A choice by keyboard: focus the button, press Enter.
      await page.getByRole('button', { name: 'الاستفسارات', exact: true }).focus();
      await page.keyboard.press('Enter');
      await bot(page, 'اكتب سؤالك').waitFor(WAIT);

      // Keyboard only: Tab reaches the message box, with a visible focus ring; Enter sends.
      await page.evaluate(() => document.activeElement?.blur());
      let tabs = 0;
      while ((await page.evaluate(() => document.activeElement?.id)) !== 'input' && tabs < 30) {
        await page.keyboard.press('Tab');
        tabs += 1;
      }
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('input');
      const ring = await page.evaluate(() => {
        const style = getComputedStyle(document.activeElement!);
        return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
      });
      expect(ring.style).not.toBe('none');
      expect(ring.width).toBeGreaterThanOrEqual(2);
      await page.keyboard.type('ماهي شروط المساعده');
      await page.keyboard.press('Enter');
      await bot(page, 'حد الكفاية').waitFor(WAIT);
      expect(await page.locator('#input').inputValue()).toBe('');
      await page.screenshot({ path: path.join(ARTIFACTS, 'webchat-conversation.png'), fullPage: true });

      // Accessible: a polite live log, a labelled box and labelled buttons, enough contrast.
      expect(await page.locator('#log').getAttribute('aria-live')).toBe('polite');
      expect(await page.locator('#log').getAttribute('role')).toBe('log');
      await page.getByLabel('رسالتك', { exact: true }).waitFor(WAIT);
      await page.getByRole('button', { name: 'إرفاق صورة أو ملف PDF' }).waitFor(WAIT);
      for (const selector of [
        '.msg.bot p',
        '.msg.welcome p',
        '.msg.visitor p',
        '#send',
        '.choices button:not(:disabled)',
        'h1',
      ]) {
        for (const ratio of await contrasts(page, selector))
          expect([selector, ratio >= 4.5]).toEqual([selector, true]);
      }
      // Replies came by server-sent events: the page never had to poll.
      expect(requests.some((r) => r.includes('/events'))).toBe(true);
      expect(requests.filter((r) => /\/messages\?after=/.test(r))).toEqual([]);

      // A reload continues the same conversation and shows its history, once, still in Arabic.
      await page.reload();
      await bot(page, 'حد الكفاية').waitFor(WAIT);
      await page.locator('.msg.visitor', { hasText: 'ماهي شروط المساعده' }).waitFor(WAIT);
      expect(await bot(page, 'حد الكفاية').count()).toBe(1);
      // A conversation under way is not invited to begin again.
      expect(await page.locator('.msg.welcome').count()).toBe(0);
      expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
      await page.screenshot({ path: path.join(ARTIFACTS, 'webchat-reloaded.png'), fullPage: true });

      // A file through the attach button (keyboard), acknowledged by the bot.
      const chooser = page.waitForEvent('filechooser', WAIT);
      await page.getByRole('button', { name: 'إرفاق صورة أو ملف PDF' }).focus();
      await page.keyboard.press('Enter');
      await (await chooser).setFiles({ name: 'هوية.png', mimeType: 'image/png', buffer: makePng() });
      await page.locator('.msg.visitor', { hasText: '📎 هوية.png' }).waitFor(WAIT);
      await bot(page, 'الملف غير مطلوب').waitFor(WAIT);
      await page.screenshot({ path: path.join(ARTIFACTS, 'webchat-upload.png'), fullPage: true });
    } finally {
      await context.close();
    }
  }, 120_000);

  /** What the server keeps of the conversation the page opened (GET …/history of the session it stored). */
  async function serverHistory(
    page: Page,
  ): Promise<{ from: string; text?: string; message?: { text?: string } }[]> {
    const session = await page.evaluate(() => localStorage.getItem('tawasul.webchat.session'));
    expect(session).toEqual(expect.any(String));
    const res = await fetch(`${base}/webchat/api/sessions/${encodeURIComponent(session!)}/history`);
    expect(res.status).toBe(200);
    return ((await res.json()) as { entries: Awaited<ReturnType<typeof serverHistory>> }).entries;
  }

  it.each(['ابي اقدم طلب', 'السلام عليكم'])(
    'sends nothing for the visitor: a new chat shows its welcome line, and the first message «%s» starts it',
    async (first) => {
      const requests: string[] = [];
      const { context, page } = await open({ requests, query: '?lang=ar' });
      try {
        // The page's own line, in Arabic and naming the association; no bubble of the visitor's, no reply.
        const welcome = page.locator('.msg.welcome');
        await welcome.filter({ hasText: WELCOME.ar }).waitFor(WAIT);
        expect(await page.locator('.msg.visitor').count()).toBe(0);
        expect(await page.locator('.msg.bot').count()).toBe(0);
        expect(requests.filter((r) => r.startsWith('POST') && r.endsWith('/messages'))).toEqual([]);
        expect(await serverHistory(page)).toEqual([]);

        // Coming back before writing: the same empty conversation, invited once, still nothing sent.
        await page.reload();
        await welcome.filter({ hasText: WELCOME.ar }).waitFor(WAIT);
        expect(await welcome.count()).toBe(1);
        expect(await serverHistory(page)).toEqual([]);
        await page.screenshot({ path: path.join(ARTIFACTS, 'webchat-welcome.png'), fullPage: true });

        // The visitor's own first words start the conversation: the service's welcome and language question.
        await write(page, first);
        await page.locator('.msg.visitor', { hasText: first }).waitFor(WAIT);
        await bot(page, 'اختر لغتك').waitFor(WAIT);
        const history = await serverHistory(page);
        expect(history.filter((entry) => entry.from === 'visitor').map((entry) => entry.text)).toEqual([
          first,
        ]);
        const replies = history
          .filter((entry) => entry.from === 'bot')
          .map((entry) => entry.message?.text ?? '');
        expect(replies.some((text) => text.includes(`أهلًا وسهلًا بك في ${NAME.ar}`))).toBe(true);
        expect(replies.filter((text) => text.includes(NOT_UNDERSTOOD))).toEqual([]);
        expect(await bot(page, NOT_UNDERSTOOD).count()).toBe(0);
        expect(await welcome.count()).toBe(1);
        expect(await page.locator('.msg.visitor').count()).toBe(1);
      } finally {
        await context.close();
      }
    },
    60_000,
  );

  it('still converses by polling where server-sent events are unavailable', async () => {
    const { context, page } = await open({ noEventSource: true });
    try {
      await page.locator('.msg.welcome', { hasText: WELCOME.en }).waitFor(WAIT);
      await write(page, 'Hello');
      await bot(page, 'Choose your language').waitFor(WAIT);
      await page.getByRole('button', { name: 'English', exact: true }).click();
      await bot(page, 'consent').waitFor(WAIT);
      expect(await page.evaluate(() => document.documentElement.dir)).toBe('ltr');
    } finally {
      await context.close();
    }
  }, 60_000);

  it('opens from the one script tag an association pastes into its site', async () => {
    host = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        '<!doctype html><html lang="en"><head><title>Association site</title></head><body>' +
          '<h1>Welcome to our association</h1><p>Our services, our news.</p>' +
          `<script src="${base}/webchat/widget.js" data-lang="ar"></script></body></html>`,
      );
    });
    await new Promise<void>((resolve) => host!.listen(0, '127.0.0.1', resolve));
    const site = `http://127.0.0.1:${(host.address() as AddressInfo).port}/`;
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1100, height: 850 } });
    const page = await context.newPage();
    try {
      await page.goto(site);
      const launcher = page.getByRole('button', { name: 'تحدث معنا' });
      await launcher.waitFor(WAIT);
      expect(await launcher.getAttribute('aria-expanded')).toBe('false');
      await launcher.focus();
      await page.keyboard.press('Enter');
      expect(await launcher.getAttribute('aria-expanded')).toBe('true');
      const panel = page.getByRole('dialog', { name: `نافذة محادثة ${NAME.ar}` });
      await panel.waitFor(WAIT);
      const chat = page.frameLocator('#tawasul-webchat-panel iframe');
      // The panel invites the visitor to write, in the site's language, and speaks for no one.
      await chat.locator('.msg.welcome', { hasText: WELCOME.ar }).waitFor(WAIT);
      expect(await chat.locator('.msg.visitor').count()).toBe(0);
      await chat.locator('#input').fill('ابي اقدم طلب');
      await chat.locator('#input').press('Enter');
      await chat.locator('.msg.bot', { hasText: 'اختر لغتك' }).waitFor(WAIT);
      expect(await chat.locator('html').getAttribute('dir')).toBe('rtl');
      await page.screenshot({ path: path.join(ARTIFACTS, 'webchat-widget.png') });

      // Escape inside the chat closes the panel and gives the focus back to the button.
      await chat.locator('#input').focus();
      await page.keyboard.press('Escape');
      await panel.waitFor({ state: 'hidden', ...WAIT });
      expect(await launcher.getAttribute('aria-expanded')).toBe('false');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('tawasul-webchat-launcher');
    } finally {
      await context.close();
    }
  }, 60_000);
});
