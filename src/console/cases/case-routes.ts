import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { localized } from '../../config/localized';
import type { Profile } from '../../config/profile-schema';
import { CaseError } from '../../cases/rules/case-error';
import { COMPLAINT_RULES, type ComplaintAction } from '../../cases/rules/complaint-transitions';
import { parseReference } from '../../cases/rules/reference';
import { REQUEST_RULES, type RequestAction } from '../../cases/rules/request-transitions';
import type { Lang } from '../../domain/lang';
import type { Translator } from '../../i18n/translator';
import type { FieldCipher } from '../../security/field-cipher';
import { PgCaseTargetRepository } from '../../store/console/case-target-repository';
import type { Database } from '../../store/database';
import type { PersonalDataAudit } from '../audit/personal-data-audit';
import type { ConsoleOptions } from '../console-options';
import { ROLES } from '../http/access';
import type { ApiRegistry } from '../http/api-registry';
import { attachment, requestLang } from '../http/console-http';
import { validationError } from '../http/console-errors';
import { Labels } from '../http/labels';
import { exportTable, ExportQuery } from '../exports/table-export';
import { CaseDetails } from './case-detail';
import { CaseFilters, CaseList } from './case-list';
import { caseScope, inScope } from './case-scope';
import { caseListTable } from './case-table';

export interface CaseRouteOptions {
  registry: ApiRegistry;
  db: Database;
  profile: Profile;
  caseActions: ConsoleOptions['caseActions'];
  translator: Translator;
  cipher?: FieldCipher;
  today: () => string;
  defaultLang: Lang;
  audit: PersonalDataAudit;
}

/**
 * The most rows one export carries. The file is built in memory (XLSX needs the whole workbook), so a
 * bound keeps one click from holding the server; a cut is never silent: the file ends with a note and
 * the response says how many rows there were (`x-export-total`).
 */
export const EXPORT_ROW_LIMIT = 10_000;

/** The audit trail's name of a case's kind. */
const subjectType = (kind: 'request' | 'complaint') => (kind === 'request' ? 'service_request' : 'complaint');

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

const ACTIONS = [...Object.keys(REQUEST_RULES), ...Object.keys(COMPLAINT_RULES)] as [string, ...string[]];
const ActionBody = z
  .object({
    action: z
      .enum(ACTIONS)
      .describe('a request action (approve, reject, …) or a complaint action (assign, resolve, …)'),
    reason: z.string().trim().max(1000).optional(),
    reasonId: z
      .string()
      .regex(/^[a-z][a-z0-9-]*$/)
      .optional()
      .describe('a rejection reason of the profile; its text goes to the applicant in their language'),
    missing: z
      .object({
        fields: z.array(z.string().max(60)).max(50).default([]),
        documents: z.array(z.string().max(60)).max(50).default([]),
      })
      .strict()
      .optional()
      .describe(
        "with askInfo: the service's field and document ids the applicant must send (then no reason is needed)",
      ),
  })
  .strict();

const CaseRowSchema = z.object({
  kind: z.enum(['request', 'complaint']),
  reference: z.string(),
  status: z.string(),
  ticketKind: z.string().nullable(),
  serviceId: z.string().nullable(),
  categoryId: z.string().nullable(),
  channel: z.string(),
  dueDate: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  overdue: z.boolean(),
  escalationLevel: z.number(),
  applicant: z.object({ name: z.string().nullable(), mobile: z.string().nullable() }),
  officer: z.string().nullable(),
});

/** The case list, one case with its timeline, the decisions (through `CaseActions`), and the list's export. */
export async function caseRoutes(app: FastifyInstance, o: CaseRouteOptions): Promise<void> {
  const list = new CaseList(o.profile, o.cipher);
  const details = new CaseDetails(o.profile, o.cipher);
  const targets = new PgCaseTargetRepository();

  o.registry.add(
    app,
    {
      method: 'GET',
      url: '/api/cases',
      access: { roles: ROLES.caseViewers },
      tag: 'cases',
      summary:
        'Requests and complaints in one list, filtered (liaison officers and volunteers: their categories)',
      query: CaseFilters,
      response: {
        schema: z.object({
          total: z.number(),
          page: z.number(),
          pageSize: z.number(),
          rows: z.array(CaseRowSchema),
        }),
      },
    },
    async ({ query, staff }) => {
      const result = await list.page(o.db, query, caseScope(staff), o.today());
      return { total: result.total, page: query.page, pageSize: query.pageSize, rows: result.rows };
    },
  );

  o.registry.add(
    app,
    {
      method: 'GET',
      url: '/api/cases/export',
      access: { roles: ROLES.caseViewers },
      tag: 'cases',
      summary:
        'The filtered case list as CSV (UTF-8 with BOM) or XLSX, up to 10 000 rows (a cut is said in the file and in `x-export-total`)',
      query: CaseFilters.extend(ExportQuery.shape),
      response: {
        contentType: 'text/csv, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      },
    },
    async ({ req, reply, query, staff }) => {
      const lang = query.lang ?? requestLang(req);
      const result = await list.page(o.db, query, caseScope(staff), o.today(), { limit: EXPORT_ROW_LIMIT });
      // Names and mobiles leave the app in a file: recorded with the filters and the number of rows (the
      // search text only as "searched": it may be a name or a mobile number itself).
      const { lang: _lang, format, q, ...filters } = query;
      await o.audit.viewed(staff.staffId, { type: 'case_list', id: 'export' }, 'caseListExport', {
        format,
        filters,
        searched: Boolean(q),
        rows: result.rows.length,
      });
      const l = new Labels(o.profile, o.translator, lang);
      const table = caseListTable(result.rows, o.profile, l);
      const cut = result.total > result.rows.length;
      if (cut)
        table.note = l.t('console.cases.exportCut', { shown: result.rows.length, total: result.total });
      const file = await exportTable(table, query.format);
      return reply
        .header('x-export-rows', String(result.rows.length))
        .header('x-export-total', String(result.total))
        .header('content-type', file.contentType)
        .header('content-disposition', attachment(`cases-${o.today()}.${query.format}`))
        .header('cache-control', 'no-store')
        .send(file.body);
    },
  );

  o.registry.add(
    app,
    {
      method: 'GET',
      url: '/api/cases/:reference',
      access: { roles: ROLES.caseViewers },
      tag: 'cases',
      summary:
        'One case with its own timeline (events, the chat that made it, notifications about it and their status, alerts, documents); audited',
      params: ReferenceParams,
    },
    async ({ params, staff }) => {
      const detail = await details.load(o.db, params.reference, caseScope(staff), staff.roles, o.today());
      // Out of the person's categories answers like an unknown number: it does not say the case exists.
      if (!detail) throw new CaseError('ERR_CASE_NOT_FOUND', params.reference);
      await o.audit.viewed(
        staff.staffId,
        { type: subjectType(detail.kind), id: detail.reference },
        'caseDetail',
        { beneficiaryId: detail.beneficiary?.id ?? null },
      );
      return detail;
    },
  );

  o.registry.add(
    app,
    {
      method: 'GET',
      url: '/api/cases/:reference/person-history',
      access: { roles: ROLES.personHistory },
      tag: 'cases',
      summary:
        'The chat messages of the person behind a case, all their conversations (need to know: managers and administrators); audited',
      params: ReferenceParams,
      response: {
        schema: z.object({ beneficiaryId: z.string().nullable(), timeline: z.array(z.unknown()) }),
      },
    },
    async ({ params, staff }) => {
      const history = await details.history(o.db, params.reference, caseScope(staff), o.today());
      if (!history) throw new CaseError('ERR_CASE_NOT_FOUND', params.reference);
      await o.audit.viewed(
        staff.staffId,
        { type: 'beneficiary', id: history.beneficiaryId ?? '-' },
        'personHistory',
        {
          reference: params.reference,
          messages: history.timeline.length,
        },
      );
      return history;
    },
  );

  o.registry.add(
    app,
    {
      method: 'POST',
      url: '/api/cases/:reference/actions',
      access: { roles: ROLES.caseActors },
      tag: 'cases',
      summary:
        'Take a decision or step on a case (the same CaseActions as the Telegram console: roles, reasons, audit, notification)',
      params: ReferenceParams,
      body: ActionBody,
      response: {
        schema: z.object({ reference: z.string(), from: z.string(), to: z.string(), notified: z.boolean() }),
      },
    },
    async ({ params, body, staff }) => {
      const target = await targets.forDecision(o.db, params.reference);
      if (!target || !inScope(caseScope(staff), target.scopeCategory)) {
        throw new CaseError('ERR_CASE_NOT_FOUND', params.reference);
      }
      const lang: Lang = target.lang === 'en' || target.lang === 'ar' ? target.lang : o.defaultLang;
      const chosen = body.reasonId
        ? o.profile.rejectionReasons.find((r) => r.id === body.reasonId)
        : undefined;
      // A preset reason is enough on its own: one the profile does not have must not pass for "no reason".
      if (body.reasonId && !chosen) {
        throw validationError([
          { path: 'body.reasonId', message: 'not a rejection reason of this association' },
        ]);
      }
      const reason = [chosen ? localized(chosen.name, lang) : undefined, body.reason || undefined]
        .filter(Boolean)
        .join(' — ');
      const actor = { id: staff.staffId, roles: staff.roles };
      if (target.kind === 'request') {
        if (!(body.action in REQUEST_RULES)) throw new CaseError('ERR_TRANSITION_NOT_ALLOWED', body.action);
        return o.caseActions.request(
          params.reference,
          body.action as RequestAction,
          actor,
          reason || undefined,
          { missing: body.missing },
        );
      }
      if (!(body.action in COMPLAINT_RULES)) throw new CaseError('ERR_TRANSITION_NOT_ALLOWED', body.action);
      return o.caseActions.complaint(
        params.reference,
        body.action as ComplaintAction,
        actor,
        reason || undefined,
      );
    },
  );
}
