import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { parseSaudiMobile } from '../../domain/identity/saudi-mobile';

/** Chats we talk to: a person's phone-number id (`…@c.us`) or their privacy id (`…@lid`). */
const PERSON_CHAT = /^[^@\s]+@(?:c\.us|lid)$/;
const PHONE_CHAT = /^(\d{6,15})@c\.us$/;

/** Whether `chatId` is one person (not a group `@g.us`, status `status@broadcast`, channel or list). */
export function isPersonChat(chatId: string): boolean {
  return PERSON_CHAT.test(chatId);
}

/**
 * Who wrote, as the spine keys them. `channelUserId` is the chat id exactly as WhatsApp gave it
 * (`msg.from`): it is also where replies go. It is never read as a phone number, because WhatsApp
 * increasingly hides numbers behind `…@lid` privacy ids that only look like digits (DOMAIN.md).
 *
 * `phone` is set only for a `…@c.us` id, where WhatsApp itself tells us the number: a Saudi mobile is
 * normalised with `parseSaudiMobile`, any other valid number is written in E.164; anything else is
 * left out rather than guessed.
 */
export function senderIdentity(
  chatId: string,
  displayName?: string,
): { channelUserId: string; phone?: string; displayName?: string } {
  const name = displayName?.trim().slice(0, 200);
  const phone = phoneOf(chatId);
  return { channelUserId: chatId, ...(phone ? { phone } : {}), ...(name ? { displayName: name } : {}) };
}

function phoneOf(chatId: string): string | undefined {
  const digits = PHONE_CHAT.exec(chatId)?.[1];
  if (digits === undefined) return undefined;
  const saudi = parseSaudiMobile(chatId);
  if (saudi.ok) return saudi.e164;
  const phone = parsePhoneNumberFromString(`+${digits}`);
  return phone?.isValid() ? phone.number : undefined;
}
