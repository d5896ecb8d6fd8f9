import { parseDate } from '../calendar/parse-date';
import { parseNationalId } from '../identity/national-id';
import { parseSaudiMobile } from '../identity/saudi-mobile';
import { toLatinDigits } from '../text/arabic-normalise';
import { parseCount } from '../text/count-words';

export type FieldValue = string | number;

/** What the check reads of a form field (the profile's `ServiceField` is one). */
export type FieldRule =
  | { type: 'text'; maxLength: number }
  | { type: 'number'; min?: number; max?: number }
  | { type: 'choice'; options: readonly { id: string }[] }
  | { type: 'date' }
  | { type: 'nationalId' }
  | { type: 'mobile' }
  | { type: 'city'; options?: readonly { ar: string }[] };

export type FieldCheck =
  | { ok: true; value: FieldValue }
  /** `reason` is a locale key under `request.invalid.*`; `params` fill it in. */
  | { ok: false; reason: string; params?: Record<string, string | number> };

const HAS_LETTER = /\p{L}/u;
// Digits as a number: a decimal point (. or ٫), thousands grouped by a comma (, or ٬) or a space.
const DIGITS_ONLY = /^(?:\d{1,3}(?:[,\s]\d{3})+|\d+)(?:\.\d+)?$/;

/** A number field's answer: plain digits (decimals allowed), else a count in digits or words. */
function readNumber(text: string): number | undefined {
  const latin = toLatinDigits(text)
    .replace(/\u066B/g, '.')
    .replace(/\u066C/g, ',');
  if (DIGITS_ONLY.test(latin)) return Number(latin.replace(/[,\s]/g, ''));
  return parseCount(text);
}

/**
 * Checks one answer against a profile field. Bad input is not an error: the reason says what to
 * send instead, and the flow asks again. `choiceId` is the option picked, when the field offered choices.
 */
export function validateField(field: FieldRule, text: string, choiceId: string | undefined): FieldCheck {
  const trimmed = text.trim();
  switch (field.type) {
    case 'text':
      if (!HAS_LETTER.test(trimmed)) return { ok: false, reason: 'request.invalid.text' };
      if (trimmed.length > field.maxLength) {
        return { ok: false, reason: 'request.invalid.tooLong', params: { max: field.maxLength } };
      }
      return { ok: true, value: trimmed };
    case 'number': {
      const value = readNumber(trimmed);
      if (value === undefined) return { ok: false, reason: 'request.invalid.number' };
      const min = field.min ?? -Infinity;
      const max = field.max ?? Infinity;
      if (value < min || value > max) {
        return {
          ok: false,
          reason: 'request.invalid.range',
          params: { min: field.min ?? '-', max: field.max ?? '-' },
        };
      }
      return { ok: true, value };
    }
    case 'choice': {
      const option = field.options.find((o) => o.id === choiceId);
      return option ? { ok: true, value: option.id } : { ok: false, reason: 'request.invalid.choice' };
    }
    case 'date': {
      const date = parseDate(trimmed);
      return date ? { ok: true, value: date.iso } : { ok: false, reason: 'request.invalid.date' };
    }
    case 'nationalId': {
      const id = parseNationalId(trimmed);
      return id.ok
        ? { ok: true, value: id.value }
        : { ok: false, reason: `request.invalid.nationalId.${id.reason}` };
    }
    case 'mobile': {
      const mobile = parseSaudiMobile(trimmed);
      return mobile.ok ? { ok: true, value: mobile.e164 } : { ok: false, reason: 'request.invalid.mobile' };
    }
    case 'city': {
      if (choiceId !== undefined && field.options) {
        const index = Number(choiceId.replace(/^city-/, ''));
        const option = field.options[index];
        if (option) return { ok: true, value: option.ar };
      }
      if (!HAS_LETTER.test(trimmed) || trimmed.length < 2 || trimmed.length > 80) {
        return { ok: false, reason: 'request.invalid.city' };
      }
      return { ok: true, value: trimmed };
    }
  }
}
