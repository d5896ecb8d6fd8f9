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
 *    replies to them — the message that submitted it is named in its audit event (`inboundId`: the
 *    stored message's number, not the channel's message id, which may hold a phone number);
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
    const runs = new Set<string>();
    for (const { data } of events) {
      if (typeof data.inboundId === 'string' && /^\d+$/.test(data.inboundId)) runs.add(data.inboundId);
    }
    for (const inboundId of runs) messages.push(...(await this.store.flowRun(db, inboundId, RUN_LIMIT)));
    const notifications = await this.store.notifications(db, beneficiaryId, NOTIFICATION_SCAN);
    messages.push(...notifications.filter((n) => messageText(n.payload, this.cipher).includes(reference)));
    return messages;
  }
}
