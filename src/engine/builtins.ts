import type { TextParams } from '../domain/lang';

/**
 * The guards the engine implements itself (see `run-step.ts`), by name with their params (`unknown`:
 * none). Every flow may name them; a typed flow's own guard of the same name takes its place.
 */
export interface BuiltinGuardParams {
  /** The person picked the offered choice `id` (by button, number, ordinal or label). */
  choice: { id: string };
  /** The message has a letter or a digit (emoji and punctuation alone answer nothing). */
  hasText: unknown;
  hasMedia: unknown;
  hasLocation: unknown;
}

/** The actions the engine implements itself, by name with their params. */
export interface BuiltinActionParams {
  /** Says a locale key, with its interpolation params. */
  say: { key: string; params?: TextParams };
}

// Records rather than lists: tsc then insists that every built-in above is named here, and only those.
const GUARD_NAMES: Record<keyof BuiltinGuardParams, true> = {
  choice: true,
  hasText: true,
  hasMedia: true,
  hasLocation: true,
};
const ACTION_NAMES: Record<keyof BuiltinActionParams, true> = { say: true };

/** The built-in names, for the registry's start-up check of flows that did not come through `tsc`. */
export const BUILTIN_GUARDS: ReadonlySet<string> = new Set(Object.keys(GUARD_NAMES));
export const BUILTIN_ACTIONS: ReadonlySet<string> = new Set(Object.keys(ACTION_NAMES));

/** The built-in guard "the person picked choice `id`": `{ guard: choice('send'), target: 'done' }`. */
export const choice = (id: string) => ({ type: 'choice', params: { id } }) as const;

/** The built-in action "say this locale key": `{ actions: [said('request.discarded')] }`. */
export const said = (key: string, params?: TextParams) =>
  ({ type: 'say', params: params ? { key, params } : { key } }) as const;
