import { parseReference } from '../cases/rules/reference';

/**
 * Masks what must never reach a log: Saudi national ID / Iqama numbers, mobile numbers and long
 * digit runs (card or account numbers), in any digit script, also percent-encoded as they appear in
 * a logged URL (`?mobile=%D9%A0%D9%A5…`). Keeps the last three digits so support can still tell two
 * people apart.
 *
 * Tokens that are ids by their very shape are left whole wherever they appear (a UUID, a case
 * reference with valid check digits, a hex hash of 32 digits or more): no phone or ID number has that
 * shape, and masking their digit runs (`3cf*********473b-…`) only broke `grep`.
 */
const ARABIC_INDIC = /[\u0660-\u0669\u06F0-\u06F9]/g;
const toLatin = (s: string) => s.replace(ARABIC_INDIC, (d) => String((d.charCodeAt(0) & 0xf) % 10));
// Arabic-Indic digits (U+0660–U+0669) are D9 A0–A9 in UTF-8, Persian ones (U+06F0–U+06F9) DB B0–B9, 0–9 are
// 30–39: percent-encoded, each is one digit.
const ENCODED_DIGIT = /%(?:D9%A|DB%B|3)([0-9])/gi;
// An encoded space, dash or plus next to a digit ("050%20123%204567", "%2B966…") joins the run.
const ENCODED_SEPARATOR = /%(20|2D|2B)(?=\d)/gi;
const SEPARATORS: Readonly<Record<string, string>> = { '20': ' ', '2D': '-', '2B': '+' };
const SENSITIVE = /(?:\+|00)?\d[\d\s-]{7,}\d/g;

/** UUIDs, references (`REQ-4821337-27`) and long hex hashes, not glued to other letters or digits. */
const ID_SHAPED =
  /(?<![0-9A-Za-z%])(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32,}|[A-Z]{3}-\d{4,9}-\d{2})(?![0-9A-Za-z])/gi;

function isIdShaped(token: string): boolean {
  if (/^[A-Z]{3}-/i.test(token)) return /^[A-Z]{3}-/.test(token) && parseReference(token) === token;
  // A hash holds letters; 32 digits and nothing else is a number, not a hash.
  return /[a-f]/i.test(token);
}

export function maskSensitive(text: string): string {
  let out = '';
  let from = 0;
  for (const match of text.matchAll(ID_SHAPED)) {
    if (!isIdShaped(match[0])) continue;
    out += maskNumbers(text.slice(from, match.index)) + match[0];
    from = match.index + match[0].length;
  }
  return out + maskNumbers(text.slice(from));
}

function maskNumbers(text: string): string {
  const decoded = text.includes('%')
    ? text
        .replace(ENCODED_DIGIT, '$1')
        .replace(ENCODED_SEPARATOR, (_m, code: string) => SEPARATORS[code.toUpperCase()] ?? '')
    : text;
  return toLatin(decoded).replace(SENSITIVE, (run) => {
    const digits = run.replace(/\D/g, '');
    if (digits.length < 9) return run;
    return `${'*'.repeat(Math.max(3, digits.length - 3))}${digits.slice(-3)}`;
  });
}
