import { boot, t } from '../boot';
import { Layout } from '../layout';

/** The shell's answer to a page the signed-in person's roles do not open (status 403): where to go instead. */
export function ForbiddenPage() {
  return (
    <Layout title={t('forbidden.title')} section="">
      <p>{t('forbidden.text')}</p>
      <p>
        <a href={boot.home}>{t('forbidden.home')}</a>
      </p>
    </Layout>
  );
}
