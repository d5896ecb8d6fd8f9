import { MAX_REASON } from '../../flows/handoff';
import { FlowDriver } from '../support/flow-driver';

const photo = {
  media: [{ kind: 'image' as const, mimeType: 'image/jpeg', sizeBytes: 48_000, ref: 'a'.repeat(64) }],
};
const pin = { location: { latitude: 21.4225, longitude: 39.8262 } };

/** A person at the main menu, in `lang`, at `now` (Riyadh time in the ISO string). */
function atMenu(lang: 'ar' | 'en', now = '2026-11-22T09:00:00+03:00'): FlowDriver {
  const chat = new FlowDriver();
  chat.now = new Date(now);
  chat.send('السلام عليكم');
  chat.send(lang === 'ar' ? '١' : '2');
  chat.send('1');
  chat.recordOutputs = (kind): Record<string, string> =>
    kind === 'handoff' ? { ref: 'HND-4821-88', routedTo: '', reach: 'staff' } : {};
  return chat;
}

/** What the store knows once the handoff exists (the spine loads it before every step). */
function opened(chat: FlowDriver): void {
  chat.facts.openHandoff = { reference: 'HND-4821-88', claimed: false };
}

const kinds = (chat: FlowDriver) => chat.records.map((r) => r.kind);

describe('talk to a person (Arabic)', () => {
  it('asks what it is about, opens a handoff, then records every message quietly for staff', () => {
    const chat = atMenu('ar');
    const about = chat.send('التحدث مع موظف');
    expect(about).toContain('عمّ تريد أن تتحدث مع الموظف');
    expect(about).toContain('1. الأسر المحتاجة');
    expect(about).toContain('4. تخطي');

    expect(chat.send(photo)).toContain('اكتب الموضوع بالكلمات أولًا');
    expect(chat.send('ش'.repeat(MAX_REASON + 1))).toContain(`حتى ${MAX_REASON} حرف`);
    chat.send('؟؟');
    expect(chat.saidKeys()).toEqual(['engine.symbolsOnly', 'handoff.about']);
    expect(chat.records).toEqual([]);

    const open = chat.send('٢');
    expect(open).toContain('حوّلنا محادثتك إلى موظف، ورقمها \u2066HND-4821-88\u2069');
    expect(open).toContain('سيرد عليك أحد موظفينا هنا');
    expect(open).not.toContain('خارج أوقات الدوام'); // Sunday 09:00: staff are at work
    expect(chat.state).toBe('handoff.waiting');
    expect(chat.records).toEqual([{ kind: 'handoff', data: { category: 'orphans', reason: '' } }]);
    opened(chat);

    // Quiet: no reply at all, whatever the person sends; everything is kept for staff.
    expect(chat.send('السلام عليكم، أحتاج مساعدة في تجديد الكفالة')).toBe('');
    expect(chat.send(photo)).toBe('');
    expect(chat.send(pin)).toBe('');
    expect(chat.send('1')).toBe('');
    expect(chat.send('')).toBe(''); // nothing to keep, nothing to say
    expect(chat.state).toBe('handoff.waiting');
    expect(chat.records.slice(1)).toEqual([
      {
        kind: 'handoffMessage',
        data: expect.objectContaining({
          reference: 'HND-4821-88',
          text: 'السلام عليكم، أحتاج مساعدة في تجديد الكفالة',
          media: [],
          location: null,
        }),
      },
      { kind: 'handoffMessage', data: expect.objectContaining({ text: '', media: photo.media }) },
      { kind: 'handoffMessage', data: expect.objectContaining({ location: pin.location }) },
      { kind: 'handoffMessage', data: expect.objectContaining({ text: '1' }) },
    ]);

    // Global words still work, and "menu" asks before leaving staff.
    expect(chat.send('مساعدة')).toContain('أنت الآن في محادثة مع موظف');
    expect(chat.send('رجوع')).toContain('لا توجد خطوة سابقة هنا');
    expect(chat.send('القائمة')).toContain('هل تريد إنهاء المحادثة مع الموظف');
    expect(chat.send('ربما')).toContain('عذرًا، لم أفهم ذلك');
    expect(chat.send('لا، سأنتظر الموظف')).toContain('اكتب رسالتك هنا');
    expect(chat.state).toBe('handoff.waiting');
    expect(chat.send('إلغاء')).toContain('هل تريد إنهاء المحادثة مع الموظف');
    expect(chat.send('رجوع')).toContain('اكتب رسالتك هنا');
    expect(kinds(chat)).not.toContain('handoffEnded');

    chat.send('إلغاء');
    const ended = chat.send('نعم، أنهِ المحادثة');
    expect(ended).toContain('أنهينا محادثتك مع الموظف');
    expect(ended).toContain('كيف نخدمك اليوم');
    expect(chat.state).toBe('menu.main');
    expect(chat.records.at(-1)).toEqual({ kind: 'handoffEnded', data: { reference: 'HND-4821-88' } });
  });

  it('takes a typed line as what it is about, and "menu" said twice ends the conversation', () => {
    const chat = atMenu('ar');
    chat.send({ choiceId: 'handoff' });
    chat.send('  أريد الاستفسار عن موعد صرف السلة  ');
    expect(chat.records).toEqual([
      { kind: 'handoff', data: { category: null, reason: 'أريد الاستفسار عن موعد صرف السلة' } },
    ]);
    opened(chat);
    chat.send('القائمة');
    expect(chat.send('القائمة')).toContain('أنهينا محادثتك مع الموظف');
    expect(kinds(chat)).toEqual(['handoff', 'handoffEnded']);
  });

  it('tells the person once per out-of-hours period when staff are back, in Hijri and Gregorian', () => {
    // Wednesday evening before Eid al-Fitr (19–24 March 2026 off): staff are back on Wednesday 25 March.
    const chat = atMenu('ar', '2026-03-18T20:00:00+03:00');
    chat.send({ choiceId: 'handoff' });
    const open = chat.send('تخطي');
    expect(open).toContain('وصلتنا رسالتك خارج أوقات الدوام');
    expect(open).toContain('يوم الأربعاء 6 شوال 1447هـ الموافق 25 مارس 2026م الساعة 8:00 ص');
    expect(chat.saidKeys()).toEqual(['handoff.opened', 'handoff.outOfHours', 'handoff.waiting']);
    opened(chat);

    chat.wait(30);
    expect(chat.send('هل من أحد؟')).toBe('');
    chat.now = new Date('2026-03-21T11:00:00+03:00'); // still Eid: the same closed period
    expect(chat.send('عيدكم مبارك')).toBe('');
    chat.now = new Date('2026-03-25T09:00:00+03:00'); // back at work
    expect(chat.send('صباح الخير')).toBe('');
    chat.now = new Date('2026-03-25T17:30:00+03:00'); // closed again: a new period, told again
    const evening = chat.send('ما زلت أنتظر');
    expect(evening).toContain('الخميس 7 شوال 1447هـ');
    expect(chat.saidKeys()).toEqual(['handoff.outOfHours']);
    expect(chat.send('شكرًا')).toBe('');
    expect(kinds(chat)).toEqual(['handoff', ...Array<string>(5).fill('handoffMessage')]);
  });

  it('promises no reply when nobody can receive the conversation, and says when staff work', () => {
    const chat = atMenu('ar');
    chat.recordOutputs = (kind): Record<string, string> =>
      kind === 'handoff' ? { ref: 'HND-4821-88', routedTo: '', reach: 'nobody' } : {};
    chat.send({ choiceId: 'handoff' });
    const open = chat.send('تخطي');
    expect(open).toContain('سجّلنا طلبك للتحدث مع موظف، ورقمه \u2066HND-4821-88\u2069');
    expect(open).toContain('لا نستطيع أن نعدك بموعد للرد');
    expect(open).toContain('يعمل موظفونا الأحد–الخميس من 8:00 ص إلى 4:00 م');
    expect(open).not.toContain('سيرد عليك أحد موظفينا');
    expect(chat.state).toBe('handoff.waiting');
  });

  it('out of hours with nobody to receive it, names the next working hours without a promise', () => {
    const chat = atMenu('en', '2026-11-26T19:00:00+03:00'); // a Thursday evening
    chat.recordOutputs = (kind): Record<string, string> =>
      kind === 'handoff' ? { ref: 'HND-4821-88', routedTo: '', reach: 'nobody' } : {};
    chat.send({ choiceId: 'handoff' });
    const open = chat.send('Skip');
    expect(open).toContain('we cannot promise when you will get a reply');
    expect(open).toContain('Our staff work Sunday–Thursday, 8:00 am to 4:00 pm');
    expect(open).toContain('The next working hours begin on Sunday');
    expect(open).not.toContain('will reply to you here');
    expect(chat.saidKeys()).toEqual(['handoff.opened', 'handoff.outOfHours', 'handoff.waiting']);
  });

  it('waits days for staff without expiring, unlike a form left half-filled', () => {
    const chat = atMenu('ar');
    chat.send({ choiceId: 'handoff' });
    chat.send('1');
    opened(chat);
    chat.wait(10 * 24 * 60); // a Wednesday morning, ten days later
    expect(chat.send('هل وصلت رسالتي؟')).toBe('');
    expect(chat.state).toBe('handoff.waiting');
  });

  it('goes back to the open conversation instead of opening a second one', () => {
    const chat = atMenu('ar');
    opened(chat);
    const reply = chat.send({ choiceId: 'handoff' });
    expect(reply).toContain('لديك محادثة مفتوحة مع موظف (\u2066HND-4821-88\u2069)');
    expect(chat.state).toBe('handoff.waiting');
    expect(chat.records).toEqual([]);
  });

  it('leaves politely when the conversation with staff was ended elsewhere', () => {
    const chat = atMenu('ar');
    chat.send({ choiceId: 'handoff' });
    chat.send('1');
    // No open handoff in the facts: closed from another channel, or by staff outside this conversation.
    const reply = chat.send('مرحبا؟');
    expect(reply).toContain('انتهت محادثتك مع الموظف');
    expect(reply).toContain('كيف نخدمك اليوم');
    expect(kinds(chat)).toEqual(['handoff']);
  });
});

describe('talk to a person (English)', () => {
  it('opens out of hours on a Thursday evening and names Sunday morning', () => {
    const chat = atMenu('en', '2026-11-26T17:00:00+03:00');
    const about = chat.send('Talk to a staff member');
    expect(about).toContain('Briefly, what would you like to talk to a staff member about?');
    expect(chat.send({ media: [{ kind: 'sticker' }] })).toContain('describe the topic in words first');
    const open = chat.send('My rent aid payment is late');
    expect(open).toContain('its number is HND-4821-88');
    expect(open).toContain(
      'Our staff are back on Sunday, Jumada II 19, 1448 AH (29 November 2026) at 8:00 am',
    );
    expect(chat.records[0]).toEqual({
      kind: 'handoff',
      data: { category: null, reason: 'My rent aid payment is late' },
    });
    opened(chat);
    chat.now = new Date('2026-11-27T10:00:00+03:00'); // Friday: the same weekend
    expect(chat.send('Hello?')).toBe('');
    chat.now = new Date('2026-11-29T18:00:00+03:00'); // Sunday evening: a new closed period
    expect(chat.send('Anyone?')).toContain('Monday, Jumada II 20, 1448 AH (30 November 2026) at 8:00 am');

    expect(chat.send('menu')).toContain('Do you want to end the conversation with the staff member');
    expect(chat.send('2')).toContain('Write your message here');
    expect(chat.send('cancel')).toContain('Do you want to end');
    expect(chat.send('Yes, end the conversation')).toContain(
      'Your conversation with the staff member has ended',
    );
    expect(kinds(chat)).toEqual(['handoff', 'handoffMessage', 'handoffMessage', 'handoffEnded']);
  });

  it('routes by the category the person picks', () => {
    const chat = atMenu('en');
    chat.send({ choiceId: 'handoff' });
    expect(chat.send('General assembly members')).toContain('One of our staff will reply to you here');
    expect(chat.records).toEqual([{ kind: 'handoff', data: { category: 'members', reason: '' } }]);
  });
});
