import { z } from 'zod';

/**
 * Neutral outgoing content. Flows and staff produce these; each channel adapter renders them in its
 * own best form (Telegram inline keyboard, numbered text on WhatsApp, buttons on the web chat).
 */
export const Choice = z.object({ id: z.string().min(1).max(64), label: z.string().min(1).max(200) });
export type Choice = z.infer<typeof Choice>;

export const OutboundMessage = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: z.string().min(1) }),
  z.object({
    kind: z.literal('choices'),
    text: z.string().min(1),
    choices: z.array(Choice).min(1).max(30),
    /** How to answer, for channels that show choices as numbered text ("type the number…"). */
    hint: z.string().optional(),
    /** The choices' numbers as the text writes numbers («١», «٢» in Arabic-Indic), for numbered text. */
    numbers: z.array(z.string()).optional(),
  }),
  z.object({
    kind: z.literal('document'),
    caption: z.string().optional(),
    ref: z.string().min(1),
    fileName: z.string().min(1),
    mimeType: z.string().min(1),
  }),
  z.object({ kind: z.literal('location-request'), text: z.string().min(1) }),
]);
export type OutboundMessage = z.infer<typeof OutboundMessage>;
