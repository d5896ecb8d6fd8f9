import { useState } from 'preact/hooks';
import { label, t } from '../boot';
import type { CaseDetail } from '../cases/case-types';
import type { Meta } from '../meta';
import { ActionForm, type Outcome } from './action-form';

/**
 * What the signed-in person may do with the case now (the roles and the transition tables decide, the
 * server lists them): one button each, opening its confirmation form.
 */
export function CaseActions(props: {
  meta: Meta;
  c: CaseDetail;
  onDone: (outcome: Outcome, changed: boolean) => void;
}) {
  const { c } = props;
  const [open, setOpen] = useState<string | null>(null);
  const action = c.actions.find((a) => a.id === open);
  return (
    <section class="card actions" id="case-actions" aria-labelledby="actions-title">
      <h2 id="actions-title">{t('case.actions')}</h2>
      {c.actions.length === 0 && <p class="muted">{t('case.noActions')}</p>}
      <div class="row wrap">
        {c.actions.map((a) => (
          <button
            key={a.id}
            type="button"
            data-action={a.id}
            class={a.id === 'approve' ? 'primary' : a.id === 'reject' ? 'danger' : undefined}
            aria-expanded={open === a.id}
            onClick={() => setOpen(a.id)}
          >
            {label('actions', a.id)}
          </button>
        ))}
      </div>
      {action && (
        <ActionForm
          key={action.id}
          meta={props.meta}
          c={c}
          action={action}
          onCancel={() => setOpen(null)}
          onDone={(outcome, changed) => {
            if (changed) setOpen(null);
            props.onDone(outcome, changed);
          }}
        />
      )}
    </section>
  );
}
