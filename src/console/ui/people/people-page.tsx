import { useState } from 'preact/hooks';
import { api, failureText } from '../api';
import { Ltr } from '../bidi';
import { label, t } from '../boot';
import { formatTime } from '../format';
import { Layout } from '../layout';

interface Person {
  id: string;
  fullName: string | null;
  mobile: string | null;
  mobileVerified: boolean;
  identities: { channel: string; phone: string | null }[];
  cases: string[];
  createdAt: string;
  matchedBy?: string[];
}

/**
 * Merging two records of one person (`/console/people`, management and the administrator): find them by
 * mobile or case reference — each search adds to the list —, choose the record that stays and the one
 * merged into it, and say why. The server records who merged what and why (`beneficiary.merged`).
 */
export function PeoplePage() {
  const [query, setQuery] = useState('');
  const [people, setPeople] = useState<Person[]>([]);
  const [keepId, setKeepId] = useState<string | null>(null);
  const [mergeId, setMergeId] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  const search = async (event: Event) => {
    event.preventDefault();
    const text = query.trim();
    if (!text) return;
    const param = /^[A-Za-z]{3}[-\s]?\d/.test(text) ? 'reference' : 'mobile';
    const result = await api<{ people: Person[] }>(
      'GET',
      `/api/people?${param}=${encodeURIComponent(param === 'reference' ? text.toUpperCase() : text)}`,
    );
    if (!result.ok) return setMessage({ kind: 'error', text: failureText(result, t('people.failed')) });
    const found = result.data.people.filter((p) => !people.some((known) => known.id === p.id));
    setPeople([...people, ...found]);
    setMessage(result.data.people.length === 0 ? { kind: 'error', text: t('people.noneFound') } : null);
  };

  const merge = async () => {
    if (!keepId || !mergeId || !confirm(t('people.confirm'))) return;
    const result = await api<{ keptId: string }>('POST', '/api/people/merge', { keepId, mergeId, reason });
    if (!result.ok) return setMessage({ kind: 'error', text: failureText(result, t('people.failed')) });
    setPeople(people.filter((p) => p.id !== mergeId));
    setMergeId(null);
    setReason('');
    setMessage({ kind: 'ok', text: t('people.merged') });
  };

  const ready = keepId !== null && mergeId !== null && keepId !== mergeId && reason.trim().length >= 3;
  return (
    <Layout title={t('people.title')} section="people">
      <p class="intro">{t('people.intro')}</p>
      <form class="line" onSubmit={(e) => void search(e)}>
        <label>
          {t('people.search')}{' '}
          <input
            name="q"
            dir="ltr"
            autocomplete="off"
            value={query}
            onInput={(e) => setQuery(e.currentTarget.value)}
          />
        </label>
        <button type="submit">{t('people.find')}</button>
        {people.length > 0 && (
          <button type="button" class="quiet" onClick={() => setPeople([])}>
            {t('people.clear')}
          </button>
        )}
      </form>
      {message && (
        <p class={`notice ${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
      <ul class="queue">
        {people.map((person) => (
          <li key={person.id} class="queue-item">
            <p class="line">
              <strong>{person.fullName ?? t('people.noName')}</strong>
              <span class="hint">
                {t('people.since')} {formatTime(person.createdAt)}
              </span>
            </p>
            <p class="details">
              {t('people.mobile')}: {person.mobile ? <Ltr>{person.mobile}</Ltr> : '—'}{' '}
              {person.mobile && (
                <span class={`badge${person.mobileVerified ? '' : ' warn'}`}>
                  {t(person.mobileVerified ? 'people.vouched' : 'people.typed')}
                </span>
              )}
            </p>
            <p class="details">
              {t('people.channels')}:{' '}
              {person.identities.length === 0
                ? '—'
                : person.identities.map((i, n) => (
                    <span key={n}>
                      {n > 0 && '، '}
                      {label('channel', i.channel)}
                      {i.phone && (
                        <>
                          {' '}
                          (<Ltr>{i.phone}</Ltr>)
                        </>
                      )}
                    </span>
                  ))}
            </p>
            {person.matchedBy && (
              <p class="details">
                {t('people.matchedBy')}:{' '}
                {person.matchedBy
                  .map((m) =>
                    m === 'staff' || m === 'typed' ? label('people.match', m) : label('channel', m),
                  )
                  .join('، ')}
              </p>
            )}
            <p class="details">
              {t('people.cases', { count: person.cases.length })}{' '}
              {person.cases.map((ref, n) => (
                <span key={ref}>
                  {n > 0 && ' · '}
                  <a href={`/console/cases/${ref}`}>
                    <Ltr>{ref}</Ltr>
                  </a>
                </span>
              ))}
            </p>
            <p class="line">
              <label>
                <input
                  type="radio"
                  name="keep"
                  checked={keepId === person.id}
                  onChange={() => setKeepId(person.id)}
                />{' '}
                {t('people.keep')}
              </label>
              <label>
                <input
                  type="radio"
                  name="merge"
                  checked={mergeId === person.id}
                  onChange={() => setMergeId(person.id)}
                />{' '}
                {t('people.mergeThis')}
              </label>
            </p>
          </li>
        ))}
      </ul>
      {people.length > 1 && (
        <div class="line">
          <label>
            {t('people.reason')}{' '}
            <input
              name="reason"
              maxLength={500}
              value={reason}
              onInput={(e) => setReason(e.currentTarget.value)}
            />
          </label>
          <button type="button" class="primary" disabled={!ready} onClick={() => void merge()}>
            {t('people.merge')}
          </button>
        </div>
      )}
    </Layout>
  );
}
