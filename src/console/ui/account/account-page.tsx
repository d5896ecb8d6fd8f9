import { useState } from 'preact/hooks';
import { api, failureText } from '../api';
import { boot, t } from '../boot';
import { Field } from '../form';
import { Layout } from '../layout';
import { isolated } from '../bidi';
import { Notice } from '../queues/status-filter';

/** My account (`/console/account`): changing one's own password, which signs out one's other sessions. */
export function AccountPage() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  const change = async (event: Event) => {
    event.preventDefault();
    const result = await api('POST', '/api/auth/password', { current, next });
    if (!result.ok) return setMessage({ kind: 'error', text: failureText(result, t('errors.internal')) });
    setMessage({ kind: 'ok', text: t('account.changed') });
    setCurrent('');
    setNext('');
  };

  return (
    <Layout title={t('account.title')} section="account">
      <p>{t('account.intro', { id: isolated(boot.staff?.id) })}</p>
      <div aria-live="polite">
        <Notice message={message} />
      </div>
      <form class="card narrow" onSubmit={(e) => void change(e)}>
        <Field id="account-current" label={t('account.current')}>
          <input
            id="account-current"
            type="password"
            autocomplete="current-password"
            dir="ltr"
            required
            value={current}
            onInput={(e) => setCurrent(e.currentTarget.value)}
          />
        </Field>
        <Field id="account-next" label={t('account.next')} hint={t('staff.passwordHint')}>
          <input
            id="account-next"
            type="password"
            autocomplete="new-password"
            dir="ltr"
            required
            aria-describedby="account-next-hint"
            value={next}
            onInput={(e) => setNext(e.currentTarget.value)}
          />
        </Field>
        <button type="submit" class="primary">
          {t('account.change')}
        </button>
      </form>
    </Layout>
  );
}
