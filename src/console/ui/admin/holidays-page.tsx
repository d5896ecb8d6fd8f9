import { useEffect, useState } from 'preact/hooks';
import { api, failureText, type ApiResult } from '../api';
import { t } from '../boot';
import { Field } from '../form';
import { formatDay, formatList } from '../format';
import { Layout } from '../layout';
import { isolated } from '../bidi';
import { named, type Named } from '../meta';
import { Notice } from '../queues/status-filter';

interface Holiday {
  /** Null for the profile's holidays, which only the profile file changes. */
  id: string | null;
  name: Named;
  from: string;
  to: string;
  source: 'profile' | 'console' | 'computed';
}

const EMPTY = { nameAr: '', nameEn: '', from: '', to: '' };

/**
 * The holidays deadlines skip (`/console/admin/holidays`): the profile's and those added here. Adding or
 * removing one recomputes every open request's due date at once; the page names the requests that moved.
 */
export function HolidaysPage() {
  const [holidays, setHolidays] = useState<Holiday[] | null>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [form, setForm] = useState(EMPTY);

  const load = async () => {
    const result = await api<{ holidays: Holiday[] }>('GET', '/api/admin/holidays');
    if (result.ok) setHolidays(result.data.holidays);
    else setMessage({ kind: 'error', text: failureText(result, t('errors.internal')) });
  };
  useEffect(() => void load(), []);

  const changed = async (request: Promise<ApiResult<{ moved: string[] }>>) => {
    const result = await request;
    if (!result.ok) return setMessage({ kind: 'error', text: failureText(result, t('errors.internal')) });
    const { moved } = result.data;
    setMessage({
      kind: 'ok',
      text: moved.length
        ? t('holidays.moved', { count: moved.length, list: formatList(moved.map(isolated)) })
        : t('holidays.movedNone'),
    });
    await load();
  };

  const add = (event: Event) => {
    event.preventDefault();
    const body: Record<string, string> = { nameAr: form.nameAr, from: form.from, to: form.to || form.from };
    if (form.nameEn.trim()) body.nameEn = form.nameEn.trim();
    setForm(EMPTY);
    void changed(api('POST', '/api/admin/holidays', body));
  };
  const input = (name: keyof typeof EMPTY) => ({
    id: `holiday-${name}`,
    name,
    value: form[name],
    onInput: (e: Event) => setForm({ ...form, [name]: (e.currentTarget as HTMLInputElement).value }),
  });

  return (
    <Layout title={t('holidays.title')} section="holidays">
      <p>{t('holidays.intro')}</p>
      <div aria-live="polite">
        <Notice message={message} />
      </div>
      {holidays && (
        <div class="table-wrap">
          <table class="holidays">
            <thead>
              <tr>
                {['name', 'from', 'to', 'source', 'remove'].map((k) => (
                  <th key={k} scope="col">
                    {t(`holidays.col.${k}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {holidays.map((h) => (
                <tr key={h.id ?? `${h.from}-${h.name.ar}`}>
                  <td>{named(h.name)}</td>
                  <td>{formatDay(h.from)}</td>
                  <td>{formatDay(h.to)}</td>
                  <td>{t(`holidays.source.${h.source}`)}</td>
                  <td>
                    {h.id && (
                      <button
                        type="button"
                        class="danger"
                        onClick={() => void changed(api('DELETE', `/api/admin/holidays/${h.id}`))}
                      >
                        {t('holidays.remove')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form class="card" onSubmit={add}>
        <h2>{t('holidays.add')}</h2>
        <div class="grid">
          <Field id="holiday-nameAr" label={t('holidays.nameAr')}>
            <input {...input('nameAr')} required dir="rtl" lang="ar" />
          </Field>
          <Field id="holiday-nameEn" label={t('holidays.nameEn')}>
            <input {...input('nameEn')} dir="ltr" lang="en" />
          </Field>
          <Field id="holiday-from" label={t('holidays.col.from')}>
            <input {...input('from')} type="date" required />
          </Field>
          <Field id="holiday-to" label={t('holidays.col.to')}>
            <input {...input('to')} type="date" required />
          </Field>
        </div>
        <button type="submit" class="primary">
          {t('holidays.addButton')}
        </button>
      </form>
    </Layout>
  );
}
