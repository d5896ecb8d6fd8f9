import { z } from 'zod';
import type { Profile } from '../../config/profile-schema';
import { parseReference } from '../../cases/rules/reference';
import type { PgStaffAccountRepository } from '../../store/console/staff-account-repository';
import type { Database } from '../../store/database';

/** A reference in the path, read as people type it (`fld ٤٨٢١٢٧`); a wrong one is a 400 with its path. */
export const QueueReference = z.object({
  reference: z
    .string()
    .max(40)
    .transform((text, ctx) => {
      const reference = parseReference(text);
      if (!reference) ctx.addIssue({ code: 'custom', message: 'not a reference number (e.g. FLD-4821-27)' });
      return reference ?? '';
    }),
});

/** An internal note staff add to a change: kept on the case, never sent to the person. */
export const InternalNote = z.string().trim().max(1000).describe('internal: never sent to the person');

/**
 * Display names of staff ids: the profile's staff, then every console account over them (a member
 * deactivated since still has a name on the calls they took). An id nobody knows stays as it is.
 */
export async function staffNames(
  db: Database,
  profile: Profile,
  accounts: PgStaffAccountRepository,
): Promise<(id: string | null) => string | null> {
  const names = new Map(profile.staff.map((s) => [s.id, s.name]));
  for (const [id, name] of await accounts.displayNames(db)) names.set(id, name);
  return (id) => (id === null ? null : (names.get(id) ?? id));
}
