import { useEffect, useState } from 'preact/hooks';
import { api, failureText } from '../api';
import { boot, t } from '../boot';
import { Layout } from '../layout';
import { metaNames, useMeta } from '../meta';
import { Notice } from '../queues/status-filter';
import { CaseFilters, FILTERS, filterQuery, type Filters } from './case-filters';
import { CaseResults } from './case-results';
import type { CasePage } from './case-types';

function fromUrl(): { filters: Filters; page: number } {
  const params = new URLSearchParams(location.search);
  const filters: Filters = {};
  for (const key of FILTERS) {
    const value = params.get(key);
    if (value) filters[key] = value;
  }
  return { filters, page: Number(params.get('page')) || 1 };
}

/** The export links of what the list shows (all its pages), in the page's language. */
function Exports(props: { query: URLSearchParams }) {
  return (
    <div class="exports">
      {(['csv', 'xlsx'] as const).map((format) => {
        const q = new URLSearchParams(props.query);
        q.set('lang', boot.lang);
        q.set('format', format);
        return (
          <a key={format} class="button" href={`/api/cases/export?${q.toString()}`} download="">
            {t(`export.${format}`)}
          </a>
        );
      })}
    </div>
  );
}

/**
 * Requests and complaints in one list (`/console/cases`): search and filters kept in the URL, so a
 * filtered list can be bookmarked or sent, its export, and the pages of results.
 */
export function CasesPage() {
  const meta = useMeta();
  const [start] = useState(fromUrl);
  const [filters, setFilters] = useState<Filters>(start.filters);
  const [applied, setApplied] = useState(() => filterQuery(start.filters));
  const [data, setData] = useState<CasePage | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const load = async (page: number, query = applied) => {
    const q = new URLSearchParams(query);
    if (page > 1) q.set('page', String(page));
    history.replaceState(null, '', location.pathname + (q.toString() ? `?${q.toString()}` : ''));
    setBusy(true);
    const result = await api<CasePage>('GET', `/api/cases?${q.toString()}`);
    setBusy(false);
    if (result.ok) {
      setData(result.data);
      setError('');
    } else {
      setData(null);
      setError(failureText(result, t('errors.internal')));
    }
  };

  useEffect(() => {
    if (meta) void load(start.page);
  }, [meta]);

  const apply = () => {
    const query = filterQuery(filters);
    setApplied(query);
    void load(1, query);
  };

  return (
    <Layout title={t('cases.title')} section="cases">
      {meta && (
        <>
          <CaseFilters meta={meta} filters={filters} onChange={setFilters} onApply={apply} />
          <Exports query={applied} />
          <section class="results" aria-live="polite" aria-busy={busy}>
            {error && <Notice message={{ kind: 'error', text: error }} />}
            {data && <CaseResults data={data} names={metaNames(meta)} onPage={(page) => void load(page)} />}
          </section>
        </>
      )}
    </Layout>
  );
}
