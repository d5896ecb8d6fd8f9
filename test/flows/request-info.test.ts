import type { CaseSummary } from '../../src/domain/beneficiary-facts';
import { startFlow } from '../../src/engine/run-step';
import { FlowDriver } from '../support/flow-driver';

const idCopy = { kind: 'image' as const, mimeType: 'image/jpeg', sizeBytes: 120_000, ref: 'a'.repeat(64) };
const incomePdf = {
  kind: 'document' as const,
  mimeType: 'application/pdf',
  sizeBytes: 300_000,
  ref: 'b'.repeat(64),
  fileName: 'income.pdf',
};
const zip = { kind: 'document' as const, mimeType: 'application/zip', sizeBytes: 10, ref: 'c'.repeat(64) };
const tooBig = {
  kind: 'image' as const,
  mimeType: 'image/jpeg',
  sizeBytes: 50 * 1048576,
  ref: 'd'.repeat(64),
};
const pin = { location: { latitude: 21.4225, longitude: 39.8262 } };

/** A food-basket request the committee asked the ID number, the family size and both documents of. */
const waiting = (reference = 'REQ-4821-88'): CaseSummary => ({
  reference,
  kind: 'request',
  subject: 'food-basket',
  status: 'needs_info',
  updatedAt: '2026-11-20T08:00:00.000Z',
  dueDate: '2026-12-13',
  missing: {
    fields: ['national-id', 'family-size'],
    documents: ['id-copy', 'income-proof'],
    reason: 'صورة الهوية غير واضحة',
  },
});

/** A person at the main menu, in `lang`, with `cases`. */
function person(lang: 'ar' | 'en', cases: CaseSummary[] = [waiting()]): FlowDriver {
  const chat = new FlowDriver();
  chat.facts = { ...chat.facts, cases };
  chat.send('السلام عليكم');
  chat.send(lang === 'ar' ? '١' : '2');
  chat.send('1');
  expect(chat.state).toBe('menu.main');
  return chat;
}

describe('sending missing information (Arabic)', () => {
  it('asks each missing item with the original checks, re-asking every wrong input, then sends once', () => {
    const chat = person('ar');
    const menu = chat.send('القائمة');
    expect(menu).toContain('3. استكمال النواقص');

    const intro = chat.send('٣');
    expect(intro).toContain('REQ-4821-88');
    expect(intro).toContain('• رقم الهوية أو الإقامة');
    expect(intro).toContain('• عدد أفراد الأسرة');
    expect(intro).toContain('• صورة الهوية');
    expect(intro).toContain('صورة الهوية غير واضحة');
    expect(intro).toContain('(1/2) اكتب رقم الهوية أو الإقامة');

    // The ID: emoji, empty, a pin, a photo, a wrong check digit — each refused with its reason.
    expect(chat.send('👍')).toContain('(1/2)');
    expect(chat.saidKeys()).toContain('request.invalid.nationalId.format');
    chat.send({ text: '' });
    expect(chat.saidKeys()[0]).toBe('engine.emptyMessage');
    chat.send(pin);
    expect(chat.saidKeys()[0]).toBe('engine.locationNotExpected');
    chat.send({ media: [idCopy] });
    expect(chat.saidKeys()[0]).toBe('request.invalid.fileNotAnswer');
    expect(chat.send('1000000009')).toContain('لا يبدو هذا الرقم صحيحًا');
    expect(chat.state).toBe('request-info.askField');
    // Arabic digits are the person's right: accepted as in the form.
    expect(chat.send('١٠٠٠٠٠٠٠٠٨')).toContain('(2/2)');

    expect(chat.send('13')).toContain('بين 1 و12');
    const docs = chat.send('٥');
    expect(docs).toContain('بقي مستندان');
    expect(chat.state).toBe('request-info.documents');

    // Documents: text, emoji, a pin, a wrong type and a file too big are refused; nothing is lost.
    chat.send('سأرسلها غدًا');
    expect(chat.saidKeys()[0]).toBe('request.documents.expected');
    chat.send('🙂');
    expect(chat.saidKeys()[0]).toBe('request.documents.expected');
    chat.send(pin);
    expect(chat.saidKeys()[0]).toBe('engine.locationNotExpected');
    expect(chat.send({ media: [zip] })).toContain('نوع الملف غير مقبول');
    chat.send({ media: [tooBig] });
    expect(chat.saidKeys()[0]).toBe('request.documents.tooBig');
    expect(chat.state).toBe('request-info.documents');

    // A JPEG fits both slots: the flow asks which; a wrong pick is re-asked.
    expect(chat.send({ media: [idCopy] })).toContain('أي مستند هذا');
    chat.send('٩');
    expect(chat.saidKeys()[0]).toBe('engine.choiceOutOfRange');
    expect(chat.send('صورة الهوية')).toContain('استلمنا: صورة الهوية');
    const summary = chat.send({ media: [incomePdf] });
    expect(summary).toContain('• رقم الهوية أو الإقامة: 1000000008');
    expect(summary).toContain('• عدد أفراد الأسرة: 5');
    expect(summary).toContain('• تعريف بالدخل ✓');
    expect(chat.state).toBe('request-info.summary');

    expect(chat.records).toHaveLength(0);
    const done = chat.send('1');
    expect(chat.records).toEqual([
      {
        kind: 'infoReceived',
        data: {
          reference: 'REQ-4821-88',
          fields: { 'national-id': '1000000008', 'family-size': 5 },
          documents: {
            'id-copy': { ref: idCopy.ref, sha256: idCopy.ref, mimeType: 'image/jpeg', sizeBytes: 120_000 },
            'income-proof': {
              ref: incomePdf.ref,
              sha256: incomePdf.ref,
              mimeType: 'application/pdf',
              sizeBytes: 300_000,
              fileName: 'income.pdf',
            },
          },
        },
      },
    ]);
    expect(done).toContain('تم استلام المعلومات');
    expect(done).toContain('21 أبريل 2025م');
    expect(chat.state).toBe('menu.main');
    // The menu drawn right after no longer offers to send what was just sent (nothing waits now).
    expect(done).toContain('كيف نخدمك اليوم');
    expect(done).not.toContain('استكمال النواقص');
    expect(done).toContain('3. حالة الطلب');
    chat.send('3');
    expect(chat.state).toMatch(/^request-status\./);
  });

  it('leaves nothing sent when the person chooses later, and starts over on request', () => {
    const chat = person('ar');
    chat.send('٣');
    chat.send('١٠٠٠٠٠٠٠٠٨');
    chat.send('5');
    chat.send({ media: [idCopy] });
    chat.send('1');
    chat.send({ media: [incomePdf] });
    expect(chat.state).toBe('request-info.summary');
    expect(chat.send('أعد الإدخال')).toContain('(1/2)');
    expect(chat.state).toBe('request-info.askField');
    chat.send('١٠٠٠٠٠٠٠٠٨');
    chat.send('5');
    chat.send({ media: [idCopy] });
    chat.send('1');
    chat.send({ media: [incomePdf] });
    chat.send('لاحقًا');
    expect(chat.saidKeys()[0]).toBe('requestInfo.later');
    expect(chat.records).toHaveLength(0);
    expect(chat.state).toBe('menu.main');
  });

  it('does not send when the request stopped waiting meanwhile (staff recorded it by hand)', () => {
    const chat = person('ar');
    chat.send('٣');
    chat.send('١٠٠٠٠٠٠٠٠٨');
    chat.send('5');
    chat.send({ media: [idCopy] });
    chat.send('1');
    chat.send({ media: [incomePdf] });
    chat.facts = { ...chat.facts, cases: [{ ...waiting(), status: 'under_review', missing: undefined }] };
    chat.send('1');
    expect(chat.saidKeys()[0]).toBe('requestInfo.noLonger');
    expect(chat.records).toHaveLength(0);
  });
});

describe('sending missing information: ways in', () => {
  it('is not in the menu of someone with nothing waiting', () => {
    const chat = person('en', [{ ...waiting(), status: 'under_review', missing: undefined }]);
    expect(chat.send('menu')).not.toContain('Send missing information');
  });

  it('asks which request when several wait', () => {
    const chat = person('en', [waiting('REQ-4821-88'), waiting('REQ-1234-56')]);
    expect(chat.send('3')).toContain('Which application');
    expect(chat.send('2')).toContain('REQ-1234-56');
    expect(chat.state).toBe('request-info.askField');
  });

  it('is reached from the request in «my requests», for that request', () => {
    const chat = person('en', [
      { ...waiting('REQ-1234-56'), status: 'under_review', missing: undefined },
      waiting('REQ-4821-88'),
    ]);
    chat.send('menu');
    chat.send('Request status');
    const details = chat.send('REQ-4821-88');
    expect(details).toContain('Send the missing information');
    const intro = chat.send('Send the missing information');
    expect(intro).toContain('To complete your application REQ-4821-88');
    expect(chat.state).toBe('request-info.askField');
  });

  it('started by the runtime with the reference (the staff asked and the person was free)', () => {
    const chat = person('en', [waiting('REQ-4821-88'), waiting('REQ-1234-56')]);
    const started = startFlow(
      chat.engine,
      chat.snapshot,
      'request-info',
      {
        profile: chat.profile,
        now: chat.now,
        beneficiary: { ...chat.facts, consents: { ...chat.consents } },
        translate: (lang, key, params) => chat.translator.t(lang, key, params),
      },
      { reference: 'REQ-1234-56' },
    );
    expect(started.snapshot.state).toBe('askField');
    expect(started.effects.map((e) => (e.type === 'say' ? e.key : e.type))).toEqual([
      'requestInfo.intro',
      'request.ask.nationalId',
    ]);
    expect(started.effects[0]).toMatchObject({ params: { ref: 'REQ-1234-56' } });
  });
});
