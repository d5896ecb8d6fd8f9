import type { OutboundMessage } from '../domain/outbound-message';
import type { Effect } from '../engine/effects';
import type { Lang, TextParams } from '../domain/lang';
import type { EffectOutputs } from './effect-handlers';
import type { Translator } from '../i18n/translator';

/**
 * Turns a step's effects into the messages the person receives, in their language at that point of
 * the step (a language choice switches mid-step). Consecutive texts and the question that follows
 * them travel as one message: fewer sends under platform rate limits, and one bubble to read.
 */
export function renderEffects(
  effects: readonly Effect[],
  startLang: Lang,
  translator: Translator,
  outputs: EffectOutputs = {},
): OutboundMessage[] {
  // No local helper closures here: this runs for every step, and the benchmark (issue #8) showed them.
  const out: OutboundMessage[] = [];
  let lang = startLang;
  let pending: string[] = [];
  for (const effect of effects) {
    switch (effect.type) {
      case 'setLanguage':
        lang = effect.lang;
        break;
      case 'say':
        pending.push(translator.t(lang, effect.key, resolveOutputs(effect.params, outputs, effects)));
        break;
      case 'sayText':
        pending.push(effect.text);
        break;
      case 'askChoice': {
        const question = translator.t(lang, effect.key, resolveOutputs(effect.params, outputs, effects));
        out.push({
          kind: 'choices',
          text: [...pending, question].join('\n\n'),
          choices: effect.choices.map((c) => ({
            id: c.id,
            label: c.label ?? translator.t(lang, c.key ?? c.id, c.params),
          })),
          hint: translator.t(lang, 'render.choiceHint'),
          // Numbered text writes 1, 2, 3… unless the language writes numbers otherwise (Arabic-Indic).
          ...(translator.number(lang, 1) === '1'
            ? {}
            : { numbers: effect.choices.map((_, i) => translator.number(lang, i + 1)) }),
        });
        pending = [];
        break;
      }
      case 'askLocation':
        out.push({
          kind: 'location-request',
          text: [
            ...pending,
            translator.t(lang, effect.key, resolveOutputs(effect.params, outputs, effects)),
          ].join('\n\n'),
        });
        pending = [];
        break;
      case 'recordConsent':
      case 'createRecord':
      case 'handoff':
        break;
    }
  }
  if (pending.length > 0) out.push({ kind: 'text', text: pending.join('\n\n') });
  return out;
}

/**
 * Replaces `'$name.field'` values with what the step's record handlers returned. Only a name one of
 * the step's own records declares (`as`) is a reference: a person who answers "$A" or "$volunteer.ref"
 * is quoted as written, never resolved (and never fails the step, which left it pending for ever).
 */
function resolveOutputs(
  params: TextParams | undefined,
  outputs: EffectOutputs,
  effects: readonly Effect[],
): TextParams | undefined {
  if (!params) return params;
  const resolved: TextParams = {};
  for (const [key, value] of Object.entries(params)) {
    const ref = typeof value === 'string' && value.startsWith('$') ? value.slice(1).split('.') : undefined;
    const declared = ref !== undefined && effects.some((e) => e.type === 'createRecord' && e.as === ref[0]);
    const found = declared ? outputs[ref[0] ?? '']?.[ref[1] ?? ''] : undefined;
    if (declared && found === undefined)
      throw new Error(`text parameter ${key} refers to missing output ${String(value)}`);
    resolved[key] = found ?? value;
  }
  return resolved;
}
