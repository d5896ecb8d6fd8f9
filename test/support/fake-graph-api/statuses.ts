import { randomBytes } from 'node:crypto';

export type StatusName = 'sent' | 'delivered' | 'read' | 'failed';

/**
 * One `statuses[]` object as Meta sends it. `sent` carries the conversation (with its expiry) and the
 * pricing; `delivered` and `read` the conversation without expiry; `failed` only the errors.
 */
export function statusObject(input: {
  wamid: string;
  status: StatusName;
  recipientId: string;
  timestampSeconds: number;
  conversationId: string;
  category: 'service' | 'utility';
  errors?: Record<string, unknown>[];
}): Record<string, unknown> {
  const base = {
    id: input.wamid,
    status: input.status,
    timestamp: String(input.timestampSeconds),
    recipient_id: input.recipientId,
  };
  if (input.status === 'failed')
    return { ...base, errors: input.errors ?? [{ code: 131000, title: 'Something went wrong' }] };
  return {
    ...base,
    conversation: {
      id: input.conversationId,
      ...(input.status === 'sent'
        ? { expiration_timestamp: String(input.timestampSeconds + 24 * 60 * 60) }
        : {}),
      origin: { type: input.category },
    },
    pricing: { billable: true, pricing_model: 'CBP', category: input.category },
    ...(input.errors ? { errors: input.errors } : {}),
  };
}

export function newConversationId(): string {
  return randomBytes(16).toString('hex');
}
