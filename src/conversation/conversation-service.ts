import type { AcceptResult } from '../channels/channel-adapter';
import { InboundMessage } from '../domain/inbound-message';
import { say } from '../engine/effects';
import type { Lang, TextParams } from '../domain/lang';
import { startFlow, type StepEnv } from '../engine/run-step';
import type { ConversationSnapshot } from '../engine/flow';
import type { SqlExecutor } from '../store/database';
import { StatementBatcher } from '../store/statement-batcher';
import { MAX_BATCH, StepBatch, type BatchOutcome, type StepBatchDeps } from './step-batch';
import type { InboundBudget } from './inbound-budget';
import type { Turns } from '../store/fair-turns';
import type { StepRate } from './step-rate';
import { renderEffects } from './render-effects';

export interface ConversationServiceDeps extends Omit<StepBatchDeps, 'now'> {
  now?: () => Date;
  /** Per-sender flood limit, checked before anything is stored; none: no limit (tests of the spine alone). */
  budget?: InboundBudget;
  /** On a platform, the association's fair share of the process: each batch of steps waits for a turn. */
  turns?: Turns;
  /** On a platform, the association's budget of steps a second: a batch beyond it waits (its own backlog). */
  rate?: StepRate;
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

/** A message recorded for a known person; no `inboundId` when the channel had delivered it before. */
type RecordedInbound = { conversationId: string; inboundId: string | undefined };

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
  /** Runs the steps of a batch (or of one conversation) in one transaction. */
  private readonly steps: StepBatch;
  /** Inbound messages of known people, gathered the same way into one insert. */
  private readonly inbound: StatementBatcher<
    InboundMessage,
    PromiseSettledResult<RecordedInbound | undefined>
  >;

  constructor(private readonly deps: ConversationServiceDeps) {
    this.now = deps.now ?? (() => new Date());
    this.steps = new StepBatch({ ...deps, now: this.now });
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
    return { ...this.steps.env(now), beneficiary: await this.deps.facts.load(tx, beneficiaryId) };
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
      return await this.#inTurn(conversationIds.length, () => this.steps.run(conversationIds, 'skip locked'));
    } catch (err) {
      this.deps.logger.warn(
        { err, conversations: conversationIds.length },
        'step batch failed: its conversations are stepped one at a time',
      );
      throw err;
    }
  }

  /** `work` stepping `steps` conversations, within the association's budget and in its turn (a platform). */
  async #inTurn<T>(steps: number, work: () => Promise<T>): Promise<T> {
    await this.deps.rate?.take(steps);
    return this.deps.turns ? this.deps.turns.run(work) : work();
  }

  /**
   * One message of one conversation, waiting for its lock. True when another message of it is waiting;
   * false when there is none, or the store failed.
   */
  private async processNext(conversationId: string): Promise<boolean> {
    try {
      const [outcome] = await this.#inTurn(1, () => this.steps.run([conversationId], 'wait'));
      return outcome === 'more';
    } catch (err) {
      // The store failed: the message stays pending and `recover` (run periodically) picks it up.
      this.deps.logger.child({ conversationId }).warn({ err }, 'processing deferred: store unavailable');
      return false;
    }
  }
}
