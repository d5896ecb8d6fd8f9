import { TelegramError } from '../telegram/telegram-errors';
import { staffAlertText } from '../cases/staff-alert-text';
import { z } from 'zod';
import { formatDeadline } from '../domain/calendar/format-date';
import { PgStaffNotificationRepository } from '../store/staff-notification-repository';
import { t, type StaffBotDeps } from './staff-bot-deps';
import type { StaffMember } from '../cases/staff-roster';

type Notification = Awaited<ReturnType<PgStaffNotificationRepository['pending']>>[number];

const ALERTS_TOPIC_KEY = 'alertsThread';
const BATCH = 20;
/**
 * Alerts older than this when the staff bot first sees them stay in the web console only (`skipped`):
 * a group set up months after the install, or a bot back after days away, would otherwise post a backlog
 * of stale reminders, at Telegram's 20 posts a minute, ahead of the fresh ones.
 */
export const TELEGRAM_ALERT_WINDOW_MS = 3 * 86_400_000;

const Digest = z.object({
  date: z.string(),
  new_requests: z.coerce.number().default(0),
  new_complaints: z.coerce.number().default(0),
  overdue: z.coerce.number().default(0),
  escalated: z.coerce.number().default(0),
  satisfaction: z
    .object({ average: z.string().nullable().optional(), answers: z.coerce.number().optional() })
    .nullable()
    .optional(),
});

/**
 * Delivers the alerts the clocks queue in `staff_notifications` (deadline reminders, overdue and
 * escalated cases, the daily digest, due data deletions, information received or still missing): to the staff member's private chat with
 * the bot when they have a Telegram id and have opened the bot, otherwise to the group's alerts topic
 * addressed to them (or to their role, for alerts with no one named). Each alert is marked sent once
 * it went out; one Telegram refuses for good is marked failed rather than retried forever. Every alert
 * is also in the web console; Telegram is the second place, so alerts past `TELEGRAM_ALERT_WINDOW_MS`
 * are left to the console.
 */
export class AlertDeliverer {
  private readonly notifications: PgStaffNotificationRepository;

  constructor(private readonly deps: StaffBotDeps) {
    this.notifications = new PgStaffNotificationRepository(deps.now);
  }

  /** One pass over pending alerts; returns how many were delivered. */
  async deliverPending(): Promise<number> {
    const { db, logger } = this.deps;
    const cutoff = new Date(this.deps.now().getTime() - TELEGRAM_ALERT_WINDOW_MS);
    const stale = await this.notifications.skipOlderThan(db, cutoff);
    if (stale > 0) logger.info({ stale }, 'staff bot: older alerts left to the web console');
    let delivered = 0;
    // The same cutoff again: an old alert written after the skip above is left for the next pass's.
    for (const alert of await this.notifications.pending(db, BATCH, cutoff)) {
      try {
        await this.deliver(alert);
        await this.notifications.markSent(db, alert.id);
        delivered++;
      } catch (error) {
        if (error instanceof TelegramError && error.code >= 400 && error.code < 500 && error.code !== 429) {
          logger.error({ alertId: alert.id, error: error.description }, 'staff bot: alert refused for good');
          await this.notifications.markFailed(db, alert.id);
          continue;
        }
        // Telegram out of reach: stop this pass, the next one tries again in order.
        throw error;
      }
    }
    return delivered;
  }

  private async deliver(alert: Notification): Promise<void> {
    const text = this.text(alert);
    const member = alert.recipient.startsWith('role:')
      ? undefined
      : await this.deps.roster.byId(alert.recipient);
    if (member?.telegramUserId !== undefined && (await this.sendPrivately(member, text))) return;
    const to = member
      ? member.name
      : alert.recipient.startsWith('role:')
        ? t(this.deps, `staff.role.${alert.recipient.slice('role:'.length)}`)
        : alert.recipient;
    const threadId = await this.alertsThread();
    await this.deps.api.sendText(
      this.deps.groupId,
      t(this.deps, 'staff.alert.to', { to, text }),
      threadId === null ? {} : { threadId },
    );
  }

  /** False when the bot may not write to them first (403) or the chat is unknown (400). */
  private async sendPrivately(member: StaffMember, text: string): Promise<boolean> {
    try {
      await this.deps.api.sendText(member.telegramUserId!, text);
      return true;
    } catch (error) {
      if (error instanceof TelegramError && (error.code === 403 || error.code === 400)) {
        this.deps.logger.info(
          { staffId: member.id, error: error.description },
          'staff bot: cannot write to the staff member privately; alert goes to the group',
        );
        return false;
      }
      throw error;
    }
  }

  /** The group's alerts topic, created once and remembered; null where topics are off. */
  private async alertsThread(): Promise<number | null> {
    const { db, topics, api, groupId } = this.deps;
    if (!this.deps.forum.enabled) return null;
    const known = await topics.state<{ chatId: number; threadId: number }>(db, ALERTS_TOPIC_KEY);
    if (known && known.chatId === groupId) return known.threadId;
    try {
      const threadId = await api.createForumTopic(groupId, t(this.deps, 'staff.alertsTopic'));
      await topics.setState(db, ALERTS_TOPIC_KEY, { chatId: groupId, threadId });
      return threadId;
    } catch (error) {
      if (error instanceof TelegramError && (error.code === 400 || error.code === 403)) {
        this.deps.forum.enabled = false;
        return null;
      }
      throw error;
    }
  }

  /** The alert in words, in the staff language; an unknown kind is still shown, plainly. */
  private text(alert: Notification): string {
    const { profile, lang } = this.deps;
    const data = alert.data ?? {};
    const ref = alert.subject_id ?? '';
    const due = (value: unknown) =>
      typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)
        ? formatDeadline(value.slice(0, 10), lang, profile.calendar.timeZone, profile.languages.arabicDigits)
        : { hijri: '-', gregorian: '-' };
    const subject = t(
      this.deps,
      alert.subject_type === 'complaint' ? 'staff.subject.complaint' : 'staff.subject.request',
    );
    switch (alert.kind) {
      case 'deadline.reminder': {
        const date = due(data.dueDate);
        return t(this.deps, 'staff.alert.reminder', {
          ref,
          dueHijri: date.hijri,
          dueGregorian: date.gregorian,
          count: Number(data.workingDaysLeft ?? 0),
        });
      }
      case 'case.escalated': {
        const date = due(data.dueDate);
        const role = typeof data.role === 'string' ? data.role : 'manager';
        return t(this.deps, 'staff.alert.escalated', {
          subject,
          ref,
          role: t(this.deps, `staff.role.${role}`),
          level: Number(data.level ?? 1),
          dueHijri: date.hijri,
          dueGregorian: date.gregorian,
        });
      }
      case 'case.assigned':
        return t(this.deps, 'staff.alert.assigned', {
          ref,
          by: typeof data.by === 'string' ? data.by : '-',
        });
      case 'data.deletionDue':
        return t(this.deps, 'staff.alert.deletionDue', { ref });
      case 'request.infoReceived': {
        const date = due(data.dueDate);
        return t(this.deps, 'staff.alert.infoReceived', {
          ref,
          dueHijri: date.hijri,
          dueGregorian: date.gregorian,
        });
      }
      case 'request.infoOverdue':
        return t(this.deps, 'staff.alert.infoOverdue', { ref, count: Number(data.reminders ?? 0) });
      case 'digest.daily': {
        const digest = Digest.safeParse(data);
        if (!digest.success) break;
        const d = digest.data;
        // A number (one decimal), so the translator writes it in the profile's digits like the counts.
        const average = d.satisfaction?.average ? Number(Number(d.satisfaction.average).toFixed(1)) : '-';
        return t(this.deps, 'staff.alert.digest', {
          date: d.date,
          newRequests: d.new_requests,
          newComplaints: d.new_complaints,
          overdue: d.overdue,
          escalated: d.escalated,
          satisfaction: average,
        });
      }
      default:
        // Kinds without a Telegram wording of their own (field calls, sign-ups, erasures, any added
        // later): the console's text of the kind (`alerts.<kind>`), or its plain "alert (kind)".
        return staffAlertText(
          { kind: alert.kind, subjectType: alert.subject_type, subjectId: alert.subject_id, data },
          {
            translator: this.deps.translator,
            lang,
            timeZone: profile.calendar.timeZone,
            arabicDigits: profile.languages.arabicDigits,
          },
        );
    }
    return t(this.deps, 'staff.alert.other', { kind: alert.kind, ref: ref || '-' });
  }
}
