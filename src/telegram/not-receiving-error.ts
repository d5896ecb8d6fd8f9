/** An update arrived (on the webhook) while the bot was not started, or already stopped. */
export class NotReceivingError extends Error {
  // The code the beneficiary bot's webhook answered with before both bots shared this layer (documented).
  readonly code = 'ERR_CHANNEL_NOT_RECEIVING';
  override readonly name = 'NotReceivingError';
  constructor() {
    super('the Telegram bot is not receiving updates right now');
  }
}
