import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Profile } from '../../config/profile-schema';
import type { Translator } from '../../i18n/translator';
import type { PgStaffAccountRepository } from '../../store/console/staff-account-repository';
import type { Database, SqlExecutor } from '../../store/database';
import { exportTable, ExportQuery } from '../exports/table-export';
import { ChannelName } from '../../domain/inbound-message';
import { IntakeChannel } from '../intake/intake-service';
import { ROLES } from '../http/access';
import type { ApiRegistry } from '../http/api-registry';
import { validationError } from '../http/console-errors';
import { attachment, requestLang } from '../http/console-http';
import { Labels } from '../http/labels';
import type { DashboardFilters, Period } from './dashboard-figures';
import { DASHBOARD_TABLES, DashboardTables } from './dashboard-tables';

export interface DashboardRouteOptions {
  registry: ApiRegistry;
  db: Database;
  accounts: PgStaffAccountRepository;
  profile: Profile;
  translator: Translator;
  today: () => string;
}

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
const PeriodQuery = z.object({
  from: IsoDate.optional().describe('first day (local), default 29 days before `to`'),
  to: IsoDate.optional().describe('last day (local), default today'),
  service: z
    .string()
    .max(80)
    .optional()
    .describe('a service id, `ticket:complaint|suggestion|compensation`, or `handoff`'),
  channel: z.enum([...ChannelName.options, ...IntakeChannel.options]).optional(),
  officer: z.string().max(80).optional().describe('a staff id: the cases routed to them'),
  lang: z.enum(['ar', 'en']).optional(),
});
const shift = (isoDate: string, days: number) => {
  const at = new Date(`${isoDate}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
};

/** The oversight dashboard: figures, tables and every table's export (the page draws the charts). */
export async function dashboardRoutes(app: FastifyInstance, o: DashboardRouteOptions): Promise<void> {
  // Staff ids to names: an account's name over the profile's (officers who left keep theirs).
  const staffNames = async (db: SqlExecutor) => {
    const names = new Map(o.profile.staff.map((s) => [s.id, s.name]));
    for (const [id, name] of await o.accounts.displayNames(db)) names.set(id, name);
    return names;
  };
  const tables = new DashboardTables(o.profile, staffNames);

  const period = (query: { from?: string; to?: string }, l: Labels): Period => {
    const to = query.to ?? o.today();
    const from = query.from ?? shift(to, -29);
    if (from > to || shift(from, 731) < to) {
      throw validationError([{ path: 'query.from', message: l.t('console.dashboard.periodInvalid') }]);
    }
    return { from, to };
  };
  // A service or officer the association does not have is refused, not answered with empty figures.
  const services = new Set([
    ...o.profile.services.map((s) => s.id),
    'ticket:complaint',
    'ticket:suggestion',
    'ticket:compensation',
    'handoff',
  ]);
  const filters = async (
    query: { service?: string; channel?: string; officer?: string },
    l: Labels,
  ): Promise<DashboardFilters> => {
    const issues: { path: string; message: string }[] = [];
    if (query.service && !services.has(query.service))
      issues.push({ path: 'query.service', message: l.t('console.dashboard.filterUnknown') });
    if (query.officer && !(await staffNames(o.db)).has(query.officer))
      issues.push({ path: 'query.officer', message: l.t('console.dashboard.filterUnknown') });
    if (issues.length) throw validationError(issues);
    return {
      ...(query.service ? { service: query.service } : {}),
      ...(query.channel ? { channel: query.channel } : {}),
      ...(query.officer ? { officer: query.officer } : {}),
    };
  };

  o.registry.add(
    app,
    {
      method: 'GET',
      url: '/api/dashboard',
      access: { roles: ROLES.oversight },
      tag: 'dashboard',
      summary:
        'Oversight figures and tables for a period, narrowed by service, channel and officer (labels in the requested language)',
      query: PeriodQuery,
    },
    async ({ req, query }) => {
      const l = new Labels(o.profile, o.translator, query.lang ?? requestLang(req));
      const p = period(query, l);
      const f = await filters(query, l);
      const today = o.today();
      const named = DASHBOARD_TABLES.filter((t) => t !== 'summary');
      const built = await Promise.all(named.map((t) => tables.table(o.db, t, p, today, l, f)));
      return {
        period: p,
        filters: f,
        summary: await tables.summary(o.db, p, today, f),
        tables: Object.fromEntries(named.map((t, i) => [t, built[i]])),
      };
    },
  );

  o.registry.add(
    app,
    {
      method: 'GET',
      url: '/api/dashboard/export/:table',
      access: { roles: ROLES.oversight },
      tag: 'dashboard',
      summary: 'A dashboard table as CSV (UTF-8 with BOM) or XLSX',
      params: z.object({ table: z.enum(DASHBOARD_TABLES) }),
      query: PeriodQuery.extend(ExportQuery.shape),
      response: {
        contentType: 'text/csv, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      },
    },
    async ({ req, reply, params, query }) => {
      const l = new Labels(o.profile, o.translator, query.lang ?? requestLang(req));
      const p = period(query, l);
      const table = await tables.table(o.db, params.table, p, o.today(), l, await filters(query, l));
      const file = await exportTable(table, query.format);
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', attachment(`${params.table}-${p.from}-${p.to}.${query.format}`))
        .header('cache-control', 'no-store')
        .send(file.body);
    },
  );
}
