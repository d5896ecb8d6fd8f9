import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ROLES } from '../http/access';
import type { ApiRegistry } from '../http/api-registry';
import { requestLang } from '../http/console-http';
import { Intake, type IntakeService } from './intake-service';

/** Registering a case that came by phone, visit, letter or fax; and finding the person by mobile first. */
export async function intakeRoutes(
  app: FastifyInstance,
  o: { registry: ApiRegistry; intake: IntakeService },
): Promise<void> {
  o.registry.add(
    app,
    {
      method: 'GET',
      url: '/api/intake/beneficiary',
      access: { roles: ROLES.intake },
      tag: 'intake',
      summary:
        'Who has this mobile number: their name, the chat channels they can be told on, how many cases',
      query: z.object({ mobile: z.string().min(1).max(40) }),
      response: {
        schema: z.object({
          found: z.boolean(),
          name: z.string().nullable().optional(),
          chatChannels: z.array(z.string()).optional(),
          cases: z.number().optional(),
        }),
      },
    },
    async ({ query }) => {
      const match = await o.intake.findBeneficiary(query.mobile);
      return match
        ? { found: true, name: match.name, chatChannels: match.chatChannels, cases: match.cases }
        : { found: false };
    },
  );

  o.registry.add(
    app,
    {
      method: 'POST',
      url: '/api/intake',
      access: { roles: ROLES.intake },
      tag: 'intake',
      summary:
        'Register a request or complaint that arrived by phone, visit, letter or fax (validated like the chat form)',
      body: Intake,
      response: {
        status: 201,
        schema: z.object({
          kind: z.enum(['request', 'complaint']),
          reference: z.string(),
          dueDate: z.string(),
          beneficiary: z.object({ id: z.string(), created: z.boolean() }).nullable(),
          notified: z.boolean(),
        }),
      },
    },
    async ({ req, body, staff }) => o.intake.register(body, { id: staff.staffId }, requestLang(req)),
  );
}
