import { declarationHash } from '../../src/domain/requests/declaration-hash';
import { FlowDriver } from '../support/flow-driver';

const idCopy = { kind: 'image' as const, mimeType: 'image/jpeg', sizeBytes: 120_000, ref: 'a'.repeat(64) };
const incomePdf = {
  kind: 'document' as const,
  mimeType: 'application/pdf',
  sizeBytes: 300_000,
  ref: 'b'.repeat(64),
  fileName: 'income.pdf',
};

/** A person who accepted the notice and opened «تقديم طلب خدمة», in `lang`. */
function applicant(lang: 'ar' | 'en'): FlowDriver {
  const chat = new FlowDriver();
  chat.send('السلام عليكم');
  chat.send(lang === 'ar' ? '١' : '2');
  chat.send('1');
  chat.send(lang === 'ar' ? 'تقديم طلب خدمة' : 'Apply for a service');
  expect(chat.state).toBe('service-request.chooseService');
  return chat;
}

describe('service request flow (Arabic)', () => {
  it('takes a food-basket request from start to reference, re-asking every wrong answer with its reason', () => {
    const chat = applicant('ar');
    expect(chat.send('سلة غذائية')).toContain('الشروط');
    expect(chat.send('١')).toContain('(1/5) اكتب الاسم الرباعي');

    expect(chat.send('👍')).toContain('اكتب إجابتك بالحروف');
    chat.send('محمد أحمد علي الزهراني');

    expect(chat.send('١٢٣٤٥')).toContain('10 أرقام');
    expect(chat.send('3000000004')).toContain('يبدأ رقم الهوية الوطنية بالرقم 1');
    expect(chat.send('1000000009')).toContain('لا يبدو هذا الرقم صحيحًا');
    expect(chat.send('١٠٠٠٠٠٠٠٠٨')).toContain('(3/5) اكتب رقم الجوال');

    expect(chat.send('0521234567')).toContain('رقم الجوال غير صحيح');
    const city = chat.send('٠٥٠١٢٣٤٥٦٧');
    expect(city).toContain('1. الرياض');

    chat.send('تبوك'); // a city not in the list is fine
    expect(chat.send('عائلة كبيرة')).toContain('بالأرقام أو بالحروف');
    expect(chat.send('ثلاثة عشر')).toContain('بين 1 و12');
    expect(chat.send('13')).toContain('بين 1 و12');
    const docs = chat.send('٥');
    expect(docs).toContain('بقي مستندان');
    expect(docs).toContain('• صورة الهوية');
    expect(docs).toContain('• تعريف بالدخل');

    // Out of order: the income proof first, as a PDF; two slots fit, so the flow asks which.
    const which = chat.send({ media: [incomePdf] });
    expect(which).toMatch(/وصلني الملف «.?income\.pdf.?»\. أي مستند هذا؟/u);
    const afterFirst = chat.send('تعريف بالدخل');
    expect(afterFirst).toContain('استلمنا: تعريف بالدخل');
    expect(afterFirst).toContain('بقي مستند واحد');
    // A file of the wrong type is refused with the reason; nothing is lost.
    expect(
      chat.send({
        media: [{ kind: 'document', mimeType: 'application/zip', sizeBytes: 10, ref: 'c'.repeat(64) }],
      }),
    ).toContain('نوع الملف غير مقبول');
    const summary = chat.send({ media: [idCopy] });
    expect(summary).toContain('استلمنا: صورة الهوية');
    expect(summary).toContain('• الاسم الرباعي: محمد أحمد علي الزهراني');
    expect(summary).toContain('• رقم الهوية أو الإقامة: 1000000008');
    expect(summary).toContain('• رقم الجوال: +966501234567');
    expect(summary).toContain('• المدينة: تبوك');
    expect(summary).toContain('• عدد أفراد الأسرة: 5');
    expect(chat.state).toBe('service-request.summary');

    // A correction at the summary goes back to the summary, not through every field again.
    chat.send('تعديل بيان');
    chat.send('عدد أفراد الأسرة');
    const corrected = chat.send('٦');
    expect(corrected).toContain('• عدد أفراد الأسرة: 6');
    expect(chat.state).toBe('service-request.summary');

    const declaration = chat.send('نعم، البيانات صحيحة');
    expect(declaration).toContain('أقر بأن البيانات المقدمة صحيحة وأتحمل مسؤوليتها');
    expect(chat.records).toEqual([]); // nothing reaches the committee before the declaration

    const done = chat.send('١');
    expect(done).toContain('الرقم المرجعي');
    expect(done).toContain('كيف نخدمك اليوم');
    expect(chat.state).toBe('menu.main');
    expect(chat.records).toHaveLength(1);
    const record = chat.records[0]!;
    expect(record.kind).toBe('serviceRequest');
    const data = record.data as {
      serviceId: string;
      fields: Record<string, string | number>;
      documents: Record<string, { sha256: string }>;
      declaration: { hash: string; channel: string; messageId: string; at: string; version: string };
    };
    expect(data.fields).toEqual({
      'full-name': 'محمد أحمد علي الزهراني',
      'national-id': '1000000008',
      mobile: '+966501234567',
      city: 'تبوك',
      'family-size': 6,
    });
    expect(Object.keys(data.documents).sort()).toEqual(['id-copy', 'income-proof']);
    expect(data.declaration).toMatchObject({
      channel: 'inprocess',
      version: '1',
      at: chat.now.toISOString(),
    });
    expect(data.declaration.hash).toBe(
      declarationHash({ serviceId: data.serviceId, fields: data.fields, documents: data.documents }),
    );
  });

  it('discards a request at the summary without sending anything', () => {
    const chat = applicant('ar');
    for (const answer of ['1', '1', 'سارة محمد', '2345678904', '0551234567', '2', '3']) chat.send(answer);
    chat.send({ media: [idCopy] });
    chat.send('1');
    chat.send({ media: [incomePdf] });
    expect(chat.state).toBe('service-request.summary');
    expect(chat.send('إلغاء الطلب')).toContain('ألغينا الطلب');
    expect(chat.records).toEqual([]);
    expect(chat.state).toBe('menu.main');
  });

  it('goes back one question with «رجوع» and keeps the earlier answers', () => {
    const chat = applicant('ar');
    chat.send('1');
    chat.send('1');
    chat.send('محمد');
    expect(chat.send('رجوع')).toContain('(1/5)');
    chat.send('محمد علي');
    expect(chat.send('1000000008')).toContain('(3/5)');
  });

  it('expires a draft left idle, politely, without submitting it', () => {
    const chat = applicant('ar');
    chat.send('1');
    chat.send('1');
    chat.send('محمد');
    chat.wait(61);
    const reply = chat.send('1000000008');
    expect(chat.saidKeys()[0]).toBe('engine.expired');
    expect(reply).toContain('كيف نخدمك اليوم');
    expect(chat.records).toEqual([]);
  });
});

describe('service request flow (English)', () => {
  it('takes a rent-assistance request with a date-free form and a PDF lease', () => {
    const chat = applicant('en');
    chat.send('Rent assistance');
    expect(chat.send('Start the application')).toContain('(1/4) Please type Full name');
    chat.send('Ahmed Saleh');
    chat.send('2345678904');
    chat.send('+966 55 123 4567');
    expect(chat.send('50')).toContain('between 100 and 20000');
    const docs = chat.send('2500');
    expect(docs).toContain('2 documents are missing');
    expect(chat.send({ media: [{ ...incomePdf, fileName: 'lease.pdf' }] })).toContain(
      'Which document is it?',
    );
    chat.send('Lease contract');
    const summary = chat.send({ media: [idCopy] });
    expect(summary).toContain('• Monthly rent in riyals: 2500');
    expect(summary).toContain('• Mobile number: +966551234567');
    chat.send('1');
    const done = chat.send('1');
    expect(done).toMatch(/Reference number: [A-Z]{3}-\d{4}-\d{2}/);
    expect(done).toContain('within 15 working days');
  });

  it('asks about each of two files sent before the first question was answered, naming the file each time', () => {
    const chat = applicant('en');
    chat.send('Rent assistance');
    chat.send('Start the application');
    for (const answer of ['Ahmed Saleh', '2345678904', '0551234567', '2500']) chat.send(answer);
    const lease = { ...incomePdf, ref: 'd'.repeat(64), fileName: 'lease.pdf' };

    expect(chat.send({ media: [idCopy] })).toContain('Got the photo (117 KB). Which document is it?');
    // The lease arrives before the answer: kept, and the question still names the photo it is about.
    const again = chat.send({ media: [lease] });
    expect(again).toMatch(/Got the file «.?lease\.pdf.?» too: we will ask about it next\./u);
    expect(again).toContain('Got the photo (117 KB). Which document is it?');
    expect(again).not.toContain('Received:');

    const summary = chat.send('Copy of the ID');
    expect(summary).toContain('Received: Copy of the ID');
    expect(summary).toContain('Received: Lease contract');
    expect(chat.state).toBe('service-request.summary');
    chat.send('1');
    chat.send('1');
    const documents = (chat.records[0]?.data as { documents: Record<string, { ref: string }> }).documents;
    expect(documents['id-copy']?.ref).toBe(idCopy.ref);
    expect(documents.lease?.ref).toBe(lease.ref);
  });
});
