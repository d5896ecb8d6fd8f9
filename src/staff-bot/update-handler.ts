import { parseButton } from './callback-data';
import type { ButtonActions } from './button-actions';
import { t, type StaffBotDeps } from './staff-bot-deps';
import type { StaffGuard } from './staff-guard';
import type { StaffMessages } from './staff-messages';
import type { ButtonUpdate, StaffUpdate } from './staff-update';

/**
 * The staff bot's one entry for updates: a button press goes through the guard (known staff who
 * acknowledged the policy) to its action and is always answered; a message goes to `StaffMessages`.
 * Every refusal is answered politely, logged and recorded (by the guard).
 */
export class UpdateHandler {
  constructor(
    private readonly deps: StaffBotDeps,
    private readonly parts: { guard: StaffGuard; actions: ButtonActions; messages: StaffMessages },
  ) {}

  async handle(update: StaffUpdate): Promise<void> {
    switch (update.kind) {
      case 'button':
        return this.onButton(update);
      case 'message':
        return this.parts.messages.handle(update);
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

  private async onButton(update: ButtonUpdate): Promise<void> {
    const { api } = this.deps;
    const button = parseButton(update.data);
    if (!button) return api.answerCallback(update.callbackId, t(this.deps, 'staff.unknownButton'));
    const attempt = { action: update.data, reference: button.reference };
    const allowed = await this.parts.guard.check(update.from, attempt);
    if (!allowed.ok) return api.answerCallback(update.callbackId, allowed.short, true);
    const answer = await this.parts.actions.press(allowed.member, button, update);
    await api.answerCallback(update.callbackId, answer.text, answer.alert ?? false);
  }
}
