import { useEffect, useState } from 'preact/hooks';
import { api, failureText } from './api';
import { boot, t } from './boot';

interface Policy {
  version: string;
  title: string;
  url: string;
  acknowledgedAt: string | null;
}

interface SetupWarning {
  flow: string;
  code: string;
  message: string;
  fix: string;
}

/**
 * What every page says before anything else: the policy to acknowledge before a first action (the
 * server refuses actions until then), and, for administrators, the promises nobody can keep yet
 * (a flow without anyone to receive its work), each with its fix.
 */
export function StaffNotices() {
  const [policy, setPolicy] = useState<Policy | null>(null);
  const [warnings, setWarnings] = useState<SetupWarning[]>([]);
  const [error, setError] = useState('');

  useEffect(() => {
    if (!boot.staff) return;
    void api<Policy>('GET', '/api/policy').then((result) => result.ok && setPolicy(result.data));
    void api<{ warnings: SetupWarning[] }>('GET', '/api/setup/warnings').then(
      (result) => result.ok && setWarnings(result.data.warnings),
    );
  }, []);

  const acknowledge = async () => {
    if (!policy) return;
    const result = await api<{ acknowledgedAt: string }>('POST', '/api/policy/ack', {
      version: policy.version,
    });
    if (result.ok) setPolicy({ ...policy, acknowledgedAt: result.data.acknowledgedAt });
    else setError(failureText(result, t('policy.failed')));
  };

  return (
    <>
      {policy && !policy.acknowledgedAt && (
        <section class="notice warn policy-ack" aria-labelledby="policy-ack-title">
          <h2 id="policy-ack-title">{t('policy.title')}</h2>
          <p>{t('policy.text', { version: policy.version })}</p>
          <p>
            <a href={policy.url} target="_blank" rel="noreferrer noopener">
              {policy.title}
            </a>
          </p>
          <button type="button" class="primary" onClick={() => void acknowledge()}>
            {t('policy.acknowledge')}
          </button>
          {error && <p role="alert">{error}</p>}
        </section>
      )}
      {warnings.length > 0 && (
        // Open for administrators, who can fix them; a line for everyone else.
        <details class="notice error setup-warnings" open={boot.staff?.roles.includes('admin')}>
          <summary>{t('setup.title', { count: warnings.length })}</summary>
          <ul>
            {warnings.map((w) => (
              <li key={w.code + w.flow}>
                <strong>{w.message}</strong> {w.fix}
              </li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}
