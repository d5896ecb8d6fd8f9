import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CaseError } from '../../cases/rules/case-error';
import { parseReference } from '../../cases/rules/reference';
import { ASSIGNERS, NotAnOfficerError, type CaseAssignments } from '../../cases/case-assignment';
import { PgCaseTargetRepository } from '../../store/console/case-target-repository';
import type { Database } from '../../store/database';
import type { ApiRegistry } from '../http/api-registry';
import { validationError } from '../http/console-errors';
import { caseScope, inScope } from './case-scope';

export interface AssignRouteOptions {
  registry: ApiRegistry;
  db: Database;
  assignments: Pick<CaseAssignments, 'assign' | 'officers'>;
}

const ReferenceParams = z.object({
  reference: z
    .string()
    .max(40)
    .transform((text, ctx) => {
      const reference = parseReference(text);
      if (!reference) ctx.addIssue({ code: 'custom', message: 'not a reference number (e.g. REQ-4821-27)' });
      return reference ?? '';
    }),
});
const AssignBody = z
  .object({
    officerId: z
      .string()
      .trim()
      .toLowerCase()
      .min(1)
      .max(64)
      .describe('the staff id of a liaison officer or volunteer (GET /api/officers lists them)'),
  })
  .strict();
const Officer = z.object({
  id: z.string(),
  name: z.string(),
  roles: z.array(z.string()),
  categories: z.array(z.string()),
});

/** Run-time assignment of a case to an officer: the same `CaseAssignments` as `/assign` on Telegram. */
export async function assignRoutes(app: FastifyInstance, o: AssignRouteOptions): Promise<void> {
  const assigners = { roles: ASSIGNERS };
  const targets = new PgCaseTargetRepository();

  o.registry.add(
    app,
    {
      method: 'GET',
      url: '/api/officers',
      access: assigners,
      tag: 'cases',
      summary: 'Who a case can be assigned to: active liaison officers and volunteers, with their categories',
      response: { schema: z.object({ officers: z.array(Officer) }) },
    },
    async () => ({
      officers: (await o.assignments.officers()).map((m) => ({
        id: m.id,
        name: m.name,
        roles: [...m.roles],
        categories: [...m.categories],
      })),
    }),
  );

  o.registry.add(
    app,
    {
      method: 'POST',
      url: '/api/cases/:reference/assign',
      access: assigners,
      tag: 'cases',
      summary:
        'Assign a request, complaint or handoff to a named officer (audit event; the officer is alerted on Telegram)',
      params: ReferenceParams,
      body: AssignBody,
      response: {
        schema: z.object({ reference: z.string(), from: z.string().nullable(), to: z.string() }),
      },
    },
    async ({ params, body, staff }) => {
      const target = await targets.forAssignment(o.db, params.reference);
      if (!target || !inScope(caseScope(staff), target.scopeCategory))
        throw new CaseError('ERR_CASE_NOT_FOUND', params.reference);
      try {
        const result = await o.assignments.assign(params.reference, body.officerId, {
          id: staff.staffId,
          roles: staff.roles,
        });
        return { reference: result.reference, from: result.from, to: result.to.id };
      } catch (error) {
        if (error instanceof NotAnOfficerError)
          throw validationError([
            { path: 'body.officerId', message: 'not an active liaison officer or volunteer' },
          ]);
        throw error;
      }
    },
  );
}
