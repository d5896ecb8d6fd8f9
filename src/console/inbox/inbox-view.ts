import { z } from 'zod';
import { localized } from '../../config/localized';
import type { Profile } from '../../config/profile-schema';
import type { Lang } from '../../domain/lang';
import { parseReference } from '../../cases/rules/reference';
import type { InboxHandoff, InboxRow, TranscriptLine } from '../../store/console/inbox-repository';
import type { Colleagues, ConversationView, InboxItem, InboxList, TranscriptLineView } from './inbox-api';

/** The inbox's answers as zod schemas for the OpenAPI description, checked against the types of inbox-api.ts. */
export const InboxItemSchema = z.object({
  reference: z.string(),
  status: z.enum(['open', 'claimed', 'closed']),
  categoryId: z.string().nullable(),
  categoryName: z.string().nullable(),
  reason: z.string(),
  channel: z.string(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
  waitingSince: z.string().nullable(),
  claimedBy: z.string().nullable(),
  claimedByName: z.string().nullable(),
  routedTo: z.string().nullable(),
  routedToName: z.string().nullable(),
  lastText: z.string(),
  lastAuthor: z.enum(['beneficiary', 'staff']).nullable(),
});

export const InboxListSchema = z.object({
  cursor: z.string(),
  /** The server's time: how long people have waited is counted from it, not from the viewer's clock. */
  now: z.string(),
  items: z.array(InboxItemSchema),
});

const FileSchema = z.object({ name: z.string(), mimeType: z.string(), url: z.string() });

export const TranscriptLineSchema = z.object({
  id: z.string(),
  author: z.enum(['beneficiary', 'staff', 'note']),
  staffName: z.string().nullable(),
  origin: z.enum(['telegram', 'console']).nullable(),
  text: z.string(),
  files: z.array(FileSchema),
  location: z.object({ latitude: z.number(), longitude: z.number() }).nullable(),
  outOfHours: z.boolean(),
  at: z.string(),
});

export const ConversationSchema = z.object({
  cursor: z.string(),
  handoff: InboxItemSchema.extend({ closedBy: z.string().nullable(), person: z.string().nullable() }),
  transcript: z.array(TranscriptLineSchema),
  /** What the person wrote to the bot before asking for someone, in the same conversation. */
  earlier: z.array(z.object({ at: z.string(), text: z.string() })),
  /** What the viewer may do now. */
  can: z.object({
    claim: z.boolean(),
    reply: z.boolean(),
    note: z.boolean(),
    transfer: z.boolean(),
    close: z.boolean(),
  }),
});

/** `:reference` of a handoff (`HND-…`), in any spelling people type it. */
export const HandoffReferenceParams = z.object({
  reference: z
    .string()
    .max(40)
    .transform((text, ctx) => {
      const reference = parseReference(text);
      if (!reference?.startsWith('HND-'))
        ctx.addIssue({ code: 'custom', message: 'not a handoff reference (e.g. HND-4821-27)' });
      return reference ?? '';
    }),
});

export const OutcomeSchema = z.object({ status: z.string() });

/** Who may take a conversation over, for the transfer list. */
export const ColleaguesSchema = z.object({
  staff: z.array(z.object({ id: z.string(), name: z.string() })),
});

/** Each schema says exactly what its type in inbox-api.ts says (a mismatch does not compile). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const agree = <_ extends true>() => undefined;
agree<Same<z.output<typeof InboxItemSchema>, InboxItem>>();
agree<Same<z.output<typeof InboxListSchema>, InboxList>>();
agree<Same<z.output<typeof TranscriptLineSchema>, TranscriptLineView>>();
agree<Same<z.output<typeof ConversationSchema>, ConversationView>>();
agree<Same<z.output<typeof ColleaguesSchema>, Colleagues>>();

export interface ViewContext {
  profile: Profile;
  lang: Lang;
  nameOf: (staffId: string | null) => string | null;
}

export function inboxItem(row: InboxRow | InboxHandoff, ctx: ViewContext): InboxItem {
  const category = ctx.profile.categories.find((c) => c.id === row.categoryId);
  const waiting = 'waitingSince' in row ? row.waitingSince : null;
  return {
    reference: row.reference,
    status: row.status,
    categoryId: row.categoryId,
    categoryName: category ? localized(category.name, ctx.lang) : null,
    reason: row.reason,
    channel: row.channel,
    createdAt: row.createdAt.toISOString(),
    closedAt: row.closedAt?.toISOString() ?? null,
    waitingSince: waiting?.toISOString() ?? null,
    claimedBy: row.claimedBy,
    claimedByName: ctx.nameOf(row.claimedBy),
    routedTo: row.routedTo,
    routedToName: ctx.nameOf(row.routedTo),
    lastText: 'lastText' in row ? row.lastText.slice(0, 200) : '',
    lastAuthor: 'lastAuthor' in row ? row.lastAuthor : null,
  };
}

export function transcriptLine(
  line: TranscriptLine,
  reference: string,
  ctx: ViewContext,
): TranscriptLineView {
  return {
    id: line.id,
    author: line.author,
    staffName: line.author === 'beneficiary' ? null : ctx.nameOf(line.staffId),
    origin: line.origin,
    text: line.text,
    files: line.media.map((m, index) => ({
      name: m.fileName ?? `${m.kind ?? 'file'}-${index + 1}`,
      mimeType: m.mimeType ?? 'application/octet-stream',
      url: `/api/inbox/${encodeURIComponent(reference)}/files/${line.id}/${index}`,
    })),
    location: line.location,
    outOfHours: line.outOfHours,
    at: line.at.toISOString(),
  };
}
