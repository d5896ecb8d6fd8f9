import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Profile } from '../../config/profile-schema';
import type { VolunteerQueue } from '../../cases/volunteer-queue';
import { VOLUNTEER_DECISIONS, VOLUNTEER_STATUSES } from '../../cases/rules/volunteer-transitions';
import type { Translator } from '../../i18n/translator';
import type { PgStaffAccountRepository } from '../../store/console/staff-account-repository';
import type { Database } from '../../store/database';
import { ROLES } from '../http/access';
import type { ApiRegistry } from '../http/api-registry';
import { requestLang } from '../http/console-http';
import { InternalNote, QueueReference, staffNames } from './queue-params';

export interface VolunteerRouteOptions {
  registry: ApiRegistry;
  db: Database;
  profile: Profile;
  accounts: PgStaffAccountRepository;
  translator: Translator;
  queue: Pick<VolunteerQueue, 'list' | 'setStatus'>;
}

const Status = z.enum(VOLUNTEER_STATUSES);
const ListQuery = z.object({ status: Status.default('new') }).strict();
const StatusBody = z
  .object({
    status: z
      .enum(VOLUNTEER_DECISIONS)
      .describe('new → contacted → accepted | declined (accepted or declined straight from new too)'),
    note: InternalNote.optional(),
  })
  .strict();

const SignUp = z.object({
  reference: z.string(),
  fullName: z.string(),
  mobile: z.string(),
  city: z.string(),
  availability: z.string(),
  availabilityLabel: z.string(),
  skills: z.string(),
  status: Status,
  routedTo: z.string().nullable(),
  routedToName: z.string().nullable(),
  createdAt: z.string(),
});

/** The volunteering coordinator's queue: sign-ups by status, and moving one on (the person told). */
export async function volunteerRoutes(app: FastifyInstance, o: VolunteerRouteOptions): Promise<void> {
  const access = { roles: ROLES.volunteerQueue };

  o.registry.add(
    app,
    {
      method: 'GET',
      url: '/api/queues/volunteers',
      access,
      tag: 'queues',
      summary: 'Volunteer sign-ups by status: new ones oldest first, the others latest change first',
      query: ListQuery,
      response: { schema: z.object({ items: z.array(SignUp) }) },
    },
    async ({ req, query }) => {
      const lang = requestLang(req);
      const nameOf = await staffNames(o.db, o.profile, o.accounts);
      const items = (await o.queue.list(query.status)).map((signUp) => ({
        ...signUp,
        availabilityLabel: o.translator.t(lang, `volunteer.availability.${signUp.availability}`),
        routedToName: nameOf(signUp.routedTo),
      }));
      return { items };
    },
  );

  o.registry.add(
    app,
    {
      method: 'POST',
      url: '/api/queues/volunteers/:reference/status',
      access,
      tag: 'queues',
      summary: 'Move a sign-up on; the person is told when it is accepted or declined',
      params: QueueReference,
      body: StatusBody,
      response: { schema: z.object({ status: Status }) },
    },
    ({ params, body, staff }) => o.queue.setStatus(params.reference, body.status, staff.staffId, body.note),
  );
}
