import type { SqlExecutor } from './database';

/**
 * Who may receive WhatsApp messages from us: people who wrote first or opted in. The WhatsApp adapter
 * records every person who writes and refuses to send to anyone else.
 */
export interface WhatsAppContactRepository {
  /** `chatId` wrote to us at `at`. */
  recordInbound(chatId: string, at: Date): Promise<void>;
  /** `chatId` asked to be messaged (e.g. ticked a box on a form), without having written yet. */
  recordOptIn(chatId: string, at: Date): Promise<void>;
  mayMessage(chatId: string): Promise<boolean>;
}

/** The `whatsapp_contacts` table (migration 003). */
export class PgWhatsAppContactRepository implements WhatsAppContactRepository {
  constructor(private readonly db: SqlExecutor) {}

  async recordInbound(chatId: string, at: Date): Promise<void> {
    await this.db.query(
      `INSERT INTO whatsapp_contacts (chat_id, first_inbound_at, last_inbound_at)
       VALUES ($1, $2::timestamptz, $2::timestamptz)
       ON CONFLICT (association_id, chat_id) DO UPDATE SET
         first_inbound_at = COALESCE(whatsapp_contacts.first_inbound_at, EXCLUDED.first_inbound_at),
         last_inbound_at = GREATEST(whatsapp_contacts.last_inbound_at, EXCLUDED.last_inbound_at)`,
      [chatId, at.toISOString()],
    );
  }

  async recordOptIn(chatId: string, at: Date): Promise<void> {
    await this.db.query(
      `INSERT INTO whatsapp_contacts (chat_id, opted_in_at) VALUES ($1, $2::timestamptz)
       ON CONFLICT (association_id, chat_id) DO UPDATE SET
         opted_in_at = COALESCE(whatsapp_contacts.opted_in_at, EXCLUDED.opted_in_at)`,
      [chatId, at.toISOString()],
    );
  }

  async mayMessage(chatId: string): Promise<boolean> {
    const found = await this.db.query('SELECT 1 FROM whatsapp_contacts WHERE chat_id = $1', [chatId]);
    return found.rowCount > 0;
  }
}
