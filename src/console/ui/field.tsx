import type { ComponentChildren } from 'preact';

/**
 * A labelled form control, as the console's forms draw it: the label above, the control, and a hint tied
 * to it for screen readers. `id` is the control's (the label points at it).
 */
export function Field(props: { id: string; label: string; hint?: string; children: ComponentChildren }) {
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
