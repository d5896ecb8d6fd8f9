import type { ComponentChildren } from 'preact';
import { t } from '../boot';
import { type Bar, BarChart, LineChart } from './charts';
import { DataTable, ExportLinks, type Table } from './data-table';
import { formatNumber } from './numbers';

type Tables = Record<string, Table>;
/** Charts whose figure after the bar needs a word of explanation (locales: `dashboard.notes.*`). */
const NOTED = new Set([
  'deadlines',
  'overdueByCommittee',
  'officerLoad',
  'responseTimes',
  'satisfactionByService',
  'satisfactionByChannel',
  'satisfactionByOfficer',
]);
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** A chart with its table one click away (`<details>`), and the table's exports. */
function ChartCard(props: { table: Table; query: URLSearchParams; children: ComponentChildren }) {
  const { table } = props;
  return (
    <section class="card dash-card" aria-labelledby={`chart-${table.name}`} data-table={table.name}>
      <h2 id={`chart-${table.name}`}>{table.title}</h2>
      {props.children}
      {NOTED.has(table.name) && <p class="chart-note">{t(`dashboard.notes.${table.name}`)}</p>}
      <details class="dash-details">
        <summary>{t('dashboard.showTable')}</summary>
        <DataTable table={table} />
        <ExportLinks table={table.name} query={props.query} />
      </details>
    </section>
  );
}

/** Satisfaction as bars out of five, labelled "4.5/5" (a rating reads left to right in both languages). */
const ratingBars = (table: Table): Bar[] =>
  table.rows
    .filter((r) => r.average !== null)
    .map((r) => ({
      label: text(r.label ?? r.officer),
      segments: [{ value: num(r.average), tone: 'main' as const, name: t('dashboard.col.average') }],
      display: `${formatNumber(num(r.average))}/5 · ${formatNumber(num(r.responses))}`,
    }));

/** Every chart of the dashboard, in the order a manager reads them: volumes, deadlines, load, satisfaction. */
export function ChartCards(props: { tables: Tables; query: URLSearchParams }) {
  const { tables, query } = props;
  const card = (name: string, chart: (table: Table) => ComponentChildren) => {
    const table = tables[name];
    return table ? (
      <ChartCard key={name} table={table} query={query}>
        {chart(table)}
      </ChartCard>
    ) : null;
  };
  return (
    <div class="dash-charts">
      {card('requestsByWeek', (tb) => (
        <LineChart
          title={tb.title}
          weeks={tb.rows.map((r) => text(r.week))}
          series={[
            { name: t('dashboard.col.opened'), tone: 'main', values: tb.rows.map((r) => num(r.opened)) },
            { name: t('dashboard.col.decided'), tone: 'second', values: tb.rows.map((r) => num(r.decided)) },
          ]}
        />
      ))}
      {card('deadlines', (tb) => (
        <BarChart
          title={tb.title}
          legend
          bars={tb.rows.map((r) => ({
            label: text(r.service),
            segments: [
              { value: num(r.onTime), tone: 'main', name: t('dashboard.onTime') },
              { value: num(r.late), tone: 'late', name: t('dashboard.late') },
            ],
            display: `${formatNumber(num(r.avgDays))}/${formatNumber(num(r.allowedDays))}`,
          }))}
        />
      ))}
      {card('overdueByCommittee', (tb) => (
        <BarChart
          title={tb.title}
          legend
          bars={tb.rows.map((r) => ({
            label: text(r.committee),
            segments: [
              { value: num(r.overdue), tone: 'late', name: t('dashboard.col.overdue') },
              { value: num(r.open) - num(r.overdue), tone: 'light', name: t('dashboard.col.open') },
            ],
            display: `${formatNumber(num(r.overdue))}/${formatNumber(num(r.open))}`,
          }))}
        />
      ))}
      {card('officerLoad', (tb) => (
        <BarChart
          title={tb.title}
          legend
          bars={tb.rows.map((r) => ({
            label: text(r.officer),
            segments: [
              { value: num(r.overdue), tone: 'late', name: t('dashboard.col.overdue') },
              { value: num(r.open) - num(r.overdue), tone: 'light', name: t('dashboard.col.open') },
            ],
            display: `${formatNumber(num(r.open))} · ${r.average === null ? '—' : `${formatNumber(num(r.average))}/5`}`,
          }))}
        />
      ))}
      {card('responseTimes', (tb) => (
        <BarChart
          title={tb.title}
          legend
          bars={tb.rows.flatMap((r) => [
            {
              label: `${text(r.kind)} · ${t('dashboard.firstResponse')}`,
              segments: [
                {
                  value: num(r.firstAvgHours),
                  tone: 'second' as const,
                  name: t('dashboard.col.firstAvgHours'),
                },
              ],
              display: formatNumber(num(r.firstAvgHours)),
            },
            {
              label: `${text(r.kind)} · ${t('dashboard.resolution')}`,
              segments: [
                {
                  value: num(r.resolutionAvgHours),
                  tone: 'main' as const,
                  name: t('dashboard.col.resolutionAvgHours'),
                },
              ],
              display: formatNumber(num(r.resolutionAvgHours)),
            },
          ])}
        />
      ))}
      {card('complaintsByWeek', (tb) => (
        <LineChart
          title={tb.title}
          weeks={tb.rows.map((r) => text(r.week))}
          series={[
            { name: tb.columns[1]?.label ?? '', tone: 'late', values: tb.rows.map((r) => num(r.complaint)) },
            {
              name: tb.columns[2]?.label ?? '',
              tone: 'second',
              values: tb.rows.map((r) => num(r.suggestion)),
            },
            {
              name: tb.columns[3]?.label ?? '',
              tone: 'third',
              values: tb.rows.map((r) => num(r.compensation)),
            },
          ]}
        />
      ))}
      {card('complaintsByCategory', (tb) => (
        <BarChart
          title={tb.title}
          bars={tb.rows.map((r) => ({
            label: `${text(r.category)} (${text(r.kind)})`,
            segments: [{ value: num(r.total), tone: 'main', name: t('dashboard.col.total') }],
            display: formatNumber(num(r.total)),
          }))}
        />
      ))}
      {['satisfactionByService', 'satisfactionByChannel', 'satisfactionByOfficer'].map((name) =>
        card(name, (tb) => <BarChart title={tb.title} max={5} bars={ratingBars(tb)} />),
      )}
    </div>
  );
}
