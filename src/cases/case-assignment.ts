import pino, { type Logger } from 'pino';
import type { Profile, StaffRole } from '../config/profile-schema';
import { CaseError } from './rules/case-error';
import { PgCaseRoutingRepository } from '../store/case-routing-repository';
import type { Database } from '../store/database';
import type { PgEventLog } from '../store/event-log';
import { PgStaffNotificationRepository } from '../store/staff-notification-repository';
import type { Actor } from './case-actions';
import { StaffRoster, type StaffMember } from './staff-roster';

/** Who may hand a case to an officer: the follow-up committee, management, administrators. */
export const ASSIGNERS: readonly StaffRole[] = ['committee', 'manager', 'admin'];
/** Who a case may be handed to: liaison officers, or a volunteer of the pool. */
export const ASSIGNABLE: readonly StaffRole[] = ['liaison', 'volunteer'];

/** The officer named is not an active staff member who can take cases. */
export class NotAnOfficerError extends Error {
  readonly code = 'ERR_NOT_AN_OFFICER';
  constructor(readonly officerId: string) {
    super(`${officerId} is not a liaison officer or volunteer`);
    this.name = 'NotAnOfficerError';
  }
}

export interface AssignmentResult {
  reference: string;
  subjectType: string;
  from: string | null;
  to: StaffMember;
}

/**
 * Hands a request, complaint or handoff to a named officer at run time (instead of the one routing
 * chose): the case's `routed_to` changes, an audit event says who moved it from whom to whom, and the
 * officer gets an alert (privately from the staff bot, else in the alerts topic). The Telegram console
 * (`/assign`) and the web console share it. Officers are the profile's staff plus the console's
 * accounts (roles and categories changed at run time count).
 */
export class CaseAssignments {
  private readonly roster: StaffRoster;
  private readonly notifications: PgStaffNotificationRepository;
  private readonly routing = new PgCaseRoutingRepository();

  constructor(
    private readonly deps: {
      db: Database;
      profile: Profile;
      events: PgEventLog;
      /** Where an unreadable accounts table is reported (the roster then uses the profile alone). */
      logger?: Logger;
      now?: () => Date;
    },
  ) {
    this.notifications = new PgStaffNotificationRepository(deps.now);
    this.roster = new StaffRoster({
      profile: deps.profile,
      db: deps.db,
      logger: deps.logger ?? pino({ level: 'silent' }),
      cacheMs: 0,
    });
  }

  /** The staff a case can be handed to, in roster order. */
  async officers(): Promise<StaffMember[]> {
    return (await this.roster.all()).filter((m) => m.roles.some((r) => ASSIGNABLE.includes(r)));
  }

  async assign(reference: string, officerId: string, actor: Actor): Promise<AssignmentResult> {
    if (!actor.roles.some((r) => ASSIGNERS.includes(r)))
      throw new CaseError('ERR_ROLE_NOT_ALLOWED', `assign ${reference}`);
    const officer = (await this.officers()).find((m) => m.id === officerId);
    if (!officer) throw new NotAnOfficerError(officerId);
    const by = (await this.roster.byId(actor.id))?.name ?? actor.id;
    const at = (this.deps.now ?? (() => new Date()))();
    return this.deps.db.transaction(async (tx) => {
      const found = await this.routing.lock(tx, reference);
      if (!found) throw new CaseError('ERR_CASE_NOT_FOUND', reference);
      const { subjectType, routedTo } = found;
      await this.routing.route(tx, subjectType, reference, officer.id);
      await this.deps.events.append(tx, {
        actor: `staff:${actor.id}`,
        subjectType,
        subjectId: reference,
        type: 'case.assigned',
        data: { from: routedTo, to: officer.id },
        at,
      });
      await this.notifications.add(tx, [
        {
          recipient: officer.id,
          kind: 'case.assigned',
          subjectType,
          subjectId: reference,
          data: { by },
          dedupeKey: `assigned:${reference}:${officer.id}:${at.getTime()}`,
        },
      ]);
      return { reference, subjectType, from: routedTo, to: officer };
    });
  }
}
