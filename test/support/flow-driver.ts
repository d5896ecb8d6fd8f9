import path from 'node:path';
import { toNumberedText } from '../../src/channels/numbered-text';
import { loadProfile } from '../../src/config/load-profile';
import type { Profile } from '../../src/config/profile-schema';
import { renderEffects } from '../../src/conversation/render-effects';
import type { InboundMessageInput } from '../../src/domain/inbound-message';
import { InboundMessage } from '../../src/domain/inbound-message';
import { NEW_BENEFICIARY, type BeneficiaryFacts } from '../../src/domain/beneficiary-facts';
import type { OutboundMessage } from '../../src/domain/outbound-message';
import type { Effect } from '../../src/engine/effects';
import type { ConversationSnapshot } from '../../src/engine/flow';
import { toFlowInput } from '../../src/engine/flow-input';
import { runStep, type EngineOptions } from '../../src/engine/run-step';
import { createTranslator } from '../../src/i18n/translator';
import { createEngineOptions } from '../../flows';

export const DEMO_PROFILE_PATH = path.join(__dirname, '../../profiles/demo.yaml');

/**
 * Drives flows step by step without I/O, the way the conversation service does: snapshot
 * round-tripped through JSON between steps, consent effects applied to the facts, a fake clock.
 */
export class FlowDriver {
  readonly translator = createTranslator();
  readonly engine: EngineOptions;
  snapshot: ConversationSnapshot | null = null;
  consents: Record<string, string> = {};
  /** What the store would know about the person; tests set cases, contact or an open handoff here. */
  facts: BeneficiaryFacts = NEW_BENEFICIARY('b1');
  now = new Date('2026-11-22T09:00:00+03:00');
  lastEffects: Effect[] = [];
  /** The messages of the last step, as a channel would receive them. */
  lastMessages: OutboundMessage[] = [];
  /** Records the flows asked to create, in order (what the store would have written). */
  records: { kind: string; data: Record<string, unknown> }[] = [];
  /** What the store would hand back for a record (reference, due date…); tests may replace it. */
  recordOutputs = (kind: string, n: number): Record<string, string | number> => ({
    ref: `${kind.slice(0, 3).toUpperCase()}-${1000 + n}-00`,
    days: 15,
    dueHijri: 'الاثنين 23 شوال 1446هـ',
    dueGregorian: '21 أبريل 2025م',
    dueDate: '2025-04-21',
    stored: 'new',
    told: 'told',
    reach: 'staff',
    code: '1234 5678',
    minutes: 10,
    outcome: 'linked',
  });
  private counter = 0;

  constructor(readonly profile: Profile = loadProfile(DEMO_PROFILE_PATH)) {
    this.engine = createEngineOptions(profile, this.translator);
  }

  /** Sends one message and returns the reply as the person would read it (numbered choices). */
  send(input: string | Partial<InboundMessageInput>): string {
    const fields = typeof input === 'string' ? { text: input } : input;
    const message = InboundMessage.parse({
      channel: 'inprocess',
      channelMessageId: `m${++this.counter}`,
      sender: { channelUserId: 'tester' },
      receivedAt: this.now,
      ...fields,
    });
    const startLang = this.snapshot?.lang ?? this.engine.defaultLang;
    const result = runStep(this.engine, this.snapshot, toFlowInput(message), {
      profile: this.profile,
      now: this.now,
      beneficiary: { ...this.facts, consents: { ...this.consents } },
      translate: (lang, key, params) => this.translator.t(lang, key, params),
    });
    const outputs: Record<string, Record<string, string | number>> = {};
    for (const effect of result.effects) {
      if (effect.type === 'createRecord') {
        this.records.push({ kind: effect.kind, data: effect.data });
        if (effect.as) outputs[effect.as] = this.recordOutputs(effect.kind, this.records.length);
      }
      if (effect.type === 'recordConsent') {
        if (effect.granted) this.consents[effect.purpose] = effect.version;
        else delete this.consents[effect.purpose];
      }
    }
    this.lastEffects = result.effects;
    this.snapshot = JSON.parse(JSON.stringify(result.snapshot)) as ConversationSnapshot;
    this.lastMessages = renderEffects(result.effects, startLang, this.translator, outputs);
    return this.lastMessages.map((m) => toNumberedText(m)).join('\n---\n');
  }

  /** The locale keys said in the last step, to assert on meaning rather than wording. */
  saidKeys(): string[] {
    return this.lastEffects.flatMap((e) =>
      e.type === 'say' || e.type === 'askChoice' || e.type === 'askLocation' ? [e.key] : [],
    );
  }

  get state(): string {
    return `${this.snapshot?.flowId}.${this.snapshot?.state}`;
  }

  /** Advances the fake clock. */
  wait(minutes: number): void {
    this.now = new Date(this.now.getTime() + minutes * 60_000);
  }
}
