import type { FieldCipher } from '../../security/field-cipher';
import type { PersonMessageRow, RequestDocumentRow } from '../../store/console/case-detail-repository';

/** One line of a case's timeline, oldest first. */
export type TimelineItem =
  | { at: string; type: 'event'; event: string; actor: string; data: Record<string, unknown> }
  | { at: string; type: 'inbound'; channel: string; text: string; media: number }
  | {
      at: string;
      type: 'reply' | 'notification';
      channel: string;
      text: string;
      /** pending → queued → sending → sent (or failed / uncertain): where the message is. */
      status: string;
    }
  | { at: string; type: 'staffAlert'; kind: string; recipient: string; status: string }
  | {
      at: string;
      type: 'document';
      documentId: string;
      mimeType: string;
      sizeBytes: number;
      fileName: string | null;
    };

/** What a case's timeline is made of, as the store gives it. */
export interface TimelineSources {
  events: readonly { at: Date; type: string; actor: string; data: Record<string, unknown> }[];
  alerts: readonly { createdAt: Date; kind: string; recipient: string; status: string }[];
  documents: readonly Pick<
    RequestDocumentRow,
    'receivedAt' | 'documentId' | 'mimeType' | 'sizeBytes' | 'fileName'
  >[];
  messages: readonly PersonMessageRow[];
}

/** The text of a stored message, opened when it is sealed at rest (outbox `{ sealed }`, inbound `text`). */
export function messageText(payload: unknown, cipher: FieldCipher | undefined): string {
  try {
    let p = payload as { text?: unknown; sealed?: unknown } | null;
    if (typeof p?.sealed === 'string') {
      if (!cipher) return '';
      p = JSON.parse(cipher.open(p.sealed)) as { text?: unknown };
    }
    if (typeof p?.text !== 'string') return '';
    return cipher ? cipher.open(p.text) : p.text;
  } catch {
    return ''; // sealed with a key this process no longer has: show the message without its text
  }
}

/**
 * One timeline of a case, oldest first: its audit events, staff alerts, documents, and the person's
 * messages and ours (texts opened with `cipher`). Items at the same instant keep that order.
 */
export function caseTimeline(sources: TimelineSources, cipher?: FieldCipher): TimelineItem[] {
  const timeline: TimelineItem[] = [];
  for (const e of sources.events) {
    timeline.push({ at: e.at.toISOString(), type: 'event', event: e.type, actor: e.actor, data: e.data });
  }
  for (const a of sources.alerts) {
    timeline.push({
      at: a.createdAt.toISOString(),
      type: 'staffAlert',
      kind: a.kind,
      recipient: a.recipient,
      status: a.status,
    });
  }
  for (const d of sources.documents) {
    timeline.push({
      at: d.receivedAt.toISOString(),
      type: 'document',
      documentId: d.documentId,
      mimeType: d.mimeType,
      sizeBytes: d.sizeBytes,
      fileName: d.fileName,
    });
  }
  for (const m of sources.messages) {
    const at = m.at.toISOString();
    if (m.direction === 'in') {
      const media = (m.payload as { media?: unknown[] } | null)?.media;
      timeline.push({
        at,
        type: 'inbound',
        channel: m.channel,
        text: messageText(m.payload, cipher),
        media: Array.isArray(media) ? media.length : 0,
      });
    } else {
      // A reply answers one of the person's messages; anything else we sent on our own is a notification.
      timeline.push({
        at,
        type: m.reply ? 'reply' : 'notification',
        channel: m.channel,
        text: messageText(m.payload, cipher),
        status: m.status ?? 'pending',
      });
    }
  }
  return timeline.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}
