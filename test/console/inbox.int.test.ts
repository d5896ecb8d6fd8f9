import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { makeReference } from '../../src/cases/rules/reference';
import { toNumberedText } from '../../src/channels/numbered-text';
import type { InProcessChannel } from '../../src/channels/inprocess/inprocess-channel';
import type { OutboundMessage } from '../../src/domain/outbound-message';
import type { Database } from '../../src/store/database';
import { describeEachDatabase } from '../support/databases';
import { textOf } from '../support/spine-harness';
import { signIn, startConsole, type ConsoleHarness } from './console-harness';

/** Sunday 22 November 2026, 10:00 in Riyadh: staff are at work. */
const SUNDAY_MORNING = new Date('2026-11-22T10:00:00+03:00');
const TIMEOUT_MS = 90_000;
/** The smallest PNG: one transparent pixel. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

type Session = Awaited<ReturnType<typeof signIn>>;

function client(app: FastifyInstance, session: Session) {
  const call = async (method: 'GET' | 'POST', url: string, payload?: unknown) => {
    const response = await app.inject({
      method,
      url,
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, accept: 'application/json' },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
    return { status: response.statusCode, body: response.json<Record<string, unknown>>() };
  };
  return {
    get: (url: string) => call('GET', url),
    post: (url: string, payload: unknown = {}) => call('POST', url, payload),
  };
}

/** A person on the in-process chat who greeted, chose Arabic, consented and asked for a person. */
async function askForPerson(chat: InProcessChannel, user: string): Promise<string> {
  const talk = async (text: string) => {
    await chat.say(user, text);
    return toNumberedText(await chat.nextReply(user));
  };
  await talk('السلام عليكم');
  await talk('١');
  await talk('أوافق');
  await talk('التحدث مع موظف');
  const opened = await talk('الأسر المحتاجة');
  const reference = /HND-\d{4}-\d{2}/.exec(opened)?.[0];
  if (!reference) throw new Error(`no handoff reference in: ${opened}`);
  return reference;
}

async function replies(chat: InProcessChannel, user: string, n: number): Promise<OutboundMessage[]> {
  const got: OutboundMessage[] = [];
  for (let i = 0; i < n; i++) got.push(await chat.nextReply(user));
  return got;
}

async function outboxCount(db: Database, reference: string): Promise<number> {
  const found = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM outbox o JOIN handoffs h ON h.conversation_id = o.conversation_id
     WHERE h.reference = $1`,
    [reference],
  );
  return found.rows[0]!.n;
}

describeEachDatabase(
  'the web console as the staff inbox',
  (getDb) => {
    let clock = SUNDAY_MORNING;
    let h: ConsoleHarness;

    beforeEach(async () => {
      clock = SUNDAY_MORNING;
      h = await startConsole(getDb(), { now: () => clock, inboxPollMs: 50 });
    });
    afterEach(async () => h.stop());

    it(
      'lists the conversation, and one officer claims, answers (once), notes, hands it on and closes it',
      async () => {
        const db = getDb();
        const reference = await askForPerson(h.chat, 'salma');
        await h.chat.say('salma', 'تأخر صرف السلة هذا الشهر');
        await h.runtime.service.idle();

        const liaison = client(h.app, await signIn(h.app, 't-liaison'));
        const volunteer = client(h.app, await signIn(h.app, 't-volunteer'));
        const admin = client(h.app, await signIn(h.app, 't-admin'));

        // The families officer sees it waiting since it was opened; the orphans volunteer does not.
        clock = new Date('2026-11-22T10:20:00+03:00');
        const list = await liaison.get('/api/inbox');
        expect(list.status).toBe(200);
        const items = list.body.items as Record<string, unknown>[];
        expect(items.map((i) => [i.reference, i.status, i.categoryId, i.channel, i.lastText])).toEqual([
          [reference, 'open', 'families', 'inprocess', 'تأخر صرف السلة هذا الشهر'],
        ]);
        expect(items[0]!.waitingSince).toBe(SUNDAY_MORNING.toISOString());
        expect(((await volunteer.get('/api/inbox')).body.items as unknown[]).length).toBe(0);
        expect((await volunteer.get(`/api/inbox/${reference}`)).status).toBe(404);

        const detail = await liaison.get(`/api/inbox/${reference}`);
        expect(detail.status).toBe(200);
        expect(detail.body.can).toEqual({
          claim: true,
          reply: false,
          note: true,
          transfer: true,
          close: true, // a liaison officer may close a colleague's conversation too
        });
        expect((detail.body.earlier as { text: string }[]).map((m) => m.text)).toContain('التحدث مع موظف');

        // Answering before claiming is refused; claiming tells the person who joined.
        const early = await liaison.post(`/api/inbox/${reference}/reply`, {
          clientId: 'early-0001',
          text: 'مرحبا',
        });
        expect([early.status, early.body.error]).toEqual([409, 'ERR_HANDOFF_NOT_CLAIMED']);
        expect((await liaison.post(`/api/inbox/${reference}/claim`)).body).toEqual({ status: 'claimed' });
        expect(textOf(await h.chat.nextReply('salma'))).toContain('Test liaison');

        // A reply sent twice (the same form id) reaches the person once.
        const before = await outboxCount(db, reference);
        const reply = { clientId: 'reply-0001', text: 'أهلًا سلمى، نراجع صرف السلة الآن' };
        expect((await liaison.post(`/api/inbox/${reference}/reply`, reply)).body).toEqual({
          status: 'relayed',
        });
        expect((await liaison.post(`/api/inbox/${reference}/reply`, reply)).body).toEqual({
          status: 'duplicate',
        });
        expect(textOf(await h.chat.nextReply('salma'))).toContain('نراجع صرف السلة الآن');
        expect(await outboxCount(db, reference)).toBe(before + 1);

        // A note stays with the staff; another officer cannot answer over the one in charge.
        const note = { clientId: 'note-00001', text: 'اتصلت بالمستودع: الصرف غدًا' };
        expect((await admin.post(`/api/inbox/${reference}/note`, note)).body).toEqual({ status: 'noted' });
        expect(await outboxCount(db, reference)).toBe(before + 1);
        const over = await admin.post(`/api/inbox/${reference}/reply`, { clientId: 'admin-0001', text: 'x' });
        expect([over.status, over.body.error]).toEqual([409, 'ERR_HANDOFF_TAKEN']);
        expect(String(over.body.message)).toContain('Test liaison');

        // A file with the reply: stored, checked by its bytes, sent as a document.
        const withFile = await liaison.post(`/api/inbox/${reference}/reply`, {
          clientId: 'file-00001',
          text: '',
          file: { name: 'receipt.png', data: PNG.toString('base64') },
        });
        expect(withFile.body).toEqual({ status: 'relayed' });
        const [document] = await replies(h.chat, 'salma', 1);
        expect(document).toMatchObject({ kind: 'document', mimeType: 'image/png', fileName: 'receipt.png' });
        const notAFile = await liaison.post(`/api/inbox/${reference}/reply`, {
          clientId: 'file-00002',
          text: '',
          file: { name: 'run.sh', data: Buffer.from('#!/bin/sh\necho hi\n').toString('base64') },
        });
        expect([notAFile.status, (notAFile.body.issues as { path: string }[])[0]?.path]).toEqual([
          400,
          'body.file',
        ]);

        // The transcript shows who wrote what, and where; the view is audited.
        const transcript = (await liaison.get(`/api/inbox/${reference}`)).body.transcript as Record<
          string,
          unknown
        >[];
        expect(transcript.map((l) => [l.author, l.origin, l.text])).toEqual([
          ['beneficiary', null, 'تأخر صرف السلة هذا الشهر'],
          ['staff', 'console', 'أهلًا سلمى، نراجع صرف السلة الآن'],
          ['note', 'console', 'اتصلت بالمستودع: الصرف غدًا'],
          ['staff', 'console', ''],
        ]);
        const file = (transcript[3]!.files as { url: string }[])[0]!;
        const download = await h.app.inject({
          method: 'GET',
          url: file.url,
          headers: { cookie: (await signIn(h.app, 't-liaison')).cookie },
        });
        expect([download.statusCode, download.rawPayload.equals(PNG)]).toEqual([200, true]);
        const views = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM events WHERE type = 'personalData.viewed' AND subject_id = $1`,
          [reference],
        );
        expect(views.rows[0]!.n).toBeGreaterThanOrEqual(3);

        // The liaison officer cannot hand it on to a stranger; the admin moves it to the volunteer.
        const stranger = await liaison.post(`/api/inbox/${reference}/transfer`, { to: 'nobody' });
        expect([stranger.status, (stranger.body.issues as { path: string }[])[0]?.path]).toEqual([
          400,
          'body.to',
        ]);
        expect((await admin.post(`/api/inbox/${reference}/transfer`, { to: 't-volunteer' })).body).toEqual({
          status: 'transferred',
        });
        expect(textOf(await h.chat.nextReply('salma'))).toContain('Test volunteer');
        expect((await volunteer.get(`/api/inbox/${reference}`)).body.can).toMatchObject({
          reply: true,
          close: true,
        });

        // Closing offers the survey; closing again is refused as closed.
        expect((await volunteer.post(`/api/inbox/${reference}/close`, {})).body).toEqual({
          status: 'closed',
        });
        const closed = toNumberedText(await h.chat.nextReply('salma'));
        expect(closed).toContain(reference);
        expect(closed).toContain('يهمنا رأيك');
        const again = await volunteer.post(`/api/inbox/${reference}/close`, {});
        expect([again.status, again.body.error]).toEqual([409, 'ERR_HANDOFF_CLOSED']);
        const closedList = (await liaison.get('/api/inbox?view=closed')).body.items as {
          reference: string;
        }[];
        expect(closedList.map((i) => i.reference)).toEqual([reference]);
      },
      TIMEOUT_MS,
    );

    it(
      'refuses malformed input with the field at fault, and unknown references as not found',
      async () => {
        const liaison = client(h.app, await signIn(h.app, 't-liaison'));
        // Well formed, check digits right, and nobody's.
        const nobodys = makeReference('HND', 4, () => 0.5);
        const cases: [string, unknown, string][] = [
          ['/api/inbox/REQ-1234-56/claim', {}, 'params.reference'],
          [`/api/inbox/${nobodys}/reply`, { clientId: 'x', text: 'hi' }, 'body.clientId'],
          [`/api/inbox/${nobodys}/reply`, { clientId: 'abcdefgh', text: '' }, 'body.text'],
          [`/api/inbox/${nobodys}/note`, { clientId: 'abcdefgh', text: 'a', extra: 1 }, 'body'],
          [`/api/inbox/${nobodys}/close`, { offerSurvey: 'yes' }, 'body.offerSurvey'],
        ];
        for (const [url, payload, path] of cases) {
          const answer = await liaison.post(url, payload);
          expect([url, answer.status, (answer.body.issues as { path: string }[])[0]?.path]).toEqual([
            url,
            400,
            path,
          ]);
        }
        expect((await liaison.get('/api/inbox?view=everything')).status).toBe(400);
        expect((await liaison.post(`/api/inbox/${nobodys}/claim`)).status).toBe(404);
        const board = client(h.app, await signIn(h.app, 't-board'));
        expect((await board.get('/api/inbox')).status).toBe(403);
      },
      TIMEOUT_MS,
    );

    it(
      'streams a change to a viewer when a person writes and when staff act',
      async () => {
        const reference = await askForPerson(h.chat, 'huda');
        const address = await h.app
          .listen({ host: '127.0.0.1', port: 0 })
          .then(() => h.app.server.address() as AddressInfo);
        const session = await signIn(h.app, 't-admin');
        const events: string[] = [];
        const stream = request({
          host: '127.0.0.1',
          port: address.port,
          path: '/api/inbox/events',
          headers: { cookie: session.cookie, accept: 'text/event-stream' },
        });
        const ready = new Promise<void>((resolve, reject) => {
          stream.on('response', (response) => {
            expect(response.headers['content-type']).toContain('text/event-stream');
            response.setEncoding('utf8');
            response.on('data', (chunk: string) => {
              for (const match of chunk.matchAll(/event: (\w+)/g)) events.push(match[1]!);
              if (events.includes('ready')) resolve();
            });
          });
          stream.on('error', reject);
        });
        stream.end();
        await ready;
        const changes = () => events.filter((e) => e === 'change').length;

        await h.chat.say('huda', 'هل من أحد؟');
        await h.runtime.service.idle();
        await waitFor(() => changes() >= 1);
        await client(h.app, session).post(`/api/inbox/${reference}/claim`);
        const seen = changes();
        await waitFor(() => changes() > seen);
        stream.destroy();
      },
      TIMEOUT_MS,
    );
  },
  { migrate: true },
);

async function waitFor(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
