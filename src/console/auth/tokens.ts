import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh unguessable token (256 bits), URL- and cookie-safe. */
export const newToken = (): string => randomBytes(32).toString('base64url');

/** What the database keeps of a token: its SHA-256, so a copy of the table signs no one in. */
export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Constant-time comparison of two secrets (their hashes are compared, so lengths leak nothing either). */
export function sameSecret(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const left = createHash('sha256').update(a).digest();
  const right = createHash('sha256').update(b).digest();
  return timingSafeEqual(left, right);
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * A fresh unguessable token of letters only (48 of 52 kinds: 273 bits), for a link printed in the log:
 * with no digits in it, the log's masking of phone and ID numbers can never alter it.
 */
export function newLetterToken(length = 48): string {
  let token = '';
  while (token.length < length) {
    for (const byte of randomBytes(length)) {
      // 208 = 4 × 52: bytes above it would make the first letters likelier.
      if (byte < 208 && token.length < length) token += LETTERS[byte % 52];
    }
  }
  return token;
}
