import { useEffect, useRef, useState } from 'preact/hooks';
import { api, failureText, type ApiResult } from '../api';
import { boot, t } from '../boot';
import { Field } from '../form';
import { Layout } from '../layout';
import { Notice } from '../queues/status-filter';

type Message = { kind: 'ok' | 'error'; text: string } | null;

/**
 * Signing in (the shell's answer to a page asked for without a session, status 401): staff id and
 * password, or, where the staff bot runs, a one-time code it sends on Telegram. Signed in where the page
 * was asked for, that page opens; from the console's root, the person's home page.
 */
export function SignInPage() {
  const [message, setMessage] = useState<Message>(null);
  const staffId = useRef<HTMLInputElement>(null);
  useEffect(() => staffId.current?.focus(), []);

  const done = (result: ApiResult<{ home: string }>) => {
    if (!result.ok) return setMessage({ kind: 'error', text: failureText(result, t('errors.internal')) });
    if (location.pathname === '/console/' || location.pathname === '/console')
      location.href = result.data.home;
    else location.reload();
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    setMessage(null);
    const form = new FormData(event.currentTarget as HTMLFormElement);
    done(
      await api<{ home: string }>('POST', '/api/auth/login', {
        staffId: (form.get('staffId') as string | null) ?? '',
        password: (form.get('password') as string | null) ?? '',
      }),
    );
  };

  return (
    <Layout title={t('signin.title')} section="">
      <div aria-live="polite">
        <Notice message={message} />
      </div>
      <form class="card narrow" onSubmit={(e) => void submit(e)}>
        <p>{t('signin.intro')}</p>
        <Field id="signin-staff-id" label={t('signin.staffId')}>
          <input
            ref={staffId}
            id="signin-staff-id"
            name="staffId"
            autocomplete="username"
            required
            dir="ltr"
            autocapitalize="none"
            spellcheck={false}
          />
        </Field>
        <Field id="signin-password" label={t('signin.password')}>
          <input
            id="signin-password"
            name="password"
            type="password"
            autocomplete="current-password"
            required
            dir="ltr"
          />
        </Field>
        <button type="submit" class="primary">
          {t('signin.submit')}
        </button>
      </form>
      {boot.codeSignIn && <CodeSignIn onDone={done} onMessage={setMessage} />}
    </Layout>
  );
}

/** The second way in: a six-digit code the staff bot sends to the person's Telegram. */
function CodeSignIn(props: {
  onDone: (result: ApiResult<{ home: string }>) => void;
  onMessage: (message: Message) => void;
}) {
  const [staffId, setStaffId] = useState('');
  const [code, setCode] = useState('');
  const [sent, setSent] = useState(false);
  const codeInput = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (sent) codeInput.current?.focus();
  }, [sent]);

  const send = async () => {
    const result = await api<unknown>('POST', '/api/auth/code', { staffId });
    if (!result.ok) return props.onDone(result);
    props.onMessage({ kind: 'ok', text: t('signin.codeSent') });
    setSent(true);
  };

  return (
    <section class="card narrow">
      <h2>{t('signin.codeTitle')}</h2>
      <p>{t('signin.codeIntro')}</p>
      <Field id="code-staff-id" label={t('signin.staffId')}>
        <input
          id="code-staff-id"
          name="staffId"
          autocomplete="username"
          dir="ltr"
          autocapitalize="none"
          value={staffId}
          onInput={(e) => setStaffId(e.currentTarget.value)}
        />
      </Field>
      <button type="button" onClick={() => void send()}>
        {t('signin.sendCode')}
      </button>
      <div hidden={!sent}>
        <Field id="code-code" label={t('signin.code')}>
          <input
            ref={codeInput}
            id="code-code"
            name="code"
            inputMode="numeric"
            autocomplete="one-time-code"
            dir="ltr"
            maxLength={6}
            value={code}
            onInput={(e) => setCode(e.currentTarget.value)}
          />
        </Field>
        <button
          type="button"
          class="primary"
          onClick={() =>
            void api<{ home: string }>('POST', '/api/auth/code/verify', { staffId, code }).then(props.onDone)
          }
        >
          {t('signin.verifyCode')}
        </button>
      </div>
    </section>
  );
}
