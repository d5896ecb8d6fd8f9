/**
 * The JSON of the cases API (docs/console.md: /api/cases, /api/cases/:reference), as the screens read
 * it; the server's shapes are in src/console/cases (case-list.ts, case-detail.ts, case-timeline.ts).
 */

export interface CaseRow {
  kind: 'request' | 'complaint';
  reference: string;
  status: string;
  ticketKind: string | null;
  serviceId: string | null;
  categoryId: string | null;
  channel: string;
  dueDate: string;
  createdAt: string;
  overdue: boolean;
  escalationLevel: number;
  applicant: { name: string | null; mobile: string | null };
  officer: string | null;
}

export interface CasePage {
  total: number;
  page: number;
  pageSize: number;
  rows: CaseRow[];
}

export type TimelineItem =
  | { at: string; type: 'event'; event: string; actor: string; data: Record<string, unknown> }
  | { at: string; type: 'inbound'; channel: string; text: string; media: number }
  | { at: string; type: 'reply' | 'notification'; channel: string; text: string; status: string }
  | { at: string; type: 'staffAlert'; kind: string; recipient: string; status: string }
  | {
      at: string;
      type: 'document';
      documentId: string;
      mimeType: string;
      sizeBytes: number;
      fileName: string | null;
    };

export interface CaseDetail extends CaseRow {
  fields: Record<string, string | number> | null;
  description: string | null;
  routedTo: string | null;
  declaration: {
    at?: string;
    how?: string;
    channel?: string;
    recordedBy?: string;
    hash?: string;
    documentsSeen?: string[];
  } | null;
  documents: { documentId: string; mimeType: string; sizeBytes: number; fileName: string | null }[];
  beneficiary: { id: string; chatChannels: string[]; preferredLang: string | null } | null;
  actions: { id: string; needsReason: boolean }[];
  timeline: TimelineItem[];
}

/** What a decision answers (`POST /api/cases/:reference/actions`). */
export interface ActionDone {
  reference: string;
  from: string;
  to: string;
  notified: boolean;
}
