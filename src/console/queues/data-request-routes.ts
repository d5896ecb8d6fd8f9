import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { DataRequestQueue } from '../../cases/data-request-queue';
import { ROLES } from '../http/access';
import type { ApiRegistry } from '../http/api-registry';
import { QueueReference } from './queue-params';

export interface DataRequestRouteOptions {
  registry: ApiRegistry;
  queue: Pick<DataRequestQueue, 'list' | 'approve' | 'refuse'>;
}

const Status = z.enum(['open', 'completed', 'refused']);
const ListQuery = z.object({ status: Status.default('open') }).strict();
const RefuseBody = z
  .object({ reason: z.string().trim().min(1).max(1000).describe('sent to the person, in the words given') })
  .strict();
const Answer = z.object({
  status: Status.describe(
    '`completed` once erased; `open` while the erasure waits for the notice to reach the person',
  ),
});

const DataRequest = z.object({
  reference: z.string(),
  kind: z.enum(['deletion', 'correction']),
  status: Status,
  dueDate: z.string(),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
});

/**
 * The data-protection officer's queue (administrators): deletion and correction requests by status;
 * carry a deletion out now, or refuse a request with a reason the person receives.
 */
export async function dataRequestRoutes(app: FastifyInstance, o: DataRequestRouteOptions): Promise<void> {
  const access = { roles: ROLES.dataRequests };

  o.registry.add(
    app,
    {
      method: 'GET',
      url: '/api/queues/data-requests',
      access,
      tag: 'queues',
      summary:
        'Data requests (deletion, correction) by status: open ones by due date, closed ones latest first',
      query: ListQuery,
      response: { schema: z.object({ items: z.array(DataRequest) }) },
    },
    async ({ query }) => ({ items: await o.queue.list(query.status) }),
  );

  o.registry.add(
    app,
    {
      method: 'POST',
      url: '/api/queues/data-requests/:reference/approve',
      access,
      tag: 'queues',
      summary: 'Carry out a deletion request now: the person is told, then erased (as on its due date)',
      params: QueueReference,
      response: { schema: Answer },
    },
    ({ params, staff }) => o.queue.approve(params.reference, staff.staffId),
  );

  o.registry.add(
    app,
    {
      method: 'POST',
      url: '/api/queues/data-requests/:reference/refuse',
      access,
      tag: 'queues',
      summary: 'Refuse an open request with a reason: the person is told it',
      params: QueueReference,
      body: RefuseBody,
      response: { schema: Answer },
    },
    ({ params, body, staff }) => o.queue.refuse(params.reference, staff.staffId, body.reason),
  );
}
