import { label, t } from '../boot';
import { Field } from '../form';
import { named, type Meta } from '../meta';

/** The list's filters as the URL keeps them (`?status=…&overdue=true`); `page` is the pager's. */
export const FILTERS = [
  'q',
  'kind',
  'status',
  'service',
  'category',
  'channel',
  'officer',
  'overdue',
  'from',
  'to',
  'sort',
] as const;
export type Filters = Partial<Record<(typeof FILTERS)[number], string>>;

/** The filters in the URL's query string (the default sort left out). */
export function filterQuery(filters: Filters): URLSearchParams {
  const q = new URLSearchParams();
  for (const key of FILTERS) {
    const value = filters[key];
    if (value && !(key === 'sort' && value === 'newest')) q.set(key, value);
  }
  return q;
}

type Option = { value: string; label: string };

function Select(props: {
  name: keyof Filters;
  options: Option[];
  filters: Filters;
  onChange: (f: Filters) => void;
}) {
  const id = `filter-${props.name}`;
  return (
    <select
      id={id}
      name={props.name}
      value={props.filters[props.name] ?? ''}
      onChange={(e) => props.onChange({ ...props.filters, [props.name]: e.currentTarget.value })}
    >
      {props.options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

/**
 * The search box and the filters of the case list. On a phone they fold away under their heading unless
 * some are set; on a laptop they stay open.
 */
export function CaseFilters(props: {
  meta: Meta;
  filters: Filters;
  onChange: (filters: Filters) => void;
  onApply: () => void;
}) {
  const { meta, filters, onChange } = props;
  const any: Option = { value: '', label: t('cases.any') };
  const statuses = [...meta.statuses.request, ...meta.statuses.complaint.filter((s) => s !== 'closed')];
  const select = (name: keyof Filters, options: Option[]) => (
    <Field id={`filter-${name}`} label={t(`cases.${name}`)}>
      <Select name={name} options={options} filters={filters} onChange={onChange} />
    </Field>
  );
  const date = (name: 'from' | 'to') => (
    <Field id={`filter-${name}`} label={t(`cases.${name}`)}>
      <input
        id={`filter-${name}`}
        name={name}
        type="date"
        value={filters[name] ?? ''}
        onInput={(e) => onChange({ ...filters, [name]: e.currentTarget.value })}
      />
    </Field>
  );
  const open = window.innerWidth > 640 || FILTERS.some((k) => filters[k]);
  return (
    <details class="filters" open={open}>
      <summary>{t('cases.filters')}</summary>
      <form
        class="filters-form"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          props.onApply();
        }}
      >
        <div class="grid">
          <Field id="filter-q" label={t('cases.search')}>
            <input
              id="filter-q"
              name="q"
              type="search"
              placeholder={t('cases.searchPlaceholder')}
              value={filters.q ?? ''}
              onInput={(e) => onChange({ ...filters, q: e.currentTarget.value })}
            />
          </Field>
          {select('kind', [
            any,
            { value: 'request', label: label('kind', 'request') },
            { value: 'complaint', label: label('kind', 'complaint') },
          ])}
          {select('status', [any, ...statuses.map((s) => ({ value: s, label: label('status', s) }))])}
          {select('service', [any, ...meta.services.map((s) => ({ value: s.id, label: named(s.name) }))])}
          {select('category', [
            any,
            ...[...meta.categories, ...meta.complaintCategories].map((c) => ({
              value: c.id,
              label: named(c.name),
            })),
          ])}
          {select('channel', [any, ...meta.channels.map((c) => ({ value: c, label: label('channel', c) }))])}
          {select('officer', [any, ...meta.staff.map((s) => ({ value: s.id, label: s.name }))])}
          {date('from')}
          {date('to')}
          {select('sort', [
            { value: 'newest', label: t('cases.sortNewest') },
            { value: 'due', label: t('cases.sortDue') },
          ])}
        </div>
        <div class="row wrap">
          <label class="check" for="filter-overdue">
            <input
              type="checkbox"
              name="overdue"
              id="filter-overdue"
              checked={filters.overdue === 'true'}
              onChange={(e) => onChange({ ...filters, overdue: e.currentTarget.checked ? 'true' : '' })}
            />{' '}
            {t('cases.overdueOnly')}
          </label>
          <button type="submit" class="primary">
            {t('cases.apply')}
          </button>
          <button type="button" class="quiet" onClick={() => (location.href = location.pathname)}>
            {t('cases.reset')}
          </button>
        </div>
      </form>
    </details>
  );
}
