import type { Logger } from 'pino';
import type { AcceptResult } from '../channels/channel-adapter';
import { InboundMessage } from '../domain/inbound-message';
import type { OutboundMessage } from '../domain/outbound-message';
import { say, type Effect } from '../engine/effects';
import type { Lang, TextParams } from '../domain/lang';
import { toFlowInput } from '../engine/flow-input';
import { runStep, startFlow, type EngineOptions, type StepEnv } from '../engine/run-step';
import type { ConversationSnapshot } from '../engine/flow';
import type { Translator } from '../i18n/translator';
import type { Database, SqlExecutor } from '../store/database';
import type { PgFactsRepository } from '../store/facts-repository';
import type {
  ConversationRow,
  FinishedStep,
  PendingInbound,
  PgConversationRepository,
} from '../store/conversation-repository';
import type { PgOutboxRepository } from '../store/outbox-repository';
import { savepoint } from '../store/savepoint';
import { lostRace } from '../store/lost-race';
import { StatementBatcher } from '../store/statement-batcher';
import type { SpineMetrics } from '../metrics/spine-metrics';
import type { EffectHandlers } from './effect-handlers';
import type { InboundBudget } from './inbound-budget';
import { renderEffects } from './render-effects';

export interface ConversationServiceDeps {
  db: Database;
  engine: EngineOptions;
  profile: unknown;
  translator: Translator;
  conversations: PgConversationRepository;
  facts: PgFactsRepository;
  outbox: PgOutboxRepository;
  effects: EffectHandlers;
  logger: Logger;
  now?: () => Date;
  /** Per-sender flood limit, checked before anything is stored; none: no limit (tests of the spine alone). */
  budget?: InboundBudget;
  /** Step latency for `/metrics`; absent, nothing is measured. */
  metrics?: Pick<SpineMetrics, 'step'>;
}

/** How `startFlowFor` starts a flow in a conversation nobody just wrote in. */
export interface StartFlowOptions {
  /** Handed to the flow's `createContext` (e.g. `{ caseReference }` for the survey). */
  payload?: Record<string, unknown>;
  /** A text said before the flow's first question ("the staff member ended the conversation"). */
  notice?: { key: string; params?: TextParams };
  /**
   * Runs first, under the conversation lock and in the same transaction: domain changes that must
   * commit together with the start (closing a handoff). The flow starts only when it resolves true;
   * its own changes commit either way.
   */
  before?: (tx: SqlExecutor, snapshot: ConversationSnapshot | null) => Promise<boolean>;
}

/**
 * What a batch did for one conversation: `more` (another message waits, or it was left for the next
 * batch), `done`, or `locked elsewhere` (another process is stepping it).
 */
type BatchOutcome = 'more' | 'done' | 'locked elsewhere';

/** A message recorded for a known person; no `inboundId` when the channel had delivered it before. */
type RecordedInbound = { conversationId: string; inboundId: string | undefined };

/** At most this many conversations step in one transaction (bounded work per commit, and savepoints). */
const MAX_BATCH = 64;

/** Effects that only produce messages: a step made of these alone writes no domain rows. */
const TALK: ReadonlySet<Effect['type']> = new Set(['say', 'sayText', 'askChoice', 'askLocation']);

/**
 * The spine's use case: accept an inbound message durably, then process each conversation one
 * message at a time, in arrival order: lock → engine step → one transaction for the snapshot, the
 * domain changes and the outbox. The steps of different conversations that are ready together share
 * that transaction (group commit: one commit for many people), and so do the inbound messages that
 * arrive together. The database row lock keeps the order true across app processes; the in-process
 * loop per conversation only saves needless waiting on it.
 */
export class ConversationService {
  private readonly loops = new Map<string, Promise<void>>();
  private readonly dirty = new Set<string>();
  private readonly now: () => Date;
  /** Set by `stop`: steps under way finish, no new one starts (accepted messages wait in the store). */
  private stopping = false;
  /** Conversations with a message to step, gathered over one turn of the event loop into one transaction. */
  private readonly batches: StatementBatcher<string, BatchOutcome>;
  /** Inbound messages of known people, gathered the same way into one insert. */
  private readonly inbound: StatementBatcher<
    InboundMessage,
    PromiseSettledResult<RecordedInbound | undefined>
  >;

  constructor(private readonly deps: ConversationServiceDeps) {
    this.now = deps.now ?? (() => new Date());
    this.batches = new StatementBatcher((ids) => this.runBatch(ids), { max: MAX_BATCH });
    this.inbound = new StatementBatcher((messages) => this.recordBatch(messages));
  }

  /** Validates, identifies the person and records the message. Duplicates are acknowledged, not re-run. */
  async accept(raw: unknown): Promise<AcceptResult> {
    const parsed = InboundMessage.safeParse(raw);
    if (!parsed.success) {
      return {
        status: 'rejected',
        issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
      };
    }
    const message = parsed.data;
    // A flood costs no more than the budget: the rest is refused before the store, with one notice.
    const allowance = this.deps.budget?.take(`${message.channel}\u0000${message.sender.channelUserId}`);
    if (allowance && !allowance.ok) {
      if (allowance.first) await this.slowDown(message);
      return { status: 'limited', retryAfterMs: allowance.retryAfterMs };
    }
    // A person already known is recorded in one statement with the other messages of this turn; first
    // contact creates them in a transaction.
    const { conversationId, inboundId } =
      (await this.recordIfKnown(message)) ??
      (await this.deps.db.transaction(async (tx) => {
        const who = await this.deps.conversations.identify(tx, message.channel, message.sender);
        const id = await this.deps.conversations.recordInbound(tx, who.conversationId, message);
        return { conversationId: who.conversationId, inboundId: id };
      }));
    if (!inboundId) return { status: 'duplicate', conversationId };
    this.schedule(conversationId);
    return { status: 'accepted', conversationId };
  }

  /** `recordInboundIfKnown` through the inbound batch; a failed batch retries each message alone. */
  private async recordIfKnown(message: InboundMessage): Promise<RecordedInbound | undefined> {
    const settled = await this.inbound.submit(message);
    if (settled.status === 'rejected') throw settled.reason;
    return settled.value;
  }

  /**
   * Records the messages that arrived together in one statement and one commit. Should that statement
   * fail, each message is tried alone: one message the store refuses does not refuse the others.
   */
  private async recordBatch(
    messages: InboundMessage[],
  ): Promise<PromiseSettledResult<RecordedInbound | undefined>[]> {
    const { conversations, db } = this.deps;
    try {
      const recorded = await conversations.recordInboundManyIfKnown(db, messages);
      return recorded.map((value) => ({ status: 'fulfilled', value }));
    } catch {
      return Promise.allSettled(messages.map((message) => conversations.recordInboundIfKnown(db, message)));
    }
  }

  /**
   * Tells a sender over the inbound budget, once per flood, that the rest is not read: a reply of its
   * own (no inbound row), after the replies already written for what was accepted. Best effort: with
   * the store down the flood is refused all the same.
   */
  private async slowDown(message: InboundMessage): Promise<void> {
    try {
      await this.deps.db.transaction(async (tx) => {
        const who = await this.deps.conversations.identify(tx, message.channel, message.sender);
        const lang =
          (await this.deps.conversations.language(tx, who.conversationId)) ?? this.deps.engine.defaultLang;
        await this.deps.outbox.add(
          tx,
          renderEffects([say('engine.slowDown')], lang, this.deps.translator).map((notice) => ({
            conversationId: who.conversationId,
            channel: message.channel,
            recipient: message.sender.channelUserId,
            message: notice,
          })),
        );
        this.deps.logger.warn(
          { channel: message.channel, conversationId: who.conversationId },
          'inbound flood: sender over its budget, told once; further messages refused until it refills',
        );
      });
    } catch (err) {
      this.deps.logger.warn({ err, channel: message.channel }, 'inbound flood: could not write the notice');
    }
  }

  /** Processes whatever a crash or a failed transaction left unprocessed. */
  async recover(): Promise<number> {
    const ids = await this.deps.conversations.conversationsWithPending(this.deps.db);
    ids.forEach((id) => this.schedule(id));
    return ids.length;
  }

  /** Resolves when no conversation is being processed in this process (tests, graceful shutdown). */
  async idle(): Promise<void> {
    while (this.loops.size > 0) await Promise.all([...this.loops.values()]);
  }

  /**
   * Graceful stop: lets each step under way commit, starts no other, and resolves when none runs.
   * Messages accepted but not yet processed stay in the store, where the next start (or another
   * process's recovery pass) takes them up in order: a stop is bounded by one step, not a backlog.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.idle();
  }

  schedule(conversationId: string): void {
    if (this.stopping) return;
    this.dirty.add(conversationId);
    if (this.loops.has(conversationId)) return;
    const loop = (async () => {
      try {
        // Each pass handles one message, in order; a message accepted meanwhile marks the loop dirty.
        for (;;) {
          this.dirty.delete(conversationId);
          const more = await this.stepOnce(conversationId);
          if (this.stopping || (!more && !this.dirty.has(conversationId))) break;
        }
      } finally {
        this.loops.delete(conversationId);
      }
    })();
    this.loops.set(conversationId, loop);
  }

  /**
   * Starts `flowId` in a conversation without an inbound message — staff handing a person back to the
   * menu or to the survey offer — through the same path as a step: the conversation lock, one
   * transaction for the snapshot, the effects and the outbox, then the dispatcher. Returns whether the
   * flow was started (false for an unknown conversation or when `before` said no).
   */
  async startFlowFor(
    conversationId: string,
    flowId: string,
    options: StartFlowOptions = {},
  ): Promise<boolean> {
    const started = await this.deps.db.transaction(async (tx) => {
      const conversation = await this.deps.conversations.lock(tx, conversationId);
      if (!conversation) return false;
      if (options.before && !(await options.before(tx, conversation.snapshot))) return false;
      const now = this.now();
      const env = await this.stepEnv(tx, conversation.beneficiaryId, now);
      const result = startFlow(this.deps.engine, conversation.snapshot, flowId, env, options.payload);
      const { notice } = options;
      const effects = notice ? [say(notice.key, notice.params), ...result.effects] : result.effects;
      const outputs = await this.deps.effects.apply(effects, {
        tx,
        beneficiaryId: conversation.beneficiaryId,
        conversationId,
        channel: conversation.channel,
        now,
        lang: result.snapshot.lang ?? this.deps.engine.defaultLang,
      });
      const startLang: Lang = conversation.snapshot?.lang ?? this.deps.engine.defaultLang;
      const messages = renderEffects(effects, startLang, this.deps.translator, outputs);
      await this.deps.outbox.add(
        tx,
        messages.map((message) => ({
          conversationId,
          channel: conversation.channel,
          recipient: conversation.channelUserId,
          message,
        })),
      );
      await this.deps.conversations.saveSnapshot(tx, conversationId, result.snapshot);
      return true;
    });
    return started;
  }

  /** What the engine knows before a step: the profile, the clock, the person's facts, the texts. */
  private async stepEnv(tx: SqlExecutor, beneficiaryId: string, now: Date): Promise<StepEnv> {
    return { ...this.env(now), beneficiary: await this.deps.facts.load(tx, beneficiaryId) };
  }

  private env(now: Date): Omit<StepEnv, 'beneficiary'> {
    return {
      profile: this.deps.profile,
      now,
      translate: (lang, key, params) => this.deps.translator.t(lang, key, params),
    };
  }

  /**
   * One pass of a conversation's loop: its oldest waiting message, stepped in a batch with the other
   * conversations that have one now. True when another message of it is waiting.
   */
  private async stepOnce(conversationId: string): Promise<boolean> {
    let outcome: BatchOutcome;
    try {
      outcome = await this.batches.submit(conversationId);
    } catch {
      // The batch failed as a whole (logged once): each of its conversations goes on its own.
      return this.processNext(conversationId);
    }
    // Another process is stepping it: wait for its lock, as a lone step does.
    if (outcome === 'locked elsewhere') return this.processNext(conversationId);
    return outcome === 'more';
  }

  /** The batch runner: failures are logged once for the batch, then each conversation retries alone. */
  private async runBatch(conversationIds: string[]): Promise<BatchOutcome[]> {
    try {
      return await this.processBatch(conversationIds, 'skip locked');
    } catch (err) {
      this.deps.logger.warn(
        { err, conversations: conversationIds.length },
        'step batch failed: its conversations are stepped one at a time',
      );
      throw err;
    }
  }

  /**
   * One message of one conversation, waiting for its lock. True when another message of it is waiting;
   * false when there is none, or the store failed.
   */
  private async processNext(conversationId: string): Promise<boolean> {
    try {
      const [outcome] = await this.processBatch([conversationId], 'wait');
      return outcome === 'more';
    } catch (err) {
      // The store failed: the message stays pending and `recover` (run periodically) picks it up.
      this.deps.logger.child({ conversationId }).warn({ err }, 'processing deferred: store unavailable');
      return false;
    }
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
  private async processBatch(
    conversationIds: string[],
    lock: 'skip locked' | 'wait',
  ): Promise<BatchOutcome[]> {
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
      const now = this.now();
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
