import { toNumberedText } from '../../src/channels/numbered-text';
import { renderEffects } from '../../src/conversation/render-effects';
import { askChoice } from '../../src/engine/effects';
import { createTranslator } from '../../src/i18n/translator';

describe('numbered choices: the numbers in the digits of the message they are in', () => {
  const menu = [askChoice('privacy.ask', [{ id: 'privacy.accept' }, { id: 'privacy.decline' }])];

  it('numbers Arabic choices in Arabic-Indic digits when the profile chooses them', () => {
    const [message] = renderEffects(menu, 'ar', createTranslator({ arabicDigits: 'arabic-indic' }));
    expect(toNumberedText(message!)).toBe('هل توافق؟\n١. أوافق\n٢. لا أوافق\nاكتب رقم اختيارك.');
  });

  it('numbers them in Latin digits otherwise, and always in English', () => {
    const [arabic] = renderEffects(menu, 'ar', createTranslator({ arabicDigits: 'latin' }));
    expect(toNumberedText(arabic!)).toContain('1. أوافق\n2. لا أوافق');
    const [english] = renderEffects(menu, 'en', createTranslator({ arabicDigits: 'arabic-indic' }));
    expect(toNumberedText(english!)).toMatch(/\n1\. .+\n2\. /);
  });

  it('numbers a message stored without numbers (sent before they were added) from 1', () => {
    const text = toNumberedText({ kind: 'choices', text: 'سؤال', choices: [{ id: 'a', label: 'أ' }] });
    expect(text).toBe('سؤال\n1. أ');
  });
});
