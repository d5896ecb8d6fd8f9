import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { toLatinDigits } from '../../src/domain/text/arabic-normalise';
import { AppProcess, freePort } from '../support/app-process';
import { freshQueuePrefix, TEST_REDIS_URL } from '../support/spine-harness';

/**
 * The logs of a whole run hold no national ID and no phone number, in any digit script: the real app
 * (`src/main.ts`) at LOG_LEVEL=debug, a person who applies for a food basket with ID «١٠٠٠٠٠٠٠٠٨» and
 * mobile «٠٥٠١٢٣٤٥٦٧», uploads two documents, then complains with both numbers in the text; the
 * client also puts the number in a query string and a header, as careless integrations do. Nor does
 * any line hold the web chat session id.
 */
const ID = '١٠٠٠٠٠٠٠٠٨';
const MOBILE = '٠٥٠١٢٣٤٥٦٧';
/** What must not appear once every digit is Latin and separators between digits are gone. */
const SECRETS = ['1000000008', '501234567'];
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(800, 1)]);
const PDF = Buffer.from('%PDF-1.4\nincome\n%%EOF\n');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every string in a log line (JSON values decoded, so `\\u0661` escapes count too) and the line itself. */
function stringsOf(line: string): string[] {
  const out = [line];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') out.push(v);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  try {
    walk(JSON.parse(line));
  } catch {
    // not JSON: the raw line is enough
  }
  return out;
}

/** Latin digits, with spaces, dashes, dots and invisible marks between digits removed. */
const digitsOnly = (text: string) =>
  toLatinDigits(text).replace(/(?<=\d)[\s\-.\u00a0\u200b-\u200f\u2066-\u2069]+(?=\d)/g, '');

describe('a log scan of a full run', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tawasul-logscan-'));
  let app: AppProcess;
  let base = '';

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    app = new AppProcess(
      {
        DATA_DIR: dataDir,
        DATABASE_URL: '',
        REDIS_URL: TEST_REDIS_URL,
        QUEUE_PREFIX: freshQueuePrefix(),
        HTTP_PORT: String(port),
        LOG_LEVEL: 'debug',
        TERMINAL_CHAT: 'false',
        WEBCHAT_ENABLED: 'true',
      },
      { captureOutput: true },
    );
    await app.start();
  }, 90_000);

  afterAll(async () => {
    await app?.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('finds no national ID and no mobile number in any digit script', async () => {
    const session = randomBytes(18).toString('base64url');
    let n = 0;
    const post = async (url: string, init: RequestInit) => {
      // Paced under the web chat's limit of 20 posts in 10 s, as a person types.
      await sleep(520);
      const res = await fetch(`${base}/webchat/api/sessions/${session}/${url}`, { method: 'POST', ...init });
      expect([url, res.status]).toEqual([url, 202]);
    };
    const say = (text: string) =>
      post('messages', {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ clientMessageId: `m${++n}`, text }),
      });
    const upload = (bytes: Buffer, name: string) =>
      post('uploads', {
        headers: {
          'content-type': 'application/octet-stream',
          'x-file-name': encodeURIComponent(name),
          'x-client-message-id': `m${++n}`,
        },
        body: bytes,
      });
    for (const text of ['السلام عليكم', '١', 'أوافق', '٢', '١', '١', 'هدى سالم العتيبي', '١٠٠٠٠٠٠٠٠٧', ID]) {
      await say(text);
    }
    for (const text of [MOBILE, '١', '٥']) await say(text);
    await upload(JPEG, `هوية ${ID}.jpg`);
    await say('١');
    await upload(PDF, `دخل ${MOBILE}.pdf`);
    for (const text of ['١', '١', '٤', '١', '٢', `اتصلوا بي على ${MOBILE} ورقم هويتي ${ID}`, '١', '١'])
      await say(text);
    // A careless integration: the number in a query string and in a header of its own.
    const careless = await fetch(
      `${base}/webchat/api/sessions/${session}/history?mobile=${MOBILE}&id=${ID}`,
      {
        headers: { 'x-mobile': '+966501234567' },
      },
    );
    expect(careless.status).toBe(200);

    // Every message answered, then a graceful stop, so every log line is out.
    const deadline = Date.now() + 30_000;
    let replies = 0;
    while (Date.now() < deadline) {
      const res = await fetch(`${base}/webchat/api/sessions/${session}/messages`);
      replies = ((await res.json()) as { messages: unknown[] }).messages.length;
      if (replies >= n) break;
      await sleep(200);
    }
    expect(replies).toBeGreaterThanOrEqual(n);
    expect(await app.stop()).toBe(0);

    const lines = app.output.split('\n').filter((l) => l.trim() !== '');
    expect(lines.length).toBeGreaterThan(50); // debug level: the run was logged
    expect(app.output).toContain('"level":20');
    // The careless request was logged, its numbers masked (Fastify serialises the URL where the
    // masking first did not look, and percent-encoded): the scan below does not pass on silence.
    expect(lines.some((l) => l.includes('history?mobile=*******567&id=*******008'))).toBe(true);
    const leaks = lines.filter((line) =>
      stringsOf(line).some((s) => SECRETS.some((secret) => digitsOnly(s).includes(secret))),
    );
    expect(leaks.map((l) => l.slice(0, 300))).toEqual([]);
    // Nor the web chat session id, the visitor's only key (issue 17, M3): URLs show a short hash of it.
    expect(lines.filter((l) => l.includes(session)).map((l) => l.slice(0, 300))).toEqual([]);
  }, 120_000);
});
