import { label, t } from '../boot';
import { Field } from '../form';
import { named, type Meta } from '../meta';
import { DocumentsSeen } from './documents-seen';
import { fieldValue, type IntakeDraft } from './intake-draft';
import { ServiceFieldInput } from './service-fields';

/**
 * The request part of the intake: the service, its form (the same fields as the chat, the mobile aside:
 * it is the one asked above), the documents seen on paper and how the applicant confirmed the data.
 * `issues` are the server's, by field path.
 */
export function RequestForm(props: {
  meta: Meta;
  draft: IntakeDraft;
  issues: Record<string, string>;
  update: (change: Partial<IntakeDraft>) => void;
}) {
  const { draft, update } = props;
  const service = props.meta.services.find((s) => s.id === draft.serviceId);
  const documentErrors = Object.entries(props.issues)
    .filter(([path]) => path.startsWith('documentsSeen.'))
    .map(([, message]) => message);
  return (
    <div>
      <Field id="intake-service" label={t('intake.service')}>
        <select
          id="intake-service"
          name="serviceId"
          value={draft.serviceId}
          onChange={(e) => update({ serviceId: e.currentTarget.value, fields: {}, documentsSeen: [] })}
        >
          {props.meta.services.map((s) => (
            <option key={s.id} value={s.id}>
              {named(s.name)}
            </option>
          ))}
        </select>
      </Field>
      {service && (
        <div class="grid">
          {service.fields
            .filter((f) => f.type !== 'mobile')
            .map((f) => (
              <ServiceFieldInput
                key={`${service.id}-${f.id}`}
                field={f}
                value={fieldValue(draft, f)}
                error={props.issues[`fields.${f.id}`]}
                onInput={(value) => update({ fields: { ...draft.fields, [f.id]: value } })}
              />
            ))}
        </div>
      )}
      {service && (
        <DocumentsSeen
          service={service}
          seen={draft.documentsSeen}
          errors={documentErrors}
          onChange={(documentsSeen) => update({ documentsSeen })}
        />
      )}
      <fieldset class="checks">
        <legend>{t('intake.declaration')}</legend>
        {(['signedForm', 'verbal'] as const).map((how) => (
          <label key={how} class="check" for={`decl-${how}`}>
            <input
              type="radio"
              name="declaration"
              id={`decl-${how}`}
              value={how}
              checked={draft.declaration === how}
              onChange={() => update({ declaration: how })}
            />{' '}
            {label('intake.declarationHow', how)}
          </label>
        ))}
      </fieldset>
      <Field id="intake-note" label={t('intake.note')}>
        <textarea
          id="intake-note"
          name="note"
          rows={2}
          maxLength={1000}
          value={draft.note}
          onInput={(e) => update({ note: e.currentTarget.value })}
        />
      </Field>
    </div>
  );
}
