import { CaseError } from '../cases/rules/case-error';
import type { CaseTopic } from '../store/staff-bot-repository';
import { NotAnOfficerError, type CaseAssignments } from '../cases/case-assignment';
import { SUBJECT_TYPES, type ButtonActions } from './button-actions';
import type { CaseBoard } from './case-board';
import { t, type StaffBotDeps } from './staff-bot-deps';
import type { HandoffRelay } from './handoff-relay';
import type { StaffGuard } from './staff-guard';
import { parseCommand, type MessageUpdate } from './staff-update';
import { clipText } from '../domain/text/storable-text';

/**
 * What staff write to the bot: `/ack` anywhere; in a case's topic (or in reply to a post of the case,
 * where topics are off) `/note …` is kept as an internal note, a reply to the bot's "why?" question
 * completes the decision it asked about, and in a handoff's topic the words of the member in charge
 * go to the person. Anything else stays among staff.
 */
export class StaffMessages {
  constructor(
    private readonly deps: StaffBotDeps,
    private readonly parts: {
      board: CaseBoard;
      relay: HandoffRelay;
      guard: StaffGuard;
      actions: ButtonActions;
      assignments: CaseAssignments;
    },
  ) {}

  handle(update: MessageUpdate): Promise<void> {
    return update.private ? this.onPrivate(update) : this.onGroupMessage(update);
  }

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
      logger.debug({ chatId: update.chatId }, 'staff bot: message from another group ignored');
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
    if (command?.command === 'assign') return this.assign(update, topic, command.rest);
    if (topic.caseType === 'handoff') return this.relayToPerson(update, topic);
  }

  /** `/note …`: internal, never relayed; kept in the audit trail of the case. */
  private async note(update: MessageUpdate, topic: CaseTopic, text: string): Promise<void> {
    const allowed = await this.parts.guard.check(update.from, { action: 'note', reference: topic.reference });
    if (!allowed.ok) {
      await this.parts.board.post(topic, allowed.text);
      return;
    }
    if (topic.caseType === 'handoff') {
      // With the conversation, where the console's inbox shows it beside the person's words.
      await this.parts.relay.note(allowed.member, topic.reference, {
        chatId: update.chatId,
        messageId: update.messageId,
        text,
      });
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
        data: { text: clipText(text, 4000) },
        at: now(),
      });
    });
  }

  /**
   * `/assign <staff id>` (an `@` before it is fine): hands the case to that officer, for those whose
   * role may (committee, management, administrators); without a name, lists who can take it.
   */
  private async assign(update: MessageUpdate, topic: CaseTopic, rest: string): Promise<void> {
    const attempt = { action: 'assign', reference: topic.reference };
    const allowed = await this.parts.guard.check(update.from, attempt);
    if (!allowed.ok) {
      await this.parts.board.post(topic, allowed.text);
      return;
    }
    const officers = async () =>
      (await this.parts.assignments.officers()).map((m) => `${m.id} (${m.name})`).join(', ');
    const officerId = rest.split(/\s+/)[0]!.replace(/^@/, '').toLowerCase();
    if (!officerId) {
      await this.parts.board.post(
        topic,
        t(this.deps, 'staff.assign.usage', { ref: topic.reference, officers: await officers() }),
      );
      return;
    }
    try {
      const result = await this.parts.assignments.assign(topic.reference, officerId, allowed.member);
      await this.parts.board.post(
        topic,
        t(this.deps, 'staff.assign.done', {
          ref: topic.reference,
          name: result.to.name,
          by: allowed.member.name,
        }),
      );
    } catch (error) {
      if (error instanceof CaseError && error.code === 'ERR_ROLE_NOT_ALLOWED') {
        await this.parts.guard.refuse(update.from, allowed.member, 'ERR_ROLE_NOT_ALLOWED', attempt);
        await this.parts.board.post(topic, t(this.deps, 'errors.roleNotAllowed'));
        return;
      }
      if (error instanceof NotAnOfficerError) {
        await this.parts.board.post(
          topic,
          t(this.deps, 'staff.assign.unknown', { id: officerId, officers: await officers() }),
        );
        return;
      }
      throw error;
    }
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
    const answer = await this.parts.actions.caseAction(
      allowed.member,
      topic,
      prompt.action,
      reason,
      update,
      prompt.missing,
    );
    await this.parts.board.post(topic, answer.text);
    return true;
  }
}
