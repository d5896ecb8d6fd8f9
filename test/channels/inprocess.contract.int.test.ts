import { InProcessChannel } from '../../src/channels/inprocess/inprocess-channel';
import type { InboundMessageInput } from '../../src/domain/inbound-message';
import type { OutboundMessage } from '../../src/domain/outbound-message';
import { CONTRACT_SAMPLES, describeChannelContract, type InboundKind } from './channel-contract';

/** What a person's screen shows for a neutral message on a channel with buttons. */
function shownWithButtons(message: OutboundMessage): { text: string; buttons: string[] } {
  switch (message.kind) {
    case 'text':
    case 'location-request':
      return { text: message.text, buttons: [] };
    case 'choices':
      return { text: message.text, buttons: message.choices.map((c) => c.label) };
    case 'document':
      return { text: [message.caption, message.fileName].filter(Boolean).join('\n'), buttons: [] };
  }
}

function update(
  kind: InboundKind,
  options: { text?: string; choiceId?: string },
): Partial<InboundMessageInput> {
  const file = (
    sample: (typeof CONTRACT_SAMPLES)['image'],
    as: 'image' | 'document' | 'voice' | 'sticker',
  ) => ({
    media: [
      {
        kind: as,
        mimeType: sample.mimeType,
        fileName: sample.fileName,
        sizeBytes: sample.bytes.length,
        ref: sample.ref,
      },
    ],
  });
  switch (kind) {
    case 'text':
      return { text: options.text ?? '' };
    case 'choice':
      return { choiceId: options.choiceId };
    case 'image':
    case 'document':
    case 'voice':
    case 'sticker':
      return file(CONTRACT_SAMPLES[kind], kind);
    case 'location':
      return { location: { ...CONTRACT_SAMPLES.location } };
  }
}

describeChannelContract('in-process', async () => {
  const adapter = new InProcessChannel();
  const seen = new Map<string, number>();
  return {
    adapter,
    supports: ['text', 'choice', 'image', 'document', 'location', 'voice', 'sticker'],
    deliver: async (kind, userId, options = {}) => void (await adapter.say(userId, update(kind, options))),
    delivered: async (userId) => {
      const all = adapter.received(userId);
      const from = seen.get(userId) ?? 0;
      seen.set(userId, all.length);
      return all.slice(from).map(shownWithButtons);
    },
    failNextSend: (mode) => adapter.failNextSend(mode),
    close: async () => undefined,
  };
});
