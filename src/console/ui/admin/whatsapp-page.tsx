import { useEffect, useState } from 'preact/hooks';
import { api, failureText } from '../api';
import { label, t } from '../boot';
import { formatTime } from '../format';
import { Layout } from '../layout';

interface Session {
  configured: boolean;
  api?: 'web' | 'cloud';
  state?: string;
  since?: string;
  reason?: string;
  qrImage?: string;
}

/**
 * The association's WhatsApp session (`/console/admin/whatsapp`): its state, and the QR code to scan while
 * one is needed. Read again every 5 seconds until connected (the code changes), then every 30.
 */
export function WhatsappPage() {
  const [session, setSession] = useState<Session | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const load = async () => {
      const result = await api<Session>('GET', '/api/admin/whatsapp');
      if (stopped) return;
      if (!result.ok) return setError(failureText(result, t('errors.internal')));
      setError('');
      setSession(result.data);
      if (result.data.configured && result.data.api !== 'cloud')
        timer = setTimeout(() => void load(), result.data.state === 'ready' ? 30_000 : 5_000);
    };
    void load();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, []);

  return (
    <Layout title={t('whatsapp.title')} section="whatsapp">
      <div aria-live="polite">
        {error && (
          <p class="notice error" role="alert">
            {error}
          </p>
        )}
        {session && !session.configured && <p>{t('whatsapp.notConfigured')}</p>}
        {session?.api === 'cloud' && <p>{t('whatsapp.cloud')}</p>}
        {session?.configured && session.api !== 'cloud' && (
          <section class="card">
            <p>
              <span class={`badge ${session.state === 'ready' ? 'ok' : 'warn'}`}>
                {label('whatsapp.state', session.state ?? '')}
              </span>
            </p>
            <dl class="facts">
              <dt>{t('whatsapp.since')}</dt>
              <dd>{formatTime(session.since ?? null)}</dd>
              {session.reason && (
                <>
                  <dt>{t('whatsapp.reason')}</dt>
                  <dd>
                    <bdi>{session.reason}</bdi>
                  </dd>
                </>
              )}
            </dl>
            {session.qrImage && (
              <>
                <p>{t('whatsapp.scan')}</p>
                <img class="qr" src={session.qrImage} alt={t('whatsapp.qrAlt')} />
              </>
            )}
          </section>
        )}
      </div>
    </Layout>
  );
}
