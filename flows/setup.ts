import type { Profile } from '../src/config/profile-schema';
import { flowSetup } from '../src/engine/define-flow';

/**
 * Every flow of the service, by id: what a `#flowId` target and `onDone` may name. `flows/index.ts`
 * registers exactly these (tsc checks it), so a target that compiles also exists at run time.
 */
export type FlowId =
  | 'greeting'
  | 'menu'
  | 'inquiries'
  | 'service-request'
  | 'request-info'
  | 'request-status'
  | 'complaint'
  | 'survey'
  | 'handoff'
  | 'my-data'
  | 'volunteer'
  | 'field-help';

/**
 * `setup({ contextSchema, guards, actions }).flow({ id, initial, states, … })` for this service's
 * flows: their guards and actions see the association `Profile`, their targets may start any `FlowId`.
 */
export const setup = flowSetup<Profile, FlowId>();
