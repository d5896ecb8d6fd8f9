import type { Profile } from '../config/profile-schema';
import type { Lang } from '../domain/lang';
import type { Translator } from '../i18n/translator';
import type { FieldCipher } from '../security/field-cipher';
import type { CaseActions } from '../cases/case-actions';
import type { HandoffService } from '../cases/handoff-service';
import type { DocumentStore } from '../documents/document-store';
import type { ClockActions } from '../cases/clock/clock-actions';
import type { Database } from '../store/database';
import type { BullBoardQueue } from './admin/bull-board';
import type { CookieSecurity } from './http/console-http';
import type { LockoutPolicy } from './auth/login-throttle';

/**
 * Where a WhatsApp Web session stands, as the WhatsApp channel reports it (`WhatsAppChannel.status()` fits
 * as is). Declared here so the console does not import the channel: `main` hands the channel over.
 */
export interface WhatsAppStatusSource {
  status(): {
    state: 'starting' | 'qr' | 'ready' | 'disconnected' | 'auth_failure';
    /** The code to scan while `state` is `qr`: anyone holding it can link a phone, so admins only. */
    qr?: string;
    since: Date;
    reason?: string;
  };
}

/**
 * What became of a sign-in code sent on Telegram. `chatNotStarted`: Telegram will not let a bot write to
 * someone first, so the person must open the staff bot (`bot`, its @username when known) and press Start.
 */
export type LoginCodeDelivery = { sent: true } | { sent: false; reason: 'chatNotStarted'; bot?: string };

/**
 * Sends a staff member the one-time sign-in code in a private Telegram message (the staff bot). Without
 * one, sign-in by code is not offered. Other failures (Telegram out of reach) are thrown.
 */
export interface StaffTelegramSender {
  sendLoginCode(telegramUserId: number, text: string): Promise<LoginCodeDelivery>;
}

/** What the console needs from the rest of Tawasul; `main` wires it from the runtime. */
export interface ConsoleOptions {
  db: Database;
  /** The association profile as its file says (the console merges its own holiday table in). */
  profile: Profile;
  /** The one implementation of staff decisions (same as the Telegram console). */
  caseActions: Pick<CaseActions, 'request' | 'complaint'>;
  /** Conversations with a person: the inbox claims, answers, notes, transfers and closes through it. */
  handoffs?: HandoffService;
  /** How often the inbox's live view looks for changes, in ms (default 1 000). */
  inboxPollMs?: number;
  /** Recomputes open deadlines when the holiday table changes. */
  clock: Pick<ClockActions, 'recomputeDeadlines'>;
  /**
   * Told (and awaited) when the holiday table changed, before deadlines are recomputed: the runtime
   * reads it again so new deadlines count the change (`Runtime.holidays.refresh`).
   */
  onHolidaysChanged?: () => Promise<void>;
  translator: Translator;
  /** Language of people who never chose one (notifications of an intake). */
  defaultLang?: Lang;
  /** BullMQ queues shown in Bull Board under /console/queues (admins only). */
  queues?: readonly BullBoardQueue[];
  /** Opens message texts sealed at rest (timelines) and seals the notifications an intake writes. */
  cipher?: FieldCipher;
  /**
   * The document store: files of handoffs (and those staff attach to their replies), and where a
   * person's files are erased from when an administrator carries a deletion request out early (without
   * it the erasure is left to the clock, and administrators are alerted).
   */
  documents?: DocumentStore;
  whatsapp?: WhatsAppStatusSource;
  /** WhatsApp runs through the Cloud API (no session to show). */
  whatsappCloud?: boolean;
  telegram?: StaffTelegramSender;
  cookieSecurity?: CookieSecurity;
  /**
   * Whether a Telegram staff group sees every handoff (this process runs the staff bot, or another one
   * does): then a handoff no officer serves is still seen, and the home page does not warn about it.
   */
  staffGroup?: boolean;
  /** Sign-in throttling; defaults in `DEFAULT_LOCKOUT` (src/console/auth/login-throttle.ts). */
  lockout?: LockoutPolicy;
  now?: () => Date;
}
