import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { boot, label, t } from '../boot';

/** The dashboard's period and filters, as in the page's address and the API's query. */
export interface Filters {
  from: string;
  to: string;
  service: string;
  channel: string;
  officer: string;
}

export const FILTER_KEYS = ['from', 'to', 'service', 'channel', 'officer'] as const;

interface Meta {
  services: { id: string; name: string | Record<string, string> }[];
  channels: string[];
  staff: { id: string; name: string }[];
}

const named = (name: string | Record<string, string>) =>
  typeof name === 'string' ? name : (name[boot.lang] ?? Object.values(name)[0] ?? '');

/** Period, service, channel and officer; submitting reloads the figures (and the export links follow). */
export function DashboardFilters(props: { value: Filters; onApply: (next: Filters) => void }) {
  const [draft, setDraft] = useState(props.value);
  const [meta, setMeta] = useState<Meta | null>(null);
  useEffect(() => setDraft(props.value), [props.value]);
  useEffect(() => {
    void api<Meta>('GET', '/api/meta').then((r) => r.ok && setMeta(r.data));
  }, []);
  const set = (key: keyof Filters) => (event: Event) =>
    setDraft({ ...draft, [key]: (event.currentTarget as HTMLInputElement | HTMLSelectElement).value });
  const choice = (key: 'service' | 'channel' | 'officer', options: { id: string; name: string }[]) => (
    <label class="field">
      <span>{t(`dashboard.${key}`)}</span>
      <select name={key} value={draft[key]} onChange={set(key)}>
        <option value="">{t('dashboard.any')}</option>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <form
      class="filters dash-filters"
      aria-label={t('dashboard.filters')}
      onSubmit={(event) => {
        event.preventDefault();
        props.onApply(draft);
      }}
    >
      <label class="field">
        <span>{t('dashboard.from')}</span>
        <input type="date" name="from" value={draft.from} onInput={set('from')} />
      </label>
      <label class="field">
        <span>{t('dashboard.to')}</span>
        <input type="date" name="to" value={draft.to} onInput={set('to')} />
      </label>
      {choice('service', [
        ...(meta?.services ?? []).map((s) => ({ id: s.id, name: named(s.name) })),
        ...['complaint', 'suggestion', 'compensation'].map((k) => ({
          id: `ticket:${k}`,
          name: label('kind', k),
        })),
        { id: 'handoff', name: t('dashboard.handoff') },
      ])}
      {choice(
        'channel',
        (meta?.channels ?? []).map((c) => ({ id: c, name: label('channel', c) })),
      )}
      {choice('officer', meta?.staff ?? [])}
      <button type="submit" class="primary">
        {t('dashboard.show')}
      </button>
    </form>
  );
}
