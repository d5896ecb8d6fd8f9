/**
 * Masks what must never reach a log: Saudi national ID / Iqama numbers, mobile numbers and long
 * digit runs (card or account numbers), in any digit script. Keeps the last three digits so
 * support can still tell two people apart.
 */
const ARABIC_INDIC = /[\u0660-\u0669\u06F0-\u06F9]/g;
const toLatin = (s: string) => s.replace(ARABIC_INDIC, (d) => String((d.charCodeAt(0) & 0xf) % 10));
const SENSITIVE = /(?:\+|00)?\d[\d\s-]{7,}\d/g;

export function maskSensitive(text: string): string {
  return toLatin(text).replace(SENSITIVE, (run) => {
    const digits = run.replace(/\D/g, '');
    if (digits.length < 9) return run;
    return `${'*'.repeat(Math.max(3, digits.length - 3))}${digits.slice(-3)}`;
  });
}
