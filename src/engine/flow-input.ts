import type { InboundMessage } from '../domain/inbound-message';
import { normaliseForMatching, stripBidiControls } from '../domain/text/arabic-normalise';
import type { FlowInput } from './flow';

/** What the engine hands a flow for one inbound message: cleaned text plus its matching form. */
export function toFlowInput(message: InboundMessage): FlowInput {
  const text = stripBidiControls(message.text);
  return {
    text,
    normalized: normaliseForMatching(text),
    choiceId: message.choiceId,
    media: message.media,
    location: message.location,
    channel: message.channel,
    channelMessageId: message.channelMessageId,
    receivedAt: message.receivedAt,
  };
}
