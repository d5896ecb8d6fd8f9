import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Profile } from '../../config/profile-schema';
import { describePromiseGap, findPromiseGaps } from '../../cases/promise-owners';
import type { Translator } from '../../i18n/translator';
import type { Database } from '../../store/database';
import { ROLES } from '../http/access';
import type { ApiRegistry } from '../http/api-registry';
import { requestLang } from '../http/console-http';

/**
 * What the console's home page warns about: each enabled flow whose work nobody can receive (no active
 * staff member with the role or category, no staff group) and a coming year whose holidays nobody
 * reviewed, with the fix, in the caller's language. Read
 * from the staff as they stand, so giving someone the role clears the warning at once.
 */
export async function setupRoutes(
  app: FastifyInstance,
  o: {
    registry: ApiRegistry;
    db: Database;
    profile: Profile;
    translator: Translator;
    staffGroup: boolean;
    /** Today's local date, for the holiday table's review. */
    today: () => string;
  },
): Promise<void> {
  o.registry.add(
    app,
    {
      method: 'GET',
      url: '/api/setup/warnings',
      access: { roles: ROLES.anyStaff },
      tag: 'setup',
      summary:
        'Enabled flows whose promises nobody can keep (no one with the role or category) and holidays nobody reviewed for the coming year, with the fix',
      response: {
        schema: z.object({
          warnings: z.array(
            z.object({ flow: z.string(), code: z.string(), message: z.string(), fix: z.string() }),
          ),
        }),
      },
    },
    async ({ req, reply }) => {
      void reply.header('cache-control', 'no-store');
      const lang = requestLang(req);
      const gaps = await findPromiseGaps(o.db, o.profile, { staffGroup: o.staffGroup, today: o.today() });
      return {
        warnings: gaps.map((gap) => ({
          flow: gap.flow,
          code: gap.code,
          ...describePromiseGap(gap, { translator: o.translator, profile: o.profile, lang }),
        })),
      };
    },
  );
}
