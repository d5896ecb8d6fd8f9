import path from 'node:path';
import { loadProfile } from '../../src/config/load-profile';
import type { Profile, Service, ServiceField } from '../../src/config/profile-schema';
import { FlowDriver } from '../support/flow-driver';

const PROFILES = path.join(__dirname, '../../profiles');
const pilgrims = loadProfile(path.join(PROFILES, 'pilgrims.yaml'));
const cooperative = loadProfile(path.join(PROFILES, 'cooperative.yaml'));

/** A valid answer for any field, written from its type and bounds (a Hijri date where dates are asked). */
function answerFor(field: ServiceField): string {
  switch (field.type) {
    case 'text':
      return 'إجابة تجريبية';
    case 'number':
      return String(field.min ?? field.max ?? 1);
    case 'choice':
      return '1';
    case 'date':
      return '1447/12/01';
    case 'nationalId':
      return '1000000008';
    case 'mobile':
      return '0501234567';
    case 'city':
      return field.options ? '1' : 'الرياض';
  }
}

const photo = {
  media: [{ kind: 'image' as const, mimeType: 'image/jpeg', sizeBytes: 80_000, ref: 'a'.repeat(64) }],
};

/** Applies for `service` of `profile` from the menu to the reference number; returns the last reply. */
function applyFor(profile: Profile, service: Service): { chat: FlowDriver; done: string } {
  const chat = new FlowDriver(profile);
  chat.send('السلام عليكم');
  chat.send('1');
  chat.send('1');
  chat.send({ choiceId: 'service-request' });
  chat.send({ choiceId: `service:${service.id}` });
  expect(chat.state).toBe('service-request.requirements');
  chat.send('1');
  for (const field of service.fields) {
    expect(chat.state).toBe('service-request.askField');
    chat.send(answerFor(field));
  }
  // Every required document, in any slot the flow offers; then past the optional ones.
  for (let i = 0; i < 20 && chat.state !== 'service-request.summary'; i++) {
    if (chat.state === 'service-request.whichDocument') chat.send('1');
    else if (chat.saidKeys().includes('request.documents.optional')) chat.send({ choiceId: 'done' });
    else chat.send(photo);
  }
  expect(chat.state).toBe('service-request.summary');
  chat.send({ choiceId: 'confirm' });
  const done = chat.send({ choiceId: 'declare' });
  return { chat, done };
}

describe.each([
  ['pilgrims', pilgrims],
  ['cooperative', cooperative],
])('example profile %s', (_name, profile) => {
  it('loads, with services, FAQ, staff and 2026 holidays', () => {
    expect(profile.services.length).toBeGreaterThan(1);
    expect(profile.faq.length).toBeGreaterThanOrEqual(8);
    expect(profile.staff.some((s) => s.roles.includes('coordinator'))).toBe(true);
    expect(profile.calendar.weekend).toEqual(['friday', 'saturday']);
    expect(profile.calendar.holidays.map((h) => h.from.slice(0, 4))).toEqual([
      '2026',
      '2026',
      '2026',
      '2026',
    ]);
  });

  it.each(profile.services.map((s) => [s.id, s] as const))(
    'takes a request for %s from the menu to a reference number',
    (_id, service) => {
      const { chat, done } = applyFor(profile, service);
      expect(done).toMatch(/SER-\d{4}-\d{2}/);
      expect(chat.state).toBe('menu.main');
      expect(chat.records).toHaveLength(1);
      expect(chat.records[0]?.data).toMatchObject({ serviceId: service.id });
      const fields = (chat.records[0]?.data as { fields: Record<string, unknown> }).fields;
      expect(Object.keys(fields).sort()).toEqual(service.fields.map((f) => f.id).sort());
    },
  );
});

describe('example profile pilgrims', () => {
  it('asks the permit number as text and takes the arrival date in Hijri', () => {
    for (const service of pilgrims.services) {
      const { chat } = applyFor(pilgrims, service);
      const fields = (chat.records[0]?.data as { fields: Record<string, unknown> }).fields;
      expect(fields['permit-number']).toBe('إجابة تجريبية');
      // 1 Dhu al-Hijjah 1447 (Umm al-Qura) is 18 May 2026.
      expect(fields['arrival-date']).toBe('2026-05-18');
    }
  });

  it('offers field help and volunteering in its menu, with its own kinds of help', () => {
    const chat = new FlowDriver(pilgrims);
    chat.send('hi');
    chat.send('1');
    chat.send('1');
    const offered = chat.snapshot?.choices.map((c) => c.id) ?? [];
    expect(offered).toEqual(expect.arrayContaining(['volunteer', 'field-help']));
    const kinds = chat.send({ choiceId: 'field-help' });
    expect(kinds).toContain('مساعدة صحية');
    expect(kinds).toContain('ماء أو طعام أو مظلة');
  });

  it('answers a question from the policy in its FAQ', () => {
    const chat = new FlowDriver(pilgrims);
    chat.send('hi');
    chat.send('1');
    chat.send('1');
    chat.send({ choiceId: 'inquiries' });
    expect(chat.send('كيف أتطوع في خدمة الحجاج')).toContain('شباب المنطقة');
  });
});

describe('example profile cooperative', () => {
  it('serves members as a category, asking the membership number within its bounds', () => {
    expect(cooperative.categories.map((c) => c.id)).toContain('members');
    const service = cooperative.services.find((s) => s.id === 'member-service');
    const membership = service?.fields.find((f) => f.id === 'membership-number');
    expect(membership).toMatchObject({ type: 'number', min: 1, max: 99999 });
    expect(service?.category).toBe('members');
  });

  it('re-asks a membership number out of bounds', () => {
    const chat = new FlowDriver(cooperative);
    chat.send('hi');
    chat.send('1');
    chat.send('1');
    chat.send({ choiceId: 'service-request' });
    chat.send({ choiceId: 'service:member-service' });
    chat.send('1');
    for (const answer of ['محمد أحمد', '1000000008', '0501234567']) chat.send(answer);
    expect(chat.send('123456')).toContain('بين 1 و99999');
    expect(chat.send('١٢٣٤')).toContain('اختر نوع الطلب');
  });

  it('does not offer field help, and promises the answer within 15 working days', () => {
    const chat = new FlowDriver(cooperative);
    chat.send('hi');
    chat.send('1');
    chat.send('1');
    expect(chat.snapshot?.choices.map((c) => c.id)).not.toContain('field-help');
    expect(cooperative.deadlines.decisionWorkingDays).toBe(15);
    chat.send({ choiceId: 'inquiries' });
    expect(chat.send('متى أعرف نتيجة طلبي')).toContain('١٥ يوم عمل');
  });
});
