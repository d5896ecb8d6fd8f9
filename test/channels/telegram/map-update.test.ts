import { mapUpdate } from '../../../src/channels/telegram/map-update';

const now = new Date('2026-03-01T09:00:00Z');
const options = { maxFileBytes: 10 * 1024 * 1024, now };
const from = { id: 555, is_bot: false, first_name: 'أمل', last_name: 'الصالح', language_code: 'ar' };
const chat = { id: 555, type: 'private', first_name: 'أمل' };
const message = (fields: Record<string, unknown>) => ({
  update_id: 10,
  message: { message_id: 7, date: 1_772_355_600, chat, from, ...fields },
});

describe('mapUpdate', () => {
  it('maps a private text message with who sent it', () => {
    expect(mapUpdate(message({ text: 'السلام عليكم' }), options)).toEqual({
      kind: 'inbound',
      file: undefined,
      message: {
        channel: 'telegram',
        channelMessageId: '555-7',
        sender: { channelUserId: '555', displayName: 'أمل الصالح', phone: undefined, languageHint: 'ar' },
        text: 'السلام عليكم',
        media: [],
        location: undefined,
        receivedAt: new Date(1_772_355_600 * 1000),
      },
    });
  });

  it('passes a deep-link /start payload on as text', () => {
    const mapped = mapUpdate(message({ text: '/start service-food-basket' }), options);
    expect(mapped.kind === 'inbound' && mapped.message.text).toBe('/start service-food-basket');
  });

  it('maps a button press to its callback data, with the button label as text', () => {
    const mapped = mapUpdate(
      {
        update_id: 11,
        callback_query: {
          id: 'q-1',
          from,
          chat_instance: 'x',
          data: 'accept',
          message: {
            message_id: 9,
            date: 1,
            chat,
            reply_markup: { inline_keyboard: [[{ text: 'أوافق', callback_data: 'accept' }]] },
          },
        },
      },
      options,
    );
    expect(mapped).toMatchObject({
      kind: 'inbound',
      callbackQueryId: 'q-1',
      message: { channelMessageId: 'cb-q-1', choiceId: 'accept', text: 'أوافق', receivedAt: now },
    });
  });

  it('takes the largest photo size within the limit and its caption', () => {
    const mapped = mapUpdate(
      message({
        caption: 'الهوية',
        photo: [
          { file_id: 'small', width: 90, height: 90, file_size: 1000 },
          { file_id: 'big', width: 1280, height: 960, file_size: 200_000 },
        ],
      }),
      options,
    );
    expect(mapped).toMatchObject({
      kind: 'inbound',
      message: { text: 'الهوية', media: [{ kind: 'image', sizeBytes: 200_000 }] },
      file: { fileId: 'big' },
    });
  });

  it('lists a document over the limit without fetching it', () => {
    const mapped = mapUpdate(
      message({
        document: {
          file_id: 'd',
          file_name: 'big.pdf',
          mime_type: 'application/pdf',
          file_size: 11 * 1024 * 1024,
        },
      }),
      options,
    );
    expect(mapped).toMatchObject({
      kind: 'inbound',
      message: { media: [{ kind: 'document', fileName: 'big.pdf', sizeBytes: 11 * 1024 * 1024 }] },
    });
    expect(mapped.kind === 'inbound' && mapped.file).toBeUndefined();
  });

  it('maps voice (fetched), sticker (not fetched), location and venue', () => {
    expect(
      mapUpdate(message({ voice: { file_id: 'v', duration: 2, file_size: 3000 } }), options),
    ).toMatchObject({
      message: { media: [{ kind: 'voice', mimeType: 'audio/ogg' }] },
      file: { fileId: 'v' },
    });
    const sticker = mapUpdate(message({ sticker: { file_id: 's', emoji: '👍' } }), options);
    expect(sticker).toMatchObject({ message: { media: [{ kind: 'sticker', mimeType: 'image/webp' }] } });
    const animated = mapUpdate(message({ sticker: { file_id: 't', is_animated: true } }), options);
    expect(animated).toMatchObject({ message: { media: [{ mimeType: 'application/x-tgsticker' }] } });
    expect(sticker.kind === 'inbound' && sticker.file).toBeUndefined();
    expect(
      mapUpdate(message({ location: { latitude: 21.4225, longitude: 39.8262 } }), options),
    ).toMatchObject({
      message: { location: { latitude: 21.4225, longitude: 39.8262 }, media: [] },
    });
    expect(
      mapUpdate(
        message({
          venue: { location: { latitude: 21.4, longitude: 39.8 }, title: 'مخيم ٣', address: 'منى' },
        }),
        options,
      ),
    ).toMatchObject({ message: { location: { latitude: 21.4, longitude: 39.8, label: 'مخيم ٣' } } });
  });

  it('takes a shared contact as the phone number only when it is the sender’s own', () => {
    const own = mapUpdate(message({ contact: { phone_number: '+966501234567', user_id: 555 } }), options);
    expect(own).toMatchObject({ message: { text: '+966501234567', sender: { phone: '+966501234567' } } });
    const other = mapUpdate(message({ contact: { phone_number: '+966501111111', user_id: 777 } }), options);
    expect(other.kind === 'inbound' && other.message.sender.phone).toBeUndefined();
  });

  it.each([
    [
      'an edited message',
      { update_id: 1, edited_message: { message_id: 1, date: 1, chat, text: 'x' } },
      'edited',
    ],
    ['a group message', message({ text: 'hi', chat: { id: -100, type: 'group' } }), 'not-private'],
    ['a supergroup message', message({ text: 'hi', chat: { id: -1001, type: 'supergroup' } }), 'not-private'],
    [
      'a channel post',
      { update_id: 1, channel_post: { message_id: 1, date: 1, chat: { id: -5, type: 'channel' } } },
      'not-private',
    ],
    ['a service message', message({ new_chat_title: 'x' }), 'service-message'],
    ['a malformed update', { update_id: 'x' }, 'malformed'],
    [
      'an inline query',
      { update_id: 1, inline_query: { id: 'i', from, query: 'x', offset: '' } },
      'not-for-this-bot',
    ],
  ])('ignores %s', (_what, update, reason) => {
    expect(mapUpdate(update, options)).toMatchObject({ kind: 'ignore', reason });
  });

  it('still asks to answer a press it ignores (a button in a group)', () => {
    const mapped = mapUpdate(
      {
        update_id: 1,
        callback_query: {
          id: 'g',
          from,
          chat_instance: 'x',
          data: 'a',
          message: { message_id: 1, date: 1, chat: { id: -9, type: 'group' } },
        },
      },
      options,
    );
    expect(mapped).toEqual({ kind: 'ignore', reason: 'not-private', callbackQueryId: 'g' });
  });
});
