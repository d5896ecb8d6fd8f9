import type { FieldCipher } from '../../security/field-cipher';
import type { PersonMessageRow } from '../../store/console/case-detail-repository';
import { PgCaseMessageRepository } from '../../store/console/case-message-repository';
import type { SqlExecutor } from '../../store/database';
import { messageText } from './case-timeline';

/** A flow run is a form being filled in: a few dozen messages; past this the latest are kept. */
const RUN_LIMIT = 200;
/** How far back the person's notifications are searched for the ones naming the case. */
const NOTIFICATION_SCAN = 500;

/**
 * The chat messages a case page shows: only what belongs to the case (need to know). The rule, also in
 * docs/console.md:
 * 1. the flow run that made it: in the conversation it came from, the messages handled by the flow that
 *    submitted it (service request, complaint), back to the message that started that flow, with our
 *    replies to them — the message that submitted it is named in its audit event (`channelMessageId`);
 * 2. likewise each run that answered the committee's questions about it (`request.infoReceived`);
 * 3. the notifications we wrote to the person on our own that name its reference (decisions, reminders).
 * Not shown: the person's other cases, conversations with staff (handoffs), surveys, questions, their
 * data requests — their history, which `ROLES.personHistory` may open separately (audited).
 */
export class CaseMessages {
  private readonly store = new PgCaseMessageRepository();

  constructor(private readonly cipher?: FieldCipher) {}

  async of(
    db: SqlExecutor,
    reference: string,
    beneficiaryId: string,
    events: readonly { data: Record<string, unknown> }[],
  ): Promise<PersonMessageRow[]> {
    const messages: PersonMessageRow[] = [];
    const seen = new Set<string>();
    for (const { data } of events) {
      const { channel, channelMessageId } = data;
      if (typeof channel !== 'string' || typeof channelMessageId !== 'string') continue;
      const key = `${channel}\u0000${channelMessageId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      messages.push(...(await this.store.flowRun(db, channel, channelMessageId, RUN_LIMIT)));
    }
    const notifications = await this.store.notifications(db, beneficiaryId, NOTIFICATION_SCAN);
    messages.push(...notifications.filter((n) => messageText(n.payload, this.cipher).includes(reference)));
    return messages;
  }
}
