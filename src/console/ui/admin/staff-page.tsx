import { useEffect, useState } from 'preact/hooks';
import { api, failureText } from '../api';
import { t } from '../boot';
import { Layout } from '../layout';
import { useMeta } from '../meta';
import { Notice } from '../queues/status-filter';
import { NewStaffAccount } from './new-staff-account';
import { StaffAccountForm, type StaffAccount } from './staff-account';
import type { Report } from './staff-roles';

/**
 * Who may sign in to the console, with which roles (`/console/admin/staff`): each account to edit, and a
 * new one. After every change the list is read again, so the page shows what the server kept.
 */
export function StaffPage() {
  const meta = useMeta();
  const [accounts, setAccounts] = useState<StaffAccount[] | null>(null);
  const [version, setVersion] = useState(0);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  const load = async () => {
    const result = await api<{ accounts: StaffAccount[] }>('GET', '/api/admin/staff');
    if (!result.ok) return setMessage({ kind: 'error', text: failureText(result, t('errors.internal')) });
    setAccounts(result.data.accounts);
    // Fresh forms: what each account holds now, not what was typed before.
    setVersion((v) => v + 1);
  };
  useEffect(() => void load(), []);

  const report: Report = (result, okText) => {
    if (!result.ok) return setMessage({ kind: 'error', text: result.text });
    setMessage({ kind: 'ok', text: okText });
    void load();
  };

  return (
    <Layout title={t('staff.title')} section="staff">
      <p>{t('staff.intro')}</p>
      <div aria-live="polite">
        <Notice message={message} />
      </div>
      {meta && accounts && (
        <>
          {accounts.map((a) => (
            <StaffAccountForm key={`${a.id}-${version}`} account={a} meta={meta} report={report} />
          ))}
          <NewStaffAccount meta={meta} report={report} />
        </>
      )}
    </Layout>
  );
}
