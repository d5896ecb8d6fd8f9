import type { ChannelName } from '../domain/inbound-message';
import type { Effect } from '../engine/effects';
import type { Lang } from '../domain/lang';
import type { SqlExecutor } from '../store/database';

/** Where an effect happens: inside the step's transaction, for one person on one channel. */
export interface EffectScope {
  tx: SqlExecutor;
  beneficiaryId: string;
  conversationId: string;
  channel: ChannelName;
  channelMessageId?: string;
  /**
   * The stored message being processed (`inbound_messages.id`): an opaque number a record may name in its
   * audit event, unlike the channel's message id, which can hold a phone number or a session.
   */
  inboundId?: string;
  now: Date;
  /** The person's language after the step, for values a handler formats (dates). */
  lang: Lang;
}

/** Values a handler hands back to the step's texts, by the effect's `as` name. */
export type EffectOutputs = Record<string, Record<string, string | number>>;

type RecordEffect = Extract<Effect, { type: 'createRecord' | 'handoff' | 'recordConsent' | 'setLanguage' }>;

/**
 * Applies the domain effects of a step inside its transaction. Each feature registers the record
 * kinds it owns; an effect nobody handles is a programming error and fails the step loudly.
 */
export type EffectHandler = (
  effect: RecordEffect,
  scope: EffectScope,
) => Promise<Record<string, string | number> | void>;

export class EffectHandlers {
  private readonly handlers = new Map<string, EffectHandler>();

  /** `key` is the effect type, or `createRecord:<kind>` for records. */
  register(key: string, handler: EffectHandler): this {
    if (this.handlers.has(key)) throw new Error(`effect handler "${key}" registered twice`);
    this.handlers.set(key, handler);
    return this;
  }

  async apply(effects: readonly Effect[], scope: EffectScope): Promise<EffectOutputs> {
    const outputs: EffectOutputs = {};
    for (const effect of effects) {
      if (
        effect.type === 'say' ||
        effect.type === 'sayText' ||
        effect.type === 'askChoice' ||
        effect.type === 'askLocation'
      )
        continue;
      const key = effect.type === 'createRecord' ? `createRecord:${effect.kind}` : effect.type;
      const handler = this.handlers.get(key);
      if (!handler)
        throw new Error(`no handler for effect "${key}": register one in src/app/record-handlers.ts`);
      const out = await handler(effect, scope);
      if (out && effect.type === 'createRecord' && effect.as) outputs[effect.as] = out;
    }
    return outputs;
  }
}
