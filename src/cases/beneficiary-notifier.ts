import type { OutboundMessage } from '../domain/outbound-message';
import type { Lang, TextParams } from '../domain/lang';
import { isNoticeKey, NOTICE_KEYS } from '../domain/notice-keys';
import type { Translator } from '../i18n/translator';
import { PgConversationRepository, type ConversationContact } from '../store/conversation-repository';
import type { SqlExecutor } from '../store/database';
import type { PgOutboxRepository } from '../store/outbox-repository';

/**
 * Tells a beneficiary about a change in their case, in their language, on the chat channel they
 * used last, through the outbox of the caller's transaction: the notification is committed with the
 * change it reports, and sent once by the outbound worker. Each message carries its `notice` (key and
 * values), which a channel with a messaging window sends as the key's template; a key missing from
 * NOTICE_KEYS is refused, so no notification goes out without a template to carry it.
 */
export class BeneficiaryNotifier {
  private readonly conversations: PgConversationRepository;

  constructor(
    private readonly deps: {
      translator: Translator;
      outbox: PgOutboxRepository;
      defaultLang: Lang;
      /** Where people are reached (reads only: no cipher needed). */
      conversations?: PgConversationRepository;
    },
  ) {
    this.conversations = deps.conversations ?? new PgConversationRepository();
  }

  /** Returns the outbox ids written; none when the person has no chat conversation (e.g. a phone intake). */
  async notify(
    tx: SqlExecutor,
    beneficiaryId: string,
    key: string,
    params: TextParams | ((lang: Lang) => TextParams),
  ): Promise<string[]> {
    checkNoticeKey(key);
    const target = await this.conversations.latestOf(tx, beneficiaryId);
    return target ? this.write(tx, target, key, params) : [];
  }

  /**
   * Tells the person on every channel but one (`exceptConversationId`, where they are writing now):
   * a change they should hear about wherever they are, such as another channel linked to them.
   */
  async notifyElsewhere(
    tx: SqlExecutor,
    beneficiaryId: string,
    exceptConversationId: string,
    key: string,
    params: TextParams | ((lang: Lang) => TextParams),
  ): Promise<string[]> {
    checkNoticeKey(key);
    const targets = (await this.conversations.allOf(tx, beneficiaryId)).filter(
      (c) => c.id !== exceptConversationId,
    );
    const written: string[] = [];
    for (const target of targets) written.push(...(await this.write(tx, target, key, params)));
    return written;
  }

  /** Writes text `key` into one conversation, in the language of its flow (a reminder about a draft). */
  async tellConversation(tx: SqlExecutor, conversationId: string, key: string): Promise<string[]> {
    checkNoticeKey(key);
    const target = await this.conversations.contact(tx, conversationId);
    return target ? this.write(tx, target, key, {}) : [];
  }

  private write(
    tx: SqlExecutor,
    target: ConversationContact,
    key: string,
    params: TextParams | ((lang: Lang) => TextParams),
  ): Promise<string[]> {
    const lang = target.lang ?? this.deps.defaultLang;
    const values = typeof params === 'function' ? params(lang) : params;
    const message: OutboundMessage = {
      kind: 'text',
      text: this.deps.translator.t(lang, key, values),
      notice: { key, params: noticeParams(values), lang },
    };
    return this.deps.outbox.add(tx, [
      { conversationId: target.id, channel: target.channel, recipient: target.channelUserId, message },
    ]);
  }
}

/** Refuses a notification no template can carry (outside WhatsApp's window it could not be sent). */
function checkNoticeKey(key: string): void {
  if (!isNoticeKey(key)) {
    throw new Error(
      `BeneficiaryNotifier: "${key}" is not a notice key: add it to NOTICE_KEYS (src/domain/notice-keys.ts), ` +
        `then a template for it to the profiles' whatsappTemplates (${NOTICE_KEYS.length} keys listed today)`,
    );
  }
}

/** The values as strings, as a template's parameters take them. */
function noticeParams(values: TextParams): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) params[name] = String(value);
  return params;
}
