import { randomBytes } from 'node:crypto';

/**
 * The `messages[]` objects of inbound webhooks, as Meta documents them, without `from`, `id` and
 * `timestamp` (the stand-in fills those in).
 */
type Json = Record<string, unknown>;

/** `wamid.` + base64, the shape of Meta's message ids. */
export function newWamid(): string {
  return `wamid.HBgM${randomBytes(30).toString('base64')}`;
}

export const inbound = {
  text: (body: string): Json => ({ type: 'text', text: { body } }),

  buttonReply: (id: string, title: string): Json => ({
    type: 'interactive',
    interactive: { type: 'button_reply', button_reply: { id, title } },
  }),

  listReply: (id: string, title: string, description?: string): Json => ({
    type: 'interactive',
    interactive: { type: 'list_reply', list_reply: { id, title, ...(description ? { description } : {}) } },
  }),

  media: (
    kind: 'image' | 'document' | 'audio' | 'video' | 'sticker',
    media: {
      id: string;
      mimeType: string;
      sha256: string;
      filename?: string;
      caption?: string;
      voice?: boolean;
    },
  ): Json => ({
    type: kind,
    [kind]: {
      id: media.id,
      mime_type: media.mimeType,
      sha256: media.sha256,
      ...(media.caption !== undefined && kind !== 'audio' && kind !== 'sticker'
        ? { caption: media.caption }
        : {}),
      ...(kind === 'document' && media.filename !== undefined ? { filename: media.filename } : {}),
      ...(kind === 'audio' && media.voice ? { voice: true } : {}),
      ...(kind === 'sticker' ? { animated: false } : {}),
    },
  }),

  location: (latitude: number, longitude: number, place: { name?: string; address?: string }): Json => ({
    type: 'location',
    location: {
      latitude,
      longitude,
      ...(place.name ? { name: place.name } : {}),
      ...(place.address ? { address: place.address } : {}),
    },
  }),

  reaction: (messageId: string, emoji: string): Json => ({
    type: 'reaction',
    reaction: { message_id: messageId, emoji },
  }),

  contacts: (): Json => ({
    type: 'contacts',
    contacts: [
      {
        name: { formatted_name: 'Salma Ahmed', first_name: 'Salma', last_name: 'Ahmed' },
        phones: [{ phone: '+966 50 000 0001', wa_id: '966500000001', type: 'CELL' }],
      },
    ],
  }),

  unsupported: (): Json => ({
    type: 'unsupported',
    errors: [
      {
        code: 131051,
        title: 'Message type unknown',
        message: 'Message type unknown',
        error_data: { details: 'Message type is currently not supported.' },
      },
    ],
  }),
};

/** The `errors[]` of a failed status for the 24-hour window (131047), as Meta sends it. */
export function reEngagementError() {
  return {
    code: 131047,
    title: 'Re-engagement message',
    message: 'Re-engagement message',
    error_data: {
      details:
        'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
    },
    href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
  };
}
