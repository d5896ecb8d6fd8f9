import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import pino from 'pino';
import type { AcceptResult } from '../../src/channels/channel-adapter';
import { cloudWebhookRoutes } from '../../src/channels/whatsapp-cloud/cloud-webhook-routes';
import {
  WhatsAppCloudChannel,
  type CloudAlert,
  type WhatsAppCloudChannelOptions,
} from '../../src/channels/whatsapp-cloud/whatsapp-cloud-channel';
import { FsDocumentStore } from '../../src/documents/fs-document-store';
import { InboundMessage, type InboundMessageInput } from '../../src/domain/inbound-message';
import type { DeliveryReport } from '../../src/store/delivery-report-repository';
import { startFakeGraphApi } from '../support/fake-graph-api';
import { MemoryWhatsAppContacts } from '../support/memory-whatsapp-contacts';
import { MemoryWhatsAppWindow } from '../support/memory-whatsapp-window';
import { CLOUD_SECRETS, cloudChannelOptions } from '../support/whatsapp-cloud-setup';
import { CONTRACT_SAMPLES } from './channel-contract';

const PERSON = '966501234567';
const DAY = 24 * 3600_000;

/** The adapter alone, its webhook served over HTTP, against the Graph API stand-in, on one test clock. */
async function start(options: Partial<WhatsAppCloudChannelOptions> = {}) {
  let now = Date.parse('2026-05-10T09:00:00Z');
  const clock = { now: () => new Date(now), advance: (ms: number) => (now += ms) };
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tawasul-wa-cloud-'));
  const meta = await startFakeGraphApi({ ...CLOUD_SECRETS, now: () => now });
  const contacts = new MemoryWhatsAppContacts();
  const window = new MemoryWhatsAppWindow(contacts);
  const alerts: CloudAlert[] = [];
  const reports: DeliveryReport[] = [];
  const channel = new WhatsAppCloudChannel({
    ...cloudChannelOptions(meta.url),
    documents: new FsDocumentStore(dir),
    contacts,
    window,
    templates: {
      forNotice: (notice, lang) =>
        notice.key === 'notify.request.approved'
          ? { name: 'tawasul_request_approved', language: lang, parameters: [notice.params.ref ?? '-'] }
          : undefined,
      reopen: (lang) => ({ name: 'tawasul_reopen', language: lang, parameters: ['جمعية البر'] }),
    },
    listButton: { ar: 'اختر', en: 'Choose' },
    logger: pino({ level: 'silent' }),
    now: clock.now,
    onAlert: (alert) => alerts.push(alert),
    onReport: async (report) => void reports.push(report),
    maxMediaBytes: 1_000,
    ...options,
  });
  const inbox: InboundMessageInput[] = [];
  await channel.start(async (message): Promise<AcceptResult> => {
    inbox.push(message);
    return { status: 'accepted', conversationId: 'c1' };
  });
  const app: FastifyInstance = Fastify();
  await app.register(cloudWebhookRoutes, { channel });
  meta.setWebhook(`${await app.listen({ host: '127.0.0.1', port: 0 })}/whatsapp/webhook`);
  const send = (
    text: string,
    key = `outbox-${Math.random()}`,
    notice?: { key: string; params: Record<string, string> },
  ) => channel.send(PERSON, { kind: 'text', text, ...(notice ? { notice } : {}) }, { idempotencyKey: key });
  return {
    meta,
    channel,
    clock,
    window,
    alerts,
    reports,
    inbox,
    send,
    parsed: () => inbox.map((m) => InboundMessage.parse(m)),
    async stop() {
      await channel.stop();
      await app.close();
      await meta.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

type Harness = Awaited<ReturnType<typeof start>>;

describe('WhatsApp Cloud API adapter', () => {
  let h: Harness;
  beforeEach(async () => (h = await start()));
  afterEach(() => h.stop());

  describe('inbound', () => {
    it('drops reactions; hands a contact card and an unsupported type over as something the flow answers', async () => {
      await h.meta.deliverText(PERSON, 'مرحبا');
      await h.meta.deliverReaction(PERSON, 'wamid.ours', '👍');
      await h.meta.deliverContacts(PERSON);
      await h.meta.deliverUnsupported(PERSON);
      expect(h.parsed().map((m) => m.text || m.media[0]?.kind)).toEqual(['مرحبا', 'other', 'other']);
    });

    it('reads a template quick reply as its text, and a list reply as its choice id', async () => {
      await h.meta.deliverMessage(PERSON, { type: 'button', button: { payload: 'yes', text: 'نعم' } });
      await h.meta.deliverListReply(PERSON, 'menu-inquiries', 'الاستفسارات');
      expect(h.parsed().map((m) => [m.text, m.choiceId])).toEqual([
        ['نعم', undefined],
        ['الاستفسارات', 'menu-inquiries'],
      ]);
    });

    it('hands over, without a ref and saying why, a file too large to keep or of a type it does not keep', async () => {
      await h.meta.deliverMedia(PERSON, 'image', {
        bytes: Buffer.alloc(5_000, 0xff),
        mimeType: 'image/jpeg',
      });
      await h.meta.deliverMedia(PERSON, 'document', {
        bytes: Buffer.from('MZ not a pdf'),
        mimeType: 'application/pdf',
      });
      expect(h.parsed().map((m) => m.media[0])).toEqual([
        expect.objectContaining({ kind: 'image', note: 'too-large' }),
        expect.objectContaining({
          kind: 'document',
          note: 'unsupported-type',
          mimeType: 'application/octet-stream',
        }),
      ]);
      expect(h.parsed().every((m) => m.media[0]?.ref === undefined)).toBe(true);
    });

    it('answers 400 with the field path to a signed body that is not a delivery, and 503 once stopped', async () => {
      const { signatureOf } = await import('../../src/channels/whatsapp-cloud/webhook-signature');
      const body = JSON.stringify({ object: 'page', entry: [] });
      const refused = await h.meta.postWebhook(body, {
        signature: signatureOf(body, CLOUD_SECRETS.appSecret),
      });
      expect(refused.status).toBe(400);
      expect(JSON.parse(refused.body)).toMatchObject({
        error: 'ERR_VALIDATION',
        issues: [{ path: 'object' }],
      });
      await h.channel.stop();
      expect((await h.meta.deliverText(PERSON, 'بعد الإيقاف')).status).toBe(503);
      expect(h.inbox).toHaveLength(0);
    });
  });

  describe('outbound', () => {
    it('writes only to people who wrote first', async () => {
      expect(await h.send('مرحبا')).toEqual({ ok: false, retryable: false, error: 'not opted in' });
      expect(h.meta.sent()).toEqual([]);
    });

    it('uploads a document and sends it by its media id, with its caption', async () => {
      await h.meta.deliverText(PERSON, 'السلام عليكم');
      const { bytes, fileName, mimeType } = CONTRACT_SAMPLES.document;
      const documents = new FsDocumentStore(await mkdtemp(path.join(os.tmpdir(), 'tawasul-wa-doc-')));
      const stored = await documents.put(bytes, { fileName, declaredMimeType: mimeType });
      await h.stop();
      h = await start({ documents });
      await h.meta.deliverText(PERSON, 'السلام عليكم');
      const result = await h.channel.send(
        PERSON,
        { kind: 'document', ref: stored.ref, fileName, mimeType, caption: 'نموذج الطلب' },
        { idempotencyKey: 'outbox-doc' },
      );
      expect(result).toMatchObject({ ok: true });
      const [sent] = h.meta.sent(PERSON);
      const document = (sent!.body as { document: { id: string; filename: string; caption: string } })
        .document;
      expect(document).toMatchObject({ filename: fileName, caption: 'نموذج الطلب' });
      expect(h.meta.uploads().get(document.id)?.bytes.equals(bytes)).toBe(true);
    });

    it('waits out a rate limit: retryable with the wait, and nothing sent meanwhile', async () => {
      // A worker waits for a slot at most this long; past it the send comes back later.
      await h.stop();
      h = await start({ maxPacingWaitMs: 1_000 });
      await h.meta.deliverText(PERSON, 'السلام عليكم');
      h.meta.failNext({ httpStatus: 400, code: 130429, message: 'Rate limit hit' });
      expect(await h.send('الأولى')).toMatchObject({ ok: false, retryable: true, retryAfterMs: 5_000 });
      // The number is paused: the next send comes back later instead of hitting the limit again.
      expect(await h.send('الثانية')).toMatchObject({ ok: false, retryable: true, error: 'paced' });
      expect(h.meta.sent()).toEqual([]);
    });

    it('alerts about a refused token and keeps the message for later', async () => {
      await h.meta.deliverText(PERSON, 'السلام عليكم');
      h.meta.failNext({ httpStatus: 401, code: 190, message: 'Error validating access token' });
      expect(await h.send('رسالة', 'outbox-token')).toMatchObject({
        ok: false,
        retryable: true,
        retryAfterMs: 300_000,
      });
      expect(h.alerts).toEqual([expect.objectContaining({ kind: 'token', about: 'outbox-token' })]);
    });

    it('after the window a notification goes as its template; Meta saying the window closed makes the next try one', async () => {
      await h.meta.deliverText(PERSON, 'السلام عليكم');
      const notice = { key: 'notify.request.approved', params: { ref: 'REQ-4821-88' } };
      h.meta.failNext({ httpStatus: 400, code: 131047, message: 'Re-engagement message' });
      expect(await h.send('تمت الموافقة', 'outbox-1', notice)).toMatchObject({ ok: false, retryable: true });
      expect(await h.send('تمت الموافقة', 'outbox-1', notice)).toMatchObject({ ok: true });
      expect(h.meta.sent(PERSON).map((m) => m.body.type)).toEqual(['template']);

      h.clock.advance(DAY + 1);
      expect(await h.send('تمت الموافقة', 'outbox-2', notice)).toMatchObject({ ok: true });
      expect(h.meta.sent(PERSON)[1]!.body).toMatchObject({
        type: 'template',
        template: {
          name: 'tawasul_request_approved',
          components: [{ parameters: [{ text: 'REQ-4821-88' }] }],
        },
      });
    });

    it('holds a message without a template after the window: one re-open template a day, given up after a week', async () => {
      await h.meta.deliverText(PERSON, 'السلام عليكم');
      h.clock.advance(DAY + 1);
      expect(await h.send('رد الموظف', 'outbox-held')).toMatchObject({
        ok: false,
        retryable: true,
        retryAfterMs: 300_000,
      });
      expect(await h.send('رد الموظف', 'outbox-held')).toMatchObject({ ok: false, retryable: true });
      expect(h.meta.sent(PERSON).map((m) => (m.body.template as { name: string }).name)).toEqual([
        'tawasul_reopen',
      ]);
      h.clock.advance(DAY + 1);
      await h.send('رد الموظف', 'outbox-held');
      expect(h.meta.sent(PERSON)).toHaveLength(2);
      h.clock.advance(6 * DAY);
      expect(await h.send('رد الموظف', 'outbox-held')).toMatchObject({ ok: false, retryable: false });
    });

    it('reports statuses, marking the window closed on 131047, and alerts on an undeliverable message', async () => {
      await h.meta.deliverText(PERSON, 'السلام عليكم');
      const sent = await h.send('مرحبا');
      if (!sent.ok) throw new Error(sent.error);
      await h.meta.idle();
      await h.meta.deliverStatus(sent.platformMessageId!, 'failed', {
        errors: [{ code: 131047, title: 'Re-engagement message' }],
        recipientId: PERSON,
      });
      await h.meta.deliverStatus('wamid.other', 'failed', {
        errors: [{ code: 131026, title: 'Message undeliverable' }],
        recipientId: PERSON,
      });
      expect(h.reports.map((r) => [r.status, r.outcome])).toEqual([
        ['sent', undefined],
        ['delivered', undefined],
        ['failed', 'template'],
        ['failed', 'give-up'],
      ]);
      expect(h.window.closed.has(PERSON)).toBe(true);
      expect(h.alerts).toEqual([expect.objectContaining({ kind: 'undeliverable', about: 'wamid.other' })]);
    });
  });
});
