/** A delivery arrived while the channel is not started or already stopped: Meta delivers it again later. */
export class NotReceivingError extends Error {
  readonly code = 'ERR_CHANNEL_NOT_RECEIVING';
  override readonly name = 'NotReceivingError';
  constructor() {
    super('the WhatsApp channel is not receiving messages right now');
  }
}
