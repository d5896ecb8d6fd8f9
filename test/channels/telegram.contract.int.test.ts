import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { TelegramChannel } from '../../src/channels/telegram/telegram-channel';
import { FsDocumentStore } from '../../src/documents/fs-document-store';
import { FakeTelegramApi } from '../support/fake-telegram-api';
import { CONTRACT_SAMPLES, describeChannelContract, observeInbound } from './channel-contract';

// Telegraf over real HTTP against the Bot API stand-in, with Telegram's real pacing (1 message/s per chat).
jest.setTimeout(30_000);

describeChannelContract('telegram', async () => {
  const api = await FakeTelegramApi.start();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tawasul-telegram-contract-'));
  const documents = new FsDocumentStore(dir);
  await documents.put(CONTRACT_SAMPLES.document.bytes, { fileName: CONTRACT_SAMPLES.document.fileName });
  const observed = observeInbound(new TelegramChannel({ token: api.token, apiRoot: api.apiRoot, documents }));

  // The suite's user names become Telegram private chat ids, the same one every time.
  const chats = new Map<string, number>();
  const chatOf = (userId: string) => {
    if (!chats.has(userId)) chats.set(userId, 6_000_000 + chats.size);
    return chats.get(userId) as number;
  };
  const seen = new Map<number, number>();

  return {
    adapter: observed.adapter,
    supports: ['text', 'choice', 'image', 'document', 'location', 'voice', 'sticker'],
    async deliver(kind, userId, options = {}) {
      const chat = chatOf(userId);
      const before = observed.handled();
      const { image, document, voice, location } = CONTRACT_SAMPLES;
      switch (kind) {
        case 'text':
          api.sendText(chat, options.text ?? '');
          break;
        case 'choice':
          api.pressButton(chat, options.choiceId ?? '');
          break;
        case 'image':
          api.sendPhoto(chat, image.bytes);
          break;
        case 'document':
          api.sendDocument(chat, document.bytes, {
            fileName: document.fileName,
            mimeType: document.mimeType,
          });
          break;
        case 'location':
          api.sendLocation(chat, location.latitude, location.longitude);
          break;
        case 'voice':
          api.sendVoice(chat, voice.bytes);
          break;
        case 'sticker':
          api.sendSticker(chat);
          break;
      }
      await observed.waitForHandled(before + 1);
    },
    async delivered(userId) {
      const chat = chatOf(userId);
      const all = api.sent(chat);
      const from = seen.get(chat) ?? 0;
      seen.set(chat, all.length);
      return all.slice(from).map((m) => ({ text: m.text, buttons: m.buttons.map((b) => b.text) }));
    },
    failNextSend(mode) {
      api.failNextSend(mode);
    },
    async close() {
      await api.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
