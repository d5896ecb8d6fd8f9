/**
 * The shapes of the web chat API (docs/channels/webchat.md) as the page reads them. Written out here
 * rather than imported from the server's modules, which are Node code: the page is built for a browser,
 * and the API is documented for associations that write their own front end anyway.
 */
export type Lang = 'ar' | 'en';

export interface TextsAnswer {
  lang: Lang;
  dir: 'rtl' | 'ltr';
  association: string;
  texts: Record<string, unknown>;
  uploads: { maxBytes: number; mimeTypes: string[] };
}

export interface Choice {
  id: string;
  label: string;
}

export type BotMessage =
  | { kind: 'text'; text: string }
  | { kind: 'choices'; text: string; choices: Choice[] }
  | { kind: 'document'; ref: string; fileName: string; caption?: string }
  | { kind: 'location-request'; text: string };

export interface Location {
  latitude: number;
  longitude: number;
}

/** What the visitor sent, as the history returns it (and as the page shows it while it is sent). */
export interface VisitorEntry {
  id: string;
  text?: string;
  choiceId?: string;
  media?: { mimeType?: string; fileName?: string }[];
  location?: Location;
}

export interface Delivery {
  seq: number;
  message: BotMessage;
}

/** `GET …/messages` and each `messages` event of the stream. */
export interface Batch {
  messages?: Delivery[];
  language?: string | null;
}

export interface History {
  entries: (({ from: 'visitor' } & VisitorEntry) | ({ from: 'bot' } & Delivery))[];
  lastSeq?: number;
  language?: string | null;
}
