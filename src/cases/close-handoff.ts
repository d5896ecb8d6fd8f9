import type { Database } from '../store/database';
import type { PgEventLog } from '../store/event-log';
import { PgHandoffRepository } from '../store/handoff-repository';
import type { ConversationService } from '../conversation/conversation-service';

export interface CloseHandoffDeps {
  db: Database;
  service: Pick<ConversationService, 'startFlowFor'>;
  events: PgEventLog;
  now?: () => Date;
}

export interface CloseHandoffRequest {
  reference: string;
  /** Who closes it, as the audit trail writes actors: `staff:<id>`. */
  actor: string;
  /** Why, for the audit trail (not shown to the person). */
  note?: string;
  /** Offer the satisfaction survey about this conversation (default), or go straight to the menu. */
  offerSurvey?: boolean;
}

export type CloseHandoffOutcome =
  /** Closed now; `notified` when the person's conversation was moved on (it was still with staff). */
  { status: 'closed'; notified: boolean } | { status: 'alreadyClosed' } | { status: 'notFound' };

const handoffs = new PgHandoffRepository();

/** The flow a conversation with staff rests in; see flows/handoff.ts. */
const HANDOFF_FLOW = 'handoff';

/**
 * Staff end a conversation with a person (the staff bot, issue #5, calls this). In one transaction,
 * under the person's conversation lock: the handoff is closed, the event recorded, and — when the
 * conversation is still with staff — the person is told and offered the survey about it (or the menu),
 * through the outbox, exactly once. Closing twice, or after the person ended it, changes nothing.
 */
export async function closeHandoff(
  deps: CloseHandoffDeps,
  request: CloseHandoffRequest,
): Promise<CloseHandoffOutcome> {
  const handoff = await handoffs.find(deps.db, request.reference);
  if (!handoff) return { status: 'notFound' };
  if (handoff.status === 'closed') return { status: 'alreadyClosed' };

  let closed = false;
  const offerSurvey = request.offerSurvey ?? true;
  const notified = await deps.service.startFlowFor(handoff.conversationId, offerSurvey ? 'survey' : 'menu', {
    payload: offerSurvey ? { caseReference: request.reference } : undefined,
    notice: { key: 'handoff.closedByStaff', params: { ref: request.reference } },
    before: async (tx, snapshot) => {
      const now = deps.now?.() ?? new Date();
      closed = await handoffs.close(tx, request.reference, request.actor, now);
      if (!closed) return false;
      await deps.events.append(tx, {
        actor: request.actor,
        subjectType: 'handoff',
        subjectId: request.reference,
        type: 'handoff.closed',
        data: { by: request.actor, ...(request.note ? { note: request.note } : {}) },
        at: now,
      });
      // A person who left the conversation with staff (now in another flow) is not interrupted.
      return snapshot?.flowId === HANDOFF_FLOW;
    },
  });
  return closed ? { status: 'closed', notified } : { status: 'alreadyClosed' };
}
