import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { PersonalDataAudit } from '../audit/personal-data-audit';
import { ROLES } from '../http/access';
import type { ApiRegistry } from '../http/api-registry';
import { requestLang } from '../http/console-http';
import { Intake, type IntakeService } from './intake-service';

/** Registering a case that came by phone, visit, letter or fax; and finding the person by mobile first. */
export async function intakeRoutes(
  app: FastifyInstance,
  o: { registry: ApiRegistry; intake: IntakeService; audit: PersonalDataAudit },
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
    async ({ query, staff }) => {
      const match = await o.intake.findBeneficiary(query.mobile);
      // A name found by a mobile number is a view of personal data (the number itself is not recorded).
      if (match)
        await o.audit.viewed(staff.staffId, { type: 'beneficiary', id: match.id }, 'beneficiaryLookup');
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
