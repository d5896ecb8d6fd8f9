import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, failureText } from '../api';
import { t } from '../boot';
import { formatTime } from '../format';
import { Layout } from '../layout';

export interface StaffAlert {
  id: string;
  kind: string;
  text: string;
  subjectType: string | null;
  subjectId: string | null;
  link: string | null;
  createdAt: string;
  read: boolean;
}

/**
 * The signed-in member's alerts (`/console/alerts`): every reminder, escalation, digest and sign-up
 * that also goes to the Telegram group, so an association without Telegram loses none.
 */
export function AlertsPage() {
  const [onlyUnread, setOnlyUnread] = useState(true);
  const [alerts, setAlerts] = useState<{ unread: number; items: StaffAlert[] } | null>(null);
  const [error, setError] = useState('');

  const load = useCallback(async () => {
    const result = await api<{ unread: number; items: StaffAlert[] }>(
      'GET',
      `/api/alerts?unread=${onlyUnread}&limit=100`,
    );
    if (result.ok) setAlerts(result.data);
    else setError(failureText(result, t('alertsPage.loadFailed')));
  }, [onlyUnread]);
  useEffect(() => void load(), [load]);

  const markRead = async (body: { ids: string[] } | { all: true }) => {
    const result = await api<{ unread: number }>('POST', '/api/alerts/read', body);
    if (!result.ok) setError(failureText(result, t('alertsPage.loadFailed')));
    await load();
  };

  return (
    <Layout title={t('alertsPage.title')} section="alerts">
      {error && (
        <p class="notice error" role="alert">
          {error}
        </p>
      )}
      <p class="line">
        <span>{t('alertsPage.unreadCount', { count: alerts?.unread ?? 0 })}</span>
        <label>
          <input
            type="checkbox"
            checked={onlyUnread}
            onChange={(e) => setOnlyUnread(e.currentTarget.checked)}
          />{' '}
          {t('alertsPage.onlyUnread')}
        </label>
        <button type="button" disabled={!alerts?.unread} onClick={() => void markRead({ all: true })}>
          {t('alertsPage.markAll')}
        </button>
      </p>
      {alerts === null ? (
        <p class="hint">{t('queues.loading')}</p>
      ) : alerts.items.length === 0 ? (
        <p class="empty">{t('alertsPage.none')}</p>
      ) : (
        <ul class="queue">
          {alerts.items.map((alert) => (
            <li key={alert.id} class={`queue-item${alert.read ? '' : ' unread'}`}>
              <p class="line">
                <time dateTime={alert.createdAt}>{formatTime(alert.createdAt)}</time>
                {!alert.read && <span class="badge warn">{t('alertsPage.new')}</span>}
              </p>
              <p class="details">{alert.text}</p>
              <p class="line">
                {alert.link && (
                  <a href={alert.link} onClick={() => void markRead({ ids: [alert.id] })}>
                    {t('alertsPage.open')}
                  </a>
                )}
                {!alert.read && (
                  <button type="button" class="quiet" onClick={() => void markRead({ ids: [alert.id] })}>
                    {t('alertsPage.markRead')}
                  </button>
                )}
              </p>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
