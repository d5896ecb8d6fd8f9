/**
 * Mistakes tsc refuses in a typed flow (`setup(…).flow(…)`): each line after a `@ts-expect-error`
 * plants one, and `tsc --noEmit` fails if any of them compiles. The text after the directive starts
 * with what the error must name; `typed-flow-mistakes.test.ts` compiles this file without the
 * directives and checks that each planted line fails, for that reason and no other.
 */
import { z } from 'zod';
import { choice, said } from '../../src/engine/builtins';
import { flowSetup } from '../../src/engine/define-flow';
import { say } from '../../src/engine/effects';
import type { ActionArgs } from '../../src/engine/flow';
import { FlowRegistry } from '../../src/engine/flow-registry';

type Profile = { minLetters: number };
const setup = flowSetup<Profile, 'probe' | 'other' | 'menu'>();

const Context = z.object({ answer: z.string().nullable() });
type Args<Params = unknown> = ActionArgs<z.infer<typeof Context>, Profile, Params>;

const probe = setup({
  contextSchema: Context,
  guards: {
    answered: ({ input }) => !!input && input.text.trim() !== '',
    longerThan: ({ input, params }: Args<{ letters: number }>) => (input?.text.length ?? 0) > params.letters,
  },
  actions: {
    keep: ({ context, input }) => ({ context: { ...context, answer: input?.text ?? null } }),
    ask: ({ params }: Args<{ key: string }>) => [say(params.key)],
  },
});

const states = {
  ask: {
    prompt: [{ type: 'ask', params: { key: 'engine.help' } }],
    on: [
      { guard: { type: 'longerThan', params: { letters: 3 } }, actions: ['keep'], target: 'done' },
      { guard: 'answered', actions: [said('engine.notUnderstood')], reprompt: true },
      { guard: choice('menu'), target: '#menu' },
    ],
  },
  done: { final: true },
} as const;
const base = { id: 'probe', version: 1, initial: 'ask', createContext: () => ({ answer: null }) } as const;

/** The flow written right compiles, and registers beside a flow of another context without a cast. */
export const correct = probe.flow({ ...base, states });
const other = setup({ contextSchema: z.object({ count: z.number() }) }).flow({
  id: 'other',
  version: 1,
  initial: 'only',
  createContext: () => ({ count: 0 }),
  states: { only: { on: [{ target: '#probe' }] } },
});
export const registry = new FlowRegistry([correct, other]);

// Targets: a state of this flow, or `#flowId` of a flow the setup knows.
probe.flow({
  ...base,
  states: {
    ...states,
    // @ts-expect-error "nowhere": not a state of this flow
    waiting: { on: [{ target: 'nowhere' }] },
  },
});
// @ts-expect-error "#complaints": not a flow id
probe.flow({ ...base, states: { ...states, waiting: { always: [{ target: '#complaints' }] } } });
// @ts-expect-error "dnoe": a misspelt state in back
probe.flow({ ...base, states: { ...states, waiting: { back: { target: 'dnoe' } } } });
// @ts-expect-error "confirm": a global word's target
probe.flow({ ...base, states: { ...states, waiting: { words: { menu: { target: 'confirm' } } } } });
// @ts-expect-error "start": the initial state must be one of the states
probe.flow({ ...base, initial: 'start', states });
// @ts-expect-error "survey": onDone names a flow
probe.flow({ ...base, onDone: 'survey', states });
// @ts-expect-error "complaint": the flow's own id is one the setup knows
probe.flow({ ...base, id: 'complaint', states });

// Guards: the setup's own or a built-in, with exactly the params they read.
// @ts-expect-error "isNationalId": no such guard
probe.flow({ ...base, states: { ...states, waiting: { on: [{ guard: 'isNationalId' }] } } });
// @ts-expect-error "longerThan": takes params, so it cannot be named alone
probe.flow({ ...base, states: { ...states, waiting: { on: [{ guard: 'longerThan' }] } } });
probe.flow({
  ...base,
  // @ts-expect-error "letter": a param longerThan does not read
  states: { ...states, waiting: { on: [{ guard: { type: 'longerThan', params: { letter: 3 } } }] } },
});
probe.flow({
  ...base,
  // @ts-expect-error "string": a param of the wrong type
  states: { ...states, waiting: { on: [{ guard: { type: 'longerThan', params: { letters: '3' } } }] } },
});
// @ts-expect-error "params": the built-in choice needs the choice's id
probe.flow({ ...base, states: { ...states, waiting: { on: [{ guard: { type: 'choice' } }] } } });

// Actions: the same, in transitions and in prompts.
// @ts-expect-error "saveDraft": no such action
probe.flow({ ...base, states: { ...states, waiting: { on: [{ actions: ['saveDraft'] }] } } });
// @ts-expect-error "askCity": no such prompt action
probe.flow({ ...base, states: { ...states, waiting: { prompt: ['askCity'] } } });
// @ts-expect-error "ask": takes params (the key to say)
probe.flow({ ...base, states: { ...states, waiting: { prompt: ['ask'] } } });
// @ts-expect-error "keys": a param the built-in say does not read
probe.flow({ ...base, states: { ...states, waiting: { prompt: [{ type: 'say', params: { keys: 'x' } }] } } });

// A transition shared between states (`as const`) is checked where it is used.
const shared = [{ guard: 'answerd', target: 'done' }] as const;
// @ts-expect-error "answerd": a misspelt guard in a shared transition
probe.flow({ ...base, states: { ...states, waiting: { on: shared } } });

// Implementations: their context is the schema's, and what they return must fit it.
setup({
  contextSchema: Context,
  guards: {
    // @ts-expect-error "answr": not a field of the context
    answered: ({ context }) => context.answr !== null,
    // @ts-expect-error "letters": a guard that declares no params has none to read
    longerThan: ({ input, params }) => (input?.text.length ?? 0) > params.letters,
  },
  actions: {
    // @ts-expect-error "number": the context's answer is a string
    keep: ({ context }) => ({ context: { ...context, answer: 42 } }),
  },
});
