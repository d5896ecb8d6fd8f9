/**
 * The inbox API's answers as plain types, shared by the server (its zod schemas are checked against
 * them in inbox-view.ts) and the typed screens in src/console/ui, which must not import server code.
 */

export interface InboxItem {
  reference: string;
  status: 'open' | 'claimed' | 'closed';
  categoryId: string | null;
  categoryName: string | null;
  reason: string;
  channel: string;
  createdAt: string;
  closedAt: string | null;
  /** Since when the person has waited for an answer (null: staff answered last, or closed). */
  waitingSince: string | null;
  claimedBy: string | null;
  claimedByName: string | null;
  routedTo: string | null;
  routedToName: string | null;
  lastText: string;
  lastAuthor: 'beneficiary' | 'staff' | null;
}

export interface InboxList {
  cursor: string;
  /** The server's time: how long people have waited is counted from it, not from the viewer's clock. */
  now: string;
  items: InboxItem[];
}

export interface TranscriptLineView {
  id: string;
  author: 'beneficiary' | 'staff' | 'note';
  staffName: string | null;
  origin: 'telegram' | 'console' | null;
  text: string;
  files: { name: string; mimeType: string; url: string }[];
  location: { latitude: number; longitude: number } | null;
  outOfHours: boolean;
  at: string;
}

export interface HandoffPermissions {
  claim: boolean;
  reply: boolean;
  note: boolean;
  transfer: boolean;
  close: boolean;
}

export interface ConversationView {
  cursor: string;
  handoff: InboxItem & { closedBy: string | null; person: string | null };
  transcript: TranscriptLineView[];
  /** What the person wrote to the bot before asking for someone, in the same conversation. */
  earlier: { at: string; text: string }[];
  /** What the viewer may do now. */
  can: HandoffPermissions;
}

export interface Colleagues {
  staff: { id: string; name: string }[];
}
