import { BUILTIN_ACTIONS, BUILTIN_GUARDS } from './builtins';
import type { AnyFlow } from './flow';
import { EngineConfigError } from './engine-config-error';

/**
 * Every flow the engine can run, checked once at start-up so mistakes fail early with the fix. Typed
 * flows were checked by tsc already; this is the second line, for flows that did not come through it.
 */
export class FlowRegistry {
  private readonly byId = new Map<string, AnyFlow>();

  constructor(flows: readonly AnyFlow[]) {
    for (const flow of flows) {
      if (this.byId.has(flow.id)) throw new EngineConfigError(`flow "${flow.id}" is registered twice`);
      this.byId.set(flow.id, flow);
    }
    for (const flow of this.byId.values()) this.check(flow);
  }

  get(id: string): AnyFlow | undefined {
    return this.byId.get(id);
  }

  require(id: string): AnyFlow {
    const flow = this.byId.get(id);
    if (!flow) throw new EngineConfigError(`unknown flow "${id}": register it in flows/index.ts`);
    return flow;
  }

  all(): AnyFlow[] {
    return [...this.byId.values()];
  }

  /** Flows shown in the main menu, in menu order. */
  menuFlows(): AnyFlow[] {
    return this.all()
      .filter((f) => f.menu)
      .sort((a, b) => (a.menu?.order ?? 0) - (b.menu?.order ?? 0));
  }

  private check(flow: AnyFlow): void {
    const where = (state: string) => `flow "${flow.id}", state "${state}"`;
    // Object.hasOwn: "constructor" or "toString" must not pass for a state or a guard.
    if (!Object.hasOwn(flow.states, flow.initial)) {
      throw new EngineConfigError(
        `flow "${flow.id}": initial state "${flow.initial}" is not among its states`,
      );
    }
    const checkTarget = (state: string, target: string | undefined) => {
      if (!target) return;
      if (target.startsWith('#')) {
        if (!this.byId.has(target.slice(1))) {
          throw new EngineConfigError(`${where(state)}: target "${target}" names no registered flow`);
        }
      } else if (!Object.hasOwn(flow.states, target)) {
        throw new EngineConfigError(`${where(state)}: target "${target}" is not a state of this flow`);
      }
    };
    const checkRef = (
      state: string,
      ref: string | { type: string } | undefined,
      kind: 'guard' | 'action',
    ) => {
      if (!ref) return;
      const name = typeof ref === 'string' ? ref : ref.type;
      const own = kind === 'guard' ? flow.guards : flow.actions;
      const builtin = kind === 'guard' ? BUILTIN_GUARDS : BUILTIN_ACTIONS;
      if (!(own && Object.hasOwn(own, name)) && !builtin.has(name)) {
        throw new EngineConfigError(
          `${where(state)}: ${kind} "${name}" is not implemented: add it to the flow's ${kind}s`,
        );
      }
    };
    for (const [name, node] of Object.entries(flow.states)) {
      node.prompt?.forEach((ref) => checkRef(name, ref, 'action'));
      const words = Object.values(node.words ?? {});
      for (const t of [
        ...(node.on ?? []),
        ...(node.always ?? []),
        ...(node.back ? [node.back] : []),
        ...words,
      ]) {
        checkTarget(name, t.target);
        checkRef(name, t.guard, 'guard');
        t.actions?.forEach((ref) => checkRef(name, ref, 'action'));
      }
    }
    if (flow.onDone) checkTarget('(onDone)', `#${flow.onDone}`);
  }
}
