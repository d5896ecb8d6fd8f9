import { Queue } from 'bullmq';
import type { Client } from 'pg';
import { TIMERS_QUEUE } from '../../../src/cases/rules/timer-job';
import type { Delivery } from './load-client';

/** What one visitor sent, in order: the client id of each message the app confirmed (202). */
export interface SessionLog {
  sessionId: string;
  confirmed: string[];
}

/** The promise of the spine, counted: every figure but the totals must be 0. */
export interface DeliveryFigures {
  /** Messages the app confirmed (202 accepted, or duplicate of one it had). */
  accepted: number;
  /** Of those, processed by exactly one committed step. */
  processedOnce: number;
  /** Steps that failed and answered `engine.error` (a flow fault, not a lost message). */
  failedSteps: number;
  replies: number;
  repliesSent: number;
  lost: {
    /** Confirmed to the visitor but not in the inbound log. */
    inbound: number;
    /** In the log but never processed. */
    unprocessed: number;
    /** Processed without any reply. */
    unanswered: number;
    /** Replies never delivered (not sent, failed, uncertain, or sent without a stored delivery). */
    replies: number;
    /** Replies the visitor's API never listed. */
    seenByVisitor: number;
  };
  duplicated: {
    /** Inbound messages whose replies came from two different step transactions. */
    processedTwice: number;
    /** A reply stored twice for the visitor. */
    replies: number;
  };
  outOfOrder: {
    /** Sessions whose messages were logged in another order than sent. */
    inbound: number;
    /** Sessions whose replies were delivered in another order than their messages. */
    replies: number;
    /** Sessions whose replies, as the visitor's API lists them, are out of order. */
    seenByVisitor: number;
  };
  timers: { expected: number; pending: number; firedOnce: number; missing: number; leftInOutbox: number };
  /** Replies per status, for the report. */
  replyStatus: Record<string, number>;
  /** Why replies were not delivered (status, attempts and last error), for the report. */
  replyProblems: string[];
}

export const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);

/**
 * Checks, in the database, the queue and through the visitors' API, that every confirmed message was
 * processed exactly once and answered exactly once, in order per conversation, and that every timer
 * the run's cases set is still pending (or fired once).
 */
export async function verifyDelivery(input: {
  db: Client;
  sessions: SessionLog[];
  seen: Map<string, Delivery[]>;
  redis: { host: string; port: number };
  queuePrefix: string;
  /** The profile's reminder offsets (working days before the due date): one timer each. */
  reminders: readonly number[];
}): Promise<DeliveryFigures> {
  const { db, sessions } = input;
  const f: DeliveryFigures = {
    accepted: 0,
    processedOnce: 0,
    failedSteps: 0,
    replies: 0,
    repliesSent: 0,
    lost: { inbound: 0, unprocessed: 0, unanswered: 0, replies: 0, seenByVisitor: 0 },
    duplicated: { processedTwice: 0, replies: 0 },
    outOfOrder: { inbound: 0, replies: 0, seenByVisitor: 0 },
    timers: { expected: 0, pending: 0, firedOnce: 0, missing: 0, leftInOutbox: 0 },
    replyStatus: {},
    replyProblems: [],
  };

  const inbound = await db.query<{
    id: string;
    mid: string;
    session: string;
    processed: boolean;
    outcome: string | null;
  }>(
    `SELECT i.id::text AS id, i.channel_message_id AS mid, c.channel_user_id AS session,
            i.processed_at IS NOT NULL AS processed, i.outcome
     FROM inbound_messages i JOIN conversations c ON c.id = i.conversation_id
     WHERE i.channel = 'webchat' ORDER BY i.id`,
  );
  const outbox = await db.query<{
    id: string;
    inbound: string | null;
    status: string;
    step: string;
    session: string;
  }>(
    `SELECT id::text AS id, inbound_id::text AS inbound, status, created_at::text AS step, recipient AS session
     FROM outbox o WHERE channel = 'webchat' ORDER BY o.id`,
  );
  // Ordered by the columns, not by the text aliases (which would put "10" before "9").
  const deliveries = await db.query<{ seq: string; outbox: string | null; part: number; session: string }>(
    `SELECT seq::text AS seq, outbox_id::text AS outbox, part, session_id AS session
     FROM webchat_deliveries d ORDER BY d.seq`,
  );

  const byMid = new Map(inbound.rows.map((r) => [r.mid, r]));
  const repliesOf = new Map<string, typeof outbox.rows>();
  for (const row of outbox.rows) {
    f.replyStatus[row.status] = (f.replyStatus[row.status] ?? 0) + 1;
    if (row.inbound) repliesOf.set(row.inbound, [...(repliesOf.get(row.inbound) ?? []), row]);
  }
  const deliveredParts = new Map<string, number>();
  for (const d of deliveries.rows) {
    if (!d.outbox) continue;
    const key = `${d.outbox}/${d.part}`;
    deliveredParts.set(key, (deliveredParts.get(key) ?? 0) + 1);
  }
  f.duplicated.replies = [...deliveredParts.values()].filter((n) => n > 1).length;
  const delivered = new Set([...deliveredParts.keys()].map((k) => k.split('/')[0]));

  for (const session of sessions) {
    const inboundIds: number[] = [];
    for (const clientId of session.confirmed) {
      f.accepted++;
      const row = byMid.get(`${session.sessionId}-${clientId}`);
      if (!row) {
        f.lost.inbound++;
        continue;
      }
      inboundIds.push(Number(row.id));
      if (!row.processed) {
        f.lost.unprocessed++;
        continue;
      }
      if (row.outcome === 'failed') f.failedSteps++;
      const replies = repliesOf.get(row.id) ?? [];
      if (replies.length === 0) {
        f.lost.unanswered++;
        continue;
      }
      // The rows of one step share their transaction's timestamp: two timestamps are two steps.
      if (new Set(replies.map((r) => r.step)).size > 1) f.duplicated.processedTwice++;
      else f.processedOnce++;
    }
    if (inboundIds.some((id, i) => i > 0 && id < inboundIds[i - 1]!)) f.outOfOrder.inbound++;

    // Replies, in the order the visitor received them, must follow the order of the outbox.
    const sessionDeliveries = deliveries.rows.filter((d) => d.session === session.sessionId && d.outbox);
    const outboxOrder = sessionDeliveries.map((d) => Number(d.outbox));
    if (outboxOrder.some((id, i) => i > 0 && id < outboxOrder[i - 1]!)) f.outOfOrder.replies++;

    // And as the API lists them: groups by the message answered, in the order sent, none missing.
    const seen = input.seen.get(session.sessionId) ?? [];
    const order = new Map(session.confirmed.map((id, i) => [`${session.sessionId}-${id}`, i]));
    const positions = seen
      .map((d) => (d.inReplyTo ? (order.get(d.inReplyTo) ?? -1) : -1))
      .filter((p) => p >= 0);
    if (positions.some((p, i) => i > 0 && p < positions[i - 1]!)) f.outOfOrder.seenByVisitor++;
    f.lost.seenByVisitor += session.confirmed.filter((_, i) => !positions.includes(i)).length;
  }

  for (const row of outbox.rows) {
    f.replies++;
    if (row.status === 'sent' && delivered.has(row.id)) f.repliesSent++;
    else f.lost.replies++;
  }
  const problems = await db.query<{ id: string; status: string; attempts: number; error: string | null }>(
    `SELECT id::text AS id, status, attempts, last_error AS error FROM outbox o
     WHERE status <> 'sent' ORDER BY o.id LIMIT 20`,
  );
  f.replyProblems = problems.rows.map(
    (r) => `outbox ${r.id}: ${r.status} after ${r.attempts} attempts: ${r.error}`,
  );

  // Timers: each submitted request set a reminder for each profile offset and its due date.
  const requests = await db.query<{ reference: string }>(
    `SELECT reference FROM service_requests WHERE status = 'submitted' ORDER BY reference`,
  );
  const left = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM timer_requests');
  f.timers.leftInOutbox = left.rows[0]?.n ?? 0;
  const queue = new Queue(TIMERS_QUEUE, {
    connection: { ...input.redis, maxRetriesPerRequest: null },
    prefix: input.queuePrefix,
  });
  try {
    for (const { reference } of requests.rows) {
      const ids = [
        ...input.reminders.map((n) => `request-${reference}-reminder-${n}`),
        `request-${reference}-due`,
      ];
      for (const id of ids) {
        f.timers.expected++;
        const job = await queue.getJob(id);
        const state = job ? await job.getState() : 'missing';
        if (state === 'delayed') f.timers.pending++;
        else if (state === 'completed' && (job?.attemptsMade ?? 0) <= 1) f.timers.firedOnce++;
        else f.timers.missing++;
      }
    }
  } finally {
    await queue.close();
  }
  return f;
}

/** lost / duplicated / out of order, the three numbers the fault run must print as zeros. */
export function headline(f: DeliveryFigures): { lost: number; duplicated: number; outOfOrder: number } {
  return {
    lost: sum(f.lost) + f.timers.missing + f.timers.leftInOutbox,
    duplicated: sum(f.duplicated),
    outOfOrder: sum(f.outOfOrder),
  };
}
