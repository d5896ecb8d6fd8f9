import { parseCommand, parseStaffUpdate } from '../../src/staff-bot/staff-update';

const group = { id: -1001234567890, type: 'supergroup', title: 'Staff', is_forum: true };
const huda = { id: 5001, is_bot: false, first_name: 'Huda', last_name: 'Saleh' };

describe('parseStaffUpdate', () => {
  it('reads a message in a forum topic with its thread, and the largest photo size', () => {
    const update = parseStaffUpdate({
      update_id: 1,
      message: {
        message_id: 40,
        date: 1,
        chat: group,
        from: huda,
        message_thread_id: 12,
        is_topic_message: true,
        reply_to_message: { message_id: 12, date: 1, chat: group },
        caption: 'الإيصال',
        photo: [
          { file_id: 'small', width: 90, height: 90 },
          { file_id: 'large', width: 1280, height: 960, file_size: 2000 },
        ],
      },
    });
    expect(update).toEqual({
      kind: 'message',
      chatId: group.id,
      private: false,
      messageId: 40,
      threadId: 12,
      replyTo: 12,
      from: { userId: 5001, name: 'Huda Saleh' },
      text: 'الإيصال',
      file: { fileId: 'large', kind: 'image', sizeBytes: 2000, mimeType: 'image/jpeg' },
    });
  });

  it('keeps no thread for a message outside any topic (a reply in the general chat)', () => {
    const update = parseStaffUpdate({
      update_id: 2,
      message: { message_id: 41, date: 1, chat: group, from: huda, message_thread_id: 7, text: 'hi' },
    });
    expect(update).toMatchObject({ kind: 'message', threadId: undefined });
  });

  it('reads a button press with where it was pressed', () => {
    expect(
      parseStaffUpdate({
        update_id: 3,
        callback_query: {
          id: 'q1',
          from: huda,
          chat_instance: 'c',
          data: 'h:claim:HND-4821-27',
          message: { message_id: 9, date: 1, chat: group, message_thread_id: 12 },
        },
      }),
    ).toEqual({
      kind: 'button',
      callbackId: 'q1',
      chatId: group.id,
      messageId: 9,
      threadId: 12,
      from: { userId: 5001, name: 'Huda Saleh' },
      data: 'h:claim:HND-4821-27',
    });
  });

  it.each([
    ['malformed', { update_id: 'x' }],
    [
      'from a bot',
      {
        update_id: 4,
        message: { message_id: 1, date: 1, chat: group, from: { ...huda, is_bot: true }, text: 'x' },
      },
    ],
    [
      'a service message',
      { update_id: 5, message: { message_id: 1, date: 1, chat: group, from: huda, new_chat_title: 'x' } },
    ],
    [
      'an edit',
      { update_id: 6, edited_message: { message_id: 1, date: 1, chat: group, from: huda, text: 'x' } },
    ],
  ])('ignores %s', (_, raw) => {
    expect(parseStaffUpdate(raw)).toEqual({ kind: 'ignore' });
  });

  it('still answers a press without data', () => {
    expect(
      parseStaffUpdate({ update_id: 7, callback_query: { id: 'q2', from: huda, chat_instance: 'c' } }),
    ).toEqual({
      kind: 'ignore',
      callbackId: 'q2',
    });
  });
});

describe('parseCommand', () => {
  it.each([
    ['/note يحتاج زيارة', { command: 'note', rest: 'يحتاج زيارة' }],
    ['/NOTE@tawasul_staff_bot  multi\nline', { command: 'note', rest: 'multi\nline' }],
    ['/ack', { command: 'ack', rest: '' }],
    ['note /ack', undefined],
    ['/ ack', undefined],
  ])('%p', (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });
});
