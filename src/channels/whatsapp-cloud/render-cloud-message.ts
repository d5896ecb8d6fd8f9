import type { OutboundMessage } from '../../domain/outbound-message';
import { splitText } from '../../domain/text/split-text';
import { toNumberedText } from '../numbered-text';

/** Meta's limits (developers.facebook.com/docs/whatsapp/cloud-api/messages/interactive-reply-buttons-messages, …-list-messages). */
export const CLOUD_LIMITS = {
  text: 4_096,
  interactiveBody: 1_024,
  caption: 1_024,
  buttons: 3,
  buttonTitle: 20,
  listRows: 10,
  rowTitle: 24,
  rowDescription: 72,
  listButton: 20,
} as const;

/** One message of the Graph API (`type` and its object), or a document still to upload. */
export type CloudPart =
  | { kind: 'message'; body: Record<string, unknown> }
  | { kind: 'document'; ref: string; fileName: string; mimeType: string; caption?: string };

/**
 * A neutral message as the Cloud API messages that carry it. Choices become reply buttons when there
 * are at most three short ones, a list when at most ten fit its rows, numbered text otherwise (what the
 * other WhatsApp channel always sends); a text longer than a message allows goes out in several.
 * `listButton` is the label of the button that opens a list, in the message's language.
 */
export function renderCloudMessage(message: OutboundMessage, listButton: string): CloudPart[] {
  switch (message.kind) {
    case 'text':
    case 'location-request':
      return texts(message.text);
    case 'document': {
      const caption = message.caption?.trim() ?? '';
      const document = {
        kind: 'document' as const,
        ref: message.ref,
        fileName: message.fileName,
        mimeType: message.mimeType,
      };
      if (caption.length <= CLOUD_LIMITS.caption) return [{ ...document, ...(caption ? { caption } : {}) }];
      return [document, ...texts(caption)];
    }
    case 'choices':
      return choices(message, listButton);
  }
}

function texts(text: string): CloudPart[] {
  return splitText(text, CLOUD_LIMITS.text).map((body) => ({
    kind: 'message',
    body: { type: 'text', text: { body, preview_url: false } },
  }));
}

function choices(message: Extract<OutboundMessage, { kind: 'choices' }>, listButton: string): CloudPart[] {
  const labels = message.choices.map((c) => c.label.trim());
  const unique = new Set(labels).size === labels.length;
  const fitsButtons =
    labels.length <= CLOUD_LIMITS.buttons && labels.every((l) => l.length <= CLOUD_LIMITS.buttonTitle);
  const fitsList =
    labels.length <= CLOUD_LIMITS.listRows &&
    labels.every((l) => l.length <= CLOUD_LIMITS.rowTitle + CLOUD_LIMITS.rowDescription) &&
    listButton.length <= CLOUD_LIMITS.listButton;
  if (!unique || !(fitsButtons || fitsList)) return texts(toNumberedText(message));

  // The question goes in the interactive message's body; what does not fit there goes before it.
  const parts = splitText(message.text, CLOUD_LIMITS.interactiveBody);
  const body = parts.pop() ?? message.text;
  const before = parts.flatMap((text) => texts(text));
  const action = fitsButtons
    ? {
        type: 'button',
        body: { text: body },
        action: {
          buttons: message.choices.map((c, i) => ({ type: 'reply', reply: { id: c.id, title: labels[i] } })),
        },
      }
    : {
        type: 'list',
        body: { text: body },
        action: {
          button: listButton,
          sections: [{ rows: message.choices.map((c, i) => row(c.id, labels[i]!)) }],
        },
      };
  return [...before, { kind: 'message', body: { type: 'interactive', interactive: action } }];
}

/** A list row: the label as its title, or, when longer, its start as the title and the whole as description. */
function row(id: string, label: string): Record<string, string> {
  if (label.length <= CLOUD_LIMITS.rowTitle) return { id, title: label };
  return { id, title: `${label.slice(0, CLOUD_LIMITS.rowTitle - 1).trimEnd()}…`, description: label };
}
