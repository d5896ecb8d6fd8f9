import { z } from 'zod';

/**
 * Neutral outgoing content. Flows and staff produce these; each channel adapter renders them in its
 * own best form (Telegram inline keyboard, numbered text on WhatsApp, buttons on the web chat).
 */
export const Choice = z.object({ id: z.string().min(1).max(64), label: z.string().min(1).max(200) });
export type Choice = z.infer<typeof Choice>;

/**
 * What a notification says, as data: its locale key and the i18next values it was rendered with (as
 * strings). A channel that may not send free text at that moment (WhatsApp Cloud outside the 24-hour
 * window) sends the template approved for this key instead, filled with these values.
 */
export const Notice = z.object({
  key: z.string().min(1).max(200),
  params: z.record(z.string(), z.string()),
  /** The language the text was written in, which its template is sent in. */
  lang: z.enum(['ar', 'en']).optional(),
});
export type Notice = z.infer<typeof Notice>;

export const OutboundMessage = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: z.string().min(1), notice: Notice.optional() }),
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

/**
 * The message without its notice: for channels that store or show what they send (the web chat) and
 * have no use for it, so its values are not kept a second time outside the sealed outbox.
 */
export function withoutNotice(message: OutboundMessage): OutboundMessage {
  if (message.kind !== 'text' || message.notice === undefined) return message;
  const { notice: _notice, ...plain } = message;
  return plain;
}
