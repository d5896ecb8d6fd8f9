import type { SqlExecutor } from './database';

/** What decides whether a free-form message may go to a person on the Cloud API. */
export interface WhatsAppWindowFacts {
  /** The person's last message (the 24-hour customer-service window runs from it). */
  lastInboundAt?: Date;
  /** When Meta last refused a free-form message as outside the window (error 131047). */
  windowClosedAt?: Date;
  /** When we last sent the re-open template. */
  reopenAskedAt?: Date;
}

/**
 * The Cloud API's 24-hour window per person, kept on `whatsapp_contacts` (migrations 003 and 020) beside
 * what the adapter already records of every person who writes (`WhatsAppContactRepository`).
 */
export class PgWhatsAppWindowRepository {
  constructor(private readonly db: SqlExecutor) {}

  async facts(chatId: string): Promise<WhatsAppWindowFacts> {
    const found = await this.db.query<{
      last_inbound_at: Date | string | null;
      window_closed_at: Date | string | null;
      reopen_asked_at: Date | string | null;
    }>(
      `SELECT last_inbound_at, window_closed_at, reopen_asked_at FROM whatsapp_contacts WHERE chat_id = $1`,
      [chatId],
    );
    const row = found.rows[0];
    if (!row) return {};
    const date = (value: Date | string | null) => (value === null ? undefined : new Date(value));
    const facts: WhatsAppWindowFacts = {};
    const last = date(row.last_inbound_at);
    const closed = date(row.window_closed_at);
    const asked = date(row.reopen_asked_at);
    if (last) facts.lastInboundAt = last;
    if (closed) facts.windowClosedAt = closed;
    if (asked) facts.reopenAskedAt = asked;
    return facts;
  }

  /** Meta refused a free-form message to `chatId` as outside the window. */
  async recordClosed(chatId: string, at: Date): Promise<void> {
    await this.db.query(
      `UPDATE whatsapp_contacts SET window_closed_at = GREATEST(window_closed_at, $2::timestamptz) WHERE chat_id = $1`,
      [chatId, at.toISOString()],
    );
  }

  async recordReopenAsked(chatId: string, at: Date): Promise<void> {
    await this.db.query(`UPDATE whatsapp_contacts SET reopen_asked_at = $2::timestamptz WHERE chat_id = $1`, [
      chatId,
      at.toISOString(),
    ]);
  }
}
