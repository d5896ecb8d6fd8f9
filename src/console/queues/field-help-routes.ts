import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { localized } from '../../config/localized';
import type { Profile } from '../../config/profile-schema';
import type { FieldHelpQueue } from '../../cases/field-help-queue';
import type { PgStaffAccountRepository } from '../../store/console/staff-account-repository';
import type { Database } from '../../store/database';
import { ROLES } from '../http/access';
import type { ApiRegistry } from '../http/api-registry';
import { requestLang } from '../http/console-http';
import { InternalNote, QueueReference, staffNames } from './queue-params';

export interface FieldHelpRouteOptions {
  registry: ApiRegistry;
  db: Database;
  profile: Profile;
  accounts: PgStaffAccountRepository;
  queue: Pick<FieldHelpQueue, 'list' | 'claim' | 'done'>;
}

const Status = z.enum(['open', 'claimed', 'done']);
const ListQuery = z.object({ status: Status.default('open') }).strict();
const DoneBody = z.object({ note: InternalNote.optional() }).strict();
const Answer = z.object({ status: Status });

const Call = z.object({
  reference: z.string(),
  kind: z.string(),
  kindLabel: z.string(),
  urgent: z.boolean(),
  where: z.string().nullable(),
  location: z.object({ latitude: z.number(), longitude: z.number() }).nullable(),
  details: z.string().nullable(),
  channel: z.string().nullable(),
  status: Status,
  claimedBy: z.string().nullable(),
  claimedByName: z.string().nullable(),
  createdAt: z.string(),
});

/** The field representatives' queue: calls by status, claim one (someone is on the way), mark it done. */
export async function fieldHelpRoutes(app: FastifyInstance, o: FieldHelpRouteOptions): Promise<void> {
  const access = { roles: ROLES.fieldHelpQueue };

  o.registry.add(
    app,
    {
      method: 'GET',
      url: '/api/queues/field-help',
      access,
      tag: 'queues',
      summary: 'Field-help calls by status: open ones urgent first then oldest first, done ones latest first',
      query: ListQuery,
      response: { schema: z.object({ items: z.array(Call) }) },
    },
    async ({ req, query }) => {
      const lang = requestLang(req);
      const nameOf = await staffNames(o.db, o.profile, o.accounts);
      const kinds = new Map(o.profile.fieldHelp.kinds.map((k) => [k.id, localized(k.name, lang)]));
      const items = (await o.queue.list(query.status)).map((call) => ({
        ...call,
        kindLabel: kinds.get(call.kind) ?? call.kind,
        claimedByName: nameOf(call.claimedBy),
      }));
      return { items };
    },
  );

  o.registry.add(
    app,
    {
      method: 'POST',
      url: '/api/queues/field-help/:reference/claim',
      access,
      tag: 'queues',
      summary: 'Take an open call: the person is told a field representative is on the way',
      params: QueueReference,
      response: { schema: Answer },
    },
    ({ params, staff }) => o.queue.claim(params.reference, staff.staffId),
  );

  o.registry.add(
    app,
    {
      method: 'POST',
      url: '/api/queues/field-help/:reference/done',
      access,
      tag: 'queues',
      summary: 'Mark a call done, with an internal note: the person is told',
      params: QueueReference,
      body: DoneBody,
      response: { schema: Answer },
    },
    ({ params, body, staff }) => o.queue.done(params.reference, staff.staffId, body.note),
  );
}
