import type { OutboundMessage } from '../domain/outbound-message';
import type { Lang, TextParams } from '../engine/effects';
import type { Translator } from '../i18n/translator';
import type { SqlExecutor } from '../store/database';
import type { PgOutboxRepository } from '../store/outbox-repository';

/**
 * Tells a beneficiary about a change in their case, in their language, on the chat channel they
 * used last, through the outbox of the caller's transaction: the notification is committed with the
 * change it reports, and sent once by the outbound worker.
 */
export class BeneficiaryNotifier {
  constructor(
    private readonly deps: { translator: Translator; outbox: PgOutboxRepository; defaultLang: Lang },
  ) {}

  /** Returns the outbox ids written; none when the person has no chat conversation (e.g. a phone intake). */
  async notify(
    tx: SqlExecutor,
    beneficiaryId: string,
    key: string,
    params: TextParams | ((lang: Lang) => TextParams),
  ): Promise<string[]> {
    const found = await tx.query<{
      id: string;
      channel: string;
      channel_user_id: string;
      lang: string | null;
    }>(
      `SELECT c.id, c.channel, c.channel_user_id, b.preferred_lang AS lang
       FROM conversations c JOIN beneficiaries b ON b.id = c.beneficiary_id
       WHERE c.beneficiary_id = $1 ORDER BY c.updated_at DESC LIMIT 1`,
      [beneficiaryId],
    );
    const target = found.rows[0];
    if (!target) return [];
    const lang: Lang = target.lang === 'en' || target.lang === 'ar' ? target.lang : this.deps.defaultLang;
    const values = typeof params === 'function' ? params(lang) : params;
    const message: OutboundMessage = { kind: 'text', text: this.deps.translator.t(lang, key, values) };
    return this.deps.outbox.add(tx, [
      {
        conversationId: target.id,
        channel: target.channel as never,
        recipient: target.channel_user_id,
        message,
      },
    ]);
  }
}
