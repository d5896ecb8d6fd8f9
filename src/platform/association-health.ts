import type { Tawasul } from '../app/start-tawasul';
import { QUEUE_STATES } from '../metrics/prom-metrics';
import { AssociationDatabase } from '../store/association-database';
import type { Database } from '../store/database';
import { PgOperationsFiguresRepository } from '../store/operations-figures-repository';
import type { AssociationSummary } from './association-registry';

/** What runs of an association in this process: its runtime, or why it could not start. */
export type RunState =
  { state: 'running'; tawasul: Tawasul } | { state: 'stopped' } | { state: 'failed'; error: string };

/** An association's health as the operator sees it: counts and states, nothing of its people. */
export interface AssociationHealth extends AssociationSummary {
  run: 'running' | 'stopped' | 'failed';
  /** Why its start failed (a configuration error: a bad token, a missing template…). */
  error?: string;
  /** The channels running, with WhatsApp's session state where it has one. */
  connected: { channel: string; state?: string }[];
  /** Its own queues' job counts (running associations only). */
  queues?: { outbound: Record<string, number>; timers: Record<string, number> };
  /** From its rows, read as it (row-level security applies): replies waiting, messages unprocessed, overdue cases. */
  figures: {
    unsent: number;
    unsentAgeSeconds: number;
    unprocessed: number;
    needAttention: number;
    staffAlerts: number;
    overdueRequests: number;
    overdueComplaints: number;
  };
}

const figuresRepository = new PgOperationsFiguresRepository();

export async function associationHealth(
  root: Database,
  summary: AssociationSummary,
  run: RunState,
): Promise<AssociationHealth> {
  const view = new AssociationDatabase(root, summary.id);
  const figures = await figuresRepository.read(view).finally(() => view.close());
  const tawasul = run.state === 'running' ? run.tawasul : undefined;
  return {
    ...summary,
    run: run.state,
    ...(run.state === 'failed' ? { error: run.error } : {}),
    connected: (tawasul?.channels.all ?? []).map((channel) =>
      channel.name === 'whatsapp' && tawasul?.channels.whatsapp
        ? { channel: channel.name, state: tawasul.channels.whatsapp.status().state }
        : { channel: channel.name },
    ),
    ...(tawasul
      ? {
          queues: {
            outbound: await tawasul.dispatcher.queue.getJobCounts(...QUEUE_STATES),
            timers: await tawasul.scheduler.queue.getJobCounts(...QUEUE_STATES),
          },
        }
      : {}),
    figures: {
      unsent: figures.unsent,
      unsentAgeSeconds: Math.round(figures.unsentAgeSeconds),
      unprocessed: figures.unprocessed,
      needAttention: figures.attention.reduce((sum, row) => sum + row.n, 0),
      staffAlerts: figures.staffAlerts,
      overdueRequests: figures.overdueRequests,
      overdueComplaints: figures.overdueComplaints,
    },
  };
}
