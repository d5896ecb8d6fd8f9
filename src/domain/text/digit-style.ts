/**
 * How numbers are written in Arabic texts: `arabic-indic` (٠١٢٣٤٥٦٧٨٩) or `latin` (0123456789). One
 * association chooses one (profile `languages.arabicDigits`) so that a message never mixes the two.
 */
export const DIGIT_STYLES = ['arabic-indic', 'latin'] as const;
export type DigitStyle = (typeof DIGIT_STYLES)[number];

/**
 * Latin by default, although much of the Arabic locale text was written with Arabic-Indic digits: references
 * (REQ-4821-88), phone and ID numbers, link codes and addresses are always shown as written, in Latin
 * digits, so Latin is the one style in which every message can be a single style. It is also how the dates
 * and times were written so far (`nu-latn`). An association whose people read ١٢٣ more easily sets
 * `arabic-indic`; its references and phone numbers then stay Latin.
 */
export const DEFAULT_ARABIC_DIGITS: DigitStyle = 'latin';

const LATIN_DIGITS = /[0-9]/g;
const ARABIC_INDIC_DIGITS = /[\u0660-\u0669]/g;
const ARABIC_INDIC_ZERO = 0x0660;

/** Every digit of `text` in `style`, whichever style it was written in; nothing else changes. */
export function writeDigits(text: string, style: DigitStyle): string {
  return style === 'arabic-indic'
    ? text.replace(LATIN_DIGITS, (d) => String.fromCharCode(ARABIC_INDIC_ZERO + d.charCodeAt(0) - 48))
    : text.replace(ARABIC_INDIC_DIGITS, (d) => String.fromCharCode(48 + d.charCodeAt(0) - ARABIC_INDIC_ZERO));
}

/** A number as a person reads it in `style`: `12` → «١٢». */
export function writeNumber(value: number, style: DigitStyle): string {
  return style === 'latin' ? String(value) : writeDigits(String(value), style);
}
