import { toLatinDigits } from '../../domain/text/arabic-normalise';

/** Prefixes of reference numbers, one per kind of case. */
export const REFERENCE_PREFIXES = {
  request: 'REQ',
  complaint: 'CMP',
  suggestion: 'SUG',
  compensation: 'CMP',
  handoff: 'HND',
  data: 'DAT',
  volunteer: 'VOL',
  fieldHelp: 'FLD',
} as const;

/** Two check digits (ISO 7064 mod 97-10, as in IBANs): a mistyped digit is caught before any lookup. */
function checkDigits(body: string): string {
  const remainder = Number((BigInt(body) * 100n) % 97n);
  return String(98 - remainder).padStart(2, '0');
}

/**
 * A short reference that can be read aloud and typed on a phone: `REQ-4821-27` — a prefix, a random
 * number (4 digits, more once a prefix fills up), and two check digits.
 */
export function makeReference(prefix: string, digits: number, random: () => number = Math.random): string {
  const low = 10 ** (digits - 1);
  const body = String(low + Math.floor(random() * (9 * low)));
  return `${prefix}-${body}-${checkDigits(body)}`;
}

/**
 * Reads a reference as people type it — any case, any digit script, spaces or no dashes
 * («req ٤٨٢١٢٧», «REQ482127») — and returns it in canonical form, or undefined when it is not
 * one (wrong shape or check digits).
 */
export function parseReference(text: string): string | undefined {
  const compact = toLatinDigits(text)
    .toUpperCase()
    .replace(/[\s\-_.]/g, '');
  const match = /^([A-Z]{3})(\d{4,9})(\d{2})$/.exec(compact);
  if (!match) return undefined;
  const [, prefix, body, check] = match as unknown as [string, string, string, string];
  return checkDigits(body) === check ? `${prefix}-${body}-${check}` : undefined;
}
