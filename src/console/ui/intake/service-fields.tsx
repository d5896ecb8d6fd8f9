import { Field } from '../form';
import { named, type ServiceField } from '../meta';

const LTR_TYPES = ['nationalId', 'mobile', 'number', 'date'];
const NUMERIC_TYPES = ['nationalId', 'number', 'mobile'];

/**
 * One field of a service's form, checked by the server with the chat's rules: a choice or a city of the
 * profile's list as a list to pick from (the server accepts nothing else), anything else typed.
 */
export function ServiceFieldInput(props: {
  field: ServiceField;
  value: string;
  error?: string;
  onInput: (value: string) => void;
}) {
  const { field } = props;
  const id = `field-${field.id}`;
  const described = [field.hint ? `${id}-hint` : '', props.error ? `${id}-error` : ''].filter(Boolean);
  const common = {
    id,
    name: id,
    'data-field': field.id,
    required: field.required,
    'aria-invalid': props.error ? true : undefined,
    'aria-describedby': described.length ? described.join(' ') : undefined,
  };
  const options =
    field.type === 'choice'
      ? (field.options ?? []).map((o) => ('id' in o ? { value: o.id, label: named(o.label) } : null))
      : field.type === 'city' && field.options
        ? field.options.map((o, i) => ({ value: `city-${i}`, label: named('ar' in o ? o : o.label) }))
        : null;
  return (
    <Field
      id={id}
      label={named(field.label) + (field.required ? ' *' : '')}
      hint={field.hint && named(field.hint)}
    >
      {options ? (
        <select {...common} value={props.value} onChange={(e) => props.onInput(e.currentTarget.value)}>
          <option value="">—</option>
          {options.map(
            (o) =>
              o && (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ),
          )}
        </select>
      ) : (
        <input
          {...common}
          value={props.value}
          dir={LTR_TYPES.includes(field.type) ? 'ltr' : 'auto'}
          inputMode={NUMERIC_TYPES.includes(field.type) ? 'numeric' : undefined}
          onInput={(e) => props.onInput(e.currentTarget.value)}
        />
      )}
      {props.error && (
        <p class="field-error" id={`${id}-error`}>
          {props.error}
        </p>
      )}
    </Field>
  );
}
