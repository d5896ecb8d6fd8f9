import type { Profile, ServiceField } from '../src/config/profile-schema';
import { localized } from '../src/config/localized';
import { validateField } from '../src/domain/requests/validate-field';
import { askChoice, say } from '../src/engine/effects';
import type { Lang } from '../src/domain/lang';
import type { ActionArgs, ActionFn, GuardFn } from '../src/engine/flow';

/** A flow context that asks a form's fields in turn: the index of the one asked, and the answers so far. */
type Asking = { fieldIndex: number; answers: Record<string, string | number> };

/** An answer as the person reads it (a choice by its label). */
export function displayValue(field: ServiceField, value: string | number | undefined, lang: Lang): string {
  if (value === undefined) return '-';
  if (field.type === 'choice') {
    const option = field.options.find((o) => o.id === value);
    return option ? localized(option.label, lang) : String(value);
  }
  return String(value);
}

/** The choices of a choice or city field, in the person's language; undefined for typed fields. */
function fieldChoices(field: ServiceField, lang: Lang) {
  if (field.type === 'choice')
    return field.options.map((o) => ({ id: o.id, label: localized(o.label, lang) }));
  if (field.type === 'city' && field.options) {
    return field.options.map((o, i) => ({ id: `city-${i}`, label: localized(o, lang) }));
  }
  return undefined;
}

/**
 * The guards and actions of asking a form's fields one by one, shared by the service request and the
 * missing-information flows so that a field is asked, checked (`validateField`: the form's own rules
 * and reasons) and stored the same way in both: a valid answer is kept under the field's id and the
 * next field comes; anything else is explained and asked again. `fieldsOf` names the fields to ask, in
 * order; `fieldIndex` is the one being asked. Going back is each flow's own (`previousField`).
 */
export function fieldSlots<C extends Asking>(fieldsOf: (args: ActionArgs<C, Profile>) => ServiceField[]) {
  type Args = ActionArgs<C, Profile>;

  const currentField = (args: Args): ServiceField | undefined => fieldsOf(args)[args.context.fieldIndex];
  /** The current field's verdict on this message; undefined without a field or a message. */
  const checkAnswer = (args: Args) => {
    const field = currentField(args);
    if (!field || !args.input) return undefined;
    return { field, check: validateField(field, args.input.text, args.input.choiceId) };
  };

  const guards = {
    fieldsLeft: (args) => args.context.fieldIndex < fieldsOf(args).length,
    validAnswer: (args) => checkAnswer(args)?.check.ok === true,
    /** Something was written, valid or not (a file alone, or only spaces, answers nothing). */
    answered: ({ input }) => !!input && input.text.trim().length > 0,
  } satisfies Record<string, GuardFn<C, Profile>>;

  const actions = {
    askCurrentField: (args) => {
      const field = currentField(args);
      if (!field) return [];
      const { env, context } = args;
      const params = {
        label: localized(field.label, env.lang),
        step: context.fieldIndex + 1,
        total: fieldsOf(args).length,
        hint: field.hint ? localized(field.hint, env.lang) : '',
      };
      const choices = fieldChoices(field, env.lang);
      if (choices)
        return [
          askChoice(field.type === 'city' ? 'request.askCity' : 'request.askChoiceField', choices, params),
        ];
      return [say(`request.ask.${field.type}`, params)];
    },
    explainInvalid: (args) => {
      const answer = checkAnswer(args);
      return !answer || answer.check.ok ? [] : [say(answer.check.reason, answer.check.params)];
    },
    saveAnswer: (args) => {
      const answer = checkAnswer(args);
      if (!answer?.check.ok) return {};
      const { context } = args;
      return {
        context: {
          ...context,
          answers: { ...context.answers, [answer.field.id]: answer.check.value },
          fieldIndex: context.fieldIndex + 1,
        },
      };
    },
    /** Back from the documents: to the last field. */
    lastField: (args) => ({
      context: { ...args.context, fieldIndex: Math.max(0, fieldsOf(args).length - 1) },
    }),
  } satisfies Record<string, ActionFn<C, Profile>>;

  return { guards, actions };
}
