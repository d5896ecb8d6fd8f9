import { normaliseForMatching } from '../domain/text/arabic-normalise';
import type { Lang, TextParams } from '../domain/lang';
import { readYesNo, type EverydayWords } from './everyday-words';
import type { ConversationSnapshot, FlowEnv, FlowInput, OfferedChoice, Ref } from './flow';

/* The step's small pure helpers, apart from the class so it reads as the state machine it runs. */

/** `t` for one language, made outside the class so no per-step closure captures the whole step. */
export function translatorFor(
  translate: (lang: Lang, key: string, params?: TextParams) => string,
  lang: Lang,
): FlowEnv['t'] {
  return (key, params) => translate(lang, key, params);
}

/**
 * Choice labels come from the locales and the profile, so the same few hundred are normalised again
 * and again; remembering them keeps that out of every step. Bounded, in case labels carry data.
 */
const normalisedLabels = new Map<string, string>();
export function normalisedLabel(label: string): string {
  let normalised = normalisedLabels.get(label);
  if (normalised === undefined) {
    normalised = normaliseForMatching(label);
    if (normalisedLabels.size >= 5_000) normalisedLabels.clear();
    normalisedLabels.set(label, normalised);
  }
  return normalised;
}

export function unref(ref: Ref): { name: string; params: Record<string, unknown> } {
  return typeof ref === 'string' ? { name: ref, params: {} } : { name: ref.type, params: ref.params ?? {} };
}

/** A letter or a digit: emoji and punctuation alone ("👍", an Arabic question mark) answer no question. */
export const HAS_WORDS = /[\p{L}\p{N}]/u;

/** A reply that says why the input did not fit, before the question is asked again. */
export function fallbackKey(input: FlowInput): string {
  if (HAS_WORDS.test(input.normalized)) return 'engine.notUnderstood';
  if (input.location) return 'engine.locationNotExpected';
  if (input.media.length > 0) return 'engine.mediaNotExpected';
  if (input.text.trim().length > 0) return 'engine.symbolsOnly';
  return 'engine.emptyMessage';
}

/**
 * The offered choice a typed text names: its whole label, a part of one label only («سلة» for «طلب
 * سلة غذائية»), or the everyday yes or no of a choice that means one. Numbers are read before this.
 */
export function typedChoice(
  choices: readonly OfferedChoice[],
  typed: string,
  yesNo: ConversationSnapshot['yesNo'],
  everyday: EverydayWords | undefined,
): string | undefined {
  if (typed.length === 0) return undefined;
  const labels = choices.map((c) => ({ id: c.id, label: normalisedLabel(c.label) }));
  const exact = labels.find((c) => c.label === typed);
  if (exact) return exact.id;
  if (typed.length >= 3) {
    const partial = labels.filter((c) => c.label.includes(typed));
    if (partial.length === 1 && partial[0]) return partial[0].id;
  }
  const meant = yesNo && everyday && readYesNo(typed, everyday);
  return meant ? yesNo[meant] : undefined;
}
