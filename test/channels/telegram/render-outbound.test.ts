import { renderOutbound } from '../../../src/channels/telegram/render-outbound';

const options = { locationButtonLabel: '📍' };

describe('renderOutbound', () => {
  it('renders choices as an inline keyboard, one button per row, the choice id as callback data', () => {
    const calls = renderOutbound(
      {
        kind: 'choices',
        text: 'اختر لغتك',
        choices: [
          { id: 'ar', label: 'العربية' },
          { id: 'en', label: 'English' },
        ],
        hint: 'اكتب رقم الخيار',
      },
      options,
    );
    expect(calls).toEqual([
      {
        method: 'sendMessage',
        text: 'اختر لغتك',
        replyMarkup: {
          inline_keyboard: [
            [{ text: 'العربية', callback_data: 'ar' }],
            [{ text: 'English', callback_data: 'en' }],
          ],
        },
      },
    ]);
  });

  it('puts the keyboard on the last piece of a long question', () => {
    const text = `${'أ'.repeat(4000)}\n\n${'ب'.repeat(200)}`;
    const calls = renderOutbound({ kind: 'choices', text, choices: [{ id: 'x', label: 'X' }] }, options);
    expect(calls).toHaveLength(2);
    expect(calls[0]).toEqual({ method: 'sendMessage', text: 'أ'.repeat(4000) });
    expect(calls[1]).toMatchObject({
      text: 'ب'.repeat(200),
      replyMarkup: { inline_keyboard: [[{ callback_data: 'x' }]] },
    });
  });

  it('falls back to numbered text when a choice id does not fit 64 bytes of callback data', () => {
    const longId = 'خدمة-'.repeat(8); // 72 bytes in UTF-8
    const calls = renderOutbound(
      { kind: 'choices', text: 'اختر', choices: [{ id: longId, label: 'سلة غذائية' }], hint: 'اكتب الرقم' },
      options,
    );
    expect(calls).toEqual([{ method: 'sendMessage', text: 'اختر\n1. سلة غذائية\nاكتب الرقم' }]);
  });

  it('asks for a location with a one-time reply keyboard button', () => {
    expect(renderOutbound({ kind: 'location-request', text: 'شارك موقعك' }, options)).toEqual([
      {
        method: 'sendMessage',
        text: 'شارك موقعك',
        replyMarkup: {
          keyboard: [[{ text: '📍', request_location: true }]],
          resize_keyboard: true,
          one_time_keyboard: true,
        },
      },
    ]);
  });

  it('sends a document with its caption, or the caption first when it is too long for one', () => {
    const doc = {
      kind: 'document',
      ref: 'a'.repeat(64),
      fileName: 'decision.pdf',
      mimeType: 'application/pdf',
    } as const;
    expect(renderOutbound({ ...doc, caption: 'قرار اللجنة' }, options)).toEqual([
      { method: 'sendDocument', ref: doc.ref, fileName: 'decision.pdf', caption: 'قرار اللجنة' },
    ]);
    const long = 'ت'.repeat(1500);
    expect(renderOutbound({ ...doc, caption: long }, options)).toEqual([
      { method: 'sendMessage', text: long },
      { method: 'sendDocument', ref: doc.ref, fileName: 'decision.pdf' },
    ]);
  });
});
