import { localized } from '../../config/localized';
import { missingList } from '../missing-items';
import { WAITING, type ClockContext } from './clock-context';

/**
 * A reminder round to an applicant who was asked for information: the reference, what is still
 * missing, the reason. One round past the profile's `max`, the staff who asked and the category's
 * officers are alerted instead (and an audit event says so). Nothing once the information arrived.
 */
export async function infoReminder(ctx: ClockContext, reference: string, round: number): Promise<string> {
  const { db, events, profile, directory, staffNotifications, notifier } = ctx.deps;
  return db.transaction(async (tx) => {
    const request = await ctx.info.lock(tx, reference);
    const info = request?.infoRequest;
    if (!request || request.status !== WAITING || !info) return 'skipped: not waiting for information';
    if (info.reminders >= round) return 'skipped: already sent';
    const { max } = profile.reminders.missingInfo;
    const now = ctx.now();
    await ctx.info.reminded(tx, request.id, info, round);
    if (round > max) {
      const asker = info.askedBy.startsWith('staff:') ? [info.askedBy.slice('staff:'.length)] : [];
      const recipients = [...new Set([...asker, ...(await directory.forCategory(tx, request.categoryId))])];
      await staffNotifications.add(
        tx,
        recipients.map((recipient) => ({
          recipient,
          kind: 'request.infoOverdue',
          subjectType: 'service_request',
          subjectId: reference,
          data: { askedAt: info.askedAt, reminders: max },
          dedupeKey: `request-${reference}-info-${Date.parse(info.askedAt)}-late-${recipient}`,
        })),
      );
      await events.append(tx, {
        actor: 'system:clock',
        subjectType: 'service_request',
        subjectId: reference,
        type: 'request.infoOverdue',
        data: { askedAt: info.askedAt, reminders: max, alerted: recipients },
        at: now,
      });
      return 'staff alerted';
    }
    const service = profile.services.find((s) => s.id === request.serviceId);
    if (request.beneficiaryId) {
      await notifier.notify(
        tx,
        request.beneficiaryId,
        // Named items can be sent through the flow; a reason alone is answered in the chat.
        info.fields.length + info.documents.length > 0
          ? 'notify.request.infoReminder'
          : 'notify.request.infoReminderReason',
        (lang) => ({
          ref: reference,
          service: service ? localized(service.name, lang) : request.serviceId,
          reason: info.reason,
          list: (service && missingList(service, info, lang)) || '-',
        }),
      );
    }
    await events.append(tx, {
      actor: 'system:clock',
      subjectType: 'service_request',
      subjectId: reference,
      type: 'request.infoReminded',
      data: { round, of: max },
      at: now,
    });
    await ctx.plan(tx, ctx.timers.nextInfoReminder(reference, round, now));
    return `reminded ${round}`;
  });
}
