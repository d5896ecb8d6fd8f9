import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { PersonalDataAudit } from '../audit/personal-data-audit';
import { caseScope } from '../cases/case-scope';
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
        'Who this mobile number points to, for staff to choose from: each person with how the number matched ' +
        '(vouched for by staff or by the chat platform, or only typed in a chat: never selectable), their name, ' +
        "chat channels and number of cases (name and cases only within a liaison officer's or volunteer's categories)",
      query: z.object({ mobile: z.string().min(1).max(40) }),
      response: {
        schema: z.object({
          found: z.boolean(),
          candidates: z.array(
            z.object({
              id: z.string(),
              verified: z.boolean(),
              matchedBy: z.array(z.string()),
              name: z.string().nullable(),
              chatChannels: z.array(z.string()),
              cases: z.number().nullable(),
            }),
          ),
        }),
      },
    },
    async ({ query, staff }) => {
      const scope = caseScope(staff);
      const matches =
        (await o.intake.findBeneficiary(query.mobile, scope.all ? undefined : scope.categories)) ?? [];
      // A name found by a mobile number is a view of personal data (the number itself is not recorded).
      for (const match of matches.filter((m) => m.inScope))
        await o.audit.viewed(staff.staffId, { type: 'beneficiary', id: match.id }, 'beneficiaryLookup');
      return {
        found: matches.length > 0,
        candidates: matches.map((m) => ({
          id: m.id,
          verified: m.verified,
          matchedBy: m.matchedBy,
          // Outside the staff member's categories: that someone is on file, not who.
          name: m.inScope ? m.fullName : null,
          chatChannels: m.chatChannels,
          cases: m.inScope ? m.cases : null,
        })),
      };
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
