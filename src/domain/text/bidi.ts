const LEFT_TO_RIGHT_ISOLATE = '\u2066';
const POP_DIRECTIONAL_ISOLATE = '\u2069';

/**
 * Wraps a left-to-right run (reference number, phone number, ID) in LRI…PDI so that, inside an Arabic
 * sentence in a plain-text chat, it keeps its own order and does not pull the surrounding words or
 * punctuation around: `رقم طلبك REQ-2025-0042.` stays readable. Empty text stays empty, so no stray
 * invisible characters end up in a message.
 */
export function isolate(text: string): string {
  return text === '' ? '' : `${LEFT_TO_RIGHT_ISOLATE}${text}${POP_DIRECTIONAL_ISOLATE}`;
}
