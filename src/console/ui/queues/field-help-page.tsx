import { useState } from 'preact/hooks';
import { label, t } from '../boot';
import { formatTime } from '../format';
import { Layout } from '../layout';
import type { FieldHelpCall } from './queue-types';
import { Notice, StatusFilter } from './status-filter';
import { useQueue } from './use-queue';

const STATUSES = ['open', 'claimed', 'done'] as const;

/**
 * Field-help calls (`/console/field-help`): the representative on duty takes one ("on my way": the
 * person is told) and marks it done with a note. Urgent (health) calls first, each with its place.
 */
export function FieldHelpPage() {
  const [status, setStatus] = useState<(typeof STATUSES)[number]>('open');
  const queue = useQueue<FieldHelpCall>('/api/queues/field-help', status);
  const [notes, setNotes] = useState<Record<string, string>>({});
  const base = (ref: string) => `/api/queues/field-help/${encodeURIComponent(ref)}`;

  return (
    <Layout title={t('queues.fieldHelp.title')} section="fieldHelp">
      <p class="intro">{t('queues.fieldHelp.intro')}</p>
      <StatusFilter
        statuses={STATUSES}
        value={status}
        labels="queues.fieldHelp.status"
        onChange={setStatus}
      />
      <Notice message={queue.message} />
      {queue.items === null ? (
        <p class="hint">{t('queues.loading')}</p>
      ) : queue.items.length === 0 ? (
        <p class="empty">{t(`queues.fieldHelp.empty.${status}`)}</p>
      ) : (
        <ul class="queue">
          {queue.items.map((call) => (
            <li key={call.reference} class={`queue-item${call.urgent ? ' urgent' : ''}`}>
              <p class="line">
                <bdi class="ref">{call.reference}</bdi>
                {call.urgent && <span class="badge danger">{t('queues.fieldHelp.urgent')}</span>}
                <span class="badge">{call.kindLabel}</span>
                <span class="badge">{label('channel', call.channel)}</span>
                <time dateTime={call.createdAt}>{formatTime(call.createdAt)}</time>
              </p>
              <p class="details">{call.details}</p>
              <p class="line">
                {call.location ? (
                  <a
                    href={`https://maps.google.com/?q=${call.location.latitude},${call.location.longitude}`}
                    target="_blank"
                    rel="noreferrer noopener"
                  >
                    {t('queues.fieldHelp.map')}
                  </a>
                ) : (
                  <span>{call.where ?? t('queues.fieldHelp.noPlace')}</span>
                )}
                {call.claimedByName && (
                  <span>{t('queues.fieldHelp.claimedBy', { name: call.claimedByName })}</span>
                )}
              </p>
              {call.status === 'open' && (
                <button
                  type="button"
                  class="primary"
                  onClick={() =>
                    void queue.act(`${base(call.reference)}/claim`, {}, t('queues.fieldHelp.claimed'))
                  }
                >
                  {t('queues.fieldHelp.claim')}
                </button>
              )}
              {call.status === 'claimed' && (
                <form
                  class="inline-form"
                  onSubmit={(event) => {
                    event.preventDefault();
                    const note = notes[call.reference]?.trim();
                    void queue.act(
                      `${base(call.reference)}/done`,
                      note ? { note } : {},
                      t('queues.fieldHelp.doneSaved'),
                    );
                  }}
                >
                  <label for={`note-${call.reference}`}>{t('queues.fieldHelp.note')}</label>
                  <input
                    id={`note-${call.reference}`}
                    maxLength={1000}
                    value={notes[call.reference] ?? ''}
                    onInput={(event) => setNotes({ ...notes, [call.reference]: event.currentTarget.value })}
                  />
                  <button type="submit" class="primary">
                    {t('queues.fieldHelp.done')}
                  </button>
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
