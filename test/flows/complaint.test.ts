import { FlowDriver } from '../support/flow-driver';

const photo = (n: string, extra: Record<string, unknown> = {}) => ({
  media: [
    {
      kind: 'image' as const,
      mimeType: 'image/jpeg',
      sizeBytes: 250_000,
      ref: n.repeat(64),
      sha256: n.repeat(64),
      ...extra,
    },
  ],
});
const pdf = {
  media: [
    {
      kind: 'document' as const,
      mimeType: 'application/pdf',
      sizeBytes: 400_000,
      ref: 'f'.repeat(64),
      sha256: 'f'.repeat(64),
      fileName: 'receipt.pdf',
    },
  ],
};

const DESCRIPTION = 'تأخر صرف السلة الغذائية ثلاثة أشهر رغم اكتمال ملفي، ولم يرد أحد على اتصالاتي.';

/** A person who accepted the notice, at the main menu, whose tickets get `ref` from the store. */
function person(lang: 'ar' | 'en', ref = 'CMP-7310-06'): FlowDriver {
  const chat = new FlowDriver();
  chat.send('السلام عليكم');
  chat.send(lang === 'ar' ? '١' : '2');
  chat.send('1');
  chat.recordOutputs = () => ({
    ref,
    days: 10,
    dueHijri: 'الأحد 25 جمادى الآخرة 1448هـ',
    dueGregorian: '6 ديسمبر 2026م',
    dueDate: '2026-12-06',
  });
  expect(chat.state).toBe('menu.main');
  return chat;
}

/** The data of the one ticket the flow asked to create. */
function ticket(chat: FlowDriver) {
  expect(chat.records).toHaveLength(1);
  const record = chat.records[0]!;
  expect(record.kind).toBe('complaint');
  return record.data;
}

describe('complaint flow (Arabic)', () => {
  it('files a complaint, re-asking every wrong answer with its reason, and gives a ticket number with its due date', () => {
    const chat = person('ar');
    expect(chat.send('شكوى / اقتراح / مطالبة بتعويض')).toContain('ما الذي تريد تقديمه؟');
    expect(chat.state).toBe('complaint.chooseKind');
    chat.send('أبغى أشتكي على الموظف');
    expect(chat.saidKeys()).toEqual(['engine.notUnderstood', 'complaint.chooseKind']);
    chat.send('٧');
    expect(chat.saidKeys()).toEqual(['engine.choiceOutOfRange', 'complaint.chooseKind']);

    const categories = chat.send('شكوى');
    expect(categories).toContain('1. جودة الخدمة\n2. تأخر الرد أو الخدمة\n3. تعامل الموظفين\n4. أخرى');
    chat.send('🙏');
    expect(chat.saidKeys()).toEqual(['engine.symbolsOnly', 'complaint.chooseCategory']);
    expect(chat.send('تأخر')).toContain('اكتب شكواك');
    expect(chat.state).toBe('complaint.describe');

    expect(chat.send('👎👎')).toContain('من فضلك اكتب الوصف بالكلمات');
    expect(chat.send('١٢٣')).toContain('من فضلك اكتب الوصف بالكلمات');
    expect(chat.send('لا')).toContain('الوصف قصير جدًا');
    expect(chat.send(photo('a'))).toContain('نحتاج الوصف مكتوبًا أولًا');
    expect(chat.send('ا'.repeat(2001))).toContain('الوصف أطول من المسموح (2000 حرف)');
    expect(chat.state).toBe('complaint.describe');
    expect(chat.send(DESCRIPTION)).toContain('هل لديك صور أو ملف PDF');
    expect(chat.state).toBe('complaint.attachments');

    expect(chat.send('ما عندي صور الحين')).toContain('ننتظر الآن صورة أو ملف PDF');
    expect(chat.send({ media: [{ kind: 'sticker' }] })).toContain('هذا النوع من الملفات غير مقبول');
    expect(
      chat.send({
        media: [{ kind: 'document', mimeType: 'application/zip', sizeBytes: 10, ref: 'c'.repeat(64) }],
      }),
    ).toContain('هذا النوع من الملفات غير مقبول');
    expect(chat.send(photo('b', { sizeBytes: 11 * 1024 * 1024 }))).toContain(
      'الملف أكبر من المسموح (10 ميجابايت)',
    );
    expect(chat.send({ media: [{ kind: 'image', note: 'download-failed' }] })).toContain(
      'لم أستطع قراءة الملف',
    );
    expect(chat.send(photo('a'))).toContain('وصل مرفق واحد ✅');
    expect(chat.send(photo('a'))).toContain('هذا الملف وصلنا من قبل');
    expect(chat.send(pdf)).toContain('وصل مرفقان ✅');

    const summary = chat.send('متابعة');
    expect(chat.state).toBe('complaint.summary');
    expect(summary).toContain('• النوع: شكوى\n• الموضوع: تأخر الرد أو الخدمة\n• الوصف:');
    expect(summary).toContain(DESCRIPTION);
    expect(summary).toContain('• المرفقات: ملفان');
    expect(chat.records).toEqual([]); // nothing reaches a committee before the confirmation

    const done = chat.send('نعم، أرسل');
    expect(done).toContain('تم استلام شكواك ✅');
    expect(done).toContain('رقم التذكرة: \u2066CMP-7310-06\u2069');
    expect(done).toContain('نرد عليك خلال 10 أيام عمل، في موعد أقصاه');
    expect(done).toContain('6 ديسمبر 2026م');
    expect(done).toContain('جهة المعالجة: لجنة المتابعة.');
    expect(done).toContain('من «حالة الطلب»');
    expect(done).toContain('كيف نخدمك اليوم');
    expect(chat.state).toBe('menu.main');
    expect(ticket(chat)).toEqual({
      kind: 'complaint',
      categoryId: 'delay',
      description: DESCRIPTION,
      attachments: [
        { ref: 'a'.repeat(64), sha256: 'a'.repeat(64), mimeType: 'image/jpeg', sizeBytes: 250_000 },
        {
          ref: 'f'.repeat(64),
          sha256: 'f'.repeat(64),
          mimeType: 'application/pdf',
          sizeBytes: 400_000,
          fileName: 'receipt.pdf',
        },
      ],
      anonymous: false,
    });
  });

  it('routes a compensation claim to the investigation committee and says so', () => {
    const chat = person('ar');
    chat.send('4');
    chat.send('مطالبة بتعويض');
    expect(chat.state).toBe('complaint.chooseCategory');
    expect(chat.send('1')).toContain('صف الضرر الذي لحق بك بسبب الجمعية');
    chat.send('تلفت أجهزتي الكهربائية عند تركيب المكيف من قبل فريق الجمعية، وأطلب قيمة إصلاحها.');
    const summary = chat.send('متابعة بدون مرفقات');
    expect(summary).toContain('• النوع: مطالبة بتعويض\n• الموضوع: جودة الخدمة');
    expect(summary).toContain('• المرفقات: لا يوجد');
    const done = chat.send('1');
    expect(done).toContain('تم استلام مطالبتك بالتعويض ✅');
    expect(done).toContain('جهة المعالجة: لجنة التحقيق والمتابعة');
    expect(done).not.toContain('لجنة المتابعة.');
    expect(ticket(chat)).toMatchObject({
      kind: 'compensation',
      categoryId: 'service-quality',
      anonymous: false,
    });
  });

  it('sends a suggestion without a name when asked: no category, no beneficiary, not followed in status', () => {
    const chat = person('ar', 'SUG-2044-51');
    chat.send('4');
    expect(chat.send('اقتراح')).toContain('اكتب اقتراحك');
    chat.send('أقترح تمديد ساعات الاستقبال يوم الخميس حتى السادسة مساءً.');
    const anonymity = chat.send('1');
    expect(chat.state).toBe('complaint.anonymity');
    expect(anonymity).toContain('لا يُحفظ مرتبطًا بحسابك');
    chat.send('ربما');
    expect(chat.saidKeys()).toEqual(['engine.notUnderstood', 'complaint.askAnonymous']);
    const summary = chat.send('دون ذكر اسمي');
    expect(summary).toContain('ملخص ما ستُرسله:\n• النوع: اقتراح\n• الوصف:');
    expect(summary).not.toContain('الموضوع');
    expect(summary).toContain('• يُرسل دون ذكر اسمك');
    const done = chat.send('1');
    expect(done).toContain('تم استلام اقتراحك ✅');
    expect(done).toContain('رقم الاقتراح: \u2066SUG-2044-51\u2069');
    expect(done).toContain('لن نتمكن من الرد عليك بشأنه');
    expect(done).toContain('جهة المعالجة: لجنة المتابعة.');
    expect(done).not.toContain('موعد أقصاه');
    expect(chat.saidKeys()).toEqual([
      'complaint.received.suggestion',
      'complaint.anonymousTicket',
      'complaint.routed.followUp',
      'menu.title',
    ]);
    expect(ticket(chat)).toMatchObject({ kind: 'suggestion', categoryId: null, anonymous: true });
  });

  it('corrects the description, the type and the attachments from the summary, then back to the summary', () => {
    const chat = person('ar');
    for (const answer of ['4', '1', '3', DESCRIPTION]) chat.send(answer);
    chat.send(photo('a'));
    chat.send('1');
    expect(chat.state).toBe('complaint.summary');

    chat.send('تعديل');
    expect(chat.send('الوصف')).toContain('اكتب شكواك');
    expect(chat.send('الموظف في الاستقبال رفض استلام أوراقي دون سبب.')).toContain(
      'الموظف في الاستقبال رفض استلام أوراقي دون سبب.',
    );
    expect(chat.state).toBe('complaint.summary');

    chat.send('تعديل');
    chat.send('المرفقات');
    expect(chat.state).toBe('complaint.attachments');
    expect(chat.send('1')).toContain('• المرفقات: لا يوجد');

    // Turning the complaint into a suggestion drops its category and asks about anonymity.
    chat.send('تعديل');
    chat.send('النوع');
    chat.send('اقتراح');
    expect(chat.state).toBe('complaint.anonymity');
    const summary = chat.send('باسمي');
    expect(summary).toContain('• النوع: اقتراح');
    expect(summary).toContain('• يُرسل باسمك');
    expect(chat.send('رجوع')).toContain('ما الذي تريد تعديله؟');
    expect(chat.send('رجوع')).toContain('هل نرسله؟');
    const done = chat.send('1');
    expect(done).toContain('رقم التذكرة');
    expect(done).toContain('من «حالة الطلب»');
    expect(ticket(chat)).toMatchObject({
      kind: 'suggestion',
      categoryId: null,
      description: 'الموظف في الاستقبال رفض استلام أوراقي دون سبب.',
      attachments: [],
      anonymous: false,
    });
  });

  it('goes back one question at a time with «رجوع»', () => {
    const chat = person('ar');
    chat.send('4');
    chat.send('1');
    chat.send('2');
    expect(chat.state).toBe('complaint.describe');
    expect(chat.send('رجوع')).toContain('ما موضوعها؟');
    expect(chat.send('رجوع')).toContain('ما الذي تريد تقديمه؟');
    expect(chat.send('رجوع')).toContain('لا توجد خطوة سابقة هنا');
    chat.send('اقتراح');
    expect(chat.send('رجوع')).toContain('ما الذي تريد تقديمه؟'); // a suggestion has no category
    chat.send('1');
    chat.send('1');
    chat.send(DESCRIPTION);
    expect(chat.send('رجوع')).toContain('اكتب شكواك');
    expect(chat.send('وصف آخر أوضح لما حدث معي.')).toContain('هل لديك صور');
    chat.send('1');
    expect(chat.send('رجوع')).toContain('ما الذي تريد تعديله؟');
  });

  it('keeps at most five attachments', () => {
    const chat = person('ar');
    for (const answer of ['4', '1', '1', DESCRIPTION]) chat.send(answer);
    for (const n of ['1', '2', '3', '4', '5']) chat.send(photo(n));
    expect(chat.send(photo('6'))).toContain('وصلت المرفقات إلى الحد الأعلى (5 ملفات)');
    expect(chat.send('1')).toContain('• المرفقات: 5 ملفات');
  });

  it('discards at the summary without sending anything', () => {
    const chat = person('ar');
    for (const answer of ['4', '1', '1', DESCRIPTION, '1']) chat.send(answer);
    expect(chat.send('إلغاء وعدم الإرسال')).toContain('ألغينا ما كتبته، ولم يُرسل شيء');
    expect(chat.state).toBe('menu.main');
    expect(chat.records).toEqual([]);
  });

  it('expires a draft left idle, politely, without sending it', () => {
    const chat = person('ar');
    for (const answer of ['4', '1', '1', DESCRIPTION]) chat.send(answer);
    chat.wait(61);
    expect(chat.send('1')).toContain('كيف نخدمك اليوم');
    expect(chat.saidKeys()[0]).toBe('engine.expired');
    expect(chat.records).toEqual([]);
  });

  it('asks for the category again when the profile no longer has the one chosen', () => {
    const chat = person('ar');
    for (const answer of ['4', '1', '1', DESCRIPTION]) chat.send(answer);
    chat.snapshot = {
      ...chat.snapshot!,
      context: { ...(chat.snapshot!.context as object), categoryId: 'retired-category' },
    };
    chat.send('1');
    expect(chat.state).toBe('complaint.chooseCategory');
    chat.send('4');
    expect(chat.state).toBe('complaint.summary');
  });
});

describe('complaint flow (English)', () => {
  it('files a complaint without attachments', () => {
    const chat = person('en');
    expect(chat.send('Complaint / suggestion / compensation claim')).toContain(
      'What would you like to send?',
    );
    chat.send('Complaint');
    expect(chat.send('Staff conduct')).toContain('Please describe your complaint');
    expect(chat.send('ok')).toContain('That is too short');
    expect(chat.send('!!!')).toContain('Please describe it in words');
    chat.send('The receptionist was rude to my mother on Sunday morning.');
    expect(chat.send('no')).toContain('We are waiting for a photo or a PDF');
    const summary = chat.send('Continue without attachments');
    expect(summary).toContain('• Type: Complaint\n• About: Staff conduct\n• Description:');
    expect(summary).toContain('• Attachments: none');
    const done = chat.send('Yes, send it');
    expect(done).toContain('Your complaint has been received ✅');
    expect(done).toContain('Ticket number: CMP-7310-06');
    expect(done).toContain('We will answer you within 10 working days, by');
    expect(done).toContain('Handled by: the follow-up committee.');
    expect(done).toContain('"Request status"');
    expect(ticket(chat)).toMatchObject({ kind: 'complaint', categoryId: 'staff-conduct' });
  });

  it('sends a suggestion with a name, with a photo', () => {
    const chat = person('en', 'SUG-2044-51');
    chat.send('4');
    chat.send('Suggestion');
    chat.send('Please add a shaded waiting area at the women’s entrance.');
    expect(chat.send(photo('d'))).toContain('One attachment received ✅');
    chat.send('Continue');
    expect(chat.send('With my name')).toContain('• Sent with your name');
    const done = chat.send('1');
    expect(done).toContain('Your suggestion has been received ✅ Thank you.');
    expect(done).toContain('Ticket number: SUG-2044-51');
    expect(ticket(chat)).toMatchObject({ kind: 'suggestion', anonymous: false, categoryId: null });
  });
});
