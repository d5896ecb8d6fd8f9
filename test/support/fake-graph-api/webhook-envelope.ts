import { createHmac } from 'node:crypto';

/** Who the webhook says it is about: the business account and its number. */
export interface EnvelopeIdentity {
  businessAccountId: string;
  phoneNumberId: string;
  displayPhoneNumber: string;
}

/**
 * The body Meta POSTs for the `messages` field: one entry, one change, and in its value either
 * `contacts` + `messages` (an inbound message) or `statuses`.
 */
export function webhookEnvelope(identity: EnvelopeIdentity, value: Record<string, unknown>) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: identity.businessAccountId,
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: {
                display_phone_number: identity.displayPhoneNumber,
                phone_number_id: identity.phoneNumberId,
              },
              ...value,
            },
          },
        ],
      },
    ],
  };
}

/** `X-Hub-Signature-256`: HMAC-SHA256 of the raw body with the app secret. */
export function signature(appSecret: string, rawBody: string | Buffer): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

/** POSTs a raw body to the webhook; `signatureHeader` null sends none. Never throws: status 0 = no answer. */
export async function postToWebhook(
  url: string,
  rawBody: string | Buffer,
  signatureHeader: string | null,
): Promise<{ status: number; body: string }> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(signatureHeader === null ? {} : { 'x-hub-signature-256': signatureHeader }),
      },
      body: rawBody,
      signal: AbortSignal.timeout(30_000),
    });
    return { status: response.status, body: await response.text() };
  } catch (error) {
    return { status: 0, body: String(error) };
  }
}
