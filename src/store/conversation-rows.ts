import type { ChannelName, InboundMessage } from '../domain/inbound-message';
import type { ConversationSnapshot } from '../engine/flow';

/** What `PgConversationRepository` hands out and takes in: a conversation, its messages, its steps. */

export interface ConversationRow {
  id: string;
  beneficiaryId: string;
  channel: ChannelName;
  channelUserId: string;
  snapshot: ConversationSnapshot | null;
}

export interface PendingInbound {
  id: string;
  message: InboundMessage;
  /** Another message of the conversation waits after this one. */
  more?: boolean;
}

/** How a step ended: the new snapshot (null keeps the stored one) and the message's outcome. */
export interface FinishedStep {
  conversationId: string;
  snapshot: ConversationSnapshot | null;
  inboundId: string;
  outcome: 'processed' | 'failed';
  /** The flow the conversation was in when the message came: a case page shows its flow run. */
  flowId?: string | null;
}

/** Where to reach a person in one of their conversations. */
export interface ConversationContact {
  id: string;
  channel: ChannelName;
  channelUserId: string;
  /** Their language, when known. */
  lang: 'ar' | 'en' | undefined;
}
