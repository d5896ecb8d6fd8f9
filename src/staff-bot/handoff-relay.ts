import type { StoredDocument } from '../documents/document-store';
import {
  HandoffService,
  type ClaimOutcome,
  type HandoffActor,
  type ReplyOutcome,
} from '../cases/handoff-service';
import type { ConversationService } from '../conversation/conversation-service';
import type { StaffBotDeps } from './staff-bot-deps';
import type { StaffMember } from '../cases/staff-roster';

export type { ClaimOutcome, ReplyOutcome as RelayOutcome };

/** What a staff member wrote in a handoff's topic, once stored: text, and a file already in the document store. */
export interface StaffReply {
  chatId: number;
  messageId: number;
  text: string;
  file?: StoredDocument;
}

const actorOf = (member: StaffMember): HandoffActor => ({
  id: member.id,
  name: member.name,
  roles: member.roles,
});

/**
 * The staff group's side of a conversation with a person: claiming and answering from the handoff's
 * topic go through the same `HandoffService` as the web console's inbox, so a handoff answered from
 * both places is answered once. What the member in charge writes in the topic reaches the person.
 */
export class HandoffRelay {
  private readonly handoffs: HandoffService;

  constructor(
    private readonly deps: StaffBotDeps,
    conversations: Pick<ConversationService, 'startFlowFor'>,
  ) {
    this.handoffs = new HandoffService({ ...deps, conversations });
  }

  async claim(member: StaffMember, reference: string): Promise<ClaimOutcome> {
    const outcome = await this.handoffs.claim(actorOf(member), reference);
    if (outcome.status === 'claimed') await this.deps.topics.claimCase(this.deps.db, reference, member.id);
    return outcome;
  }

  /** Relays what the member in charge wrote; anyone else's words stay in the group. */
  async relay(member: StaffMember, reference: string, reply: StaffReply) {
    const outcome = await this.handoffs.reply(actorOf(member), reference, {
      text: reply.text,
      file: reply.file,
      messageId: `staff-${reply.chatId}-${reply.messageId}`,
      origin: 'telegram',
    });
    // Telegram may deliver the same update again: the service stored and sent it once; a refusal
    // (not in charge, not claimed) is answered once too.
    const fresh = await this.deps.topics.recordMessage(this.deps.db, {
      chatId: reply.chatId,
      messageId: reply.messageId,
      reference,
      direction: 'received',
    });
    return fresh ? outcome : { status: 'duplicate' as const };
  }

  /** The close button: the person is told, and offered the survey. */
  async close(member: StaffMember, reference: string) {
    return this.handoffs.close(actorOf(member), reference);
  }

  /** `/note …` in a handoff's topic: kept with the conversation (the console shows it), never relayed. */
  async note(
    member: StaffMember,
    reference: string,
    note: { chatId: number; messageId: number; text: string },
  ) {
    return this.handoffs.note(actorOf(member), reference, {
      text: note.text,
      messageId: `staff-${note.chatId}-${note.messageId}`,
      origin: 'telegram',
    });
  }
}
