/** An update arrived (on the webhook) while the channel was not started, or already stopped. */
export class ChannelNotReceivingError extends Error {
  readonly code = 'ERR_CHANNEL_NOT_RECEIVING';
  override readonly name = 'ChannelNotReceivingError';
  constructor() {
    super('the Telegram channel is not receiving updates right now');
  }
}
