/**
 * Why this file is long: one table of Meta's limits (a case each) and one test per rule of the
 * stand-in, sharing one webhook receiver and one set of request helpers.
 */
import { createHash, createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFakeGraphApi, type FakeGraphApi, type FakeGraphApiOptions } from './fake-graph-api';
import { Clock } from './test-clock';

/**
 * The WhatsApp Cloud API stand-in keeps Meta's rules, so an adapter tested against it meets them:
 * auth, validation with Meta's codes and limits, media round trip, signed webhooks, statuses after a
 * send, the 24-hour window, templates, throughput limit and planned failures.
 */
const TOKEN = 'EAAG-test-token';
const SECRET = 'app-secret-for-tests';
const PHONE_ID = '106540352242922';
const WABA_ID = '102290129340398';
const AMAL = '966500000001';

type InboundMessage = Record<string, unknown> & { image?: { id: string; sha256: string } };
type Status = { id: string; status: string; errors?: { code: number }[] };
type HookValue = {
  metadata: { phone_number_id: string };
  contacts?: unknown[];
  messages?: InboundMessage[];
  statuses?: Status[];
};
type Hook = { object?: string; entry?: { id: string; changes: { value: HookValue }[] }[] };
type Received = { headers: http.IncomingHttpHeaders; raw: string; body: Hook };
type GraphAnswer = {
  messages?: { id: string }[];
  contacts?: unknown;
  url?: string;
  sha256?: string;
  error?: {
    code: number;
    message: string;
    type: string;
    fbtrace_id: string;
    error_subcode?: number;
    error_data?: { details: string };
  };
};

const valueOf = (hook: Received | undefined): HookValue | undefined =>
  hook?.body.entry?.[0]?.changes[0]?.value;

/** The wamid of an accepted send. */
function wamidOf(answer: { body: GraphAnswer }): string {
  const id = answer.body.messages?.[0]?.id;
  if (!id) throw new Error(`not accepted: ${JSON.stringify(answer.body)}`);
  return id;
}

/** The app's side: a webhook that records what arrives and answers `answer` (200 unless set). */
async function startReceiver() {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'GET') {
      const ok = url.searchParams.get('hub.verify_token') === 'verify-me';
      res.writeHead(ok ? 200 : 403, { 'content-type': 'text/plain' });
      res.end(ok ? url.searchParams.get('hub.challenge') : 'forbidden');
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      received.push({ headers: req.headers, raw, body: JSON.parse(raw) as Hook });
      res.writeHead(200).end('EVENT_RECEIVED');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/whatsapp/webhook`;
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return { received, url, close };
}

const statusesOf = (received: Received[]) =>
  received
    .flatMap((r) => valueOf(r)?.statuses ?? [])
    .map((s) => ({ id: s.id, status: s.status, errors: s.errors?.map((e) => e.code) }));

describe('the WhatsApp Cloud API stand-in', () => {
  let graph: FakeGraphApi;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const clock = new Clock(new Date('2026-03-01T09:00:00Z'));

  async function start(extra: Partial<FakeGraphApiOptions> = {}) {
    graph = await startFakeGraphApi({
      accessToken: TOKEN,
      appSecret: SECRET,
      phoneNumberId: PHONE_ID,
      businessAccountId: WABA_ID,
      webhookUrl: receiver.url,
      now: () => clock.at.getTime(),
      ...extra,
    });
  }

  beforeEach(async () => {
    clock.set('2026-03-01T09:00:00Z');
    receiver = await startReceiver();
    await start();
  });
  afterEach(async () => {
    await graph.close();
    await receiver.close();
  });

  async function call(method: string, path: string, body?: unknown, token: string | null = TOKEN) {
    const response = await fetch(`${graph.url}${path}`, {
      method,
      headers: {
        ...(token === null ? {} : { authorization: `Bearer ${token}` }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text.startsWith('{') ? JSON.parse(text) : {}) as GraphAnswer };
  }

  const send = (message: Record<string, unknown>, token?: string | null) =>
    call(
      'POST',
      `/v21.0/${PHONE_ID}/messages`,
      { messaging_product: 'whatsapp', recipient_type: 'individual', to: AMAL, ...message },
      token,
    );
  const text = (body: string) => ({ type: 'text', text: { body, preview_url: false } });
  const buttons = (titles: string[], ids = titles) => ({
    type: 'interactive',
    interactive: {
      type: 'button',
      body: { text: 'اختر' },
      action: { buttons: titles.map((title, i) => ({ type: 'reply', reply: { id: ids[i], title } })) },
    },
  });
  const list = (sections: unknown[], button = 'القائمة') => ({
    type: 'interactive',
    interactive: { type: 'list', body: { text: 'اختر خدمة' }, action: { button, sections } },
  });
  const rows = (n: number, prefix = 'r') =>
    Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, title: `خدمة ${i}` }));

  it('refuses a wrong or missing token with 401 and code 190, on every path', async () => {
    await graph.deliverText(AMAL, 'مرحبا');
    const wrong = await send(text('hi'), 'not-the-token');
    const missing = await send(text('hi'), null);
    const media = await call('GET', '/v21.0/123', undefined, null);
    expect([wrong.status, missing.status, media.status]).toEqual([401, 401, 401]);
    expect(wrong.body.error).toMatchObject({ code: 190, type: 'OAuthException' });
    expect(graph.sent()).toEqual([]);
    expect(graph.requests().map((r) => r.authorization)).toEqual([
      'Bearer not-the-token',
      undefined,
      undefined,
    ]);
  });

  it('accepts a valid text inside the window: 200, a wamid, then sent and delivered statuses', async () => {
    await graph.deliverText(AMAL, 'مرحبا');
    const answer = await send(text('وعليكم السلام'));
    expect(answer.status).toBe(200);
    const wamid = wamidOf(answer);
    expect(wamid).toMatch(/^wamid\.[A-Za-z0-9+/=]+$/);
    expect(answer.body.contacts).toEqual([{ input: AMAL, wa_id: AMAL }]);
    await graph.idle();
    expect(statusesOf(receiver.received)).toEqual([
      { id: wamid, status: 'sent', errors: undefined },
      { id: wamid, status: 'delivered', errors: undefined },
    ]);
    expect(graph.statuses().map((s) => [s.status, s.httpStatus])).toEqual([
      ['sent', 200],
      ['delivered', 200],
    ]);
    expect(graph.shown(AMAL)).toEqual([{ text: 'وعليكم السلام', buttons: [] }]);
    expect(graph.takeSent(AMAL).map((m) => m.wamid)).toEqual([wamid]);
    expect(graph.sent(AMAL)).toEqual([]);
  });

  it.each([
    ['messaging_product', { messaging_product: 'sms', ...text('x') }, 'messaging_product'],
    ['to with a plus', { to: '+966500000001', ...text('x') }, 'to'],
    ['empty text', text(''), "text['body']"],
    ['text over 4096', text('ن'.repeat(4097)), 'at most 4096'],
    ['no buttons', buttons([]), 'between 1 and 3'],
    ['four buttons', buttons(['a', 'b', 'c', 'd']), 'between 1 and 3'],
    ['button title over 20', buttons(['ن'.repeat(21)]), "['reply']['title'] must be at most 20"],
    ['duplicate titles', buttons(['نعم', 'نعم'], ['y1', 'y2']), 'title must be unique'],
    ['button id over 256', buttons(['نعم'], ['x'.repeat(257)]), "['reply']['id'] must be at most 256"],
    ['list button over 20', list([{ rows: rows(1) }], 'ن'.repeat(21)), "['button'] must be at most 20"],
    [
      'eleven rows',
      list([
        { title: 'أ', rows: rows(6) },
        { title: 'ب', rows: rows(5, 's') },
      ]),
      'max allowed count: 10',
    ],
    [
      'row title over 24',
      list([{ rows: [{ id: 'a', title: 'ن'.repeat(25) }] }]),
      "['title'] must be at most 24",
    ],
    [
      'row description over 72',
      list([{ rows: [{ id: 'a', title: 'أ', description: 'ن'.repeat(73) }] }]),
      'at most 72',
    ],
    [
      'row id over 200',
      list([{ rows: [{ id: 'x'.repeat(201), title: 'أ' }] }]),
      "['id'] must be at most 200",
    ],
    ['untitled sections', list([{ rows: rows(1) }, { rows: rows(1, 's') }]), "sections'][0]['title']"],
    ['section title over 24', list([{ title: 'ن'.repeat(25), rows: rows(1) }]), 'at most 24'],
    [
      'body over 1024',
      {
        ...buttons(['نعم']),
        interactive: { ...buttons(['نعم']).interactive, body: { text: 'ن'.repeat(1025) } },
      },
      'at most 1024',
    ],
    [
      'unknown media id',
      { type: 'document', document: { id: '999', filename: 'a.pdf' } },
      'not a valid media id',
    ],
    [
      'caption over 1024',
      { type: 'document', document: { link: 'https://x.test/a.pdf', caption: 'ن'.repeat(1025) } },
      'at most 1024',
    ],
    [
      'template without language',
      { type: 'template', template: { name: 'tawasul_x' } },
      "template['language']",
    ],
  ])('refuses %s with 400, code 100 and details naming it', async (_name, message, detail) => {
    await graph.deliverText(AMAL, 'مرحبا');
    const answer = await send(message);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ type: 'OAuthException', code: 100 });
    expect(answer.body.error?.fbtrace_id).toEqual(expect.any(String));
    expect(`${answer.body.error?.message} ${answer.body.error?.error_data?.details}`).toContain(detail);
    expect(graph.sent()).toEqual([]);
  });

  it('accepts the limits exactly: 3 buttons of 20, 10 rows over sections, 4096 characters', async () => {
    await graph.deliverText(AMAL, 'مرحبا');
    const sections = [
      { title: 'أ'.repeat(24), rows: rows(4) },
      {
        title: 'ب',
        rows: [...rows(5, 's'), { id: 'x'.repeat(200), title: 'ن'.repeat(24), description: 'د'.repeat(72) }],
      },
    ];
    const answers = [
      await send(buttons(['أ'.repeat(20), 'ب'.repeat(20), 'ج'.repeat(20)])),
      await send(list(sections, 'ق'.repeat(20))),
      await send(text('ن'.repeat(4096))),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(graph.shown(AMAL)[0]?.buttons).toEqual(['أ'.repeat(20), 'ب'.repeat(20), 'ج'.repeat(20)]);
    expect(graph.shown(AMAL)[1]?.buttons).toHaveLength(10);
  });

  it('uploads media, sends it by id, and serves it back by id and URL (Bearer required)', async () => {
    await graph.deliverText(AMAL, 'مرحبا');
    const pdf = Buffer.from('%PDF-1.4 receipt');
    const form = new FormData();
    form.set('messaging_product', 'whatsapp');
    form.set('type', 'application/pdf');
    form.set('file', new Blob([pdf], { type: 'application/pdf' }), 'receipt.pdf');
    const upload = await fetch(`${graph.url}/v21.0/${PHONE_ID}/media`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
      body: form,
    });
    const { id } = (await upload.json()) as { id: string };
    expect(id).toMatch(/^\d+$/);
    expect(graph.uploads().get(id)).toMatchObject({ mimeType: 'application/pdf', filename: 'receipt.pdf' });

    const sent = await send({
      type: 'document',
      document: { id, filename: 'إيصال.pdf', caption: 'إيصال الطلب' },
    });
    expect(sent.status).toBe(200);
    expect(graph.shown(AMAL)).toEqual([{ text: 'إيصال الطلب\nإيصال.pdf', buttons: [] }]);

    const info = await call('GET', `/v21.0/${id}`);
    expect(info.body).toMatchObject({
      messaging_product: 'whatsapp',
      mime_type: 'application/pdf',
      file_size: pdf.length,
      id,
    });
    expect(info.body.sha256).toBe(createHash('sha256').update(pdf).digest('hex'));
    const withToken = await fetch(info.body.url ?? '', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(Buffer.from(await withToken.arrayBuffer())).toEqual(pdf);
    expect((await fetch(info.body.url ?? '')).status).toBe(401);
    expect((await call('GET', '/v21.0/424242')).body.error).toMatchObject({ code: 100, error_subcode: 33 });
  });

  it('refuses an upload over its kind limit (sticker 500 KB) with 131053', async () => {
    const form = new FormData();
    form.set('messaging_product', 'whatsapp');
    form.set('type', 'image/webp');
    form.set('file', new Blob([Buffer.alloc(500 * 1024 + 1)], { type: 'image/webp' }), 's.webp');
    const upload = await fetch(`${graph.url}/v21.0/${PHONE_ID}/media`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
      body: form,
    });
    expect(upload.status).toBe(400);
    expect(((await upload.json()) as GraphAnswer).error?.code).toBe(131053);
    expect(graph.uploads().size).toBe(0);
  });

  it('delivers inbound media the app can fetch back, signed and enveloped as Meta does', async () => {
    const bytes = Buffer.from('jpeg-bytes');
    const delivery = await graph.deliverMedia(
      AMAL,
      'image',
      { bytes, mimeType: 'image/jpeg', caption: 'صورة الهوية' },
      { name: 'أمل' },
    );
    expect(delivery.status).toBe(200);
    const [hook] = receiver.received;
    const expected = `sha256=${createHmac('sha256', SECRET).update(hook!.raw).digest('hex')}`;
    expect(hook!.headers['x-hub-signature-256']).toBe(expected);
    const value = valueOf(hook);
    expect(hook!.body).toMatchObject({ object: 'whatsapp_business_account', entry: [{ id: WABA_ID }] });
    expect(value?.metadata.phone_number_id).toBe(PHONE_ID);
    expect(value?.contacts).toEqual([{ profile: { name: 'أمل' }, wa_id: AMAL }]);
    const message = value?.messages?.[0];
    expect(message).toMatchObject({
      from: AMAL,
      id: delivery.messageId,
      type: 'image',
      timestamp: String(clock.at.getTime() / 1000),
    });
    expect(message?.image).toMatchObject({
      id: delivery.mediaId,
      mime_type: 'image/jpeg',
      caption: 'صورة الهوية',
    });
    const info = await call('GET', `/v21.0/${message?.image?.id}`);
    expect(info.body.sha256).toBe(message?.image?.sha256);
    const download = await fetch(info.body.url ?? '', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(Buffer.from(await download.arrayBuffer())).toEqual(bytes);
  });

  it('posts forged and unsigned bodies as told, and answers the verification call', async () => {
    await graph.postWebhook('{"object":"whatsapp_business_account"}', { signature: 'sha256=00' });
    await graph.postWebhook('{}', { signature: null });
    expect(receiver.received.map((r) => r.headers['x-hub-signature-256'])).toEqual(['sha256=00', undefined]);
    expect(await graph.verifyWebhook('verify-me', '1158201444')).toEqual({ status: 200, body: '1158201444' });
    expect((await graph.verifyWebhook('wrong')).status).toBe(403);
  });

  it('accepts a free-form send outside the 24 h window, then fails it with 131047; a template goes through', async () => {
    await graph.close();
    await start({ templates: [{ name: 'tawasul_request_approved', language: 'ar', bodyParams: 2 }] });
    await graph.deliverText(AMAL, 'مرحبا');
    clock.set('2026-03-02T09:00:01Z'); // 24 h and a second later
    const late = await send(text('تم قبول طلبك'));
    expect(late.status).toBe(200);
    const template = await send({
      type: 'template',
      template: {
        name: 'tawasul_request_approved',
        language: { code: 'ar' },
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'R-1' },
              { type: 'text', text: 'سلة غذائية' },
            ],
          },
        ],
      },
    });
    expect(template.status).toBe(200);
    await graph.idle();
    const lateId = wamidOf(late);
    const statuses = statusesOf(receiver.received);
    expect(statuses.filter((s) => s.id === lateId)).toEqual([
      { id: lateId, status: 'failed', errors: [131047] },
    ]);
    expect(statuses.filter((s) => s.id === wamidOf(template)).map((s) => s.status)).toEqual([
      'sent',
      'delivered',
    ]);
    expect(graph.shown(AMAL)).toEqual([
      { text: '[template tawasul_request_approved ar] R-1 | سلة غذائية', buttons: [] },
    ]);
  });

  it('refuses unknown templates (132001), a wrong parameter count (132000) and a new line in a parameter (132018)', async () => {
    await graph.close();
    await start({ templates: [{ name: 'tawasul_request_approved', language: 'ar', bodyParams: 1 }] });
    const template = (name: string, code: string, params: string[]) => ({
      type: 'template',
      template: {
        name,
        language: { code },
        components: [{ type: 'body', parameters: params.map((p) => ({ type: 'text', text: p })) }],
      },
    });
    const codes = [
      await send(template('tawasul_request_approved', 'en', ['R-1'])),
      await send(template('tawasul_request_approved', 'ar', ['R-1', 'x'])),
      await send(template('tawasul_request_approved', 'ar', ['سطر\nسطر'])),
    ].map((a) => a.body.error?.code);
    expect(codes).toEqual([132001, 132000, 132018]);
  });

  it('limits throughput per second of its clock with 130429, and fails planned requests', async () => {
    await graph.deliverText(AMAL, 'مرحبا');
    graph.rateLimit({ perSecond: 2 });
    const burst = [await send(text('1')), await send(text('2')), await send(text('3'))];
    expect(burst.map((a) => a.status)).toEqual([200, 200, 400]);
    expect(burst[2]!.body.error).toMatchObject({ code: 130429, message: '(#130429) Rate limit hit' });
    clock.set('2026-03-01T09:00:01.001Z');
    expect((await send(text('4'))).status).toBe(200);

    graph.rateLimit(undefined);
    graph.failNext({ httpStatus: 500, code: 131000, message: 'Something went wrong' }, 2);
    const failed = [await send(text('5')), await send(text('6')), await send(text('7'))];
    expect(failed.map((a) => [a.status, a.body.error?.code])).toEqual([
      [500, 131000],
      [500, 131000],
      [200, undefined],
    ]);
    expect(graph.sent(AMAL).map((m) => (m.body.text as { body: string }).body)).toEqual(['1', '2', '4', '7']);
  });

  it('builds replies to its own interactive messages, and statuses on demand', async () => {
    await graph.deliverText(AMAL, 'مرحبا');
    const menu = await send(buttons(['نعم', 'لا'], ['yes', 'no']));
    const reply = await graph.deliverButtonReply(AMAL, 'yes', 'نعم');
    const read = await call('POST', `/v21.0/${PHONE_ID}/messages`, {
      messaging_product: 'whatsapp',
      status: 'read',
      message_id: reply.messageId,
    });
    expect([read.status, graph.markedRead()]).toEqual([200, [reply.messageId]]);
    await graph.deliverListReply(AMAL, 'r1', 'خدمة 1');
    await graph.deliverStatus(wamidOf(menu), 'read');
    await graph.deliverStatus(wamidOf(menu), 'failed', {
      errors: [{ code: 131026, title: 'Message undeliverable' }],
    });
    await graph.idle();
    const messages = receiver.received.flatMap((r) => valueOf(r)?.messages ?? []);
    expect(messages[1]).toMatchObject({
      type: 'interactive',
      interactive: { type: 'button_reply', button_reply: { id: 'yes', title: 'نعم' } },
      context: { id: wamidOf(menu) },
    });
    expect(messages[2]?.interactive).toEqual({
      type: 'list_reply',
      list_reply: { id: 'r1', title: 'خدمة 1' },
    });
    expect(statusesOf(receiver.received).map((s) => s.status)).toEqual([
      'sent',
      'delivered',
      'read',
      'failed',
    ]);
    expect(graph.shown(AMAL)).toEqual([]); // a failed message is not seen
  });
});
