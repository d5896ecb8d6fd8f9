import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { stripBidiControls, toLatinDigits } from '../text/arabic-normalise';

/** Result of {@link parseSaudiMobile}: bad input is a value, not an exception. */
export type SaudiMobileResult = { ok: true; e164: string } | { ok: false };

// What people put between digits: spaces, dashes (also typographic ones), dots and parentheses.
const SEPARATORS = /[\s\-\u2010-\u2015\u2212.()]/g;
// whatsapp-web.js chat ids (`9665…@c.us`) and the raw WhatsApp JID form (`@s.whatsapp.net`). `@lid`
// privacy ids are deliberately absent: they are not phone numbers (DOMAIN.md).
const WHATSAPP_SUFFIX = /@(?:c\.us|s\.whatsapp\.net)$/;
// Country code written as +966, 00966 or 966, then an optional trunk 0 that people keep out of habit
// ("+966 0501234567"); or a national number with or without its trunk 0.
const SAUDI_MOBILE = /^(?:(?:\+|00)?966)?0?(5[0-9]{8})$/;

/**
 * Reads a Saudi mobile number in any form people type or channels deliver: `05XXXXXXXX`, `5XXXXXXXX`,
 * `+9665XXXXXXXX`, `009665…`, `9665…`, with spaces/dashes/parentheses, Arabic-Indic or Persian digits,
 * or a WhatsApp id `9665…@c.us`. Returns E.164 (`+9665XXXXXXXX`).
 *
 * The shape check only finds the national number; libphonenumber's metadata decides whether it is a real
 * mobile range (e.g. `0521234567` has the shape but 52 is not an allocated mobile prefix).
 */
export function parseSaudiMobile(text: string): SaudiMobileResult {
  const compact = toLatinDigits(stripBidiControls(text))
    .trim()
    .replace(WHATSAPP_SUFFIX, '')
    .replace(SEPARATORS, '');
  const national = SAUDI_MOBILE.exec(compact)?.[1];
  if (national === undefined) return { ok: false };
  const phone = parsePhoneNumberFromString(`+966${national}`);
  if (phone === undefined || !phone.isValid() || phone.getType() !== 'MOBILE') return { ok: false };
  return { ok: true, e164: phone.number };
}

/**
 * Masks a phone number for logs: country code with the first national digit and the last three stay
 * (`+966501234567` → `+9665*****567`). Text too short to mask that way is starred completely.
 */
export function maskPhone(e164: string): string {
  const chars = [...e164];
  if (chars.length < 9) return '*'.repeat(chars.length);
  return chars.slice(0, 5).join('') + '*'.repeat(chars.length - 8) + chars.slice(-3).join('');
}
