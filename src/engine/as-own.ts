import type { ActionArgs, FlowEnv } from './flow';

/**
 * A flow's guards, actions and `createContext` are typed for its own context and profile, which the
 * registry forgets (`AnyFlow`). The engine only ever hands a flow the context that flow made (its
 * `createContext`, or a stored one its `contextSchema` accepted), the runtime's profile its setup
 * names, and the params its states give (checked by tsc, and by the registry at start-up): this is
 * where that is said to the compiler, once.
 */
export function asOwn(args: ActionArgs<unknown, unknown, unknown>): ActionArgs<never, never, never>;
export function asOwn(env: FlowEnv): FlowEnv<never>;
export function asOwn(value: ActionArgs<unknown, unknown, unknown> | FlowEnv): unknown {
  return value;
}
