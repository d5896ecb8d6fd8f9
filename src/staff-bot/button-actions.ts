import { BeneficiaryNotifier } from '../cases/beneficiary-notifier';
import { FieldHelpQueue } from '../cases/field-help-queue';
import type { StaffRole } from '../config/profile-schema';
import { localized } from '../config/localized';
import { CaseError } from '../cases/rules/case-error';
import type { CaseType } from '../store/case-view-repository';
import type { CaseTopic } from '../store/staff-bot-repository';
import type { CaseActions } from '../cases/case-actions';
import type { CaseBoard } from './case-board';
import { buttonLabel } from './case-card';
import { encodeButton, type ButtonAction } from './callback-data';
import { t, type StaffBotDeps } from './staff-bot-deps';
import type { HandoffRelay } from './handoff-relay';
import type { StaffGuard } from './staff-guard';
import type { StaffMember } from '../cases/staff-roster';
import type { ButtonUpdate } from './staff-update';
import type { InlineKeyboard } from './staff-bot-api';
import {
  checkTransition,
  FRONT_LINE,
  hasRole,
  MAX_MISSING_ITEMS,
  missingItems,
  needsReason,
  personLang,
  SEND_INDEX,
  SUPERVISORS,
} from './button-rules';

/** Who takes field calls here: the front line, and the field representatives on duty. */
const FIELD_CALL_TAKERS: readonly StaffRole[] = [...FRONT_LINE, 'field'];

/** The audit trail's subject type of each kind of case. */
export const SUBJECT_TYPES: Readonly<Record<CaseType, string>> = {
  handoff: 'handoff',
  request: 'service_request',
  complaint: 'complaint',
  fieldHelp: 'field_help',
};

export interface ButtonActionsDeps {
  board: CaseBoard;
  relay: HandoffRelay;
  guard: StaffGuard;
  caseActions: Pick<CaseActions, 'request' | 'complaint'>;
}

/** What the person pressing sees in the button's pop-up. */
export interface PressAnswer {
  text: string;
  alert?: boolean;
}

/**
 * What a card's buttons do, for a staff member the guard already let through: claim and close
 * conversations, take and close field calls, take requests, and decisions through the one case
 * service (asking for a reason in the thread when the action needs one). Role refusals are recorded.
 */
export class ButtonActions {
  /** The same queue as the web console's: the call's status, its audit, and the person told. */
  private readonly fieldCalls: FieldHelpQueue;

  constructor(
    private readonly deps: StaffBotDeps,
    private readonly parts: ButtonActionsDeps,
  ) {
    const notifier = new BeneficiaryNotifier({ ...deps, defaultLang: deps.profile.languages.default });
    this.fieldCalls = new FieldHelpQueue({ ...deps, notifier });
  }

  async press(member: StaffMember, button: ButtonAction, update: ButtonUpdate): Promise<PressAnswer> {
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
      case 'missingItem':
        return this.toggleMissing(member, topic, button.index, update);
    }
  }

  /**
   * A tick under the "what is missing?" question: only the one who asked may tick, and only while the
   * question waits for its reason. The question is redrawn with the ticks.
   */
  private async toggleMissing(
    member: StaffMember,
    topic: CaseTopic,
    index: number,
    update: ButtonUpdate,
  ): Promise<PressAnswer> {
    const { db, topics, api } = this.deps;
    if (update.chatId === undefined || update.messageId === undefined)
      return { text: t(this.deps, 'staff.unknownButton') };
    const prompt = await topics.prompt(db, update.chatId, update.messageId);
    if (!prompt || prompt.action !== 'askInfo' || prompt.reference !== topic.reference)
      return { text: t(this.deps, 'staff.reason.answered'), alert: true };
    if (prompt.staffId !== member.id) return { text: t(this.deps, 'staff.reason.notYours'), alert: true };
    if (index === SEND_INDEX) {
      // Ask with the ticked items alone; a reason typed in reply does the same with the reason.
      if (prompt.missing?.length === 0)
        return { text: t(this.deps, 'staff.reason.tickOrReply'), alert: true };
      if (!(await topics.dropPrompt(db, update.chatId, update.messageId)))
        return { text: t(this.deps, 'staff.reason.answered'), alert: true };
      const answer = await this.caseAction(member, topic, 'askInfo', undefined, update, prompt.missing);
      await this.parts.board.post(topic, answer.text);
      return answer;
    }
    const view = await this.parts.board.view(topic);
    const item = missingItems(this.deps.profile, view?.serviceId ?? null, this.deps.lang)[index];
    if (!item) return { text: t(this.deps, 'staff.unknownButton') };
    const ticked = await topics.toggleMissing(db, update.chatId, update.messageId, item.id);
    const question = this.askInfoQuestion(member, topic, ticked, view?.serviceId ?? null);
    await api.editCard(update.chatId, update.messageId, question.text, question.keyboard);
    return { text: `${ticked.includes(item.id) ? '☑' : '☐'} ${item.label}` };
  }

  /** The "what is missing?" question: the service's fields and documents as ticks, and how to finish. */
  private askInfoQuestion(member: StaffMember, topic: CaseTopic, ticked: string[], serviceId: string | null) {
    const items = missingItems(this.deps.profile, serviceId, this.deps.lang).slice(0, MAX_MISSING_ITEMS);
    const text = t(this.deps, 'staff.reason.askInfo', {
      name: member.name,
      action: this.actionLabel(topic.caseType, 'askInfo'),
      ref: topic.reference,
      count: ticked.length,
    });
    const keyboard = items.map((item, index) => {
      const button: ButtonAction = { type: 'missingItem', index, reference: topic.reference };
      const mark = ticked.includes(item.id) ? '☑' : '☐';
      return [{ text: `${mark} ${item.label}`.slice(0, 60), callback_data: encodeButton(button) }];
    });
    const send: ButtonAction = { type: 'missingItem', index: SEND_INDEX, reference: topic.reference };
    keyboard.push([{ text: t(this.deps, 'staff.reason.sendAsk'), callback_data: encodeButton(send) }]);
    return { text, keyboard };
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
    const outcome = await this.parts.relay.close(member, topic.reference);
    if (outcome.status === 'notYours') return this.roleRefused(member, update, topic.reference);
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
    if (!hasRole(member, FIELD_CALL_TAKERS)) return this.roleRefused(member, update, topic.reference);
    const ref = topic.reference;
    const moved =
      action === 'claim' ? this.fieldCalls.claim(ref, member.id) : this.fieldCalls.done(ref, member.id);
    const changed = await moved.then(
      () => true,
      (error: unknown) => (error instanceof CaseError ? false : Promise.reject(error as Error)),
    );
    if (changed && action === 'claim')
      await this.deps.topics.claimCase(this.deps.db, topic.reference, member.id);
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
  async caseAction(
    member: StaffMember,
    topic: CaseTopic,
    action: string,
    reason: string | undefined,
    update: Pick<ButtonUpdate, 'from'>,
    /** Items ticked under an "ask for information" question (`field:<id>`, `document:<id>`). */
    ticked: readonly string[] = [],
  ): Promise<PressAnswer> {
    const { caseActions, board } = this.parts;
    const actor = { id: member.id, roles: member.roles };
    const label = this.actionLabel(topic.caseType, action);
    try {
      const named = topic.caseType === 'request' && action === 'askInfo' && ticked.length > 0;
      if (reason === undefined && !named && needsReason(topic.caseType, action)) {
        const view = await board.view(topic);
        if (!view) return { text: t(this.deps, 'errors.caseNotFound'), alert: true };
        const check = checkTransition(topic.caseType, view.status, action, member.roles);
        if (!check.ok) throw new CaseError(check.code, `${action} on ${view.status}`);
        await this.askReason(member, topic, action, label);
        return { text: t(this.deps, 'staff.reason.asked', { action: label }) };
      }
      if (topic.caseType === 'request')
        await caseActions.request(topic.reference, action as never, actor, reason, {
          missing: {
            fields: ticked.filter((id) => id.startsWith('field:')).map((id) => id.slice('field:'.length)),
            documents: ticked
              .filter((id) => id.startsWith('document:'))
              .map((id) => id.slice('document:'.length)),
          },
        });
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
    const { profile, lang } = this.deps;
    const reject = topic.caseType === 'request' && action === 'reject';
    if (topic.caseType === 'request' && action === 'askInfo') {
      const view = await this.parts.board.view(topic);
      const question = this.askInfoQuestion(member, topic, [], view?.serviceId ?? null);
      await this.postPrompt(member, topic, action, question.text, question.keyboard);
      return;
    }
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
    await this.postPrompt(member, topic, action, text, keyboard);
  }

  /** Posts a question in the case's topic that the staff member answers by replying to it (or its buttons). */
  private async postPrompt(
    member: StaffMember,
    topic: CaseTopic,
    action: string,
    text: string,
    keyboard: InlineKeyboard,
  ): Promise<void> {
    const { api, db, topics } = this.deps;
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
}
