import type { Logger } from 'pino';
import type { OutboundMessage } from '../domain/outbound-message';
import type { Lang } from '../domain/lang';
import type { Effect } from '../engine/effects';
import type { ConversationSnapshot } from '../engine/flow';
import { toFlowInput } from '../engine/flow-input';
import { runStep, type EngineOptions, type StepEnv } from '../engine/run-step';
import type { Translator } from '../i18n/translator';
import type { SpineMetrics } from '../metrics/spine-metrics';
import type {
  ConversationRow,
  FinishedStep,
  PendingInbound,
  PgConversationRepository,
} from '../store/conversation-repository';
import type { Database, SqlExecutor } from '../store/database';
import type { PgFactsRepository } from '../store/facts-repository';
import { lostRace } from '../store/lost-race';
import type { PgOutboxRepository } from '../store/outbox-repository';
import { savepoint } from '../store/savepoint';
import type { EffectHandlers } from './effect-handlers';
import { renderEffects } from './render-effects';

export interface StepBatchDeps {
  db: Database;
  engine: EngineOptions;
  profile: unknown;
  translator: Translator;
  conversations: PgConversationRepository;
  facts: PgFactsRepository;
  outbox: PgOutboxRepository;
  effects: EffectHandlers;
  logger: Logger;
  now: () => Date;
  /** Step latency for `/metrics`; absent, nothing is measured. */
  metrics?: Pick<SpineMetrics, 'step'>;
}

/**
 * What a batch did for one conversation: `more` (another message waits, or it was left for the next
 * batch), `done`, or `locked elsewhere` (another process is stepping it).
 */
export type BatchOutcome = 'more' | 'done' | 'locked elsewhere';

/** At most this many conversations step in one transaction (bounded work per commit, and savepoints). */
export const MAX_BATCH = 64;

/** Effects that only produce messages: a step made of these alone writes no domain rows. */
const TALK: ReadonlySet<Effect['type']> = new Set(['say', 'sayText', 'askChoice', 'askLocation']);

/**
 * The steps of the conversation service's group commit (issue 22): the oldest waiting message of each
 * of a batch of conversations, stepped in one transaction. The service decides which conversations go
 * together and what to do when a batch fails; this runs one.
 */
export class StepBatch {
  constructor(private readonly deps: StepBatchDeps) {}

  /** What the engine knows before a step, but the person's facts: the profile, the clock, the texts. */
  env(now: Date): Omit<StepEnv, 'beneficiary'> {
    return {
      profile: this.deps.profile,
      now,
      translate: (lang, key, params) => this.deps.translator.t(lang, key, params),
    };
  }

  /**
   * The oldest waiting message of each conversation, in one transaction (group commit): one statement
   * locks the conversations, one reads their messages, one their people's facts; the engine steps each;
   * one statement writes every reply and one every snapshot and processed mark. Asking for the next
   * message in the same query saves a transaction that would find nothing.
   *
   * `skip locked` leaves out a conversation another process is stepping (`locked elsewhere`); `wait`
   * waits for its lock (one conversation). A person with two conversations in the batch is stepped in
   * one of them only (the other's facts would miss what this step changes): the other comes back `more`.
   */
  async run(conversationIds: string[], lock: 'skip locked' | 'wait'): Promise<BatchOutcome[]> {
    const { conversations, facts, outbox } = this.deps;
    const started = performance.now();
    const measured: { flow: string | undefined; outcome: 'processed' | 'failed' }[] = [];
    const outcomes = await this.deps.db.transaction(async (tx) => {
      const locked =
        lock === 'wait'
          ? await this.lockWaiting(tx, conversationIds)
          : await conversations.lockMany(tx, conversationIds);
      const people = new Set<string>();
      const stepped: ConversationRow[] = [];
      for (const conversation of locked.values()) {
        if (people.has(conversation.beneficiaryId)) continue;
        people.add(conversation.beneficiaryId);
        stepped.push(conversation);
      }
      const pending = await conversations.nextPendingMany(
        tx,
        stepped.map((c) => c.id),
      );
      const due = stepped.filter((c) => pending.has(c.id));
      const known = await facts.loadMany(
        tx,
        due.map((c) => c.beneficiaryId),
      );
      const now = this.deps.now();
      const replies: Parameters<PgOutboxRepository['add']>[1] = [];
      const finished: FinishedStep[] = [];
      for (const conversation of due) {
        const inbound = pending.get(conversation.id)!;
        const step = await this.step(tx, conversation, inbound, {
          ...this.env(now),
          beneficiary: known.get(conversation.beneficiaryId)!,
        });
        replies.push(
          ...step.messages.map((message) => ({
            conversationId: conversation.id,
            channel: conversation.channel,
            recipient: conversation.channelUserId,
            inboundId: inbound.id,
            message,
          })),
        );
        finished.push({
          conversationId: conversation.id,
          snapshot: step.snapshot,
          inboundId: inbound.id,
          outcome: step.outcome,
          // Which flow handled it: a case page shows the run of the flow that made the case (need to know).
          flowId: conversation.snapshot?.flowId ?? this.deps.engine.entryFlow,
        });
        measured.push({ flow: conversation.snapshot?.flowId, outcome: step.outcome });
      }
      await outbox.add(tx, replies);
      await conversations.finishSteps(tx, finished);
      return conversationIds.map((id): BatchOutcome => {
        const conversation = locked.get(id);
        if (!conversation) return lock === 'wait' ? 'done' : 'locked elsewhere';
        if (!stepped.includes(conversation)) return 'more';
        return pending.get(id)?.more ? 'more' : 'done';
      });
    });
    const seconds = (performance.now() - started) / 1000;
    for (const step of measured) this.deps.metrics?.step(step.flow, step.outcome, seconds);
    return outcomes;
  }

  /** `lock` for each conversation in turn, waiting for another process's step to commit. */
  private async lockWaiting(tx: SqlExecutor, conversationIds: readonly string[]) {
    const locked = new Map<string, ConversationRow>();
    for (const id of conversationIds) {
      const conversation = await this.deps.conversations.lock(tx, id);
      if (conversation) locked.set(id, conversation);
    }
    return locked;
  }

  /**
   * The engine's step for one message, with its domain effects inside the batch's transaction. A fault
   * in a flow, an effect or its texts is answered politely and keeps the previous state: it is never
   * retried for ever (a message that fails the same way each time would block its conversation). A
   * transaction that lost a race with another (`lostRace`) is not such a fault: it fails the batch.
   */
  private async step(
    tx: SqlExecutor,
    conversation: ConversationRow,
    pending: PendingInbound,
    env: StepEnv,
  ): Promise<{
    snapshot: ConversationSnapshot | null;
    messages: OutboundMessage[];
    outcome: 'processed' | 'failed';
  }> {
    const startLang: Lang = conversation.snapshot?.lang ?? this.deps.engine.defaultLang;
    let undoEffects: (() => Promise<void>) | undefined;
    try {
      const result = runStep(this.deps.engine, conversation.snapshot, toFlowInput(pending.message), env);
      // Domain effects are undone if the step fails after some of them: a failed step changes nothing
      // but its answer, and the batch's other steps keep theirs. Steps that only talk (most) skip the
      // extra round trip.
      if (result.effects.some((e) => !TALK.has(e.type))) undoEffects = await savepoint(tx, 'step');
      const outputs = await this.deps.effects.apply(result.effects, {
        tx,
        beneficiaryId: conversation.beneficiaryId,
        conversationId: conversation.id,
        channel: conversation.channel,
        channelMessageId: pending.message.channelMessageId,
        inboundId: pending.id,
        now: env.now,
        lang: result.snapshot.lang ?? this.deps.engine.defaultLang,
      });
      const messages = renderEffects(result.effects, startLang, this.deps.translator, outputs);
      return { snapshot: result.snapshot ?? null, messages, outcome: 'processed' };
    } catch (err) {
      // Two batches waiting on each other (each holding a reference number the other drew) is no fault
      // of this message: the batch is undone and its conversations are stepped again one at a time.
      if (lostRace(err)) throw err;
      await undoEffects?.();
      this.deps.logger
        .child({ conversationId: conversation.id })
        .error({ err, inboundId: pending.id, flow: conversation.snapshot?.flowId }, 'step failed');
      const messages = renderEffects([{ type: 'say', key: 'engine.error' }], startLang, this.deps.translator);
      return { snapshot: conversation.snapshot, messages, outcome: 'failed' };
    }
  }
}
