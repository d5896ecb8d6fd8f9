import { useEffect, useState } from 'preact/hooks';
import { api, failureText } from '../api';
import { t } from '../boot';
import { Layout } from '../layout';

/** The association profile in force, read-only (`/console/admin/profile`): it changes in its YAML file. */
export function ProfilePage() {
  const [profile, setProfile] = useState<unknown>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    void api<{ profile: unknown }>('GET', '/api/admin/profile').then((result) =>
      result.ok ? setProfile(result.data.profile) : setError(failureText(result, t('errors.internal'))),
    );
  }, []);
  return (
    <Layout title={t('profile.title')} section="profile">
      {error && (
        <p class="notice error" role="alert">
          {error}
        </p>
      )}
      {profile !== null && (
        <>
          <p>{t('profile.intro')}</p>
          <pre class="profile" dir="ltr" tabIndex={0}>
            {JSON.stringify(profile, null, 2)}
          </pre>
        </>
      )}
    </Layout>
  );
}
