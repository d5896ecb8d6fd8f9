import { useState } from 'preact/hooks';
import { label, t } from '../boot';
import { formatTime } from '../format';
import { Layout } from '../layout';
import type { DataRequest } from './queue-types';
import { Notice, StatusFilter } from './status-filter';
import { useQueue } from './use-queue';

const STATUSES = ['open', 'completed', 'refused'] as const;

/**
 * Data-rights requests (`/console/data-requests`, administrators): a deletion runs by itself on its due
 * date; approving erases now, refusing needs the reason the person is told.
 */
export function DataRequestsPage() {
  const [status, setStatus] = useState<(typeof STATUSES)[number]>('open');
  const queue = useQueue<DataRequest>('/api/queues/data-requests', status);
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const base = (ref: string) => `/api/queues/data-requests/${encodeURIComponent(ref)}`;
  return (
    <Layout title={t('queues.dataRequests.title')} section="dataRequests">
      <p class="intro">{t('queues.dataRequests.intro')}</p>
      <StatusFilter
        statuses={STATUSES}
        value={status}
        labels="queues.dataRequests.status"
        onChange={setStatus}
      />
      <Notice message={queue.message} />
      {queue.items === null ? (
        <p class="hint">{t('queues.loading')}</p>
      ) : queue.items.length === 0 ? (
        <p class="empty">{t('queues.dataRequests.empty')}</p>
      ) : (
        <ul class="queue">
          {queue.items.map((request) => (
            <li key={request.reference} class="queue-item">
              <p class="line">
                <bdi class="ref">{request.reference}</bdi>
                <span class="badge">{label('queues.dataRequests.kind', request.kind)}</span>
                <span>{t('queues.dataRequests.due', { date: request.dueDate })}</span>
                <time dateTime={request.createdAt}>{formatTime(request.createdAt)}</time>
              </p>
              {request.status === 'open' && (
                <form
                  class="inline-form"
                  onSubmit={(event) => {
                    event.preventDefault();
                    void queue.act(
                      `${base(request.reference)}/refuse`,
                      { reason: reasons[request.reference] ?? '' },
                      t('queues.dataRequests.refused'),
                    );
                  }}
                >
                  <button
                    type="button"
                    class="danger"
                    onClick={() => {
                      // Irreversible: the person's data is gone for good.
                      if (
                        request.kind === 'deletion' &&
                        !window.confirm(t('queues.dataRequests.approveConfirm'))
                      )
                        return;
                      void queue.act(
                        `${base(request.reference)}/approve`,
                        {},
                        t('queues.dataRequests.approved'),
                      );
                    }}
                  >
                    {t(`queues.dataRequests.approve.${request.kind === 'deletion' ? 'deletion' : 'other'}`)}
                  </button>
                  <label for={`reason-${request.reference}`}>{t('queues.dataRequests.reason')}</label>
                  <input
                    id={`reason-${request.reference}`}
                    maxLength={1000}
                    value={reasons[request.reference] ?? ''}
                    onInput={(event) =>
                      setReasons({ ...reasons, [request.reference]: event.currentTarget.value })
                    }
                  />
                  <button type="submit" disabled={!reasons[request.reference]?.trim()}>
                    {t('queues.dataRequests.refuse')}
                  </button>
                </form>
              )}
              {request.completedAt && (
                <p class="hint">
                  {t('queues.dataRequests.completedAt', { time: formatTime(request.completedAt) })}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
