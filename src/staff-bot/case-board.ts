import { TelegramError } from '../telegram/telegram-errors';
import { splitText } from '../domain/text/split-text';
import type { CaseType, CaseView } from '../store/case-view-repository';
import type { CaseTopic, PendingHandoffMessage } from '../store/staff-bot-repository';
import { renderCard, topicName, personLabel } from './case-card';
import { t, type StaffBotDeps } from './staff-bot-deps';

/** How many cases or messages one pass posts at most (the group takes 20 posts a minute). */
const BATCH = 10;
/** A post Telegram refuses for good is tried again only after this long, so it blocks nothing else. */
const RETRY_REFUSED_MS = 10 * 60_000;
/** Room left in a 4096-character message for the "👤 name:" line around what the person wrote. */
const MAX_PERSON_TEXT = 3800;
/** Telegram's answer when staff deleted (or closed) a case's topic: the case gets a new one. */
const TOPIC_GONE = /thread not found|TOPIC_DELETED|TOPIC_CLOSED|TOPIC_ID_INVALID/i;

/**
 * The staff group as a board of cases: a topic with a card per open case (or, where topics are off,
 * a card whose replies form the thread), what the person writes during a handoff posted in it, and
 * cards kept in step with their case's status.
 *
 * A case is taken for posting by a `case_topics` row written before anything is sent, and the topic
 * and card ids are saved as soon as Telegram gives them: a restart resumes a half-made topic instead
 * of opening a second one. Only a crash between Telegram accepting a post and the save can repeat
 * that one post.
 */
export class CaseBoard {
  /** Posts Telegram refused (400/403), by case or message, and when they may be tried again. */
  private readonly refused = new Map<string, number>();

  constructor(private readonly deps: StaffBotDeps) {}

  /** Opens topics with cards for new cases. Returns the references posted. */
  async publishNew(): Promise<string[]> {
    const { db, topics } = this.deps;
    const cases = await topics.casesToOpen(db, BATCH);
    const posted: string[] = [];
    for (const { caseType, reference } of cases) {
      const topic = await topics.claimTopic(db, reference, caseType, this.deps.groupId);
      if (topic.state === 'open') continue;
      if (await this.unlessRefused(`case:${reference}`, topic, () => this.open(topic)))
        posted.push(reference);
    }
    return posted;
  }

  /** Refreshes cards whose case changed elsewhere; says so in the topic when the person ended a handoff. */
  async syncCards(): Promise<void> {
    const { db, topics } = this.deps;
    for (const stale of await topics.staleCards(db, BATCH)) {
      await this.unlessRefused(`card:${stale.reference}`, stale, async () => {
        const view = await this.refresh(stale.reference);
        if (view?.type === 'handoff' && view.status === 'closed' && view.closedBy === 'beneficiary') {
          await this.post(stale, t(this.deps, 'staff.handoffEndedByPerson', { ref: stale.reference }));
        }
        return true;
      });
    }
  }

  /** Posts what people wrote during their handoffs in the handoff's topic, each message once, in order. */
  async postHandoffMessages(): Promise<number> {
    const { db, topics, now } = this.deps;
    const dayAgo = new Date(now().getTime() - 24 * 3600_000);
    const pending = await topics.pendingHandoffMessages(db, dayAgo, BATCH * 2);
    for (const message of pending) {
      const topic = await topics.topic(db, message.reference);
      if (!topic) continue;
      await this.unlessRefused(`message:${message.id}`, topic, async () => {
        await this.postHandoffMessage(topic, message);
        return true;
      });
    }
    return pending.length;
  }

  /** Rewrites a case's card from the store (status, claim, buttons). Returns the case as shown. */
  async refresh(reference: string): Promise<CaseView | undefined> {
    const { db, topics, api } = this.deps;
    const topic = await topics.topic(db, reference);
    if (!topic || topic.cardMessageId === null) return undefined;
    const view = await this.view(topic);
    if (!view) return undefined;
    const card = renderCard(view, await this.cardContext(view));
    try {
      await api.editCard(topic.chatId, topic.cardMessageId, card.text, card.keyboard);
    } catch (error) {
      // Staff deleted the card: nothing to rewrite, and no reason to try again at every pass.
      if (!(error instanceof TelegramError && /message to edit not found/i.test(error.description)))
        throw error;
      this.deps.logger.info({ reference }, 'staff bot: the card was deleted; not rewritten');
    }
    await topics.setCardStatus(db, reference, view.status);
    return view;
  }

  /** Posts a text in a case's topic (or as a reply to its card); returns the message id. */
  async post(topic: CaseTopic, text: string): Promise<number> {
    const id = await this.deps.api.sendText(topic.chatId, text, this.placement(topic));
    await this.deps.topics.recordMessage(this.deps.db, {
      chatId: topic.chatId,
      messageId: id,
      reference: topic.reference,
      direction: 'posted',
    });
    return id;
  }

  /** The case with what only the console knows (who claimed it here). */
  async view(topic: CaseTopic): Promise<CaseView | undefined> {
    const view = await this.deps.views.load(this.deps.db, topic.caseType, topic.reference);
    return view && { ...view, claimedBy: view.claimedBy ?? topic.claimedBy };
  }

  /**
   * Runs one post of the board. Telegram refusing it for good (400, 403) must not hold up every case
   * behind it: the refusal is logged and that post waits ten minutes. A deleted topic is forgotten, so
   * the next pass opens the case again with a new topic and card. Telegram out of reach (network, 5xx,
   * 429 after its retries) still ends the pass, to be tried again in order.
   */
  private async unlessRefused(key: string, topic: CaseTopic, post: () => Promise<boolean>): Promise<boolean> {
    const until = this.refused.get(key);
    if (until !== undefined && until > Date.now()) return false;
    try {
      const done = await post();
      this.refused.delete(key);
      return done;
    } catch (error) {
      if (!(error instanceof TelegramError) || ![400, 403].includes(error.code)) throw error;
      if (TOPIC_GONE.test(error.description)) {
        this.deps.logger.warn(
          { reference: topic.reference },
          'staff bot: the case topic is gone; it will be opened again',
        );
        await this.deps.topics.forgetTopic(this.deps.db, topic.reference);
        return false;
      }
      this.deps.logger.error(
        { reference: topic.reference, key, error: error.description },
        'staff bot: Telegram refused a post; trying it again later',
      );
      if (this.refused.size > 10_000) this.refused.clear();
      this.refused.set(key, Date.now() + RETRY_REFUSED_MS);
      return false;
    }
  }

  /** Where posts of a case go: its topic, or replies to its card where topics are off. */
  placement(topic: CaseTopic): { threadId?: number; replyTo?: number } {
    if (topic.threadId !== null) return { threadId: topic.threadId };
    return topic.cardMessageId === null ? {} : { replyTo: topic.cardMessageId };
  }

  private async open(topic: CaseTopic): Promise<boolean> {
    const { db, topics, api, logger } = this.deps;
    const view = await this.view(topic);
    if (!view) {
      logger.warn({ reference: topic.reference }, 'staff bot: case vanished before its card was posted');
      return false;
    }
    const context = await this.cardContext(view);
    let current = topic;
    if (current.threadId === null && this.deps.forum.enabled) {
      const threadId = await this.createTopic(view);
      if (threadId !== null) {
        await topics.setThread(db, topic.reference, threadId);
        current = { ...current, threadId };
      }
    }
    const card = renderCard(view, context);
    const cardId = await api.sendText(current.chatId, card.text, {
      threadId: current.threadId,
      keyboard: card.keyboard,
    });
    await topics.setCard(db, topic.reference, cardId, view.status);
    await topics.recordMessage(db, {
      chatId: current.chatId,
      messageId: cardId,
      reference: topic.reference,
      direction: 'posted',
    });
    current = { ...current, cardMessageId: cardId, state: 'open' };
    await this.postDocuments(current, view);
    await this.pingRouted(view, current);
    return true;
  }

  /** A forum topic for the case; null (reply threads from now on) when the group has none or refuses. */
  private async createTopic(view: CaseView): Promise<number | null> {
    const { api, profile, lang, translator, groupId, logger } = this.deps;
    try {
      return await api.createForumTopic(groupId, topicName(view, profile, lang, translator));
    } catch (error) {
      if (error instanceof TelegramError && (error.code === 400 || error.code === 403)) {
        this.deps.forum.enabled = false;
        logger.warn(
          {
            error: error.description,
            hint: 'turn on Topics in the group settings and make the bot an administrator with "Manage topics"',
          },
          'staff bot: cannot create forum topics; cards are posted in the group and replies to them form the threads',
        );
        return null;
      }
      throw error;
    }
  }

  private async postDocuments(topic: CaseTopic, view: CaseView): Promise<void> {
    for (const [i, doc] of view.documents.entries()) {
      const caption = t(this.deps, 'staff.card.document', {
        n: i + 1,
        total: view.documents.length,
        ref: view.reference,
      });
      await this.postFile(topic, doc, caption);
    }
  }

  /** Sends a stored file into the case's thread; a file no longer in the store is said in words. */
  private async postFile(
    topic: CaseTopic,
    doc: { ref: string; fileName: string | null },
    caption: string,
    handoffMessageId?: string,
  ): Promise<void> {
    const { documents, api, db, topics, logger } = this.deps;
    let bytes: Buffer | undefined;
    try {
      bytes = await documents.get(doc.ref);
    } catch (err) {
      logger.warn({ err, ref: doc.ref.slice(0, 12) }, 'staff bot: document missing from the store');
    }
    const id = bytes
      ? await api.sendDocument(
          topic.chatId,
          { bytes, fileName: doc.fileName ?? `${doc.ref.slice(0, 12)}.bin`, caption },
          this.placement(topic),
        )
      : await api.sendText(
          topic.chatId,
          `${caption}\n${t(this.deps, 'staff.fileMissing')}`,
          this.placement(topic),
        );
    await topics.recordMessage(db, {
      chatId: topic.chatId,
      messageId: id,
      reference: topic.reference,
      direction: 'posted',
      handoffMessageId,
    });
  }

  private async postHandoffMessage(topic: CaseTopic, message: PendingHandoffMessage): Promise<void> {
    const { db, topics, api } = this.deps;
    const view = await this.view(topic);
    const who = view ? personLabel(view, this.deps.lang, this.deps.translator) : '';
    const marker = message.outOfHours ? ` ${t(this.deps, 'staff.outOfHoursMark')}` : '';
    // Lines staff wrote in the web console say who wrote them, and whether the person received them.
    const staffName =
      message.author === 'beneficiary' ? '' : ((await this.deps.roster.nameOf(message.staffId)) ?? '');
    const saysKey = {
      beneficiary: 'staff.person.says',
      staff: 'staff.console.says',
      note: 'staff.console.note',
    }[message.author];
    let first = true;
    // The first post of a message carries its id, so it is never posted twice; any further files follow.
    const claimId = () => {
      const id = first ? message.id : undefined;
      first = false;
      return id;
    };
    const parts: string[] = [];
    if (message.body.trim()) parts.push(message.body.trim());
    if (message.location) {
      parts.push(
        t(this.deps, 'staff.person.location', {
          link: `https://maps.google.com/?q=${message.location.latitude},${message.location.longitude}`,
        }),
      );
    }
    if (parts.length > 0 || message.media.length === 0) {
      // A long message (people may write up to 20,000 characters) is posted in pieces Telegram accepts.
      for (const piece of splitText(parts.join('\n') || '…', MAX_PERSON_TEXT)) {
        const text = t(this.deps, saysKey, { who, name: staffName, text: piece }) + marker;
        const id = await api.sendText(topic.chatId, text, this.placement(topic));
        await topics.recordMessage(db, {
          chatId: topic.chatId,
          messageId: id,
          reference: topic.reference,
          direction: 'posted',
          handoffMessageId: claimId(),
        });
      }
    }
    for (const media of message.media) {
      const caption =
        message.author === 'beneficiary'
          ? t(this.deps, 'staff.person.file', { who }) + marker
          : t(this.deps, 'staff.console.file', { name: staffName });
      if (media.ref) {
        await this.postFile(topic, { ref: media.ref, fileName: media.fileName ?? null }, caption, claimId());
      } else {
        const id = await api.sendText(
          topic.chatId,
          `${caption}\n${t(this.deps, 'staff.fileMissing')}`,
          this.placement(topic),
        );
        await topics.recordMessage(db, {
          chatId: topic.chatId,
          messageId: id,
          reference: topic.reference,
          direction: 'posted',
          handoffMessageId: claimId(),
        });
      }
    }
  }

  /**
   * Tells the staff the case is routed to, in their private chat with the bot, with a link to the
   * topic. Someone who never opened the bot cannot be written to first: the card names them anyway.
   */
  private async pingRouted(view: CaseView, topic: CaseTopic): Promise<void> {
    const { api, logger } = this.deps;
    const routed = await this.routed(view);
    const link = topicLink(topic);
    for (const member of routed) {
      if (member.telegramUserId === undefined) continue;
      try {
        await api.sendText(
          member.telegramUserId,
          t(this.deps, 'staff.routedToYou', { ref: view.reference, name: member.name, link }),
        );
      } catch (error) {
        logger.info(
          { staffId: member.id, error: error instanceof TelegramError ? error.description : String(error) },
          'staff bot: could not tell the routed staff member privately',
        );
      }
    }
  }

  private async routed(view: CaseView) {
    const { roster } = this.deps;
    // A case assigned to a named officer (routing, or `/assign` at run time) names them.
    const assigned = view.routedTo ? await roster.byId(view.routedTo) : undefined;
    if (assigned) return [assigned];
    if (view.type === 'handoff') {
      const member = view.routedTo ? await roster.byId(view.routedTo) : undefined;
      return member ? [member] : [];
    }
    if (view.type === 'request') return roster.forCategory(view.categoryId);
    if (view.type === 'fieldHelp') {
      const members = await roster.all();
      return members.filter((m) => m.roles.includes('volunteer') || m.roles.includes('liaison'));
    }
    const members = await roster.all();
    return members.filter((m) => m.roles.includes('committee'));
  }

  private async cardContext(view: CaseView) {
    const { roster } = this.deps;
    const routed = await this.routed(view);
    const claimed = await roster.nameOf(view.claimedBy);
    return {
      lang: this.deps.lang,
      translator: this.deps.translator,
      profile: this.deps.profile,
      routedTo: routed.map((m) => m.name),
      claimedBy: claimed,
    };
  }
}

/** `https://t.me/c/<group>/<topic or message>`: opens the thread for members of the group. */
export function topicLink(topic: Pick<CaseTopic, 'chatId' | 'threadId' | 'cardMessageId'>): string {
  const internal = String(topic.chatId).replace(/^-100/, '').replace(/^-/, '');
  const target = topic.threadId ?? topic.cardMessageId ?? '';
  return `https://t.me/c/${internal}/${target}`;
}

export type { CaseType };
