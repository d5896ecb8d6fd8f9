import { useState } from 'preact/hooks';
import { label, t } from '../boot';
import { formatTime } from '../format';
import { Layout } from '../layout';
import type { VolunteerSignUp } from './queue-types';
import { Notice, StatusFilter } from './status-filter';
import { useQueue } from './use-queue';

const STATUSES = ['new', 'contacted', 'accepted', 'declined'] as const;
/** Where a sign-up may go from each status (the person is told when accepted or declined). */
const NEXT: Record<(typeof STATUSES)[number], ('contacted' | 'accepted' | 'declined')[]> = {
  new: ['contacted', 'accepted', 'declined'],
  contacted: ['accepted', 'declined'],
  accepted: [],
  declined: [],
};

/** Volunteer sign-ups (`/console/volunteers`), for the volunteering coordinator. */
export function VolunteersPage() {
  const [status, setStatus] = useState<(typeof STATUSES)[number]>('new');
  const queue = useQueue<VolunteerSignUp>('/api/queues/volunteers', status);
  return (
    <Layout title={t('queues.volunteers.title')} section="volunteers">
      <p class="intro">{t('queues.volunteers.intro')}</p>
      <p class="hint">{t('queues.volunteers.tellsPerson')}</p>
      <StatusFilter
        statuses={STATUSES}
        value={status}
        labels="queues.volunteers.status"
        onChange={setStatus}
      />
      <Notice message={queue.message} />
      {queue.items === null ? (
        <p class="hint">{t('queues.loading')}</p>
      ) : queue.items.length === 0 ? (
        <p class="empty">{t('queues.volunteers.empty')}</p>
      ) : (
        <ul class="queue">
          {queue.items.map((signUp) => (
            <li key={signUp.reference} class="queue-item">
              <p class="line">
                <strong>{signUp.fullName}</strong>
                <bdi class="ref">{signUp.reference}</bdi>
                <a href={`tel:${signUp.mobile}`} dir="ltr">
                  {signUp.mobile}
                </a>
                <time dateTime={signUp.createdAt}>{formatTime(signUp.createdAt)}</time>
              </p>
              <p class="line">
                <span>{signUp.city}</span>
                <span class="badge">{signUp.availabilityLabel}</span>
                <span class="badge">{label('queues.volunteers.status', signUp.status)}</span>
                {signUp.routedToName && (
                  <span>{t('queues.volunteers.routedTo', { name: signUp.routedToName })}</span>
                )}
              </p>
              <p class="details">{signUp.skills}</p>
              <p class="line">
                {NEXT[signUp.status].map((next) => (
                  <button
                    key={next}
                    type="button"
                    class={next === 'declined' ? 'danger' : 'primary'}
                    onClick={() =>
                      void queue.act(
                        `/api/queues/volunteers/${encodeURIComponent(signUp.reference)}/status`,
                        { status: next },
                        t(`queues.volunteers.moved.${next}`),
                      )
                    }
                  >
                    {t(`queues.volunteers.action.${next}`)}
                  </button>
                ))}
              </p>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
