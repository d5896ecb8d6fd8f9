import type { AcceptResult } from '../channels/channel-adapter';
import type { ChannelName } from '../domain/inbound-message';

/** What became of one attempt to send an outbox row. */
export type SendOutcome = 'sent' | 'failed' | 'retry' | 'uncertain';

/**
 * The hooks the spine calls as work happens: the port the conversation service, the runtime and the
 * outbound worker see. `PromMetrics` implements it; without it (tests) nothing is counted.
 */
export interface SpineMetrics {
  /** An inbound message handed to the spine by a channel, and what the spine answered. */
  inbound(channel: ChannelName, status: AcceptResult['status']): void;
  /** One engine step, from taking the conversation lock to the commit. */
  step(flowId: string | undefined, outcome: 'processed' | 'failed', seconds: number): void;
  /** One send attempt through a channel. */
  outbound(channel: ChannelName, outcome: SendOutcome): void;
}
