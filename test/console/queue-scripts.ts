import type { InProcessChannel } from '../../src/channels/inprocess/inprocess-channel';
import { textOf } from '../support/spine-harness';

/** What a person sends in the console's queue tests, and the chat scripts that reach each queue. */
type Input = Parameters<InProcessChannel['say']>[1];

/** A pin at Mina. */
export const MINA = { latitude: 21.4133, longitude: 39.8933 };

/** Sends each input as `who` and returns the last reply; `parts`: how many messages the last one makes. */
export async function script(
  chat: InProcessChannel,
  who: string,
  inputs: Input[],
  parts = 1,
): Promise<string> {
  let last = '';
  for (const input of inputs) {
    await chat.say(who, input);
    const replies: string[] = [];
    for (let i = 0; i < (input === inputs[inputs.length - 1] ? parts : 1); i++)
      replies.push(textOf(await chat.nextReply(who)));
    last = replies.join('\n');
  }
  return last;
}

export const start = (lang: 'ar' | 'en'): Input[] =>
  lang === 'ar' ? ['السلام عليكم', '١', 'أوافق'] : ['hi', '2', '1'];

/** A field call from the menu: kind `1` (health, urgent) or `2` (lost), a pin, a few words. */
export async function askForHelp(chat: InProcessChannel, who: string, lang: 'ar' | 'en', kind: '1' | '2') {
  await script(chat, who, [...start(lang), { choiceId: 'field-help' }]);
  await script(chat, who, [kind], 2); // the location question, then the skip choice
  await script(chat, who, [{ location: MINA }]);
  const done = await script(chat, who, [lang === 'ar' ? 'والدي متعب من الحر' : 'My father is exhausted']);
  return { done, reference: /FLD-\d{4}-\d{2}/.exec(done)?.[0] ?? '' };
}

export async function signUp(chat: InProcessChannel, who: string, lang: 'ar' | 'en', name: string) {
  await script(chat, who, start(lang));
  const done = await script(chat, who, [
    { choiceId: 'volunteer' },
    '1',
    name,
    '0501234567',
    'رابغ',
    '3',
    'الإسعافات الأولية',
    '1',
  ]);
  return { done, reference: /VOL-\d{4}-\d{2}/.exec(done)?.[0] ?? '' };
}

export async function askForDeletion(chat: InProcessChannel, who: string): Promise<string> {
  const done = await script(chat, who, [...start('ar'), { choiceId: 'my-data' }, 'طلب حذف بياناتي', '1']);
  return /DAT-\d{4}-\d{2}/.exec(done)?.[0] ?? '';
}
