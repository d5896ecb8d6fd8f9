import { stripBidiControls, toLatinDigits } from '../text/arabic-normalise';

/** Why a national ID / Iqama number was refused, so the flow can say what to fix. */
export type NationalIdRejection = 'format' | 'prefix' | 'checksum';

/** Result of {@link parseNationalId}: bad input is a value, not an exception. */
export type NationalIdResult =
  { ok: true; value: string; kind: 'citizen' | 'resident' } | { ok: false; reason: NationalIdRejection };

// People paste IDs as "1234 567 897" or "1234-567-897", sometimes with typographic dashes.
const SEPARATORS = /[\s\-\u2010-\u2015\u2212]/g;
const TEN_DIGITS = /^[0-9]{10}$/;

/**
 * Reads a Saudi national ID (starts with 1, citizen) or Iqama (starts with 2, resident): 10 digits in
 * any of ASCII, Arabic-Indic or Persian digits, with spaces or dashes anywhere.
 *
 * The check is plain Luhn over all 10 digits (DOMAIN.md). Passing it means well-formed, not issued.
 * Reasons are checked in order format → prefix → checksum.
 */
export function parseNationalId(text: string): NationalIdResult {
  const value = toLatinDigits(stripBidiControls(text)).replace(SEPARATORS, '');
  if (!TEN_DIGITS.test(value)) return { ok: false, reason: 'format' };
  const kind = value.startsWith('1') ? 'citizen' : value.startsWith('2') ? 'resident' : undefined;
  if (kind === undefined) return { ok: false, reason: 'prefix' };
  if (!passesLuhn(value)) return { ok: false, reason: 'checksum' };
  return { ok: true, value, kind };
}

/**
 * Masks an ID for logs: first digit and last three stay, so staff can tell two people apart without the
 * log holding the number (`1234567897` → `1******897`). Text too short to mask is starred completely.
 */
export function maskNationalId(id: string): string {
  const chars = [...id];
  if (chars.length <= 4) return '*'.repeat(chars.length);
  return chars[0] + '*'.repeat(chars.length - 4) + chars.slice(-3).join('');
}

/** Luhn over a digit string: double every digit at an even 0-based index (the 10-digit ID's layout). */
function passesLuhn(digits: string): boolean {
  let total = 0;
  for (let i = 0; i < digits.length; i += 1) {
    const digit = Number(digits[i]);
    const doubled = i % 2 === 0 ? digit * 2 : digit;
    total += doubled > 9 ? doubled - 9 : doubled;
  }
  return total % 10 === 0;
}
