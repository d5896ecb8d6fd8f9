import { localized } from '../../config/localized';
import type { Profile } from '../../config/profile-schema';
import type { SqlExecutor } from '../../store/database';
import type { ExportTable } from '../exports/table-export';
import type { Labels } from '../http/labels';
import {
  DashboardFigures,
  type DashboardFilters,
  type Period,
  type SatisfactionDimension,
  type SatisfactionRow,
  type Summary,
} from './dashboard-figures';

/** The dashboard's tables; each is shown, charted and exported the same way. */
export const DASHBOARD_TABLES = [
  'summary',
  'requestsByWeek',
  'deadlines',
  'overdueByCommittee',
  'officerLoad',
  'responseTimes',
  'complaintsByCategory',
  'complaintsByWeek',
  'satisfactionByService',
  'satisfactionByChannel',
  'satisfactionByOfficer',
] as const;
export type DashboardTable = (typeof DASHBOARD_TABLES)[number];

const SUMMARY_ROWS: readonly (keyof Summary)[] = [
  'openRequests',
  'openComplaints',
  'overdue',
  'escalated',
  'newRequests',
  'newComplaints',
  'decided',
  'decidedOnTime',
  'onTimePct',
  'firstResponseAvgHours',
  'firstResponseMedianHours',
  'resolutionAvgHours',
  'resolutionMedianHours',
  'csatAverage',
  'satisfiedPct',
  'responses',
  'invited',
  'responseRatePct',
];

/** Builds the dashboard's figures and tables in the labels' language. */
export class DashboardTables {
  private readonly figures: DashboardFigures;

  constructor(
    private readonly profile: Profile,
    private readonly staffNames: (db: SqlExecutor) => Promise<Map<string, string>>,
  ) {
    this.figures = new DashboardFigures(profile);
  }

  summary(db: SqlExecutor, period: Period, today: string, f: DashboardFilters = {}): Promise<Summary> {
    return this.figures.summary(db, period, today, f);
  }

  async table(
    db: SqlExecutor,
    name: DashboardTable,
    period: Period,
    today: string,
    l: Labels,
    f: DashboardFilters = {},
  ): Promise<ExportTable> {
    const rtl = l.lang === 'ar';
    const base = { name, title: l.t(`console.dashboard.tables.${name}`), rtl };
    const col = (key: string, type?: 'number' | 'date') => ({
      key,
      label: l.t(`console.dashboard.col.${key}`),
      ...(type ? { type } : {}),
    });
    switch (name) {
      case 'summary': {
        const summary = await this.figures.summary(db, period, today, f);
        return {
          ...base,
          columns: [
            { key: 'metric', label: l.t('console.dashboard.col.metric') },
            { key: 'value', label: l.t('console.dashboard.col.value'), type: 'number' },
          ],
          rows: SUMMARY_ROWS.map((key) => ({
            metric: l.t(`console.dashboard.figures.${key}`),
            value: summary[key],
          })),
        };
      }
      case 'requestsByWeek':
        return {
          ...base,
          columns: [col('week', 'date'), col('opened', 'number'), col('decided', 'number')],
          rows: await this.figures.requestsByWeek(db, period, f),
        };
      case 'deadlines': {
        const rows = await this.figures.deadlines(db, period, f);
        return {
          ...base,
          columns: [
            col('service'),
            col('done', 'number'),
            col('onTime', 'number'),
            col('late', 'number'),
            col('avgDays', 'number'),
            col('allowedDays', 'number'),
          ],
          rows: rows.map((r) => ({ ...r, service: this.serviceLabel(r.key, l) })),
        };
      }
      case 'overdueByCommittee': {
        const rows = await this.figures.overdueByCommittee(db, today, f);
        return {
          ...base,
          columns: [
            col('committee'),
            col('open', 'number'),
            col('overdue', 'number'),
            col('escalated', 'number'),
          ],
          rows: rows.map((r) => ({ ...r, committee: l.t(`console.dashboard.committee.${r.committee}`) })),
        };
      }
      case 'officerLoad': {
        const rows = await this.figures.officers(db, period, today, f);
        const names = await this.staffNames(db);
        return {
          ...base,
          columns: [
            col('officer'),
            col('open', 'number'),
            col('overdue', 'number'),
            col('acted', 'number'),
            col('responses', 'number'),
            col('average', 'number'),
          ],
          rows: rows.map((r) => ({ ...r, officer: names.get(r.officer) ?? r.officer })),
        };
      }
      case 'responseTimes': {
        const rows = await this.figures.responseTimes(db, period, f);
        return {
          ...base,
          columns: [
            { key: 'kind', label: l.t('console.dashboard.col.kind') },
            { key: 'cases', label: l.t('console.dashboard.col.cases'), type: 'number' },
            { key: 'responded', label: l.t('console.dashboard.col.responded'), type: 'number' },
            { key: 'firstAvgHours', label: l.t('console.dashboard.col.firstAvgHours'), type: 'number' },
            { key: 'firstMedianHours', label: l.t('console.dashboard.col.firstMedianHours'), type: 'number' },
            { key: 'resolved', label: l.t('console.dashboard.col.resolved'), type: 'number' },
            {
              key: 'resolutionAvgHours',
              label: l.t('console.dashboard.col.resolutionAvgHours'),
              type: 'number',
            },
            {
              key: 'resolutionMedianHours',
              label: l.t('console.dashboard.col.resolutionMedianHours'),
              type: 'number',
            },
          ],
          rows: rows.map((r) => ({ ...r, kind: l.kind(r.kind, null) })),
        };
      }
      case 'complaintsByCategory': {
        const rows = await this.figures.complaintsByCategory(db, period, f);
        return {
          ...base,
          columns: [
            { key: 'kind', label: l.t('console.dashboard.col.kind') },
            { key: 'category', label: l.t('console.dashboard.col.category') },
            { key: 'total', label: l.t('console.dashboard.col.total'), type: 'number' },
            { key: 'open', label: l.t('console.dashboard.col.open'), type: 'number' },
            { key: 'resolved', label: l.t('console.dashboard.col.resolved'), type: 'number' },
          ],
          rows: rows.map((r) => ({
            ...r,
            kind: l.kind('complaint', r.kind),
            category: r.category ? l.category(r.category) : l.t('console.common.none'),
          })),
        };
      }
      case 'complaintsByWeek': {
        const rows = await this.figures.complaintsByWeek(db, period, f);
        return {
          ...base,
          columns: [
            col('week', 'date'),
            { key: 'complaint', label: l.kind('complaint', 'complaint'), type: 'number' },
            { key: 'suggestion', label: l.kind('complaint', 'suggestion'), type: 'number' },
            { key: 'compensation', label: l.kind('complaint', 'compensation'), type: 'number' },
            { key: 'total', label: l.t('console.dashboard.col.total'), type: 'number' },
          ],
          rows,
        };
      }
      case 'satisfactionByService':
      case 'satisfactionByChannel':
      case 'satisfactionByOfficer': {
        const dimension = (
          {
            satisfactionByService: 'service',
            satisfactionByChannel: 'channel',
            satisfactionByOfficer: 'officer',
          } as const
        )[name];
        const rows = await this.figures.satisfaction(db, period, dimension, f);
        const names = dimension === 'officer' ? await this.staffNames(db) : new Map<string, string>();
        return {
          ...base,
          columns: [
            { key: 'label', label: l.t(`console.dashboard.col.${dimension}`) },
            { key: 'responses', label: l.t('console.dashboard.col.responses'), type: 'number' },
            { key: 'average', label: l.t('console.dashboard.col.average'), type: 'number' },
            { key: 'satisfiedPct', label: l.t('console.dashboard.col.satisfiedPct'), type: 'number' },
            { key: 'invited', label: l.t('console.dashboard.col.invited'), type: 'number' },
            { key: 'responseRatePct', label: l.t('console.dashboard.col.responseRatePct'), type: 'number' },
          ],
          rows: rows.map((r) => ({ ...r, label: this.label(dimension, r, l, names) })),
        };
      }
    }
  }

  private label(
    dimension: SatisfactionDimension,
    row: SatisfactionRow,
    l: Labels,
    names: Map<string, string>,
  ) {
    if (row.key === 'none') return l.t(`console.dashboard.none.${dimension}`);
    if (dimension === 'channel') return l.channel(row.key);
    if (dimension === 'officer') return names.get(row.key) ?? row.key;
    return this.serviceLabel(row.key, l);
  }

  /** A service's name, a ticket's kind (`ticket:<kind>`), or a conversation handed to a person. */
  private serviceLabel(key: string, l: Labels): string {
    if (key === 'handoff') return l.t('console.dashboard.handoff');
    if (key.startsWith('ticket:')) return l.kind('complaint', key.slice('ticket:'.length));
    const service = this.profile.services.find((s) => s.id === key);
    return service ? localized(service.name, l.lang) : key;
  }
}
