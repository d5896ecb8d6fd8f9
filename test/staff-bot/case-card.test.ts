import { loadProfile } from '../../src/config/load-profile';
import { REQUEST_RULES } from '../../src/cases/rules/request-transitions';
import { COMPLAINT_RULES } from '../../src/cases/rules/complaint-transitions';
import type { Lang } from '../../src/domain/lang';
import { createTranslator } from '../../src/i18n/translator';
import { cardButtons, renderCard, topicName } from '../../src/staff-bot/case-card';
import type { CaseView } from '../../src/store/case-view-repository';
import { DEMO_PROFILE_PATH } from '../support/flow-driver';

const profile = loadProfile(DEMO_PROFILE_PATH);
const translator = createTranslator();
const ctx = (lang: Lang) => ({ lang, translator, profile, routedTo: ['هدى'], claimedBy: null });

const base: CaseView = {
  type: 'request',
  reference: 'REQ-4821-27',
  status: 'submitted',
  kind: null,
  beneficiaryId: 'b1',
  conversationId: null,
  person: { fullName: null, displayName: null, mobile: '+966501234567', lang: 'ar' },
  channel: 'whatsapp',
  categoryId: 'families',
  serviceId: 'rent-aid',
  summary: null,
  fields: {
    'full-name': 'ليلى أحمد',
    'national-id': '1234567897',
    mobile: '+966501234567',
    'monthly-rent': 2500,
  },
  dueDate: '2025-04-21',
  documents: [{ ref: 'a'.repeat(64), fileName: 'lease.pdf', mimeType: 'application/pdf' }],
  location: null,
  locationText: null,
  urgent: false,
  routedTo: null,
  escalationLevel: 0,
  claimedBy: null,
  closedBy: null,
};

/** Every view worth rendering: each kind of case in each of its statuses. */
const VIEWS: CaseView[] = [
  ...['submitted', 'under_review', 'needs_info', 'approved', 'rejected', 'delivered', 'closed'].map(
    (status) => ({
      ...base,
      status,
    }),
  ),
  ...['open', 'assigned', 'escalated', 'resolved', 'closed'].flatMap((status) =>
    ['complaint', 'suggestion', 'compensation'].map((kind): CaseView => ({
      ...base,
      type: 'complaint',
      reference: 'CMP-4821-27',
      kind,
      status,
      serviceId: null,
      fields: null,
      categoryId: 'delay',
      summary: 'تأخر الرد ٣ أسابيع، جوالي 0551234567',
    })),
  ),
  ...['open', 'claimed', 'closed'].map((status): CaseView => ({
    ...base,
    type: 'handoff',
    reference: 'HND-4821-27',
    status,
    serviceId: null,
    fields: null,
    dueDate: null,
    documents: [],
  })),
  ...['open', 'claimed', 'closed'].map((status): CaseView => ({
    ...base,
    type: 'fieldHelp',
    reference: 'FLD-4821-27',
    kind: 'health',
    status,
    urgent: true,
    serviceId: null,
    fields: null,
    dueDate: null,
    documents: [],
    location: { latitude: 21.4225, longitude: 39.8262 },
    locationText: 'قرب بوابة الملك فهد',
  })),
];

describe('case cards', () => {
  it.each<Lang>(['ar', 'en'])('have a text for every line, state and button in %s', (lang) => {
    for (const view of VIEWS) {
      const card = renderCard(view, ctx(lang));
      const labels = card.keyboard.flat().map((b) => b.text);
      expect([view.type, view.status, card.text]).not.toEqual([
        view.type,
        view.status,
        expect.stringMatching(/staff\.|errors\./),
      ]);
      for (const label of labels) expect(label).not.toMatch(/^staff\./);
      expect(card.text).toContain(view.reference);
      expect(topicName(view, profile, lang, translator)).toContain(view.reference);
    }
  });

  it('shows who without any identity number, and the due date in Hijri and Gregorian', () => {
    const card = renderCard(base, ctx('ar'));
    expect(card.text).toContain('المستفيد: \u2066+9665*****567\u2069');
    expect(card.text).toContain('رقم الهوية أو الإقامة: \u20661******897\u2069');
    expect(card.text).not.toContain('1234567897');
    expect(card.text).toContain('موعد القرار: الاثنين 23 شوال 1446هـ الموافق 21 أبريل 2025م');
    expect(card.text).toContain('المستندات: مستند واحد');
    expect(card.text).toContain('موجّه إلى: هدى');
    const complaint = renderCard(
      VIEWS.find((v) => v.type === 'complaint')!,
      ctx('ar'),
    );
    expect(complaint.text).toContain('*******567');
    expect(complaint.text).not.toContain('0551234567');
  });

  it('prefers the name the person gave, then their chat name', () => {
    const named = { ...base, person: { ...base.person!, fullName: 'ليلى أحمد', displayName: 'Layla' } };
    expect(renderCard(named, ctx('ar')).text).toContain('المستفيد: ليلى أحمد');
    const chatName = { ...base, person: { ...base.person!, displayName: 'Layla' } };
    expect(renderCard(chatName, ctx('en')).text).toContain('Beneficiary: Layla');
    const anonymous = { ...base, type: 'complaint' as const, kind: 'suggestion', person: null };
    expect(renderCard(anonymous, ctx('en')).text).toContain('No name (anonymous suggestion)');
  });

  it('offers the actions the status allows, for any role; the press is checked against the presser', () => {
    const data = (view: CaseView) => cardButtons(view).map((b) => ('action' in b ? b.action : b.index));
    expect(data(base)).toEqual(['claim', 'startReview', 'askInfo']);
    expect(data({ ...base, claimedBy: 'huda' })).toEqual(['startReview', 'askInfo']);
    expect(data({ ...base, status: 'under_review' })).toEqual(['claim', 'askInfo', 'approve', 'reject']);
    expect(data({ ...base, status: 'closed' })).toEqual([]);
    const complaint = VIEWS.find((v) => v.type === 'complaint' && v.status === 'open')!;
    expect(data(complaint)).toEqual(['assign', 'reply', 'resolve', 'escalate']);
    // At the board's level (3) there is no higher rung: no "Escalate" to press and be refused.
    expect(data({ ...complaint, status: 'escalated', escalationLevel: 3 })).toEqual([
      'assign',
      'reply',
      'resolve',
    ]);
    const handoff = VIEWS.find((v) => v.type === 'handoff' && v.status === 'claimed')!;
    expect(data(handoff)).toEqual(['close']);
    // Every action of the case service has a label.
    for (const action of Object.keys(REQUEST_RULES))
      expect(translator.t('ar', `staff.action.request.${action}`)).not.toMatch(/^staff\./);
    for (const action of Object.keys(COMPLAINT_RULES))
      expect(translator.t('en', `staff.action.complaint.${action}`)).not.toMatch(/^staff\./);
  });

  it('marks an urgent field call and links its pin', () => {
    const call = renderCard(
      VIEWS.find((v) => v.type === 'fieldHelp')!,
      ctx('ar'),
    );
    expect(call.text).toContain('⚠️ عاجل');
    expect(call.text).toContain('https://maps.google.com/?q=21.4225,39.8262');
    expect(call.text).toContain('قرب بوابة الملك فهد');
  });
});
