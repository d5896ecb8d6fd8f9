import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header Meta signs every webhook delivery with. */
export const SIGNATURE_HEADER = 'x-hub-signature-256';

/**
 * Whether `header` is `sha256=<hex>` of the HMAC-SHA256 of the raw body under the app secret, compared
 * in constant time. The raw bytes, never a re-serialised JSON: a proxy or parser that changes one space
 * changes the signature.
 */
export function signatureMatches(rawBody: Buffer, header: unknown, appSecret: string): boolean {
  if (typeof header !== 'string' || appSecret === '') return false;
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header.trim());
  if (!match) return false;
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  return timingSafeEqual(Buffer.from(match[1]!.toLowerCase(), 'hex'), expected);
}

/** The header value for `rawBody` (what Meta sends; the tests' stand-in signs with it). */
export function signatureOf(rawBody: Buffer | string, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}
