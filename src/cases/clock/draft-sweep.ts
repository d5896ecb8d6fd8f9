import type { ClockContext } from './clock-context';

/** Where a conversation rests: never reminded nor expired. */
const RESTING_FLOWS = ['menu', 'greeting', 'handoff'];

/**
 * Unfinished flows (a draft request, a half-filed complaint): one reminder after
 * `conversation.reminderMinutes` of silence, then a polite expiry after `idleMinutes`. A person
 * gathering documents (a flow state the engine calls patient) is given longer: a reminder every
 * `reminders.draftDocuments.everyHours` of silence up to `max`, and the expiry one interval after the
 * last. Runs every minute; each conversation is re-checked under its lock, so a person who answered
 * meanwhile is left alone.
 */
export async function draftSweep(ctx: ClockContext): Promise<string> {
  const { db, profile, notifier, isPatient } = ctx.deps;
  const { reminderMinutes, idleMinutes } = profile.conversation;
  const documents = profile.reminders.draftDocuments;
  const now = ctx.now().getTime();
  const before = (minutes: number) => new Date(now - minutes * 60_000);
  // Silence is measured from the snapshot's own time (the engine's clock), not the row's write time.
  const idle = await ctx.drafts.idleSince(db, before(Math.min(reminderMinutes, documents.everyHours * 60)));
  let reminded = 0;
  let expired = 0;
  for (const draft of idle) {
    const patient = isPatient?.(draft.flowId, draft.state) ?? false;
    const sent = draft.remindersSent;
    // Patient: reminders at every interval of silence up to `max`, expiry one interval after the last.
    const expiryMinutes = patient ? documents.everyHours * 60 * (documents.max + 1) : idleMinutes;
    const remindAfter = patient ? documents.everyHours * 60 * (sent + 1) : reminderMinutes;
    const maxReminders = patient ? documents.max : 1;
    if (draft.lastAt < before(expiryMinutes).toISOString()) {
      const notice = patient ? 'engine.documentsExpired' : 'engine.expired';
      if (await expire(ctx, draft.conversationId, expiryMinutes, notice)) expired++;
      continue;
    }
    if (sent >= maxReminders || draft.lastAt >= before(remindAfter).toISOString()) continue;
    const written = await db.transaction(async (tx) => {
      if ((await ctx.drafts.lockLastMove(tx, draft.conversationId)) !== draft.lastAt) return []; // the person wrote meanwhile
      await ctx.drafts.reminded(tx, draft.conversationId, ctx.now(), sent + 1);
      return notifier.tellConversation(
        tx,
        draft.conversationId,
        patient ? 'engine.documentsReminder' : 'engine.draftReminder',
      );
    });
    if (written.length > 0) reminded++;
  }
  return `drafts: ${reminded} reminded, ${expired} expired`;
}

/** Ends a draft left too long (a polite `notice` and the menu) if, under the lock, it is still idle that long. */
function expire(
  ctx: ClockContext,
  conversationId: string,
  idleMinutes: number,
  notice: string,
): Promise<boolean> {
  return ctx.deps.flows.start(conversationId, 'menu', {
    notice: { key: notice },
    before: async (_tx, snapshot) =>
      !!snapshot &&
      !RESTING_FLOWS.includes(snapshot.flowId) &&
      Date.parse(snapshot.updatedAt) < ctx.now().getTime() - idleMinutes * 60_000,
  });
}
