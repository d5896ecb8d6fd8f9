import { z } from 'zod';

/** Queue that carries replies and notifications to the channels. */
export const OUTBOUND_QUEUE = 'outbound';

/** A job is only a pointer to an outbox row: the row is the truth, the job can be replayed safely. */
export const OutboundJob = z.object({ outboxId: z.string().regex(/^\d+$/) });
export type OutboundJob = z.infer<typeof OutboundJob>;

/** Deterministic job id (no `:`, which BullMQ reserves): queuing a row twice adds one job. */
export const outboundJobId = (outboxId: string) => `outbox-${outboxId}`;
