import type { StaffRole } from '../../config/profile-schema';
import { localized } from '../../config/localized';
import type { CloseHandoffOutcome } from '../../conversation/close-handoff';
import { CaseError } from '../../domain/cases/case-error';
import {
  checkComplaintTransition,
  COMPLAINT_RULES,
  type ComplaintStatus,
} from '../../domain/cases/complaint-transitions';
import {
  checkRequestTransition,
  REQUEST_RULES,
  type RequestStatus,
} from '../../domain/cases/request-transitions';
import type { Lang } from '../../engine/effects';
import type { CaseType, CaseView } from '../../store/case-view-repository';
import type { CaseTopic } from '../../store/staff-console-repository';
import type { CaseActions } from '../case-actions';
import type { CaseBoard } from './case-board';
import { buttonLabel } from './case-card';
import { encodeButton, parseButton, type ButtonAction } from './callback-data';
import { t, type ConsoleDeps } from './console-deps';
import type { HandoffRelay } from './handoff-relay';
import type { StaffGuard } from './staff-guard';
import type { StaffMember } from './staff-roster';
import { parseCommand, type StaffUpdate } from './staff-update';

/** Who may take a conversation or a field call: anyone on duty (the board only oversees). */
const FRONT_LINE: readonly StaffRole[] = ['volunteer', 'liaison', 'committee', 'manager', 'admin'];
/** Who may close a conversation someone else took, or take charge of a request. */
const SUPERVISORS: readonly StaffRole[] = ['liaison', 'committee', 'manager', 'admin'];

/** The audit trail's subject type of each kind of case. */
const SUBJECT_TYPES: Readonly<Record<CaseType, string>> = {
  handoff: 'handoff',
  request: 'service_request',
  complaint: 'complaint',
  fieldHelp: 'field_help',
};

export interface HandlerDeps {
  board: CaseBoard;
  relay: HandoffRelay;
  guard: StaffGuard;
  caseActions: Pick<CaseActions, 'request' | 'complaint'>;
  closeHandoff: (reference: string, actor: string) => Promise<CloseHandoffOutcome>;
}

type ButtonUpdate = Extract<StaffUpdate, { kind: 'button' }>;
type MessageUpdate = Extract<StaffUpdate, { kind: 'message' }>;

/**
 * What staff do in the bot: press a card's buttons (claim, decide, close), type in a case's topic
 * (relayed to the person when it is their handoff and they claimed it; `/note …` stays internal and is
 * recorded), answer a reason prompt, acknowledge the policy (`/ack`). Every action goes through the
 * guard first, and every refusal is answered politely, logged and recorded.
 */
export class ConsoleHandler {
  constructor(
    private readonly deps: ConsoleDeps,
    private readonly parts: HandlerDeps,
  ) {}

  async handle(update: StaffUpdate): Promise<void> {
    switch (update.kind) {
      case 'button':
        return this.onButton(update);
      case 'message':
        return update.private ? this.onPrivate(update) : this.onGroupMessage(update);
      case 'ignore':
        if (update.callbackId) await this.deps.api.answerCallback(update.callbackId);
        return;
    }
  }

  /** The one answer to a press that failed unexpectedly (the caller logs the fault). */
  async answerFailure(update: StaffUpdate): Promise<void> {
    const text = t(this.deps, 'staff.failed');
    if (update.kind === 'button') await this.deps.api.answerCallback(update.callbackId, text, true);
    // A message that could not be handled (say, a file Telegram would not hand over) is not silently lost.
    if (update.kind === 'message' && (update.private || update.chatId === this.deps.groupId))
      await this.deps.api.sendText(update.chatId, text, {
        threadId: update.threadId,
        replyTo: update.messageId,
      });
  }

  // ── Buttons ──────────────────────────────────────────────────────────────────────────────────

  private async onButton(update: ButtonUpdate): Promise<void> {
    const { api } = this.deps;
    const button = parseButton(update.data);
    if (!button) return api.answerCallback(update.callbackId, t(this.deps, 'staff.unknownButton'));
    const attempt = { action: update.data, reference: button.reference };
    const allowed = await this.parts.guard.check(update.from, attempt);
    if (!allowed.ok) return api.answerCallback(update.callbackId, allowed.short, true);
    const answer = await this.press(allowed.member, button, update);
    await api.answerCallback(update.callbackId, answer.text, answer.alert ?? false);
  }

  private async press(
    member: StaffMember,
    button: ButtonAction,
    update: ButtonUpdate,
  ): Promise<{ text: string; alert?: boolean }> {
    const topic = await this.deps.topics.topic(this.deps.db, button.reference);
    if (!topic) return { text: t(this.deps, 'errors.caseNotFound') };
    switch (button.type) {
      case 'handoff':
        return button.action === 'claim'
          ? this.claimHandoff(member, topic, update)
          : this.closeHandoff(member, topic, update);
      case 'fieldHelp':
        return this.fieldHelp(member, topic, button.action, update);
      case 'request':
        if (button.action === 'claim') return this.claimRequest(member, topic, update);
        return this.caseAction(member, topic, button.action, undefined, update);
      case 'complaint':
        return this.caseAction(member, topic, button.action, undefined, update);
      case 'rejectReason': {
        const reason = this.deps.profile.rejectionReasons[button.index];
        if (!reason) return { text: t(this.deps, 'staff.unknownButton') };
        const view = await this.parts.board.view(topic);
        const lang = personLang(view, this.deps.profile.languages.default);
        return this.caseAction(member, topic, 'reject', localized(reason.name, lang), update);
      }
    }
  }

  private async claimHandoff(member: StaffMember, topic: CaseTopic, update: ButtonUpdate) {
    if (!hasRole(member, FRONT_LINE)) return this.roleRefused(member, update, topic.reference);
    const outcome = await this.parts.relay.claim(member, topic.reference);
    switch (outcome.status) {
      case 'claimed':
        await this.parts.board.refresh(topic.reference);
        await this.parts.board.post(
          topic,
          t(this.deps, 'staff.claimedBy', { name: member.name, ref: topic.reference }),
        );
        return { text: t(this.deps, 'staff.claimed', { ref: topic.reference }) };
      case 'alreadyYours':
        return { text: t(this.deps, 'staff.claimed', { ref: topic.reference }) };
      case 'taken':
        return {
          text: t(this.deps, 'staff.alreadyClaimed', {
            name: (await this.deps.roster.nameOf(outcome.by)) ?? '-',
          }),
          alert: true,
        };
      case 'closed':
        await this.parts.board.refresh(topic.reference);
        return { text: t(this.deps, 'staff.handoffClosed'), alert: true };
      case 'notFound':
        return { text: t(this.deps, 'errors.caseNotFound'), alert: true };
    }
  }

  private async closeHandoff(member: StaffMember, topic: CaseTopic, update: ButtonUpdate) {
    const view = await this.parts.board.view(topic);
    if (!view) return { text: t(this.deps, 'errors.caseNotFound'), alert: true };
    if (view.claimedBy !== member.id && !hasRole(member, SUPERVISORS))
      return this.roleRefused(member, update, topic.reference);
    const outcome = await this.parts.closeHandoff(topic.reference, `staff:${member.id}`);
    await this.parts.board.refresh(topic.reference);
    if (outcome.status === 'closed') {
      await this.parts.board.post(
        topic,
        t(this.deps, 'staff.closedBy', { name: member.name, ref: topic.reference }),
      );
      return { text: t(this.deps, 'staff.closed', { ref: topic.reference }) };
    }
    return {
      text: t(this.deps, outcome.status === 'notFound' ? 'errors.caseNotFound' : 'staff.handoffClosed'),
      alert: true,
    };
  }

  private async fieldHelp(
    member: StaffMember,
    topic: CaseTopic,
    action: 'claim' | 'done',
    update: ButtonUpdate,
  ) {
    if (!hasRole(member, FRONT_LINE)) return this.roleRefused(member, update, topic.reference);
    const { db, events, topics, now } = this.deps;
    const [from, to] = action === 'claim' ? [['open'], 'claimed'] : [['open', 'claimed'], 'closed'];
    const changed = await db.transaction(async (tx) => {
      const updated = await tx.query(
        `UPDATE field_help_requests SET status = $2 WHERE reference = $1 AND status = ANY($3::text[])`,
        [topic.reference, to, from],
      );
      if (updated.rowCount === 0) return false;
      if (action === 'claim') await topics.claimCase(tx, topic.reference, member.id);
      await events.append(tx, {
        actor: `staff:${member.id}`,
        subjectType: 'field_help',
        subjectId: topic.reference,
        type: action === 'claim' ? 'fieldHelp.claimed' : 'fieldHelp.closed',
        data: { staffId: member.id },
        at: now(),
      });
      return true;
    });
    await this.parts.board.refresh(topic.reference);
    if (!changed) return { text: t(this.deps, 'errors.transitionNotAllowed'), alert: true };
    if (action === 'claim')
      await this.parts.board.post(
        topic,
        t(this.deps, 'staff.claimedBy', { name: member.name, ref: topic.reference }),
      );
    return {
      text: t(this.deps, 'staff.done', {
        action: buttonLabel(
          { type: 'fieldHelp', action, reference: topic.reference },
          this.deps.lang,
          this.deps.translator,
        ),
        ref: topic.reference,
      }),
    };
  }

  private async claimRequest(member: StaffMember, topic: CaseTopic, update: ButtonUpdate) {
    if (!hasRole(member, SUPERVISORS)) return this.roleRefused(member, update, topic.reference);
    const { db, events, topics, now } = this.deps;
    const claimed = await db.transaction(async (tx) => {
      if (!(await topics.claimCase(tx, topic.reference, member.id))) return false;
      await events.append(tx, {
        actor: `staff:${member.id}`,
        subjectType: SUBJECT_TYPES[topic.caseType],
        subjectId: topic.reference,
        type: 'case.claimed',
        data: { staffId: member.id },
        at: now(),
      });
      return true;
    });
    await this.parts.board.refresh(topic.reference);
    if (!claimed) {
      const current = await topics.topic(db, topic.reference);
      return {
        text: t(this.deps, 'staff.alreadyClaimed', {
          name: (await this.deps.roster.nameOf(current?.claimedBy ?? null)) ?? '-',
        }),
        alert: true,
      };
    }
    await this.parts.board.post(
      topic,
      t(this.deps, 'staff.claimedBy', { name: member.name, ref: topic.reference }),
    );
    return { text: t(this.deps, 'staff.claimed', { ref: topic.reference }) };
  }

  /**
   * A decision through the shared case service. An action that needs a reason and has none yet asks
   * for it in the case's thread (with the profile's rejection reasons as buttons, for a rejection).
   */
  private async caseAction(
    member: StaffMember,
    topic: CaseTopic,
    action: string,
    reason: string | undefined,
    update: Pick<ButtonUpdate, 'from'>,
  ): Promise<{ text: string; alert?: boolean }> {
    const { caseActions, board } = this.parts;
    const actor = { id: member.id, roles: member.roles };
    const label = this.actionLabel(topic.caseType, action);
    try {
      if (reason === undefined && needsReason(topic.caseType, action)) {
        const view = await board.view(topic);
        if (!view) return { text: t(this.deps, 'errors.caseNotFound'), alert: true };
        const check = checkTransition(topic.caseType, view.status, action, member.roles);
        if (!check.ok) throw new CaseError(check.code, `${action} on ${view.status}`);
        await this.askReason(member, topic, action, label);
        return { text: t(this.deps, 'staff.reason.asked', { action: label }) };
      }
      if (topic.caseType === 'request')
        await caseActions.request(topic.reference, action as never, actor, reason);
      else await caseActions.complaint(topic.reference, action as never, actor, reason);
      if (topic.caseType === 'complaint' && action === 'assign')
        await this.deps.topics.claimCase(this.deps.db, topic.reference, member.id);
      await board.refresh(topic.reference);
      return { text: t(this.deps, 'staff.done', { action: label, ref: topic.reference }) };
    } catch (error) {
      if (!(error instanceof CaseError)) throw error;
      if (error.code === 'ERR_ROLE_NOT_ALLOWED')
        await this.parts.guard.refuse(update.from, member, error.code, {
          action,
          reference: topic.reference,
        });
      // The card may be out of date (someone else decided first): show it as it is now.
      await board.refresh(topic.reference);
      return { text: t(this.deps, error.key), alert: true };
    }
  }

  private async askReason(
    member: StaffMember,
    topic: CaseTopic,
    action: string,
    label: string,
  ): Promise<void> {
    const { api, db, topics, profile, lang } = this.deps;
    const reject = topic.caseType === 'request' && action === 'reject';
    const reasons = reject ? profile.rejectionReasons.slice(0, 10) : [];
    const list = reasons.map((r, i) => `${i + 1}. ${localized(r.name, lang)}`).join('\n');
    const text = t(this.deps, reject ? 'staff.reason.askReject' : 'staff.reason.ask', {
      name: member.name,
      action: label,
      ref: topic.reference,
      list,
    });
    const keyboard = reasons.map((_, index) => {
      const button: ButtonAction = { type: 'rejectReason', index, reference: topic.reference };
      return [
        {
          text: `${index + 1}. ${localized(reasons[index]!.name, lang)}`.slice(0, 60),
          callback_data: encodeButton(button),
        },
      ];
    });
    const id = await api.sendText(topic.chatId, text, { ...this.parts.board.placement(topic), keyboard });
    await topics.recordMessage(db, {
      chatId: topic.chatId,
      messageId: id,
      reference: topic.reference,
      direction: 'posted',
    });
    await topics.addPrompt(db, topic.chatId, id, {
      reference: topic.reference,
      caseType: topic.caseType,
      action,
      staffId: member.id,
    });
  }

  private async roleRefused(member: StaffMember, update: ButtonUpdate, reference: string) {
    await this.parts.guard.refuse(update.from, member, 'ERR_ROLE_NOT_ALLOWED', {
      action: update.data,
      reference,
    });
    return { text: t(this.deps, 'errors.roleNotAllowed'), alert: true };
  }

  private actionLabel(type: CaseType, action: string): string {
    if (type === 'request' || type === 'complaint')
      return this.deps.translator.t(this.deps.lang, `staff.action.${type}.${action}`);
    return action;
  }

  // ── Messages ─────────────────────────────────────────────────────────────────────────────────

  private async onPrivate(update: MessageUpdate): Promise<void> {
    const { api, roster } = this.deps;
    const command = parseCommand(update.text)?.command;
    const reply = (text: string) => api.sendText(update.chatId, text);
    if (command === 'ack') {
      await reply(await this.parts.guard.acknowledge(update.from));
      return;
    }
    const member = await roster.byTelegramUser(update.from.userId);
    if (!member) {
      await this.parts.guard.refuse(update.from, undefined, 'ERR_NOT_STAFF', {
        action: command ?? 'message',
      });
      await reply(t(this.deps, 'errors.notStaff'));
      return;
    }
    const acknowledged = await this.parts.guard.hasAcknowledged(member);
    const welcome = t(this.deps, 'staff.private.welcome', { name: member.name });
    await reply(acknowledged ? welcome : `${welcome}\n\n${this.parts.guard.ackReminder(member)}`);
  }

  private async onGroupMessage(update: MessageUpdate): Promise<void> {
    const { db, topics, groupId, logger } = this.deps;
    if (update.chatId !== groupId) {
      logger.debug({ chatId: update.chatId }, 'staff console: message from another group ignored');
      return;
    }
    const command = parseCommand(update.text);
    if (command?.command === 'ack') {
      const text = await this.parts.guard.acknowledge(update.from);
      await this.deps.api.sendText(groupId, text, {
        threadId: update.threadId,
        replyTo: update.messageId,
      });
      return;
    }
    if (update.replyTo !== undefined && (await this.answerPrompt(update))) return;
    const topic =
      update.threadId !== undefined
        ? await topics.topicByThread(db, groupId, update.threadId)
        : update.replyTo !== undefined
          ? await topics.topicByMessage(db, groupId, update.replyTo)
          : undefined;
    if (!topic) return; // talk among staff outside any case
    if (command?.command === 'note') return this.note(update, topic, command.rest);
    if (topic.caseType === 'handoff') return this.relayToPerson(update, topic);
  }

  /** `/note …`: internal, never relayed; kept in the audit trail of the case. */
  private async note(update: MessageUpdate, topic: CaseTopic, text: string): Promise<void> {
    const allowed = await this.parts.guard.check(update.from, { action: 'note', reference: topic.reference });
    if (!allowed.ok) {
      await this.parts.board.post(topic, allowed.text);
      return;
    }
    const { db, topics, events, now } = this.deps;
    await db.transaction(async (tx) => {
      const fresh = await topics.recordMessage(tx, {
        chatId: update.chatId,
        messageId: update.messageId,
        reference: topic.reference,
        direction: 'received',
      });
      if (!fresh) return;
      await events.append(tx, {
        actor: `staff:${allowed.member.id}`,
        subjectType: SUBJECT_TYPES[topic.caseType],
        subjectId: topic.reference,
        type: 'case.note',
        data: { text: text.slice(0, 4000) },
        at: now(),
      });
    });
  }

  private async relayToPerson(update: MessageUpdate, topic: CaseTopic): Promise<void> {
    const allowed = await this.parts.guard.check(update.from, {
      action: 'relay',
      reference: topic.reference,
    });
    if (!allowed.ok) {
      await this.parts.board.post(topic, allowed.text);
      return;
    }
    let file;
    if (update.file) {
      const fetched = await this.deps.api.fetchFile(update.file.fileId, {
        fileName: update.file.fileName,
        declaredMimeType: update.file.mimeType,
      });
      if ('tooLarge' in fetched) {
        await this.parts.board.post(topic, t(this.deps, 'staff.notRelayed.tooLarge'));
        return;
      }
      file = fetched.stored;
    }
    const outcome = await this.parts.relay.relay(allowed.member, topic.reference, {
      chatId: update.chatId,
      messageId: update.messageId,
      text: update.text,
      file,
    });
    switch (outcome.status) {
      case 'relayed':
      case 'duplicate':
        return;
      case 'notClaimed':
        await this.parts.board.post(topic, t(this.deps, 'staff.notRelayed.notClaimed'));
        return;
      case 'notYours':
        await this.parts.board.post(
          topic,
          t(this.deps, 'staff.notRelayed.notYours', {
            name: (await this.deps.roster.nameOf(outcome.by)) ?? '-',
          }),
        );
        return;
      case 'closed':
      case 'notFound':
        await this.parts.board.post(topic, t(this.deps, 'staff.notRelayed.closed'));
        return;
    }
  }

  /** A reply to the bot's "why?" question: the action it asked about, with this reason. */
  private async answerPrompt(update: MessageUpdate): Promise<boolean> {
    const { db, topics } = this.deps;
    const prompt = await topics.prompt(db, update.chatId, update.replyTo!);
    if (!prompt) return false;
    const topic = await topics.topic(db, prompt.reference);
    if (!topic) return false;
    const allowed = await this.parts.guard.check(update.from, {
      action: prompt.action,
      reference: prompt.reference,
    });
    if (!allowed.ok) {
      await this.parts.board.post(topic, allowed.text);
      return true;
    }
    // Only the one who asked answers; others' replies are ordinary messages of the thread.
    if (allowed.member.id !== prompt.staffId) return false;
    const reason = update.text.trim();
    if (!reason) return true;
    if (!(await topics.dropPrompt(db, update.chatId, update.replyTo!))) return true;
    const answer = await this.caseAction(allowed.member, topic, prompt.action, reason, update);
    await this.parts.board.post(topic, answer.text);
    return true;
  }
}

function hasRole(member: StaffMember, roles: readonly StaffRole[]): boolean {
  return member.roles.some((r) => roles.includes(r));
}

function needsReason(type: CaseType, action: string): boolean {
  if (type === 'request') return REQUEST_RULES[action as keyof typeof REQUEST_RULES]?.needsReason ?? false;
  if (type === 'complaint')
    return COMPLAINT_RULES[action as keyof typeof COMPLAINT_RULES]?.needsReason ?? false;
  return false;
}

/** The transition check of the case service, run before asking for a reason it would refuse anyway. */
function checkTransition(type: CaseType, status: string, action: string, roles: readonly StaffRole[]) {
  return type === 'request'
    ? checkRequestTransition(status as RequestStatus, action as never, roles, 'reason')
    : checkComplaintTransition(status as ComplaintStatus, action as never, roles, 'reason');
}

function personLang(view: CaseView | undefined, fallback: Lang): Lang {
  const lang = view?.person?.lang;
  return lang === 'ar' || lang === 'en' ? lang : fallback;
}
