import { z } from 'zod';

/*
 * The parts of a Cloud API webhook delivery the channel reads
 * (developers.facebook.com/docs/whatsapp/cloud-api/webhooks/components). Objects are loose: Meta adds
 * fields without notice, and a field we do not read must never make a delivery fail.
 */

const MediaObject = z.looseObject({
  id: z.string().min(1),
  mime_type: z.string().optional(),
  caption: z.string().optional(),
  filename: z.string().optional(),
  voice: z.boolean().optional(),
});

export const CloudMessage = z.looseObject({
  from: z.string().min(1).max(30),
  id: z.string().min(1).max(200),
  timestamp: z.union([z.string(), z.number()]).optional(),
  type: z.string(),
  text: z.looseObject({ body: z.string() }).optional(),
  interactive: z
    .looseObject({
      type: z.string(),
      button_reply: z.looseObject({ id: z.string(), title: z.string() }).optional(),
      list_reply: z.looseObject({ id: z.string(), title: z.string() }).optional(),
    })
    .optional(),
  button: z.looseObject({ payload: z.string().optional(), text: z.string().optional() }).optional(),
  image: MediaObject.optional(),
  document: MediaObject.optional(),
  audio: MediaObject.optional(),
  video: MediaObject.optional(),
  sticker: MediaObject.optional(),
  location: z
    .looseObject({
      latitude: z.coerce.number(),
      longitude: z.coerce.number(),
      name: z.string().optional(),
      address: z.string().optional(),
    })
    .optional(),
});
export type CloudMessage = z.infer<typeof CloudMessage>;

export const CloudStatus = z.looseObject({
  id: z.string().min(1).max(200),
  status: z.string(),
  timestamp: z.union([z.string(), z.number()]).optional(),
  recipient_id: z.string().optional(),
  errors: z
    .array(
      z.looseObject({
        code: z.coerce.number(),
        title: z.string().optional(),
        message: z.string().optional(),
      }),
    )
    .optional(),
});
export type CloudStatus = z.infer<typeof CloudStatus>;

const ChangeValue = z.looseObject({
  metadata: z.looseObject({ phone_number_id: z.string() }).optional(),
  contacts: z
    .array(
      z.looseObject({
        wa_id: z.string().optional(),
        profile: z.looseObject({ name: z.string().optional() }).optional(),
      }),
    )
    .optional(),
  // Each message and status is parsed on its own below, so one odd item never loses the others.
  messages: z.array(z.unknown()).optional(),
  statuses: z.array(z.unknown()).optional(),
});

export const CloudWebhookBody = z.looseObject({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(
    z.looseObject({
      id: z.string().optional(),
      changes: z.array(z.looseObject({ field: z.string(), value: z.unknown() })).default([]),
    }),
  ),
});
export type CloudWebhookBody = z.infer<typeof CloudWebhookBody>;

/** One delivery's contents for our number: messages with the sender's profile name, and statuses. */
export interface CloudDelivery {
  messages: { message: CloudMessage; profileName?: string }[];
  statuses: CloudStatus[];
  /** Items that did not parse (logged, never fatal). */
  unreadable: number;
}

/**
 * The messages and statuses of a delivery addressed to `phoneNumberId` (an app may serve several
 * numbers: the others' changes are not ours). Messages come sorted by their timestamp: one delivery
 * may batch several, and the spine takes them in the order handed over.
 */
export function readDelivery(body: CloudWebhookBody, phoneNumberId: string): CloudDelivery {
  const delivery: CloudDelivery = { messages: [], statuses: [], unreadable: 0 };
  for (const entry of body.entry) {
    for (const change of entry.changes) {
      if (change.field !== 'messages') continue;
      const value = ChangeValue.safeParse(change.value);
      if (!value.success) {
        delivery.unreadable += 1;
        continue;
      }
      const number = value.data.metadata?.phone_number_id;
      if (number !== undefined && number !== phoneNumberId) continue;
      const names = new Map(
        (value.data.contacts ?? []).flatMap((c) =>
          c.wa_id && c.profile?.name ? [[c.wa_id, c.profile.name]] : [],
        ),
      );
      for (const raw of value.data.messages ?? []) {
        const message = CloudMessage.safeParse(raw);
        if (!message.success) delivery.unreadable += 1;
        else {
          const profileName = names.get(message.data.from);
          delivery.messages.push({ message: message.data, ...(profileName ? { profileName } : {}) });
        }
      }
      for (const raw of value.data.statuses ?? []) {
        const status = CloudStatus.safeParse(raw);
        if (status.success) delivery.statuses.push(status.data);
        else delivery.unreadable += 1;
      }
    }
  }
  delivery.messages.sort((a, b) => seconds(a.message.timestamp) - seconds(b.message.timestamp));
  return delivery;
}

/** A webhook timestamp (unix seconds, as a string) as a number; 0 when absent. */
export function seconds(timestamp: string | number | undefined): number {
  const n = Number(timestamp);
  return Number.isFinite(n) && n > 0 ? n : 0;
}
