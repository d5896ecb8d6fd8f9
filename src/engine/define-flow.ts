import type { z } from 'zod';
import type { BuiltinActionParams, BuiltinGuardParams } from './builtins';
import type { ActionArgs, ActionFn, FlowEnv, FlowOptions, GuardFn, StateNode } from './flow';

/** The params a guard or action reads, from its argument's type; `never` or `unknown` for none. */
type ParamsOf<F> = F extends (args: ActionArgs<never, never, infer Params>) => unknown ? Params : never;
type TakesNoParams<Params> = [Params] extends [never] ? true : unknown extends Params ? true : false;

/** Implementations by name → the params each reads. A setup without any (`Record<string, …>`) has none. */
type ParamsByName<Impls> = string extends keyof Impls ? None : { [K in keyof Impls]: ParamsOf<Impls[K]> };

/** No guards, or no actions, of a flow's own. */
type None = Record<never, never>;

/**
 * How a state names a guard or an action of `M` (name → params): by name alone when it takes none,
 * else `{ type, params }` with exactly the params it reads. (The conditional only keeps tsc from
 * naming this alias in errors: they list the names instead, with a "did you mean".)
 */
type RefTo<M> = M extends object
  ? {
      [K in keyof M & string]: TakesNoParams<M[K]> extends true
        ? K | { type: K; params?: undefined }
        : { type: K; params: M[K] };
    }[keyof M & string]
  : never;

/** The guards a flow may name: the engine's built-ins and its own (its own take a built-in's place). */
export type GuardRefOf<G> = RefTo<Omit<BuiltinGuardParams, keyof ParamsByName<G>> & ParamsByName<G>>;
/** The actions a flow may name: the engine's built-ins and its own. */
export type ActionRefOf<A> = RefTo<Omit<BuiltinActionParams, keyof ParamsByName<A>> & ParamsByName<A>>;

/**
 * What `setup` is given: the context's schema, whose output type is the context every guard and
 * action sees, and the implementations the states name. A guard or action that reads params says so
 * in its argument's type (`({ params }: Args<{ field: Question }>) => …`); the others need no
 * annotation, and their `params` is `never` (there are none to read).
 */
export interface FlowImplementations<C, G, A> {
  /** Validates the stored context when a snapshot is loaded. */
  contextSchema: z.ZodType<C>;
  guards?: G;
  actions?: A;
}

/**
 * A flow's states and settings as written in `.flow({…})`. `State` is the flow's states, `Known` the
 * names a target or `initial` may use (the same names; a separate parameter so that only the keys of
 * `states` decide them), `F` the flows a `#flowId` target may start.
 */
export interface FlowConfig<
  C,
  P,
  F extends string,
  Id extends F,
  State extends string,
  Known extends string,
  G,
  A,
> extends FlowOptions {
  id: Id;
  initial: Known;
  /** Builds the starting context (from an optional payload given by `#flow` starters). */
  createContext: (env: FlowEnv<P>, payload?: Record<string, unknown>) => C;
  states: Record<State, StateNode<Known | `#${F}`, GuardRefOf<G>, ActionRefOf<A>>>;
  /** Flow started when this one reaches a final state; default `menu`. */
  onDone?: F;
  /** Whether the association offers this flow (a profile feature); default yes. The menu hides it if not. */
  available?: (profile: P) => boolean;
}

/** A typed flow: its config and implementations; an `AnyFlow` as it is, so it registers without a cast. */
export interface FlowDefinition<C, P, F extends string, Id extends F, State extends string, G, A>
  extends FlowConfig<C, P, F, Id, State, State, G, A>, FlowImplementations<C, G, A> {}

/** A flow's implementations, ready to be named by its states. */
export interface FlowSetup<C, P, F extends string, G, A> {
  /**
   * The flow itself. tsc checks every target (a state of this flow, or `#flowId` of a flow in `F`),
   * every guard and action name (this setup's or a built-in) and the params each takes.
   */
  flow<Id extends F, State extends string>(
    config: FlowConfig<C, P, F, Id, State, NoInfer<State>, G, A>,
  ): FlowDefinition<C, P, F, Id, State, G, A>;
}

/**
 * Typed flows for one service, as XState's `setup({ guards, actions }).createMachine(config)`: bind the
 * profile `P` every guard and action sees and the ids `F` of the flows a `#flowId` target may start,
 * once; then each flow is `setup({ contextSchema, guards, actions }).flow({ id, initial, states, … })`.
 * Two calls because tsc must know the context type and the implementations' names before it can check
 * the states that use them. The result is plain data, as before: `mermaid.ts` draws it, the registry
 * checks it again at start-up, snapshots do not change.
 */
export function flowSetup<P, F extends string = string>() {
  // No defaults for G and A: while tsc infers them, their constraint is what types the arguments of
  // guards and actions written without annotations (a default would leave those untyped).
  return function setup<
    C,
    G extends Record<string, GuardFn<C, P, never>>,
    A extends Record<string, ActionFn<C, P, never>>,
  >(implementations: FlowImplementations<C, G, A>): FlowSetup<C, P, F, G, A> {
    return { flow: (config) => ({ ...config, ...implementations }) };
  };
}
