import { useEffect, useRef, useState } from 'preact/hooks';
import { api, failureText } from '../api';
import { boot, t } from '../boot';
import { Field } from '../form';
import { Layout } from '../layout';
import { Notice } from '../queues/status-filter';

type Message = { kind: 'ok' | 'error'; text: string } | null;

/** The setup link's token: the letters after `#` (never sent to the server with the page request). */
function tokenInLink(): string {
  return decodeURIComponent(location.hash.replace(/^#/, '')).trim();
}

/**
 * The first-run setup page (`/console/setup#<token>`, the link printed in the log at the first start):
 * names the first administrator and their password, then signs them in. Once an administrator exists,
 * it only says so and points to sign-in.
 */
export function FirstRunPage() {
  const [message, setMessage] = useState<Message>(null);
  const [token] = useState(tokenInLink);
  const [staffId, setStaffId] = useState('admin');
  const name = useRef<HTMLInputElement>(null);
  const done = boot.params.state === 'done';
  const min = Number(boot.params.minPassword ?? 0);
  useEffect(() => name.current?.focus(), []);

  const submit = async (event: Event) => {
    event.preventDefault();
    setMessage(null);
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const field = (key: string) => (form.get(key) as string | null) ?? '';
    if (field('password') !== field('passwordAgain')) {
      return setMessage({ kind: 'error', text: t('firstRun.mismatch') });
    }
    const result = await api<{ home: string }>('POST', '/api/setup/first-administrator', {
      token,
      staffId,
      name: field('name'),
      password: field('password'),
    });
    if (!result.ok) return setMessage({ kind: 'error', text: failureText(result, t('errors.internal')) });
    // The token is spent: keep it out of the history, then open the console as the new administrator.
    history.replaceState(null, '', location.pathname);
    location.href = result.data.home;
  };

  if (done) {
    return (
      <Layout title={t('firstRun.title')} section="">
        <p class="notice ok" role="status">
          {t('firstRun.done')} {t('errors.setupDone')}
        </p>
        <p>
          <a href="/console/">{t('firstRun.signIn')}</a>
        </p>
      </Layout>
    );
  }
  return (
    <Layout title={t('firstRun.title')} section="">
      <div aria-live="polite">
        <Notice message={token ? message : { kind: 'error', text: t('firstRun.noToken') }} />
      </div>
      <form class="card narrow" onSubmit={(e) => void submit(e)}>
        <p>{t('firstRun.intro', { association: boot.association })}</p>
        <Field id="setup-name" label={t('firstRun.name')}>
          <input ref={name} id="setup-name" name="name" autocomplete="name" required maxLength={100} />
        </Field>
        <Field id="setup-staff-id" label={t('firstRun.staffId')}>
          <input
            id="setup-staff-id"
            name="staffId"
            autocomplete="username"
            required
            dir="ltr"
            autocapitalize="none"
            spellcheck={false}
            pattern="[A-Za-z][A-Za-z0-9\-]*"
            value={staffId}
            onInput={(e) => setStaffId(e.currentTarget.value)}
          />
        </Field>
        <Field id="setup-password" label={t('firstRun.password', { min })}>
          <input
            id="setup-password"
            name="password"
            type="password"
            autocomplete="new-password"
            required
            minLength={min}
            dir="ltr"
          />
        </Field>
        <Field id="setup-password-again" label={t('firstRun.passwordAgain')}>
          <input
            id="setup-password-again"
            name="passwordAgain"
            type="password"
            autocomplete="new-password"
            required
            minLength={min}
            dir="ltr"
          />
        </Field>
        <button type="submit" class="primary" disabled={!token}>
          {t('firstRun.submit')}
        </button>
      </form>
    </Layout>
  );
}
