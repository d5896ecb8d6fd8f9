import { t } from '../boot';
import { formatNumber } from './numbers';

/** A dashboard table as the API gives it (the same as its export). */
export interface Table {
  name: string;
  title: string;
  columns: { key: string; label: string; type?: 'text' | 'number' | 'date' | 'datetime' }[];
  rows: Record<string, string | number | null>[];
}

/**
 * A table of figures inside a box that scrolls sideways on its own when it is wider than the screen
 * (never cut off, the page itself does not scroll sideways). Numbers and dates are isolated (`<bdi>`).
 */
export function DataTable(props: { table: Table }) {
  const { table } = props;
  return (
    <div class="table-wrap dash-table" tabIndex={0} role="region" aria-label={table.title}>
      <table>
        <thead>
          <tr>
            {table.columns.map((c) => (
              <th key={c.key} scope="col" class={c.type === 'number' ? 'num' : undefined}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.length === 0 ? (
            <tr>
              <td colSpan={table.columns.length} class="muted">
                {t('dashboard.noData')}
              </td>
            </tr>
          ) : (
            table.rows.map((row, i) => (
              <tr key={i}>
                {table.columns.map((c) => {
                  const v = row[c.key];
                  if (c.type === 'number')
                    return (
                      <td key={c.key} class="num">
                        <bdi dir="ltr">{formatNumber(typeof v === 'number' ? v : null)}</bdi>
                      </td>
                    );
                  if (c.type === 'date')
                    return (
                      <td key={c.key}>
                        <bdi dir="ltr">{v ?? ''}</bdi>
                      </td>
                    );
                  return <td key={c.key}>{v ?? ''}</td>;
                })}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

/** Download links for a table, with the page's period, filters and language. */
export function ExportLinks(props: { table: string; query: URLSearchParams }) {
  return (
    <div class="exports">
      {(['csv', 'xlsx'] as const).map((format) => {
        const q = new URLSearchParams(props.query);
        q.set('format', format);
        return (
          <a key={format} class="button" href={`/api/dashboard/export/${props.table}?${q}`} download="">
            {t(`export.${format}`)}
          </a>
        );
      })}
    </div>
  );
}
