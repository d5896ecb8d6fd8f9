import type { Logger } from 'pino';
import type { ConversationService, StartFlowOptions } from '../conversation/conversation-service';
import type { PgConversationRepository } from '../store/conversation-repository';
import type { Database } from '../store/database';

/** The flows a case may offer a person on its own: the survey, and the round of missing information. */
export type OfferedFlow = 'survey' | 'request-info';

/**
 * Cases reaching into a person's chat: a flow started in a conversation nobody just wrote in (the
 * satisfaction survey after closing, the missing-information round, the menu after an expired draft).
 * A flow is only offered to a person resting at the menu: it must not cut into a form they are filling.
 */
export class FlowOffers {
  constructor(
    private readonly deps: {
      db: Database;
      conversations: PgConversationRepository;
      service: Pick<ConversationService, 'startFlowFor'>;
    },
  ) {}

  /**
   * Starts `flowId` with `payload` in the person's latest conversation if they are at the menu. False
   * when they are busy in another flow or have no chat conversation (a phone intake).
   */
  async offerAtMenu(
    beneficiaryId: string,
    flowId: OfferedFlow,
    payload: Record<string, unknown>,
  ): Promise<boolean> {
    const latest = await this.deps.conversations.latestOf(this.deps.db, beneficiaryId);
    if (!latest) return false;
    return this.deps.service.startFlowFor(latest.id, flowId, {
      payload,
      before: async (_tx, snapshot) => snapshot?.flowId === 'menu',
    });
  }

  /** As `offerAtMenu`, for a best-effort offer after a commit: a failure is logged, the notice stands. */
  async tryOfferAtMenu(
    logger: Logger,
    beneficiaryId: string,
    flowId: OfferedFlow,
    payload: Record<string, unknown>,
  ): Promise<void> {
    try {
      await this.offerAtMenu(beneficiaryId, flowId, payload);
    } catch (err) {
      logger.warn({ err, flowId }, 'could not offer the flow; the notice stands');
    }
  }

  /** Starts `flowId` in a conversation (see `ConversationService.startFlowFor`). */
  start(conversationId: string, flowId: string, options: StartFlowOptions): Promise<boolean> {
    return this.deps.service.startFlowFor(conversationId, flowId, options);
  }
}
