import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, failureText } from '../api';
import { boot, t } from '../boot';
import { Layout } from '../layout';
import { ChartCards } from './chart-cards';
import { DashboardFilters, FILTER_KEYS, type Filters } from './dashboard-filters';
import { ExportLinks, type Table } from './data-table';
import { Num, Rating } from './numbers';

interface Summary {
  openRequests: number;
  openComplaints: number;
  overdue: number;
  escalated: number;
  decided: number;
  decidedOnTime: number;
  onTimePct: number | null;
  firstResponseAvgHours: number | null;
  firstResponseMedianHours: number | null;
  resolutionAvgHours: number | null;
  resolutionMedianHours: number | null;
  csatAverage: number | null;
  satisfiedPct: number | null;
  responses: number;
  invited: number;
  responseRatePct: number | null;
}

interface Answer {
  period: { from: string; to: string };
  summary: Summary;
  tables: Record<string, Table>;
}

const fromAddress = (): Filters => {
  const q = new URLSearchParams(location.search);
  return Object.fromEntries(FILTER_KEYS.map((k) => [k, q.get(k) ?? ''])) as unknown as Filters;
};

const toQuery = (f: Filters): URLSearchParams => {
  const q = new URLSearchParams();
  for (const k of FILTER_KEYS) if (f[k]) q.set(k, f[k]);
  return q;
};

/** A key figure: its name, its value (isolated), a line under it, and a tone when it needs attention. */
function Tile(props: {
  name: string;
  children: preact.ComponentChildren;
  note?: preact.ComponentChildren;
  tone?: string;
}) {
  return (
    <div class={`figure ${props.tone ?? ''}`} data-figure={props.name}>
      <span class="figure-label">{t(`dashboard.figures.${props.name}`)}</span>
      <span class="figure-value">{props.children}</span>
      {props.note && <span class="figure-note">{props.note}</span>}
    </div>
  );
}

function Tiles(props: { s: Summary }) {
  const { s } = props;
  return (
    <section class="figures" aria-label={t('dashboard.figuresLabel')}>
      <Tile name="openRequests">
        <Num value={s.openRequests} />
      </Tile>
      <Tile name="openComplaints">
        <Num value={s.openComplaints} />
      </Tile>
      <Tile name="overdue" tone={s.overdue > 0 ? 'danger' : ''}>
        <Num value={s.overdue} />
      </Tile>
      <Tile name="escalated" tone={s.escalated > 0 ? 'warn' : ''}>
        <Num value={s.escalated} />
      </Tile>
      <Tile name="onTimePct" note={t('dashboard.onTimeOf', { onTime: s.decidedOnTime, decided: s.decided })}>
        <Num value={s.onTimePct} suffix="%" />
      </Tile>
      <Tile
        name="firstResponseAvgHours"
        note={t('dashboard.median', { value: s.firstResponseMedianHours ?? '—' })}
      >
        <Num value={s.firstResponseAvgHours} />
      </Tile>
      <Tile name="resolutionAvgHours" note={t('dashboard.median', { value: s.resolutionMedianHours ?? '—' })}>
        <Num value={s.resolutionAvgHours} />
      </Tile>
      <Tile name="csatAverage" note={t('dashboard.responses', { count: s.responses })}>
        <Rating value={s.csatAverage} />
      </Tile>
      <Tile name="satisfiedPct">
        <Num value={s.satisfiedPct} suffix="%" />
      </Tile>
      <Tile name="responseRatePct" note={t('dashboard.invited', { count: s.invited })}>
        <Num value={s.responseRatePct} suffix="%" />
      </Tile>
    </section>
  );
}

/**
 * The oversight dashboard (`/console/dashboard`: management, the board, the administrator): key figures,
 * then each figure as a chart with its table one click away; the period and filters live in the page's
 * address, so a reload or a shared link shows the same, and every export carries them.
 */
export function DashboardPage() {
  const [filters, setFilters] = useState<Filters>(fromAddress);
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const query = useMemo(() => {
    const q = toQuery(filters);
    q.set('lang', boot.lang);
    return q;
  }, [filters]);

  useEffect(() => {
    const shown = toQuery(filters).toString();
    history.replaceState(null, '', location.pathname + (shown ? `?${shown}` : ''));
    let current = true;
    void api<Answer>('GET', `/api/dashboard?${query}`).then((r) => {
      if (!current) return;
      if (!r.ok) return setError(failureText(r, t('dashboard.noData')));
      setError(null);
      setAnswer(r.data);
    });
    return () => {
      current = false;
    };
  }, [query]);

  // The period the server chose (by default the last thirty days) fills the empty date fields.
  const shown: Filters = answer
    ? { ...filters, from: filters.from || answer.period.from, to: filters.to || answer.period.to }
    : filters;
  return (
    <Layout title={t('dashboard.title')} section="dashboard" wide>
      <DashboardFilters value={shown} onApply={setFilters} />
      <div aria-live="polite">
        {error && <p class="notice error">{error}</p>}
        {!answer && !error && <p class="muted">{t('dashboard.loading')}</p>}
      </div>
      {answer && (
        <>
          <Tiles s={answer.summary} />
          <ExportLinks table="summary" query={query} />
          <ChartCards tables={answer.tables} query={query} />
        </>
      )}
    </Layout>
  );
}
