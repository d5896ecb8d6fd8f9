import type { Service } from '../config/profile-schema';
import { FieldCipher } from './field-cipher';

/**
 * What is sealed inside records that are otherwise stored as plain JSON, so the columns SQL filters on
 * (flow id, status, kind, reference) stay readable while what a person typed does not:
 * - message texts and captions (a person may type their ID number, a summary repeats it);
 * - a request's personal answers: national ID / Iqama, mobile and name fields ({@link isPersonalField});
 * - a complaint's description (a person may type their ID number in it);
 * - a conversation's flow context (the answers of a form in progress);
 * - handoff transcripts (what the person and staff wrote to each other).
 * Every `open*` accepts plain values too (rows from before encryption was on, or stores without a cipher).
 */

type WithText = { text?: string; caption?: string };

/** Seals a message's `text` and `caption` (inbound messages, web chat deliveries). */
export function sealTextParts<T extends object>(message: T, cipher: FieldCipher | undefined): T {
  if (!cipher) return message;
  const m = message as T & WithText;
  const sealed: WithText = {};
  if (typeof m.text === 'string' && m.text !== '') sealed.text = cipher.seal(m.text);
  if (typeof m.caption === 'string' && m.caption !== '') sealed.caption = cipher.seal(m.caption);
  return { ...message, ...sealed };
}

export function openTextParts<T extends object>(message: T, cipher: FieldCipher | undefined): T {
  const m = message as T & WithText;
  const opened: WithText = {};
  if (typeof m.text === 'string' && FieldCipher.isSealed(m.text)) opened.text = openOrEmpty(m.text, cipher);
  if (typeof m.caption === 'string' && FieldCipher.isSealed(m.caption)) {
    opened.caption = openOrEmpty(m.caption, cipher);
  }
  return { ...message, ...opened };
}

/** Seals one free text (a handoff transcript line); empty stays empty. */
export function sealText(text: string, cipher: FieldCipher | undefined): string {
  return cipher && text !== '' ? cipher.seal(text) : text;
}

export function openText(text: string, cipher: FieldCipher | undefined): string {
  return FieldCipher.isSealed(text) ? openOrEmpty(text, cipher) : text;
}

/**
 * The answers that identify a person: national ID / Iqama, mobile, and a text field named like a name
 * (`full-name`, `name`: the same rule the console uses to show the applicant).
 */
export function isPersonalField(field: Service['fields'][number]): boolean {
  return (
    field.type === 'nationalId' || field.type === 'mobile' || (field.type === 'text' && /name/.test(field.id))
  );
}

/** Seals the service's personal answers ({@link isPersonalField}); the other answers stay searchable. */
export function sealSensitiveFields(
  fields: Record<string, string | number>,
  service: Pick<Service, 'fields'>,
  cipher: FieldCipher | undefined,
): Record<string, string | number> {
  if (!cipher) return fields;
  const out = { ...fields };
  for (const field of service.fields) {
    const value = out[field.id];
    if (
      isPersonalField(field) &&
      value !== undefined &&
      value !== '' &&
      !FieldCipher.isSealed(String(value))
    ) {
      out[field.id] = cipher.seal(String(value));
    }
  }
  return out;
}

export function openSealedFields(
  fields: Record<string, string | number>,
  cipher: FieldCipher | undefined,
): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [id, value] of Object.entries(fields)) {
    out[id] = typeof value === 'string' && FieldCipher.isSealed(value) ? openOrEmpty(value, cipher) : value;
  }
  return out;
}

/** Seals a snapshot's `context` as one value; its other keys (flow, state, language, time) stay plain. */
export function sealContext<T extends { context?: unknown }>(
  snapshot: T,
  cipher: FieldCipher | undefined,
): T {
  if (!cipher || snapshot.context === undefined) return snapshot;
  return { ...snapshot, context: cipher.seal(JSON.stringify(snapshot.context)) };
}

export function openContext<T extends { context?: unknown }>(
  snapshot: T,
  cipher: FieldCipher | undefined,
): T {
  if (typeof snapshot.context !== 'string' || !FieldCipher.isSealed(snapshot.context)) return snapshot;
  if (!cipher) throw new Error('a sealed conversation needs ENCRYPTION_KEY to be read');
  return { ...snapshot, context: JSON.parse(cipher.open(snapshot.context)) as unknown };
}

/**
 * Without the key that sealed it (no cipher, or a key dropped from ENCRYPTION_KEYS_OLD) a value reads as
 * empty: a screen shows the rest of the record rather than failing.
 */
function openOrEmpty(value: string, cipher: FieldCipher | undefined): string {
  if (!cipher) return '';
  try {
    return cipher.open(value);
  } catch {
    return '';
  }
}
