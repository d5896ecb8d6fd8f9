/**
 * Every locale key `BeneficiaryNotifier` may be asked to send: the notifications that can reach a person
 * long after they last wrote. A channel with a messaging window (WhatsApp Cloud: 24 hours) sends each
 * of them as a template approved in advance, so the list is the set of templates an installation
 * needs; the notifier refuses a key missing here, so a new notification cannot skip its template.
 *
 * Some callers compute their key; the sources are named beside each group.
 */
export const NOTICE_KEYS = [
  // CaseActions.request: `notify.request.${to}` for every `to` of REQUEST_RULES, and the two variants.
  'notify.request.under_review',
  'notify.request.needs_info',
  'notify.request.needsInfoItems',
  'notify.request.approved',
  'notify.request.approvedWithNote',
  'notify.request.rejected',
  'notify.request.delivered',
  'notify.request.closed',
  // The clock: info reminders (info-reminder.ts) and a holiday change (recompute-deadlines.ts).
  'notify.request.infoReminder',
  'notify.request.infoReminderReason',
  'notify.request.dueMoved',
  'notify.complaint.dueMoved',
  // CaseActions.complaint: `notify.complaint.${action}` for every action of COMPLAINT_RULES.
  'notify.complaint.assign',
  'notify.complaint.reply',
  'notify.complaint.resolve',
  'notify.complaint.escalate',
  'notify.complaint.close',
  // The console's intake: a request, and `console.notify.registered.${ticketKind}`.
  'console.notify.requestRegistered',
  'console.notify.registered.complaint',
  'console.notify.registered.suggestion',
  'console.notify.registered.compensation',
  // The queues: field help, volunteering (VOLUNTEER_NOTICES), data requests.
  'queues.fieldHelp.onTheWay',
  'queues.fieldHelp.done',
  'queues.volunteer.accepted',
  'queues.volunteer.declined',
  'queues.data.erasing',
  'queues.data.refused',
  // A channel linked to the person (channel-link-records.ts), told on their other channels.
  'myData.link.notice',
  // The draft sweep's reminders (draft-sweep.ts, tellConversation).
  'engine.draftReminder',
  'engine.documentsReminder',
] as const;

export type NoticeKey = (typeof NOTICE_KEYS)[number];

const KNOWN: ReadonlySet<string> = new Set(NOTICE_KEYS);

export function isNoticeKey(key: string): key is NoticeKey {
  return KNOWN.has(key);
}
