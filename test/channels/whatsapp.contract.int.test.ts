import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { WhatsAppChannel } from '../../src/channels/whatsapp/whatsapp-channel';
import { FsDocumentStore } from '../../src/documents/fs-document-store';
import { FakeWhatsAppClient, type SentWhatsApp } from '../support/fake-whatsapp-client';
import { MemoryWhatsAppContacts } from '../support/memory-whatsapp-contacts';
import { CONTRACT_SAMPLES, describeChannelContract } from './channel-contract';

/** WhatsApp shows no buttons: a message is its text (or a document's caption). */
const shown = (m: SentWhatsApp) => ({ text: m.shown, buttons: [] });

describeChannelContract('whatsapp', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tawasul-wa-contract-'));
  const documents = new FsDocumentStore(dir);
  const { bytes, fileName, mimeType } = CONTRACT_SAMPLES.document;
  await documents.put(bytes, { fileName, declaredMimeType: mimeType });
  const phone = new FakeWhatsAppClient();
  const adapter = new WhatsAppChannel({
    client: phone,
    documents,
    contacts: new MemoryWhatsAppContacts(),
    logger: pino({ level: 'silent' }),
    // Pacing has its own tests (whatsapp.int.test.ts); here it would only make the suite slow.
    pacing: { chatGapMs: 0, jitterMs: 0, perMinute: 100_000 },
    watchdogIntervalMs: 0,
  });
  // Contract users are WhatsApp privacy ids: opaque, and a reply must reach them as they are.
  const chats = new Map<string, string>();
  const chatOf = (userId: string) => {
    if (!chats.has(userId)) chats.set(userId, `${190374628119557 + chats.size}@lid`);
    return chats.get(userId)!;
  };
  const seen = new Map<string, number>();

  return {
    adapter,
    // WhatsApp Web has no buttons to press: choices are answered by typing a number (a 'text').
    supports: ['text', 'image', 'document', 'location', 'voice', 'sticker'],
    async deliver(kind, userId, options) {
      const from = chatOf(userId);
      const { image, document, voice, sticker, location } = CONTRACT_SAMPLES;
      switch (kind) {
        case 'text':
          phone.receiveText(from, options?.text ?? '');
          break;
        case 'image':
          phone.receiveImage(from, { bytes: image.bytes, mimetype: image.mimeType });
          break;
        case 'document':
          phone.receiveDocument(from, {
            bytes: document.bytes,
            mimetype: document.mimeType,
            filename: document.fileName,
          });
          break;
        case 'voice':
          phone.receiveVoice(from, { bytes: voice.bytes, mimetype: 'audio/ogg; codecs=opus' });
          break;
        case 'sticker':
          phone.receiveSticker(from, { bytes: sticker.bytes, mimetype: sticker.mimeType });
          break;
        case 'location':
          phone.receiveLocation(from, location.latitude, location.longitude);
          break;
        case 'choice':
          throw new Error('WhatsApp Web delivers no button presses');
      }
      await adapter.idle();
    },
    async delivered(userId) {
      const all = phone.sentTo(chatOf(userId));
      const fresh = all.slice(seen.get(userId) ?? 0);
      seen.set(userId, all.length);
      return fresh.map(shown);
    },
    failNextSend(mode) {
      phone.failNextSend(
        mode === 'retryable'
          ? new Error('Protocol error (Runtime.callFunctionOn): Target closed.')
          : new Error('Evaluation failed: Error: wid error: invalid wid'),
      );
    },
    async close() {
      await rm(dir, { recursive: true, force: true });
    },
  };
});
