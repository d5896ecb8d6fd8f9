import type { OutboundMessage } from '../outbound-message';

/**
 * Cuts `text` into pieces of at most `max` UTF-16 units (what Telegram and most platforms count),
 * preferring a paragraph break, then a line break, then a space; a hard cut only inside a word longer
 * than `max`, and never between the two halves of a surrogate pair (an emoji). The separator at a
 * cut is dropped; nothing else is, and the order is kept.
 */
export function splitText(text: string, max: number): string[] {
  if (!Number.isInteger(max) || max < 2) throw new RangeError(`splitText: max must be an integer ≥ 2`);
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max + 1);
    const cut = findCut(window, max);
    const piece = rest.slice(0, cut.at).replace(/\s+$/, '');
    if (piece.length > 0) pieces.push(piece);
    rest = rest.slice(cut.at + cut.skip).replace(/^\n+/, '');
  }
  if (rest.trim().length > 0 || pieces.length === 0) pieces.push(rest);
  return pieces;
}

/** Where to cut `window` (the next `max + 1` units), and how many separator units to drop there. */
function findCut(window: string, max: number): { at: number; skip: number } {
  // A break this far in is worth taking; an earlier one would leave a short message and a long tail.
  const paragraph = window.lastIndexOf('\n\n', max);
  if (paragraph >= max * 0.5) return { at: paragraph, skip: 2 };
  const line = window.lastIndexOf('\n', max);
  if (line >= max * 0.3) return { at: line, skip: 1 };
  const space = Math.max(window.lastIndexOf(' ', max), window.lastIndexOf('\t', max));
  if (space > 0) return { at: space, skip: 1 };
  if (paragraph > 0) return { at: paragraph, skip: 2 };
  if (line > 0) return { at: line, skip: 1 };
  const code = window.charCodeAt(max - 1);
  const highSurrogate = code >= 0xd800 && code <= 0xdbff;
  return { at: highSurrogate ? max - 1 : max, skip: 0 };
}

/**
 * One neutral message as the platform messages it takes under `max`: the text is split with
 * {@link splitText}; the earlier pieces go as plain texts and the last keeps the message's kind, so
 * buttons and a location request stay under the end of what they answer. Documents are left whole
 * (their caption limit is the platform's business).
 */
export function splitMessage(message: OutboundMessage, max: number): OutboundMessage[] {
  if (message.kind === 'document' || message.text.length <= max) return [message];
  const pieces = splitText(message.text, max);
  const last = pieces.pop() ?? '';
  return [...pieces.map((text): OutboundMessage => ({ kind: 'text', text })), { ...message, text: last }];
}
