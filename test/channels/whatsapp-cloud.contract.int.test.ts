import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import pino from 'pino';
import { cloudWebhookRoutes } from '../../src/channels/whatsapp-cloud/cloud-webhook-routes';
import { WhatsAppCloudChannel } from '../../src/channels/whatsapp-cloud/whatsapp-cloud-channel';
import { FsDocumentStore } from '../../src/documents/fs-document-store';
import { startFakeGraphApi } from '../support/fake-graph-api';
import { MemoryWhatsAppContacts } from '../support/memory-whatsapp-contacts';
import { MemoryWhatsAppWindow } from '../support/memory-whatsapp-window';
import { CLOUD_SECRETS, cloudChannelOptions } from '../support/whatsapp-cloud-setup';
import { CONTRACT_SAMPLES, describeChannelContract } from './channel-contract';

describeChannelContract('whatsapp (Cloud API)', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tawasul-wa-cloud-contract-'));
  const documents = new FsDocumentStore(dir);
  const { bytes, fileName, mimeType } = CONTRACT_SAMPLES.document;
  await documents.put(bytes, { fileName, declaredMimeType: mimeType });
  const meta = await startFakeGraphApi({ ...CLOUD_SECRETS });
  const contacts = new MemoryWhatsAppContacts();
  const adapter = new WhatsAppCloudChannel({
    ...cloudChannelOptions(meta.url),
    documents,
    contacts,
    window: new MemoryWhatsAppWindow(contacts),
    templates: { forNotice: () => undefined, reopen: () => undefined },
    listButton: { ar: 'اختر', en: 'Choose' },
    logger: pino({ level: 'silent' }),
  });
  // The webhook is a real HTTP route the stand-in posts signed deliveries to.
  const app = Fastify();
  await app.register(cloudWebhookRoutes, { channel: adapter });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  meta.setWebhook(`${address}/whatsapp/webhook`);

  // Contract users are WhatsApp numbers, which the Cloud API gives as the sender id.
  const numbers = new Map<string, string>();
  const numberOf = (userId: string) => {
    if (!numbers.has(userId)) numbers.set(userId, `9665012345${10 + numbers.size}`);
    return numbers.get(userId)!;
  };
  const answered = (delivery: { status: number; body: string }) => {
    if (delivery.status !== 200) throw new Error(`the webhook answered ${delivery.status}: ${delivery.body}`);
  };

  return {
    adapter,
    supports: ['text', 'choice', 'image', 'document', 'location', 'voice', 'sticker'],
    async deliver(kind, userId, options) {
      const from = numberOf(userId);
      const { image, document, voice, sticker, location } = CONTRACT_SAMPLES;
      switch (kind) {
        case 'text':
          return answered(await meta.deliverText(from, options?.text ?? ''));
        case 'choice':
          return answered(await meta.deliverButtonReply(from, options?.choiceId ?? '', 'أوافق'));
        case 'image':
          return answered(
            await meta.deliverMedia(from, 'image', { bytes: image.bytes, mimeType: image.mimeType }),
          );
        case 'document':
          return answered(
            await meta.deliverMedia(from, 'document', {
              bytes: document.bytes,
              mimeType: document.mimeType,
              filename: document.fileName,
            }),
          );
        case 'voice':
          return answered(
            await meta.deliverMedia(from, 'audio', {
              bytes: voice.bytes,
              mimeType: 'audio/ogg; codecs=opus',
              voice: true,
            }),
          );
        case 'sticker':
          return answered(
            await meta.deliverMedia(from, 'sticker', { bytes: sticker.bytes, mimeType: sticker.mimeType }),
          );
        case 'location':
          return answered(await meta.deliverLocation(from, location.latitude, location.longitude));
      }
    },
    async delivered(userId) {
      const shown = meta.shown(numberOf(userId));
      meta.takeSent(numberOf(userId));
      return shown;
    },
    failNextSend(mode) {
      meta.failNext(
        mode === 'retryable'
          ? { httpStatus: 400, code: 130429, message: 'Rate limit hit' }
          : { httpStatus: 400, code: 131026, message: 'Message undeliverable' },
      );
    },
    async close() {
      await app.close();
      await meta.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
