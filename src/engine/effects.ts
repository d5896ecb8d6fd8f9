import type { Lang, TextParams } from '../domain/lang';
import type { InboundLocation } from '../domain/inbound-message';
import type { z } from 'zod';

/** Interpolation values for a locale key. Values are plain data so effects stay JSON. */

/** What a yes/no question's choice stands for. */
export type YesNo = 'yes' | 'no';

/** A choice as a flow offers it: an id, and either a locale key or a literal label from the profile. */
export interface ChoiceSpec {
  id: string;
  key?: string;
  label?: string;
  params?: TextParams;
  /** This choice is the question's yes or no: a typed «نعم», «ايه», «لا», "sure"… picks it. */
  means?: YesNo;
}

/**
 * What a flow asks the world to do. Effects are data: the engine never performs them. The
 * conversation service renders texts through i18n and applies record effects in the same
 * database transaction as the new snapshot.
 */
export type Effect =
  | { type: 'say'; key: string; params?: TextParams }
  /** A literal text from the association profile (an FAQ answer), already in the person's language. */
  | { type: 'sayText'; text: string }
  | { type: 'askChoice'; key: string; params?: TextParams; choices: ChoiceSpec[] }
  /** A question the person may answer with a location pin (channels show a "share location" button). */
  | { type: 'askLocation'; key: string; params?: TextParams }
  | { type: 'setLanguage'; lang: Lang }
  | { type: 'recordConsent'; purpose: string; version: string; granted: boolean }
  /**
   * A domain record (a request, a complaint…). `as` names its outputs (e.g. the reference number the
   * store assigned) so later texts of the same step can show them: a param value `'$request.ref'`.
   */
  | { type: 'createRecord'; kind: string; data: Record<string, unknown>; as?: string }
  | { type: 'handoff'; reason: string; category?: string };

export type Location = z.infer<typeof InboundLocation>;

export const say = (key: string, params?: TextParams): Effect =>
  params ? { type: 'say', key, params } : { type: 'say', key };
export const askChoice = (key: string, choices: ChoiceSpec[], params?: TextParams): Effect =>
  params ? { type: 'askChoice', key, params, choices } : { type: 'askChoice', key, choices };
export const askLocation = (key: string, params?: TextParams): Effect =>
  params ? { type: 'askLocation', key, params } : { type: 'askLocation', key };
