import { readTypedReference } from '../../flows/request-status';
import type { CaseSummary } from '../../src/domain/beneficiary-facts';
import { formatDeadline } from '../../src/domain/calendar/format-date';
import { parseReference } from '../../src/cases/rules/reference';
import { FlowDriver } from '../support/flow-driver';

/** A well-formed reference: the prefix and number given, the check digits computed. */
function validRef(prefix: string, body: string): string {
  for (let check = 0; check < 100; check++) {
    const ref = parseReference(`${prefix}${body}${String(check).padStart(2, '0')}`);
    if (ref) return ref;
  }
  throw new Error(`no check digits for ${prefix}${body}`);
}

/** The text as read on screen: without the invisible isolates around Latin runs. */
const plain = (text: string) => text.replace(/[\u2066-\u2069]/g, '');

const REQ = validRef('REQ', '4821'); // REQ-4821-88
const CMP = validRef('CMP', '7310');
const DAT = validRef('DAT', '5502');
/** Well-formed, but nobody's case here: another person's, or a number never issued. */
const SOMEONE_ELSES = validRef('CMP', '9044');
const NEVER_ISSUED = validRef('SUG', '1111');

// The driver's clock is Sunday 2026-11-22 in Riyadh: the complaint's due date has passed.
const CASES: CaseSummary[] = [
  {
    reference: REQ,
    kind: 'request',
    subject: 'food-basket',
    status: 'under_review',
    updatedAt: '2026-11-20T08:00:00.000Z',
    dueDate: '2026-12-13',
  },
  {
    reference: CMP,
    kind: 'complaint',
    subject: 'delay',
    status: 'open',
    updatedAt: '2026-11-10T08:00:00.000Z',
    dueDate: '2026-11-18',
  },
  {
    reference: DAT,
    kind: 'deletion',
    subject: null,
    status: 'completed',
    updatedAt: '2026-10-10T08:00:00.000Z',
    dueDate: '2026-11-01',
  },
];

/** A person who accepted the notice, in `lang`, whose own cases are `cases`; at the main menu. */
function person(lang: 'ar' | 'en', cases: CaseSummary[] = CASES): FlowDriver {
  const chat = new FlowDriver();
  chat.facts = { ...chat.facts, cases };
  chat.send('السلام عليكم');
  chat.send(lang === 'ar' ? '١' : '2');
  chat.send('1');
  expect(chat.state).toBe('menu.main');
  return chat;
}

describe('request status (Arabic)', () => {
  it('lists the person’s own cases: reference, what it is, status in words, due date in Hijri and Gregorian', () => {
    const chat = person('ar');
    const list = plain(chat.send('حالة الطلب'));
    expect(chat.state).toBe('request-status.list');
    expect(list).toContain('لديك 3 معاملات مسجلة باسمك');
    expect(list).toContain(
      `1. ${REQ} · سلة غذائية · قيد الدراسة · الموعد الأحد 4 رجب 1448هـ (13 ديسمبر 2026م)`,
    );
    expect(list).toContain(
      `2. ${CMP} · شكوى: تأخر الرد أو الخدمة · تم الاستلام، قيد المتابعة · الموعد الأربعاء 8 جمادى الآخرة 1448هـ (18 نوفمبر 2026م)`,
    );
    // A finished case has no deadline left to show.
    expect(list).toMatch(new RegExp(`3\\. ${DAT} · طلب حذف بيانات · تم التنفيذ\\n`));
  });

  it('shows a case picked by number: status, last change, due date, next step; then the list or the menu', () => {
    const chat = person('ar');
    chat.send('حالة الطلب');
    const details = plain(chat.send('١'));
    expect(chat.state).toBe('request-status.details');
    expect(details).toContain(`📄 ${REQ}\nسلة غذائية\nالحالة: قيد الدراسة`);
    expect(details).toContain('آخر تحديث: الجمعة 10 جمادى الآخرة 1448هـ الموافق 20 نوفمبر 2026م');
    expect(details).toContain('آخر موعد للرد: الأحد 4 رجب 1448هـ الموافق 13 ديسمبر 2026م.');
    expect(details).toContain('الخطوة التالية: تدرس اللجنة المعاملة الآن');
    expect(details).toContain('1. قائمة معاملاتي\n2. القائمة الرئيسية');

    expect(chat.send('قائمة معاملاتي')).toContain('لديك 3 معاملات');
    const late = chat.send('2');
    expect(late).toContain('وقد تجاوزناه، ونعتذر عن التأخير');
    expect(late).not.toContain('آخر موعد للرد');
    expect(chat.saidKeys()).toEqual([
      'status.details',
      'status.overdue',
      'status.next.open',
      'status.detailsNext',
    ]);

    expect(chat.send('رجوع')).toContain('لديك 3 معاملات');
    chat.send('3');
    expect(chat.saidKeys()).toEqual(['status.details', 'status.next.completed', 'status.detailsNext']);
    expect(chat.send('القائمة الرئيسية')).toContain('كيف نخدمك اليوم');
    expect(chat.state).toBe('menu.main');
  });

  it.each([
    ['Arabic-Indic digits and lower case', 'req ٤٨٢١٨٨'],
    ['the canonical form', 'REQ-4821-88'],
    ['no separators', 'REQ482188'],
    ['mixed case and spaces', 'rEq 4821 88'],
    ['inside a sentence', 'وين وصل طلبي REQ-4821-88؟'],
    ['with the invisible marks of a copy-paste', '\u2067REQ-4821-88\u2069\u200f'],
    ['Persian digits', 'REQ-۴۸۲۱-۸۸'],
  ])('finds an own case by its reference typed with %s', (_how, typed) => {
    const chat = person('ar');
    chat.send('حالة الطلب');
    const details = plain(chat.send(typed));
    expect(chat.state).toBe('request-status.details');
    expect(details).toContain(`📄 ${REQ}\nسلة غذائية`);
  });

  it('says a reference with wrong check digits seems mistyped, before looking anything up', () => {
    const chat = person('ar');
    chat.send('حالة الطلب');
    expect(chat.send('REQ-4821-27')).toContain('يبدو أن في الرقم المرجعي خطأ في الكتابة');
    expect(chat.saidKeys()).toEqual(['status.mistyped', 'status.list']);
    expect(chat.state).toBe('request-status.list');
    // From the details view as well.
    chat.send('1');
    chat.send('طلبي رقم req 4821 89');
    expect(chat.saidKeys()[0]).toBe('status.mistyped');
    expect(chat.state).toBe('request-status.details');
  });

  it('answers another person’s reference exactly like a number that was never issued', () => {
    const chat = person('ar');
    chat.send('حالة الطلب');
    const theirs = chat.send(SOMEONE_ELSES);
    const none = chat.send(NEVER_ISSUED);
    expect(theirs).toBe(none);
    expect(theirs).toContain('لا توجد معاملة بهذا الرقم مسجلة باسمك');
    expect(plain(theirs)).not.toContain(SOMEONE_ELSES);
    expect(chat.state).toBe('request-status.list');
    chat.send('1');
    expect(chat.send(SOMEONE_ELSES)).toContain('لا توجد معاملة بهذا الرقم مسجلة باسمك');
    expect(chat.state).toBe('request-status.details');
  });

  it('never shows a case that left the person’s account between two messages', () => {
    const chat = person('ar');
    chat.send('حالة الطلب');
    chat.facts = { ...chat.facts, cases: [CASES[0]!] };
    const reply = plain(chat.send('2'));
    expect(chat.saidKeys()).toEqual(['status.notFound', 'status.list']);
    expect(reply).not.toContain(CMP);
    expect(reply).toContain('لديك معاملة واحدة مسجلة باسمك');
  });

  it('re-asks every other answer with its reason, staying on the list', () => {
    const chat = person('ar');
    chat.send('حالة الطلب');
    const cases: [Parameters<FlowDriver['send']>[0], string][] = [
      ['أريد أن أعرف', 'status.notAReference'],
      ['👍', 'engine.symbolsOnly'],
      ['9', 'engine.choiceOutOfRange'],
      ['', 'engine.emptyMessage'],
      [{ media: [{ kind: 'image', mimeType: 'image/jpeg', sizeBytes: 900 }] }, 'engine.mediaNotExpected'],
      [{ location: { latitude: 21.4, longitude: 39.8 } }, 'engine.locationNotExpected'],
      [{ choiceId: 'case:REQ-0000-00' }, 'engine.staleChoice'],
    ];
    for (const [input, reason] of cases) {
      chat.send(input);
      expect([input, chat.saidKeys()]).toEqual([input, [reason, 'status.list']]);
      expect(chat.state).toBe('request-status.list');
    }
    expect(plain(chat.send('أين طلبي؟'))).toContain('مثل REQ-4821-88');
  });

  it('says so when the person has no cases, looks up a typed number all the same, and offers the menu', () => {
    const chat = person('ar', []);
    const none = plain(chat.send('٣'));
    expect(chat.state).toBe('request-status.empty');
    expect(none).toContain('لا توجد طلبات أو شكاوى مسجلة باسمك حتى الآن');
    expect(none).toContain('1. القائمة الرئيسية');
    expect(chat.send(REQ)).toContain('لا توجد معاملة بهذا الرقم مسجلة باسمك');
    expect(chat.send('REQ-4821-27')).toContain('خطأ في الكتابة');
    expect(chat.send('تمام')).toContain('لم أجد رقمًا مرجعيًا');
    expect(chat.state).toBe('request-status.empty');
    expect(chat.send('1')).toContain('كيف نخدمك اليوم');
  });

  it.each([
    ['submitted', 'تم الاستلام، بانتظار الدراسة', 'status.next.submitted', true],
    ['needs_info', 'بانتظار معلومات إضافية', 'status.next.needsInfo', true],
    ['approved', 'تمت الموافقة', 'status.next.approved', false],
    ['rejected', 'لم تتم الموافقة', 'status.next.rejected', false],
    ['delivered', 'تم تقديم الخدمة', 'status.next.delivered', false],
    ['closed', 'مغلقة', 'status.next.closed', false],
    ['assigned', 'لدى الموظف المختص', 'status.next.assigned', true],
    ['resolved', 'تمت المعالجة', 'status.next.resolved', false],
    ['escalated', 'رُفعت إلى مستوى أعلى', 'status.next.escalated', true],
    ['refused', 'تعذر التنفيذ', 'status.next.refused', false],
    ['on_hold', 'قيد المتابعة', 'status.next.unknown', false],
    ['constructor', 'قيد المتابعة', 'status.next.unknown', false],
  ])('reads the status %s in words, with its next step', (status, word, next, due) => {
    const chat = person('ar', [{ ...CASES[0]!, status }]);
    chat.send('حالة الطلب');
    const details = chat.send('1');
    expect(details).toContain(`الحالة: ${word}\n`);
    expect(chat.saidKeys()).toEqual([
      'status.details',
      ...(due ? ['status.due'] : []),
      next,
      'status.detailsNext',
    ]);
  });

  it('names a request for a service the profile no longer offers by its kind', () => {
    const chat = person('ar', [{ ...CASES[0]!, subject: 'retired-service' }]);
    expect(plain(chat.send('حالة الطلب'))).toContain(`1. ${REQ} · طلب خدمة · قيد الدراسة`);
  });
});

describe('request status (English)', () => {
  it('lists, shows details, and answers an unknown number the same as another person’s', () => {
    const chat = person('en');
    const list = plain(chat.send('Request status'));
    const due = formatDeadline('2026-12-13', 'en');
    expect(list).toContain('You have 3 requests and tickets under your account');
    expect(list).toContain(`1. ${REQ} · Food basket · Under review · due ${due.hijri} (${due.gregorian})`);
    expect(list).toContain(`2. ${CMP} · Complaint: Delay · Received, being followed up · due`);
    expect(list).toContain(`3. ${DAT} · Data deletion request · Done\n`);

    const details = plain(chat.send('cmp ' + CMP.slice(4)));
    expect(details).toContain(`📄 ${CMP}\nComplaint: Delay\nStatus: Received, being followed up`);
    expect(details).toContain('we are late; we apologise');
    expect(details).toContain('Next step: it goes to the person in charge');

    expect(chat.send(SOMEONE_ELSES)).toBe(chat.send(NEVER_ISSUED));
    expect(chat.saidKeys()[0]).toBe('status.notFound');
    expect(chat.send('REQ-4821-27')).toContain('This reference number seems mistyped');
    expect(chat.send('My requests and tickets')).toContain('You have 3 requests');
  });

  it('says there is nothing yet', () => {
    const chat = person('en', []);
    expect(chat.send('3')).toContain('There are no requests or complaints under your account yet');
    expect(chat.send('Main menu')).toContain('How can we help you today?');
  });
});

describe('readTypedReference', () => {
  it.each([
    ['REQ-4821-88', { kind: 'valid', reference: 'REQ-4821-88' }],
    ['req ٤٨٢١٨٨', { kind: 'valid', reference: 'REQ-4821-88' }],
    ['my request is REQ 4821 88, thanks', { kind: 'valid', reference: 'REQ-4821-88' }],
    ['REQ-4821-27', { kind: 'mistyped' }],
    ['REQ-482', { kind: 'none' }],
    ['REQ 48218', { kind: 'mistyped' }],
    ['hello', { kind: 'none' }],
    ['1234567897', { kind: 'none' }],
    ['مرحبا', { kind: 'none' }],
    ['', { kind: 'none' }],
  ])('reads %j', (text, expected) => {
    expect(readTypedReference(text)).toEqual(expected);
  });
});
