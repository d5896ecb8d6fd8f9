import { label, t } from '../boot';
import { Bidi, Ltr } from '../bidi';
import { formatDay } from '../format';
import type { MetaNames } from '../meta';
import type { CasePage, CaseRow } from './case-types';

const COLUMNS = ['reference', 'kind', 'subject', 'applicant', 'channel', 'status', 'due', 'officer'] as const;

/** A reference that opens its case, on one line, left to right inside Arabic text. */
export function RefLink(props: { reference: string }) {
  return (
    <a href={`/console/cases/${encodeURIComponent(props.reference)}`} class="ref">
      <Ltr>{props.reference}</Ltr>
    </a>
  );
}

/** The status, and the escalation level when there is one. */
export function StatusBadges(props: { status: string; escalationLevel: number; overdue?: boolean }) {
  return (
    <>
      <span class={`badge status-${props.status}`}>{label('status', props.status)}</span>
      {props.overdue && <span class="badge danger">{t('cases.overdue')}</span>}
      {props.escalationLevel > 0 && (
        <span class="badge warn">{t('cases.escalatedLevel', { level: props.escalationLevel })}</span>
      )}
    </>
  );
}

/*
 * One row per case. Each cell carries its column's name (`data-label`): under 640 px the style sheet
 * stacks a row into a card and shows the names beside the values, so reference, person, status and due
 * date fit a phone without scrolling sideways.
 */
function Row(props: { row: CaseRow; names: MetaNames }) {
  const { row, names } = props;
  const col = (k: (typeof COLUMNS)[number]) => t(`cases.col.${k}`);
  return (
    <tr class={row.overdue ? 'overdue' : undefined}>
      <th scope="row" data-label={col('reference')} class="c-reference">
        <RefLink reference={row.reference} />
      </th>
      <td data-label={col('kind')} class="c-kind">
        {label('kind', row.ticketKind ?? row.kind)}
      </td>
      <td data-label={col('subject')} class="c-subject">
        {row.kind === 'request' ? names.serviceName(row.serviceId) : names.categoryName(row.categoryId)}
      </td>
      <td data-label={col('applicant')} class="c-applicant">
        <Bidi text={row.applicant.name ?? ''} />
        {row.applicant.mobile && (
          <div class="muted">
            <Ltr>{row.applicant.mobile}</Ltr>
          </div>
        )}
      </td>
      <td data-label={col('channel')} class="c-channel">
        {label('channel', row.channel)}
      </td>
      <td data-label={col('status')} class="c-status">
        <StatusBadges status={row.status} escalationLevel={row.escalationLevel} />
      </td>
      <td data-label={col('due')} class="c-due">
        <Bidi text={formatDay(row.dueDate)} />
        {row.overdue && (
          <>
            {' '}
            <span class="badge danger">{t('cases.overdue')}</span>
          </>
        )}
      </td>
      <td data-label={col('officer')} class="c-officer">
        {names.staffName(row.officer)}
      </td>
    </tr>
  );
}

/** A page of the list: how many, the table (cards on a phone), and the pager. */
export function CaseResults(props: { data: CasePage; names: MetaNames; onPage: (page: number) => void }) {
  const { data } = props;
  const from = data.total === 0 ? 0 : (data.page - 1) * data.pageSize + 1;
  const to = Math.min(data.total, data.page * data.pageSize);
  const pages = Math.ceil(data.total / data.pageSize);
  return (
    <>
      <p class="count">{t('cases.count', { from, to, total: data.total })}</p>
      {data.rows.length === 0 ? (
        <p class="empty">{t('cases.none')}</p>
      ) : (
        <div class="table-wrap">
          <table class="cases">
            <caption class="visually-hidden">{t('cases.title')}</caption>
            <thead>
              <tr>
                {COLUMNS.map((k) => (
                  <th key={k} scope="col">
                    {t(`cases.col.${k}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.rows.map((row) => (
                <Row key={row.reference} row={row} names={props.names} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages > 1 && (
        <nav class="pager" aria-label={t('cases.pages')}>
          <button type="button" disabled={data.page <= 1} onClick={() => props.onPage(data.page - 1)}>
            {t('cases.previous')}
          </button>
          <span>{t('cases.page', { page: data.page, pages })}</span>
          <button type="button" disabled={data.page >= pages} onClick={() => props.onPage(data.page + 1)}>
            {t('cases.next')}
          </button>
        </nav>
      )}
    </>
  );
}
