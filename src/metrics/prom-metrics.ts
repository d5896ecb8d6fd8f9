import { statfs } from 'node:fs/promises';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AcceptResult } from '../channels/channel-adapter';
import type { WhatsAppState } from '../channels/whatsapp/whatsapp-session';
import { ChannelName } from '../domain/inbound-message';
import type { SqlExecutor } from '../store/database';
import { PgOperationsFiguresRepository } from '../store/operations-figures-repository';
import type { RequestMetricsSink } from '../http/request-metrics';
import type { SendOutcome, SpineMetrics } from './spine-metrics';

/** The BullMQ job states reported per queue (`Queue.getJobCounts` names). */
export const QUEUE_STATES = ['waiting', 'delayed', 'active', 'failed'] as const;

// A record rather than a list, so a new session state fails the type check until it is reported here.
const WHATSAPP_STATES: Record<WhatsAppState, null> = {
  starting: null,
  qr: null,
  ready: null,
  disconnected: null,
  auth_failure: null,
};

/** What is read when Prometheus scrapes, rather than counted as it happens. Each part is optional. */
export interface ScrapeSources {
  /** The store: sends needing staff, the outbox backlog, unprocessed inbound, overdue cases, staff alerts. */
  db?: SqlExecutor;
  /** Job counts by state, per queue name (`outbound`, `timers`): `() => queue.getJobCounts(...QUEUE_STATES)`. */
  queues?: Record<string, () => Promise<Record<string, number>>>;
  /** The WhatsApp session's state, when this process runs WhatsApp. */
  whatsappState?: () => WhatsAppState;
  /** Redis's `maxmemory-policy` (`noeviction` is the only safe one for BullMQ). */
  redisPolicy?: () => Promise<string>;
  /** Folders whose file system's free and total bytes are reported, by name (`data`, `documents`). */
  disks?: Record<string, string>;
  /**
   * Whether staff alerts wait here for a Telegram staff bot (`tawasul_staff_notifications_pending`):
   * false where no staff bot runs, so an installation without Telegram, whose alerts live in the web
   * console, has no ever-growing backlog to alert on. Default true.
   */
  staffAlerts?: boolean;
}

/**
 * Tawasul's Prometheus metrics (served at `GET /metrics`; names, labels and alerts in docs/OPERATIONS.md).
 * Counters and the step histogram are fed by the {@link SpineMetrics} hooks, so they count this process's
 * work (sum them over instances). Gauges read shared state at scrape time (the database, BullMQ, Redis),
 * so every instance reports the same value: alert on `max()` of them. A source that fails is counted in
 * `tawasul_metrics_source_errors_total` and its series are dropped for that scrape, never the whole page.
 */
export class PromMetrics implements SpineMetrics, RequestMetricsSink {
  readonly registry = new Registry();
  readonly contentType = this.registry.contentType;
  private readonly messagesIn: Counter<'channel' | 'status'>;
  private readonly messagesOut: Counter<'channel' | 'outcome'>;
  private readonly stepSeconds: Histogram<'flow' | 'outcome'>;
  private readonly httpSeconds: Histogram<'method' | 'route' | 'status_code'>;
  /** Source reads of the scrape under way: shared by the gauges they fill, awaited by the error count. */
  private readonly reads = new Map<string, Promise<void>>();

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.messagesIn = new Counter({
      name: 'tawasul_messages_in_total',
      help: 'Inbound messages handed to the spine, by channel and result (accepted, duplicate, rejected)',
      labelNames: ['channel', 'status'],
      registers,
    });
    this.messagesOut = new Counter({
      name: 'tawasul_messages_out_total',
      help: 'Send attempts through a channel, by outcome (sent, failed, retry, uncertain)',
      labelNames: ['channel', 'outcome'],
      registers,
    });
    this.stepSeconds = new Histogram({
      name: 'tawasul_flow_step_duration_seconds',
      help: 'One conversation step: lock, engine step, effects and commit, by flow',
      labelNames: ['flow', 'outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.httpSeconds = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP responses by method, route pattern (never the raw URL; "(unmatched)" for none) and status code',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
  }

  httpRequest(method: string, route: string, statusCode: number, seconds: number): void {
    this.httpSeconds.observe({ method, route, status_code: statusCode }, seconds);
  }

  inbound(channel: ChannelName, status: AcceptResult['status']): void {
    this.messagesIn.inc({ channel, status });
  }

  step(flowId: string | undefined, outcome: 'processed' | 'failed', seconds: number): void {
    this.stepSeconds.observe({ flow: flowId ?? 'none', outcome }, seconds);
  }

  outbound(channel: ChannelName, outcome: SendOutcome): void {
    this.messagesOut.inc({ channel, outcome });
  }

  /** The exposition text for `GET /metrics`. */
  render(): Promise<string> {
    this.reads.clear();
    return this.registry.metrics();
  }

  /** Adds the gauges read at scrape time from `sources` (once, when the runtime is up). */
  watch(sources: ScrapeSources): void {
    const registers = [this.registry];
    const gauge = <L extends string>(
      name: string,
      help: string,
      labelNames: readonly L[],
      source: string,
      read: () => Promise<void>,
    ): Gauge<L> => {
      const made = new Gauge<L>({
        name,
        help,
        labelNames,
        registers,
        collect: () => this.read(source, read),
      });
      // On a failed read: no series for a labelled gauge, NaN for a plain one (it always has a sample).
      const drops = this.dropOnFailure.get(source) ?? [];
      drops.push(() => (labelNames.length > 0 ? made.reset() : made.set(Number.NaN)));
      this.dropOnFailure.set(source, drops);
      return made;
    };
    const { db, queues, whatsappState, redisPolicy, disks } = sources;

    if (db) {
      // Every database gauge awaits the same read: one set of queries per scrape.
      const fill = (): Promise<void> =>
        readDatabase(db, { attention, unsent, unsentAge, unprocessed, overdue, staffAlerts });
      const attention: Gauge<'channel' | 'status'> = gauge(
        'tawasul_outbox_attention',
        'Outgoing messages staff must look at: failed (gave up) or uncertain (interrupted mid-send)',
        ['channel', 'status'],
        'database',
        fill,
      );
      const unsent = gauge(
        'tawasul_outbox_unsent',
        'Outgoing messages written but not yet sent (pending, queued or sending)',
        [],
        'database',
        fill,
      );
      const unsentAge = gauge(
        'tawasul_outbox_oldest_unsent_seconds',
        'Age of the oldest outgoing message not yet sent (0 when none)',
        [],
        'database',
        fill,
      );
      const unprocessed = gauge(
        'tawasul_inbound_unprocessed',
        'Accepted inbound messages not yet processed',
        [],
        'database',
        fill,
      );
      const overdue = gauge(
        'tawasul_overdue_cases',
        'Open cases past their deadline, by kind (request, complaint)',
        ['kind'],
        'database',
        fill,
      );
      const staffAlerts =
        sources.staffAlerts === false
          ? undefined
          : gauge(
              'tawasul_staff_notifications_pending',
              'Alerts for staff (reminders, overdue, escalations) not yet delivered by the Telegram staff bot',
              [],
              'database',
              fill,
            );
    }

    if (queues) {
      const jobs: Gauge<'queue' | 'state'> = gauge(
        'tawasul_queue_jobs',
        'BullMQ jobs by queue (outbound, timers) and state (waiting, delayed, active, failed)',
        ['queue', 'state'],
        'queues',
        async () => {
          for (const [queue, counts] of Object.entries(queues)) {
            const found = await counts();
            for (const state of QUEUE_STATES) jobs.set({ queue, state }, found[state] ?? 0);
          }
        },
      );
    }

    if (whatsappState) {
      const session: Gauge<'state'> = gauge(
        'tawasul_whatsapp_session_state',
        'The WhatsApp session: 1 for its current state, 0 for the others',
        ['state'],
        'whatsapp',
        async () => {
          const current = whatsappState();
          for (const state of Object.keys(WHATSAPP_STATES)) session.set({ state }, state === current ? 1 : 0);
        },
      );
    }

    if (redisPolicy) {
      const policy: Gauge<'policy'> = gauge(
        'tawasul_redis_maxmemory_policy',
        "Redis's maxmemory-policy as a label, value 1 (BullMQ needs noeviction)",
        ['policy'],
        'redis',
        async () => {
          const current = await redisPolicy();
          policy.reset();
          policy.set({ policy: current }, 1);
        },
      );
    }

    if (disks) {
      const fill = async (): Promise<void> => {
        for (const [name, folder] of Object.entries(disks)) {
          const stats = await statfs(folder);
          free.set({ path: name }, stats.bavail * stats.bsize);
          size.set({ path: name }, stats.blocks * stats.bsize);
        }
      };
      const free = gauge(
        'tawasul_disk_free_bytes',
        'Free bytes (for this user) on the file system of a data folder',
        ['path'],
        'disk',
        fill,
      );
      const size = gauge(
        'tawasul_disk_size_bytes',
        'Total bytes of the file system of a data folder',
        ['path'],
        'disk',
        fill,
      );
    }

    // Registered last, so its collect starts after every source read of the scrape has begun.
    const errors: Counter<'source'> = new Counter({
      name: 'tawasul_metrics_source_errors_total',
      help: 'Scrapes in which a source (database, queues, whatsapp, redis, disk) could not be read',
      labelNames: ['source'],
      registers,
      collect: async () => {
        await Promise.all(this.reads.values());
      },
    });
    this.sourceErrors = errors;
  }

  private sourceErrors: Counter<'source'> | undefined;
  private readonly dropOnFailure = new Map<string, (() => void)[]>();

  /**
   * The read of `source` for the scrape under way, started by the first of its gauges to be collected.
   * A failure drops that source's series for this scrape and is counted; it never fails the page.
   */
  private read(source: string, fill: () => Promise<void>): Promise<void> {
    const running = this.reads.get(source);
    if (running) return running;
    const read = fill().catch(() => {
      for (const drop of this.dropOnFailure.get(source) ?? []) drop();
      this.sourceErrors?.inc({ source });
    });
    this.reads.set(source, read);
    return read;
  }
}

async function readDatabase(
  db: SqlExecutor,
  g: Record<'attention' | 'unsent' | 'unsentAge' | 'unprocessed' | 'overdue', Gauge> & {
    staffAlerts?: Gauge;
  },
): Promise<void> {
  const figures = await new PgOperationsFiguresRepository().read(db);
  g.attention.reset();
  // Zeros for every channel, so a dashboard shows 0 rather than no data.
  for (const channel of ChannelName.options)
    for (const status of ['failed', 'uncertain']) g.attention.set({ channel, status }, 0);
  for (const row of figures.attention) g.attention.set({ channel: row.channel, status: row.status }, row.n);
  g.unsent.set(figures.unsent);
  g.unsentAge.set(figures.unsentAgeSeconds);
  g.unprocessed.set(figures.unprocessed);
  g.staffAlerts?.set(figures.staffAlerts);
  g.overdue.set({ kind: 'request' }, figures.overdueRequests);
  g.overdue.set({ kind: 'complaint' }, figures.overdueComplaints);
}
