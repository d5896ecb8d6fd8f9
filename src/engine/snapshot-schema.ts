import { z } from 'zod';
import type { ConversationSnapshot } from './flow';

/** Validates a stored snapshot before the engine trusts it (the flow's own context is checked after). */
export const ConversationSnapshotSchema: z.ZodType<ConversationSnapshot> = z.object({
  v: z.literal(1),
  lang: z.enum(['ar', 'en']).nullable(),
  flowId: z.string().min(1),
  flowVersion: z.number().int(),
  state: z.string().min(1),
  context: z.unknown(),
  choices: z.array(z.object({ id: z.string(), label: z.string() })),
  yesNo: z.object({ yes: z.string().optional(), no: z.string().optional() }).optional(),
  updatedAt: z.string(),
});
