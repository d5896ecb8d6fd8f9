import { mapUpdate } from '../../src/channels/telegram/map-update';
import { parseStaffUpdate } from '../../src/staff-bot/staff-update';

/**
 * Replays issue 17, "NUL bytes and lone surrogates give 500", at the edge both Telegram bots share
 * (`parseUpdate`): text, names and callback data holding a NUL or half a surrogate pair went on, as
 * they came, to the beneficiary bot's spine and the staff bot's actions (notes, replies relayed to the
 * person, audit events), where PostgreSQL refused the write and the webhook answered 500. Both bots now
 * get storable text: NULs stripped, lone halves replaced by U+FFFD.
 * (test/security/telegram-text.int.test.ts replays it through the beneficiary bot's webhook.)
 */
const from = { id: 5001, is_bot: false, first_name: 'Hu\u0000da\uD800', last_name: '\uDC00' };
const message = (chat: { id: number; type: string }, text: string) => ({
  update_id: 1,
  message: {
    message_id: 7,
    date: 1_780_000_000,
    chat,
    from,
    text,
    is_topic_message: true,
    message_thread_id: 3,
  },
});
const press = (chat: { id: number; type: string }, data: string) => ({
  update_id: 2,
  callback_query: {
    id: 'cb1',
    from,
    data,
    message: {
      message_id: 8,
      chat,
      reply_markup: { inline_keyboard: [[{ text: 'Yes\u0000', callback_data: data }]] },
    },
  },
});

describe('Telegram updates holding a NUL or a lone surrogate', () => {
  it('reach the beneficiary bot’s spine as storable text', () => {
    const chat = { id: 4242, type: 'private' };
    const text = mapUpdate(message(chat, 'hi\u0000 there\uD800'), { maxFileBytes: 1, now: new Date(0) });
    expect(text).toMatchObject({
      kind: 'inbound',
      message: { text: 'hi there\uFFFD', sender: { displayName: 'Huda\uFFFD \uFFFD' } },
    });
    const button = mapUpdate(press(chat, 'lang:ar\u0000'), { maxFileBytes: 1, now: new Date(0) });
    expect(button).toMatchObject({ kind: 'inbound', message: { choiceId: 'lang:ar', text: 'Yes' } });
  });

  it('reach the staff bot’s actions as storable text', () => {
    const group = { id: -1001234567890, type: 'supergroup' };
    expect(parseStaffUpdate(message(group, '/note paid\u0000 \uDFFF'))).toMatchObject({
      kind: 'message',
      text: '/note paid \uFFFD',
      from: { userId: 5001, name: 'Huda\uFFFD \uFFFD' },
    });
    expect(parseStaffUpdate(press(group, 'c:claim:\u0000\uD800'))).toMatchObject({
      kind: 'button',
      data: 'c:claim:\uFFFD',
    });
  });
});
