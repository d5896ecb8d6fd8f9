import type { z } from 'zod';
import type { InboundMedia, ChannelName, InboundMessage } from '../domain/inbound-message';
import type { BeneficiaryFacts } from '../domain/beneficiary-facts';
import type { Lang, TextParams } from '../domain/lang';
import type { Effect, Location, YesNo } from './effects';

/** What a flow sees of one inbound message, already cleaned and matched by the engine. */
export interface FlowInput {
  /** The text as the person wrote it, minus invisible bidi controls. */
  text: string;
  /** The text normalised for matching (Arabic folding, Latin digits, lower case, single spaces). */
  normalized: string;
  /** The choice the person picked, by button or by number/ordinal/label, among the last offered. */
  choiceId?: string;
  media: InboundMedia[];
  location?: Location;
  channel: ChannelName;
  channelMessageId: string;
  receivedAt: Date;
}

/** Read-only facts a flow may consult. Loaded before the step; flows never fetch anything. */
export interface FlowEnv<P = unknown> {
  profile: P;
  now: Date;
  lang: Lang;
  /** Renders a locale key in the conversation's language (used to match typed choice labels). */
  t: (key: string, params?: TextParams) => string;
  beneficiary: BeneficiaryFacts;
}

export interface ActionArgs<C, P = unknown, Params = unknown> {
  context: C;
  input: FlowInput | null;
  env: FlowEnv<P>;
  /** The static params of the reference (`{ type, params }`), typed by the guard or action reading them. */
  params: Params;
}

export interface ActionResult<C> {
  context?: C;
  effects?: Effect[];
  /** The payload for the flow a `#flowId` target of this transition starts (its `createContext`). */
  startWith?: Record<string, unknown>;
  /**
   * The person's facts as this action's records change them (a case it moves on), for the states that
   * follow in the same step: the menu drawn right after must not offer what was just done.
   */
  facts?: (facts: BeneficiaryFacts) => BeneficiaryFacts;
}

export type ActionFn<C, P = unknown, Params = unknown> = (
  args: ActionArgs<C, P, Params>,
) => ActionResult<C> | Effect[] | void;
export type GuardFn<C, P = unknown, Params = unknown> = (args: ActionArgs<C, P, Params>) => boolean;

/**
 * A named behaviour with optional static parameters, as in XState's `{ type, params }`. This is the
 * engine's wide form; a typed flow narrows it to the names and params of its own setup (`RefTo`).
 */
export type Ref = string | { type: string; params?: Readonly<Record<string, unknown>> };

/**
 * A transition. `target` names a state of this flow, or `#flowId` to start another flow.
 * Without a target the flow stays where it is and its prompt is not repeated. The type parameters
 * are what a typed flow allows (its states and flow ids, its guards, its actions); the defaults are
 * the engine's wide view.
 */
export interface Transition<Target extends string = string, GuardRef = Ref, ActionRef = Ref> {
  guard?: GuardRef;
  target?: Target;
  actions?: readonly ActionRef[];
  /** Re-send the current state's prompt after the actions (used when input was rejected). */
  reprompt?: boolean;
  /** Label for the generated diagram. */
  description?: string;
}

export interface StateNode<Target extends string = string, GuardRef = Ref, ActionRef = Ref> {
  /** Actions that only produce the prompt; re-run whenever the state is asked again. */
  prompt?: readonly ActionRef[];
  /** Tried in order; the first whose guard passes is taken. */
  on?: readonly Transition<Target, GuardRef, ActionRef>[];
  /** Checked on entering, before the prompt (no input): the first that passes is taken at once. */
  always?: readonly Transition<Target, GuardRef, ActionRef>[];
  /** What the global word "back" does here (usually a target; actions may undo an answer). */
  back?: Transition<Target, GuardRef, ActionRef>;
  /** Locale key of a state-specific help text (the global word "help"). */
  help?: string;
  /**
   * What a global word does in this state instead of the engine's default. A conversation with staff,
   * for one, asks before "menu" or "cancel" leave it rather than dropping it. A guard that fails leaves
   * the word to the default.
   */
  words?: Partial<Record<GlobalWord, Transition<Target, GuardRef, ActionRef>>>;
  /** Reaching a final state ends the flow; the engine continues with the flow's `onDone`. */
  final?: boolean;
  /**
   * Messages here are for a person (staff in a conversation): the engine adds nothing of its own, no
   * returned salaam and no reading of intents.
   */
  quiet?: boolean;
  /**
   * The person has finished something here (an answer read, a list shown): text that picks none of
   * the offered choices is first read as at the main menu (a reference, a clear intent) by the engine's
   * `understanding` state; only what that leaves reaches this state's own transitions.
   */
  resting?: boolean;
  /**
   * The person is gathering something that takes days (a request's documents): idle expiry here follows
   * the engine's `patientIdleMinutes` rather than the flow's, and the draft sweep reminds more than once.
   */
  patient?: boolean;
}

/** A flow's settings that do not depend on its context, profile or names. */
export interface FlowOptions {
  /** Bump when states or context change shape: older snapshots then restart the flow politely. */
  version: number;
  /** Whether this flow appears in the main menu, and where. */
  menu?: { key: string; order: number };
  /** Whether the menu offers it to this person now (a flow about something they have); default yes. */
  offeredTo?: (beneficiary: BeneficiaryFacts) => boolean;
  /** Global words honoured in this flow; default all. The greeting, for one, has no menu yet. */
  globalWords?: readonly GlobalWord[];
  /** Idle time after which an unfinished run expires; default from the engine options. */
  idleMinutes?: number;
}

/**
 * A conversation flow as the registry holds it and the engine runs it: declarative states plus
 * separately supplied guard and action implementations, its context and profile types forgotten.
 * Typed flows (`setup(…).flow(…)`, src/engine/define-flow.ts) are assignable to it without a cast:
 * their context appears here only where the flow receives it (`never`, which every function accepts)
 * or returns it (`unknown`). Flows built elsewhere (tests, tools) can be written as one directly; the
 * registry checks every name at start-up either way.
 */
export interface AnyFlow extends FlowOptions {
  id: string;
  initial: string;
  /** Validates the stored context when a snapshot is loaded. */
  contextSchema: z.ZodType<unknown>;
  /** Builds the starting context (from an optional payload given by `#flow` starters). */
  createContext: (env: FlowEnv<never>, payload?: Record<string, unknown>) => unknown;
  states: Readonly<Record<string, StateNode>>;
  guards?: Readonly<Record<string, GuardFn<never, never, never>>>;
  actions?: Readonly<
    Record<string, (args: ActionArgs<never, never, never>) => ActionResult<unknown> | Effect[] | void>
  >;
  /** Flow started when this one reaches a final state; default `menu`. */
  onDone?: string;
  /** Whether the association offers this flow (a profile feature); default yes. The menu hides it when not. */
  available?: (profile: never) => boolean;
}

export type GlobalWord = 'menu' | 'back' | 'cancel' | 'help';

/** A choice as the last prompt offered it: its id and the label shown. */
export interface OfferedChoice {
  id: string;
  label: string;
}

/** The persisted state of one conversation. Plain JSON. */
export interface ConversationSnapshot {
  v: 1;
  lang: Lang | null;
  flowId: string;
  flowVersion: number;
  state: string;
  context: unknown;
  /** Choices offered by the last prompt, with the labels as shown, to match typed answers. */
  choices: OfferedChoice[];
  /**
   * The offered choices that are the question's yes and no, by id, when it is a yes/no question.
   * Kept apart from `choices`, so that the common snapshot without one costs nothing to check.
   */
  yesNo?: Partial<Record<YesNo, string>>;
  updatedAt: string;
}

export interface StepResult {
  snapshot: ConversationSnapshot;
  effects: Effect[];
}

export type { InboundMessage, BeneficiaryFacts };
