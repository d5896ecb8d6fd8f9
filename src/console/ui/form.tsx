import type { ComponentChildren } from 'preact';

/** A labelled control with its hint under it, as every console form lays them out. */
export function Field(props: {
  id: string;
  label: string;
  hint?: string | null;
  children: ComponentChildren;
}) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {props.children}
      {props.hint && (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
    </div>
  );
}

/** Boxes to tick under one legend (roles, categories, documents); `chosen` is what is ticked. */
export function CheckGroup(props: {
  name: string;
  legend: string;
  options: { value: string; label: string }[];
  chosen: readonly string[];
  onChange: (chosen: string[]) => void;
  children?: ComponentChildren;
}) {
  const toggle = (value: string, on: boolean) =>
    props.onChange(on ? [...props.chosen, value] : props.chosen.filter((v) => v !== value));
  return (
    <fieldset class="checks">
      <legend>{props.legend}</legend>
      {props.options.map((o) => (
        <label key={o.value} class="check">
          <input
            type="checkbox"
            name={props.name}
            value={o.value}
            checked={props.chosen.includes(o.value)}
            onChange={(e) => toggle(o.value, e.currentTarget.checked)}
          />{' '}
          {o.label}
        </label>
      ))}
      {props.children}
    </fieldset>
  );
}
