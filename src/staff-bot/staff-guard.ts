import { t, type StaffBotDeps } from './staff-bot-deps';
import type { StaffMember } from '../cases/staff-roster';
import type { TelegramActor } from './staff-update';

/** Why the console refused someone. */
export type RefusalCode =
  'ERR_NOT_STAFF' | 'ERR_POLICY_NOT_ACKNOWLEDGED' | 'ERR_ROLE_NOT_ALLOWED' | 'ERR_NOT_CLAIMER';

export type GuardResult =
  | { ok: true; member: StaffMember }
  /** `text` for a message; `short` fits a button's pop-up (200 characters). */
  | { ok: false; code: RefusalCode; text: string; short: string };

/** What was attempted, for the log line and the audit event of a refusal. */
export interface Attempt {
  action: string;
  reference?: string;
}

/**
 * Who may act in the staff bot: a known Telegram user id (profile or staff accounts) who has
 * acknowledged the current policy. Every refusal is logged and recorded in the audit trail, with the
 * Telegram user id as the actor when the person is not staff.
 */
export class StaffGuard {
  private readonly acknowledged = new Set<string>();

  constructor(private readonly deps: StaffBotDeps) {}

  /** The staff member behind `from`, if they may act at all (known and acknowledged). */
  async check(from: TelegramActor, attempt: Attempt): Promise<GuardResult> {
    const member = await this.deps.roster.byTelegramUser(from.userId);
    if (!member) {
      const text = t(this.deps, 'errors.notStaff');
      await this.refuse(from, undefined, 'ERR_NOT_STAFF', attempt);
      return { ok: false, code: 'ERR_NOT_STAFF', text, short: text };
    }
    if (!(await this.hasAcknowledged(member))) {
      await this.refuse(from, member, 'ERR_POLICY_NOT_ACKNOWLEDGED', attempt);
      return {
        ok: false,
        code: 'ERR_POLICY_NOT_ACKNOWLEDGED',
        text: this.ackReminder(member),
        short: t(this.deps, 'staff.ack.short', { version: this.deps.profile.policy.version }),
      };
    }
    return { ok: true, member };
  }

  /** Logs a refusal (pino, warn) and records it as an audit event. Never throws. */
  async refuse(
    from: TelegramActor,
    member: StaffMember | undefined,
    code: string,
    attempt: Attempt,
  ): Promise<void> {
    const { logger, events, db, now } = this.deps;
    logger.warn(
      {
        telegramUserId: from.userId,
        staffId: member?.id,
        code,
        action: attempt.action,
        reference: attempt.reference,
      },
      'staff bot: action refused',
    );
    try {
      await events.append(db, {
        actor: member ? `staff:${member.id}` : `telegram:${from.userId}`,
        subjectType: 'staff_console',
        subjectId: attempt.reference ?? 'console',
        type: 'staff.refused',
        data: { code, action: attempt.action, telegramUserId: from.userId },
        at: now(),
      });
    } catch (err) {
      logger.error({ err }, 'staff bot: could not record a refusal');
    }
  }

  async hasAcknowledged(member: StaffMember): Promise<boolean> {
    const version = this.deps.profile.policy.version;
    const key = `${member.id}\u0000${version}`;
    if (this.acknowledged.has(key)) return true;
    const done = await this.deps.topics.hasAcknowledged(this.deps.db, member.id, version);
    if (done) this.acknowledged.add(key);
    return done;
  }

  /**
   * `/ack`: records that the member read and accepts the current policy, with an audit event.
   * Returns the reply for them.
   */
  async acknowledge(from: TelegramActor): Promise<string> {
    const member = await this.deps.roster.byTelegramUser(from.userId);
    if (!member) {
      await this.refuse(from, undefined, 'ERR_NOT_STAFF', { action: 'ack' });
      return t(this.deps, 'errors.notStaff');
    }
    const { db, topics, events, profile, now } = this.deps;
    const version = profile.policy.version;
    const at = now();
    const recorded = await db.transaction(async (tx) => {
      const fresh = await topics.acknowledge(tx, {
        staffId: member.id,
        version,
        telegramUserId: from.userId,
        at,
      });
      if (fresh) {
        await events.append(tx, {
          actor: `staff:${member.id}`,
          subjectType: 'staff',
          subjectId: member.id,
          type: 'staff.policyAcknowledged',
          data: { version, telegramUserId: from.userId },
          at,
        });
      }
      return fresh;
    });
    this.acknowledged.add(`${member.id}\u0000${version}`);
    return t(this.deps, recorded ? 'staff.ack.done' : 'staff.ack.already', {
      name: member.name,
      version,
    });
  }

  ackReminder(member: StaffMember): string {
    const { policy } = this.deps.profile;
    return t(this.deps, 'staff.ack.required', {
      name: member.name,
      version: policy.version,
      url: policy.url ?? '',
    });
  }
}
