import { z } from 'zod';
import type { Profile } from '../../config/profile-schema';
import { REFERENCE_PREFIXES } from '../rules/reference';
import { parseSaudiMobile } from '../../domain/identity/saudi-mobile';
import type { SqlExecutor } from '../../store/database';
import type { PgEventLog } from '../../store/event-log';
import { staffOnRole } from '../../store/reachable-staff';
import type { PgStaffNotificationRepository } from '../../store/staff-notification-repository';
import { PgVolunteerRepository } from '../../store/volunteer-repository';
import type { EffectHandler } from '../../conversation/effect-handlers';

const volunteers = new PgVolunteerRepository();

const SignUp = z.object({
  fullName: z.string().trim().min(1).max(200),
  mobile: z.string(),
  city: z.string().trim().min(1).max(200),
  availability: z.enum(['weekdays', 'weekends', 'seasons', 'flexible']),
  skills: z.string().trim().min(1).max(2000),
});

/** Who a sign-up goes to: its owner (`routedTo`, null for nobody), who is alerted, and whether anyone can read it. */
export interface VolunteerRouting {
  routedTo: string | null;
  alerted: string[];
  told: boolean;
}

/**
 * Who takes a volunteer sign-up, among the active staff: a volunteering coordinator (the first who can
 * read alerts, else the first; all the coordinators are alerted); without one, a staff member with the
 * `volunteer` role (how an association named its coordinator before the role existed); without either,
 * nobody: the sign-up waits in the queue and the alert goes to the `coordinator` role (the staff group,
 * when there is one). `told`: someone who can read the alert got it (`staffOnRole`).
 */
export async function routeVolunteer(tx: SqlExecutor, profile: Profile): Promise<VolunteerRouting> {
  const coordinators = await staffOnRole(tx, profile, 'coordinator');
  if (coordinators.length > 0) {
    const owner = coordinators.find((s) => s.reachable) ?? coordinators[0]!;
    return {
      routedTo: owner.id,
      alerted: coordinators.map((s) => s.id),
      told: coordinators.some((s) => s.reachable),
    };
  }
  const volunteers = await staffOnRole(tx, profile, 'volunteer');
  const volunteer = volunteers.find((s) => s.reachable) ?? volunteers[0];
  if (volunteer) return { routedTo: volunteer.id, alerted: [volunteer.id], told: volunteer.reachable };
  return { routedTo: null, alerted: ['role:coordinator'], told: false };
}

/**
 * Stores a volunteer sign-up (`VOL-…`) routed to the volunteering coordinator, alerts them, and records
 * the event. Returns the reference and `told`: `told` when a staff member who can read the alert
 * received the sign-up, `nobody` otherwise, so the confirmation says only what is true.
 */
export function volunteerRecord(deps: {
  profile: Profile;
  events: PgEventLog;
  staffNotifications: PgStaffNotificationRepository;
}): EffectHandler {
  return async (effect, scope) => {
    if (effect.type !== 'createRecord') return;
    const data = SignUp.parse(effect.data);
    const mobile = parseSaudiMobile(data.mobile);
    if (!mobile.ok) throw new Error('volunteer sign-up: not a Saudi mobile number');
    const { routedTo, alerted, told } = await routeVolunteer(scope.tx, deps.profile);
    const reference = await volunteers.signUp(scope.tx, REFERENCE_PREFIXES.volunteer, {
      beneficiaryId: scope.beneficiaryId,
      fullName: data.fullName,
      mobile: mobile.e164,
      city: data.city,
      availability: data.availability,
      skills: data.skills,
      routedTo,
      channel: scope.channel,
      at: scope.now,
    });
    await deps.staffNotifications.add(
      scope.tx,
      alerted.map((recipient) => ({
        recipient,
        kind: 'volunteer.signedUp',
        subjectType: 'volunteer',
        subjectId: reference,
        data: { availability: data.availability },
        dedupeKey: `volunteer-${reference}-${recipient}`,
      })),
    );
    await deps.events.append(scope.tx, {
      actor: `beneficiary:${scope.beneficiaryId}`,
      subjectType: 'volunteer',
      subjectId: reference,
      type: 'volunteer.signedUp',
      data: { routedTo, alerted, availability: data.availability, channel: scope.channel },
      at: scope.now,
    });
    return { ref: reference, told: told ? 'told' : 'nobody' };
  };
}
