import { DelayedError, UnrecoverableError, Worker, type Job, type RedisOptions } from 'bullmq';
import type { Logger } from 'pino';
import type { ChannelAdapter } from '../channels/channel-adapter';
import type { ChannelName } from '../domain/inbound-message';
import type { Database } from '../store/database';
import type { OutboxRow, PgOutboxRepository } from '../store/outbox-repository';
import type { SpineMetrics } from '../metrics/spine-metrics';
import { OUTBOUND_QUEUE, OutboundJob } from './outbound-job';
import { StatementBatcher } from '../store/statement-batcher';
import { RedisOutageLog } from './redis-outage-log';

export interface OutboundWorkerOptions {
  db: Database;
  outbox: PgOutboxRepository;
  channels: ReadonlyMap<ChannelName, ChannelAdapter>;
  connection: RedisOptions;
  logger: Logger;
  prefix?: string;
  concurrency?: number;
  /** Send outcomes per channel for `/metrics`; absent, nothing is counted. */
  metrics?: Pick<SpineMetrics, 'outbound'>;
}

/** BullMQ's reason for failing a job whose workers kept dying while running it. */
const STALLED = /stalled more than allowable limit/;

/** How long a reply waits when an earlier reply of its conversation is still on its way. */
const ORDER_WAIT_MS = 50;
/**
 * How long a job waits for a process that runs its channel (CHANNELS shards them, docs/SCALING.md): a
 * quarter of its age, from 1 s to 5 min, so a channel no process runs costs little while it is down.
 */
const elsewhereWaitMs = (job: Job) => Math.min(300_000, Math.max(1_000, (Date.now() - job.timestamp) / 4));

/**
 * Sends outbox rows through their channel. The row is claimed (`sending`) before the send and
 * marked `sent` after; a crash in between leaves `sending`, which is resent only on channels that
 * deduplicate by our key, and otherwise marked `uncertain` for staff: never sent twice.
 */
export class OutboundWorker {
  readonly worker: Worker<OutboundJob>;
  private readonly channelNames: ChannelName[];
  /**
   * Channels whose replies go out right after their commit, without the queue (`sendNow`): those that
   * deduplicate by our key (web chat, in-process), so a send cut off by a crash is simply sent again.
   * The others (Telegram, WhatsApp) go through the queue, which paces them and never sends twice.
   */
  readonly sentAtOnce: ChannelName[];
  /** Rows `sendNow` has sent and is recording as sent (the batched UPDATE has not committed yet). */
  private readonly recording = new Set<string>();
  /** Concurrent jobs claim their rows, and record them sent, in one statement per batch (issue #8). */
  private readonly claims: StatementBatcher<string, OutboxRow | undefined>;
  private readonly sent: StatementBatcher<{ id: string; platformMessageId?: string | undefined }, undefined>;

  constructor(private readonly options: OutboundWorkerOptions) {
    this.channelNames = [...options.channels.keys()];
    this.sentAtOnce = [...options.channels.values()]
      .filter((channel) => channel.capabilities.idempotentDelivery)
      .map((channel) => channel.name);
    const { db, outbox } = options;
    this.claims = new StatementBatcher(async (ids) => {
      const claimed = await outbox.claimReadyMany(db, ids, this.channelNames);
      // The same row twice in a batch (a job run twice at once): only one of them may send it.
      return ids.map((id) => {
        const row = claimed.get(id);
        claimed.delete(id);
        return row;
      });
    });
    this.sent = new StatementBatcher(async (rows) => {
      await outbox.markSentMany(db, rows);
      return rows.map(() => undefined);
    });
    this.worker = new Worker<OutboundJob>(OUTBOUND_QUEUE, (job, token) => this.process(job, token), {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency ?? 8,
      autorun: false,
      // A send takes well under a second: a short lock lets another process take over a job
      // whose worker died within seconds instead of BullMQ's default 30.
      lockDuration: 10_000,
      stalledInterval: 5_000,
      // A send whose worker died (a crash, a lost Redis connection) is safe to run again: the row's
      // status decides whether it is sent, resent (idempotent channels) or marked uncertain. BullMQ's
      // default of one stall failed replies that were never lost when two app processes died in turn
      // (test/faults, docs/RELIABILITY.md).
      maxStalledCount: 10,
    });
    this.worker.on('failed', (job, err) => {
      if (!job || err instanceof DelayedError) return;
      if (STALLED.test(err.message)) {
        void this.afterStalls(job, err.message);
        return;
      }
      const final = job.attemptsMade >= (job.opts.attempts ?? 1) || err instanceof UnrecoverableError;
      if (final) void this.giveUp(job.data.outboxId, err.message);
    });
    new RedisOutageLog(options.logger, 'outbound worker').bull(this.worker);
  }

  start(): void {
    void this.worker.run();
  }

  /** `force`: does not wait for sends under way (Redis does not answer: the rows say what to do next). */
  async close(force = false): Promise<void> {
    await this.worker.close(force);
  }

  /**
   * Sends rows just committed at once, on the channels of `sentAtOnce`: no Redis round trip and no
   * claim on the happy path (issue 22), one statement to find what may go and one (batched) to mark
   * it sent. Each conversation's rows go one after the other, in order; different conversations at the
   * same time. Returns the rows left for the queue: other channels, a reply behind an earlier one still
   * on its way, and a failed send with the replies after it (the queue retries them with its
   * back-off). A crash mid-send leaves the row pending, and the dispatcher's sweep queues it: sent
   * twice, which these channels ignore.
   */
  async sendNow(ids: readonly string[]): Promise<string[]> {
    const { db, outbox } = this.options;
    const ready = await outbox.readyInOrder(db, ids, this.sentAtOnce, [...this.recording]);
    const byConversation = new Map<string, OutboxRow[]>();
    for (const row of ready) {
      byConversation.set(row.conversationId, [...(byConversation.get(row.conversationId) ?? []), row]);
    }
    const taken = new Set(ready.map((row) => row.id));
    const left = ids.filter((id) => !taken.has(id));
    await Promise.all(
      [...byConversation.values()].map(async (rows) => {
        for (const [index, row] of rows.entries()) {
          const outcome = await this.sendDirect(row);
          if (outcome === 'sent') continue;
          // The replies after a failed one wait for it: the queue sends them in order.
          left.push(...(outcome === 'retry' ? [row.id] : []), ...rows.slice(index + 1).map((r) => r.id));
          return;
        }
      }),
    );
    return left;
  }

  /** One send by `sendNow`, recorded as the worker records its own. */
  private async sendDirect(row: OutboxRow): Promise<'sent' | 'retry' | 'failed'> {
    const channel = this.options.channels.get(row.channel)!;
    const result = await channel.send(row.recipient, row.message, { idempotencyKey: `outbox-${row.id}` });
    this.options.metrics?.outbound(row.channel, result.ok ? 'sent' : result.retryable ? 'retry' : 'failed');
    if (result.ok) {
      // Sent: the next reply of the conversation need not wait for this row's `sent` to commit.
      this.recording.add(row.id);
      try {
        await this.sent.submit({ id: row.id, platformMessageId: result.platformMessageId });
      } finally {
        this.recording.delete(row.id);
      }
      return 'sent';
    }
    const status = result.retryable ? 'queued' : 'failed';
    await this.options.outbox.markStatus(this.options.db, row.id, status, result.error);
    return result.retryable ? 'retry' : 'failed';
  }

  private async process(job: Job<OutboundJob>, token?: string): Promise<string> {
    const data = OutboundJob.safeParse(job.data);
    if (!data.success) throw new UnrecoverableError(`malformed outbound job ${job.id}`);
    const { db, outbox } = this.options;
    // Usually the row is ready: claimed in one statement. Otherwise the checks below say why not.
    const ready = await this.claims.submit(data.data.outboxId);
    const readyChannel = ready && this.options.channels.get(ready.channel);
    if (ready && readyChannel) return this.deliver(ready, readyChannel, job, token);
    const row = await outbox.get(db, data.data.outboxId);
    if (!row || row.status === 'sent' || row.status === 'failed' || row.status === 'uncertain') {
      return row?.status ?? 'missing';
    }
    const channel = this.options.channels.get(row.channel);
    if (!channel) {
      // The channel runs in another process (CHANNELS): hand the job on without using up an attempt. A
      // channel no process runs leaves its rows unsent, which tawasul_outbox_oldest_unsent_seconds shows.
      await job.moveToDelayed(Date.now() + elsewhereWaitMs(job), token);
      throw new DelayedError();
    }
    if (await outbox.hasEarlierUnsent(db, row)) {
      await job.moveToDelayed(Date.now() + ORDER_WAIT_MS, token);
      throw new DelayedError();
    }
    const claimed = await outbox.claim(db, row.id);
    if (!claimed && !channel.capabilities.idempotentDelivery) {
      // A previous attempt died between claiming and recording the result: we cannot know whether
      // the person received it, and repeating could send a decision twice.
      await outbox.markStatus(db, row.id, 'uncertain', 'interrupted while sending');
      this.options.metrics?.outbound(row.channel, 'uncertain');
      this.options.logger.warn(
        { outboxId: row.id, channel: row.channel },
        'send interrupted: marked uncertain',
      );
      return 'uncertain';
    }
    return this.deliver(row, channel, job, token);
  }

  /** Sends a claimed row and records the result. */
  private async deliver(
    row: OutboxRow,
    channel: ChannelAdapter,
    job: Job<OutboundJob>,
    token: string | undefined,
  ): Promise<string> {
    const { db, outbox } = this.options;
    const result = await channel.send(row.recipient, row.message, { idempotencyKey: `outbox-${row.id}` });
    this.options.metrics?.outbound(row.channel, result.ok ? 'sent' : result.retryable ? 'retry' : 'failed');
    if (result.ok) {
      await this.sent.submit({ id: row.id, platformMessageId: result.platformMessageId });
      return 'sent';
    }
    if (!result.retryable) {
      await outbox.markStatus(db, row.id, 'failed', result.error);
      return 'failed';
    }
    await outbox.markStatus(db, row.id, 'queued', result.error);
    if (result.retryAfterMs !== undefined) {
      await job.moveToDelayed(Date.now() + result.retryAfterMs, token);
      throw new DelayedError();
    }
    throw new Error(result.error);
  }

  /**
   * BullMQ failed the job because the workers running it kept dying: the reply itself is not at fault.
   * If nothing can have reached the person (not yet claimed), or a resend is harmless (a channel that
   * deduplicates by our key), it goes back in the queue while it has attempts left; a claimed send on
   * any other channel may have arrived, so it is marked uncertain for staff rather than sent twice.
   */
  private async afterStalls(job: Job<OutboundJob>, error: string): Promise<void> {
    const { db, outbox, channels, logger } = this.options;
    try {
      const row = await outbox.get(db, job.data.outboxId);
      if (!row || row.status === 'sent' || row.status === 'failed' || row.status === 'uncertain') return;
      const harmless = row.status !== 'sending' || channels.get(row.channel)?.capabilities.idempotentDelivery;
      if (harmless && job.attemptsMade < (job.opts.attempts ?? 1)) {
        await job.retry('failed');
        logger.warn({ outboxId: row.id }, 'send stalled repeatedly: queued again');
        return;
      }
      if (row.status === 'sending') {
        await outbox.markStatus(db, row.id, 'uncertain', error);
        logger.warn({ outboxId: row.id, channel: row.channel }, 'send stalled repeatedly: marked uncertain');
        return;
      }
      await this.giveUp(row.id, error);
    } catch (err) {
      logger.warn({ err, outboxId: job.data.outboxId }, 'could not settle a stalled send');
    }
  }

  private async giveUp(outboxId: string, error: string): Promise<void> {
    try {
      await this.options.outbox.markStatus(this.options.db, outboxId, 'failed', error);
      this.options.logger.error({ outboxId, error }, 'send failed for good');
    } catch (err) {
      this.options.logger.warn({ err, outboxId }, 'could not record a failed send');
    }
  }
}
