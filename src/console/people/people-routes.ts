import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { PersonalDataAudit } from '../audit/personal-data-audit';
import { ROLES } from '../http/access';
import type { ApiRegistry } from '../http/api-registry';
import type { PeopleService } from './people-service';

const FindQuery = z
  .object({
    mobile: z.string().trim().min(1).max(40).optional(),
    reference: z.string().trim().min(1).max(40).optional(),
  })
  .strict()
  .refine((q) => !!q.mobile !== !!q.reference, 'give a mobile or a case reference');

const Person = z.object({
  id: z.string(),
  fullName: z.string().nullable(),
  mobile: z.string().nullable(),
  mobileVerified: z.boolean(),
  identities: z.array(z.object({ channel: z.string(), phone: z.string().nullable() })),
  cases: z.array(z.string()),
  createdAt: z.string(),
  matchedBy: z
    .array(z.string())
    .optional()
    .describe('how the mobile matched: `staff` or a chat platform (vouched for), `typed` (typed in a chat)'),
});

const MergeBody = z
  .object({
    keepId: z.string().uuid().describe('the record that stays'),
    mergeId: z.string().uuid().describe('the record merged into it, then deleted'),
    reason: z
      .string()
      .trim()
      .min(3)
      .max(500)
      .describe('why they are the same person (kept in the audit trail)'),
  })
  .strict()
  .refine((b) => b.keepId !== b.mergeId, { path: ['mergeId'], message: 'the kept record itself' });

/** Finding two records of one person and merging them (management and the administrator). */
export async function peopleRoutes(
  app: FastifyInstance,
  o: { registry: ApiRegistry; people: PeopleService; audit: PersonalDataAudit },
): Promise<void> {
  const access = { roles: ROLES.mergePeople };
  o.registry.add(
    app,
    {
      method: 'GET',
      url: '/api/people',
      access,
      tag: 'people',
      summary: 'The people a mobile number or a case reference points to, with their channels and cases',
      query: FindQuery,
      response: { schema: z.object({ people: z.array(Person) }) },
    },
    async ({ query, staff }) => {
      const people = await o.people.find(query);
      for (const person of people)
        await o.audit.viewed(staff.staffId, { type: 'beneficiary', id: person.id }, 'beneficiaryLookup');
      return { people };
    },
  );

  o.registry.add(
    app,
    {
      method: 'POST',
      url: '/api/people/merge',
      access,
      tag: 'people',
      summary:
        'Merge two records of one person: every channel, case, consent and sign-up of `mergeId` moves to `keepId`',
      body: MergeBody,
      response: {
        schema: z.object({ keptId: z.string(), moved: z.record(z.string(), z.number()) }),
      },
    },
    ({ body, staff }) => o.people.merge(body, staff.staffId),
  );
}
