import {
  templateBody,
  templateParameterValue,
  templateProblems,
} from '../../../src/channels/whatsapp-cloud/template-body';

describe('templateBody: i18next placeholders as Meta numbers them', () => {
  it('numbers Arabic placeholders in order of first appearance, a repeated name keeping its number', () => {
    expect(
      templateBody('طلبك {{ref}} ({{service}}) موعده {{due, date}}. نذكّرك بالطلب {{ref}} مرة أخرى.'),
    ).toEqual({
      body: 'طلبك {{1}} ({{2}}) موعده {{3}}. نذكّرك بالطلب {{1}} مرة أخرى.',
      params: ['ref', 'service', 'due'],
    });
  });

  it('follows the order the profile gives, and refuses one that misses or adds a name', () => {
    const text = 'Your application {{ref}} ({{service}}) was refused: {{reason}}. Ask us here.';
    expect(templateBody(text, ['reason', 'ref', 'service'])).toEqual({
      body: 'Your application {{2}} ({{3}}) was refused: {{1}}. Ask us here.',
      params: ['reason', 'ref', 'service'],
    });
    expect(() => templateBody(text, ['ref', 'service'])).toThrow(/reason/);
    expect(() => templateBody(text, ['ref', 'service', 'reason', 'note'])).toThrow(/each placeholder/);
  });

  it('leaves a text without placeholders as it is', () => {
    expect(templateBody('لديك خطوة لم تكتمل.')).toEqual({ body: 'لديك خطوة لم تكتمل.', params: [] });
  });
});

describe('templateProblems: what Meta would refuse', () => {
  it('passes a body with words around its parameters, in Arabic and English', () => {
    expect(templateProblems('تسلّم موظف مختص تذكرتك {{1}} وسيتابعها معك.')).toEqual([]);
    expect(templateProblems('A staff member has taken your ticket {{1}} and will follow it up.')).toEqual([]);
  });

  it('names a body that starts or ends with a parameter', () => {
    expect(templateProblems('{{1}} هو رقم طلبك لدى الجمعية الخيرية')).toEqual([
      'the body starts with a parameter',
    ]);
    expect(templateProblems('A note from the committee about your case: {{1}}\n')).toEqual([
      'the body ends with a parameter',
    ]);
  });

  it('names two parameters with nothing between them, and a gap in the numbers', () => {
    expect(templateProblems('ما يلي مطلوب لطلبك:\n{{1}}{{2}}\nأرسلها هنا في المحادثة.')).toContain(
      'two parameters have nothing between them: put words between them',
    );
    expect(templateProblems('Reference {{1}} and {{3}} are in your account now.')).toContain(
      'parameter {{2}} is missing: numbers must run 1, 2, 3 without a gap',
    );
  });

  it('names too many parameters for the words, and a body over 1,024 characters', () => {
    expect(templateProblems('رد {{1}}:\n{{2}} هنا')).toEqual([
      '2 parameter(s) for 2 word(s): Meta wants about 5 words or more around them',
    ]);
    expect(templateProblems(`Your ticket {{1}} ${'is being studied '.repeat(70)}today.`)).toEqual([
      expect.stringMatching(/^the body has \d{4} characters; Meta takes at most 1024$/),
    ]);
  });
});

describe('templateParameterValue: a value Meta accepts', () => {
  it('joins lines, drops tabs and runs of spaces, and keeps the words', () => {
    expect(templateParameterValue('• صورة الهوية\n• عقد الإيجار\n\nالسبب:\tغير واضحة')).toBe(
      '• صورة الهوية - • عقد الإيجار - السبب: غير واضحة',
    );
    expect(templateParameterValue('\nBring     the lease\r\non Sunday ')).toBe('Bring the lease - on Sunday');
  });

  it('sends «-» for an empty value and clips a long one', () => {
    expect(templateParameterValue('')).toBe('-');
    expect(templateParameterValue(' \n\t ')).toBe('-');
    const clipped = templateParameterValue('ا'.repeat(2000), 100);
    expect(clipped).toHaveLength(100);
    expect(clipped.endsWith('…')).toBe(true);
  });
});
