import type { OutboundMessage } from '../domain/outbound-message';

/**
 * Renders choices as a numbered list for channels without buttons; people answer with the number
 * in any script, or the label. The numbers are written as the message writes numbers when it says how.
 */
export function toNumberedText(message: OutboundMessage): string {
  switch (message.kind) {
    case 'text':
    case 'location-request':
      return message.text;
    case 'choices':
      return [
        message.text,
        ...message.choices.map((c, i) => `${message.numbers?.[i] ?? i + 1}. ${c.label}`),
        message.hint ?? '',
      ]
        .filter(Boolean)
        .join('\n');
    case 'document':
      return [message.caption, message.fileName].filter(Boolean).join('\n');
  }
}
