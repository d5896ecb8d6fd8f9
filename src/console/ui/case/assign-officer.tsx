import { useEffect, useState } from 'preact/hooks';
import { api, failureText } from '../api';
import { boot, t } from '../boot';
import type { CaseDetail } from '../cases/case-types';
import { Field } from '../form';
import type { MetaNames } from '../meta';
import type { Outcome } from './action-form';

const ASSIGNERS = ['committee', 'manager', 'admin'];

/** Whether the signed-in person may hand cases to a named officer. */
export const mayAssign = (): boolean => boot.staff?.roles.some((r) => ASSIGNERS.includes(r)) ?? false;

/**
 * Handing the case to a named officer (committee, management, administrators): the same service as
 * /assign in the case's Telegram topic; the officer is alerted there.
 */
export function AssignOfficer(props: {
  c: CaseDetail;
  names: MetaNames;
  onDone: (outcome: Outcome, changed: boolean) => void;
}) {
  const [officers, setOfficers] = useState<{ id: string; name: string }[]>([]);
  const [chosen, setChosen] = useState(props.c.routedTo ?? '');
  useEffect(() => {
    void api<{ officers: { id: string; name: string }[] }>('GET', '/api/officers').then((r) => {
      if (!r.ok) return;
      setOfficers(r.data.officers);
      // As a select does: the case's officer when listed, else the first.
      setChosen((now) => (r.data.officers.some((o) => o.id === now) ? now : (r.data.officers[0]?.id ?? '')));
    });
  }, []);

  const assign = async () => {
    const result = await api<{ to: string }>(
      'POST',
      `/api/cases/${encodeURIComponent(props.c.reference)}/assign`,
      {
        officerId: chosen,
      },
    );
    if (!result.ok)
      return props.onDone({ kind: 'error', text: failureText(result, t('errors.internal')) }, false);
    props.onDone(
      { kind: 'ok', text: t('case.assigned', { name: props.names.staffName(result.data.to) }) },
      true,
    );
  };

  return (
    <section class="card" aria-labelledby="assign-title">
      <h2 id="assign-title">{t('case.assignTitle')}</h2>
      <Field id="assign-officer" label={t('case.assignOfficer')}>
        <select
          id="assign-officer"
          name="officer"
          value={chosen}
          onChange={(e) => setChosen(e.currentTarget.value)}
        >
          {officers.map((o) => (
            <option key={o.id} value={o.id}>
              {`${o.name} (${o.id})`}
            </option>
          ))}
        </select>
      </Field>
      <button type="button" data-action="assign-officer" onClick={() => void assign()}>
        {t('case.assign')}
      </button>
    </section>
  );
}
