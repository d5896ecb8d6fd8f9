import type { Logger } from 'pino';
import type { ChannelAdapter } from '../channels/channel-adapter';
import { InProcessChannel } from '../channels/inprocess/inprocess-channel';
import { TelegramChannel } from '../channels/telegram/telegram-channel';
import { TerminalChannel } from '../channels/terminal/terminal-channel';
import { WebChatChannel } from '../channels/webchat/webchat-channel';
import { createWhatsAppChannel } from '../channels/whatsapp/create-whatsapp-channel';
import type { WhatsAppChannel } from '../channels/whatsapp/whatsapp-channel';
import { createWhatsAppCloudChannel } from '../channels/whatsapp-cloud/create-whatsapp-cloud-channel';
import type { WhatsAppCloudChannel } from '../channels/whatsapp-cloud/whatsapp-cloud-channel';
import { ConfigError } from '../config/config-error';
import type { Profile } from '../config/profile-schema';
import type { DocumentStore } from '../documents/document-store';
import type { FieldCipher } from '../security/field-cipher';
import type { Database } from '../store/database';
import type { ChannelOptions } from './tawasul-options';

/** The channels an instance runs, by name; `all` in the order they start. */
export interface Channels {
  inprocess?: InProcessChannel;
  webchat?: WebChatChannel;
  telegram?: TelegramChannel;
  whatsapp?: WhatsAppChannel;
  /** WhatsApp through the Cloud API: the channel `whatsapp` too (an installation runs one of the two). */
  whatsappCloud?: WhatsAppCloudChannel;
  terminal?: TerminalChannel;
  all: ChannelAdapter[];
}

/** Builds the adapters `options` asks for, each with the instance's store, documents and logger. */
export function buildChannels(
  options: ChannelOptions,
  deps: {
    db: Database;
    documents: DocumentStore;
    cipher?: FieldCipher;
    dataDir: string;
    logger: Logger;
    profile: Profile;
    now?: () => Date;
  },
): Channels {
  const { db, documents, cipher, logger } = deps;
  const channels: Channels = { all: [] };
  if (options.webchat) channels.webchat = new WebChatChannel(db, cipher);
  if (options.telegram) channels.telegram = new TelegramChannel({ ...options.telegram, documents, logger });
  // WhatsApp Web in Chromium; the first start prints a QR code to scan (docs/channels/whatsapp.md).
  if (options.whatsapp)
    channels.whatsapp = createWhatsAppChannel({
      ...options.whatsapp,
      dataDir: deps.dataDir,
      db,
      documents,
      logger,
    });
  if (options.whatsappCloud) {
    if (options.whatsapp)
      throw new ConfigError('run WhatsApp through whatsapp-web.js or the Cloud API, not both (WHATSAPP_API)');
    channels.whatsappCloud = createWhatsAppCloudChannel({
      ...options.whatsappCloud,
      db,
      documents,
      logger,
      profile: deps.profile,
      now: deps.now,
    });
  }
  if (options.terminal)
    channels.terminal = new TerminalChannel({
      ...(typeof options.terminal === 'object' ? options.terminal : {}),
      documents,
    });
  if (options.inprocess) channels.inprocess = new InProcessChannel(deps.now);
  channels.all = [
    channels.webchat,
    channels.telegram,
    channels.whatsapp,
    channels.whatsappCloud,
    channels.terminal,
    channels.inprocess,
    ...(options.extra ?? []),
  ].filter((c): c is ChannelAdapter => c !== undefined);
  return channels;
}
