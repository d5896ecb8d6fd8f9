import { label, t } from '../boot';
import { Field } from '../form';
import { named, type Meta } from '../meta';
import type { IntakeDraft } from './intake-draft';

const TICKET_KINDS = ['complaint', 'suggestion', 'compensation'] as const;

/** The complaint part of the intake: complaint, suggestion or compensation claim, its category and text. */
export function ComplaintForm(props: {
  meta: Meta;
  draft: IntakeDraft;
  update: (change: Partial<IntakeDraft>) => void;
}) {
  const { draft, update } = props;
  return (
    <div>
      <Field id="intake-ticket-kind" label={t('intake.ticketKind')}>
        <select
          id="intake-ticket-kind"
          name="ticketKind"
          value={draft.ticketKind}
          onChange={(e) => update({ ticketKind: e.currentTarget.value as IntakeDraft['ticketKind'] })}
        >
          {TICKET_KINDS.map((k) => (
            <option key={k} value={k}>
              {label('kind', k)}
            </option>
          ))}
        </select>
      </Field>
      <Field id="intake-category" label={t('intake.category')}>
        <select
          id="intake-category"
          name="categoryId"
          value={draft.categoryId}
          onChange={(e) => update({ categoryId: e.currentTarget.value })}
        >
          {props.meta.complaintCategories.map((c) => (
            <option key={c.id} value={c.id}>
              {named(c.name)}
            </option>
          ))}
        </select>
      </Field>
      <Field id="intake-description" label={t('intake.description')}>
        <textarea
          id="intake-description"
          name="description"
          rows={5}
          maxLength={2000}
          dir="auto"
          value={draft.description}
          onInput={(e) => update({ description: e.currentTarget.value })}
        />
      </Field>
    </div>
  );
}
