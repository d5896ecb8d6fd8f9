import type { Profile } from '../../src/config/profile-schema';
import type { InboundMessageInput } from '../../src/domain/inbound-message';
import type { BeneficiaryFacts } from '../../src/engine/flow';
import type { FlowRegistry } from '../../src/engine/flow-registry';

/** One message on the way to a place: text, or any message fields; `LANG` is the language choice. */
export type PathStep = string | Partial<InboundMessageInput>;
export const LANG = '<language>';

/**
 * A state a conversation can rest in, and how a person gets there from a fresh "hello". The same idea
 * as the robustness table (PLACES) in test/engine/run-step.test.ts, kept to what the fuzzer needs:
 * the path, the facts the store would hold, the profile, and whether the state is the quiet one.
 * `FuzzWorld` checks at start-up that every path still lands where it says and that every resting
 * state of every registered flow is listed: a new state fails the fuzz run until it is added here.
 */
export interface FuzzPlace {
  at: string;
  path: PathStep[];
  facts?: Partial<BeneficiaryFacts>;
  /** A profile with a feature the demo does not offer (field help). */
  profile?: (demo: Profile) => Profile;
  /** The conversation with staff: what the person writes there is for staff, not answered by the bot. */
  quiet?: boolean;
}

const photo: PathStep = {
  media: [{ kind: 'image', mimeType: 'image/jpeg', sizeBytes: 2048, ref: 'a'.repeat(64) }],
};
const withFieldHelp = (demo: Profile): Profile => ({
  ...demo,
  features: { ...demo.features, volunteering: true, fieldHelp: true },
});

const request: Partial<BeneficiaryFacts> = {
  cases: [
    {
      reference: 'REQ-4821-88',
      kind: 'request',
      subject: 'food-basket',
      status: 'submitted',
      updatedAt: '2026-11-20T08:00:00.000Z',
      dueDate: '2026-12-13',
    },
  ],
};
const delivered: Partial<BeneficiaryFacts> = {
  cases: [{ ...request.cases![0]!, status: 'delivered', dueDate: null }],
};
const openHandoff: Partial<BeneficiaryFacts> = {
  openHandoff: { reference: 'HND-4821-88', claimed: false },
};
const known: Partial<BeneficiaryFacts> = {
  ...request,
  contact: { fullName: 'هدى سالم', mobile: '+966501234567' },
};

/** A food-basket request the committee asked the ID, the family size and both documents of. */
const waitingFor = (reference: string) => ({
  ...request.cases![0]!,
  reference,
  status: 'needs_info',
  missing: {
    fields: ['national-id', 'family-size'],
    documents: ['id-copy', 'income-proof'],
    reason: 'صورة الهوية غير واضحة',
  },
});
const waiting: Partial<BeneficiaryFacts> = { cases: [waitingFor('REQ-4821-88')] };
const twoWaiting: Partial<BeneficiaryFacts> = {
  cases: [waitingFor('REQ-4821-88'), waitingFor('REQ-1234-56')],
};

const menu = [LANG, '1'];
const requestStart = [...menu, '2'];
const requestFields = [...requestStart, '1', '1', 'محمد أحمد علي', '١٠٠٠٠٠٠٠٠٨', '٠٥٠١٢٣٤٥٦٧', '1', '5'];
const requestSummary = [...requestFields, photo, '1', photo];
const complaintStart = [...menu, '4'];
const described = [...complaintStart, '1', '2', 'تأخر صرف السلة الغذائية ثلاثة أشهر'];
const survey = [...menu, { choiceId: 'survey' }];
const handoff = [...menu, { choiceId: 'handoff' }];
const myData = [...menu, { choiceId: 'my-data' }];
const volunteer = [...menu, { choiceId: 'volunteer' }];
const volunteerSummary = [...volunteer, '1', 'سعد الحربي', '0501234567', 'رابغ', '3', 'الإسعافات الأولية'];
const fieldHelp = [...menu, { choiceId: 'field-help' }];

export const FUZZ_PLACES: FuzzPlace[] = [
  { at: 'greeting.chooseLanguage', path: [] },
  { at: 'greeting.consent', path: [LANG] },
  { at: 'greeting.declined', path: [LANG, '2'] },
  { at: 'menu.main', path: menu },
  { at: 'menu.didYouMean', path: [...menu, 'طلب'] },
  { at: 'inquiries.ask', path: [...menu, '1'] },
  { at: 'inquiries.pickResult', path: [...menu, '1', 'complaint request'] },
  { at: 'inquiries.services', path: [...menu, '1', '7'] },
  { at: 'inquiries.more', path: [...menu, '1', 'ما شروط المساعدة'] },
  { at: 'inquiries.notFound', path: [...menu, '1', 'quantum chromodynamics'] },
  { at: 'service-request.chooseService', path: requestStart },
  { at: 'service-request.requirements', path: [...requestStart, '1'] },
  { at: 'service-request.askField', path: [...requestStart, '1', '1'] },
  { at: 'service-request.documents', path: requestFields },
  { at: 'service-request.whichDocument', path: [...requestFields, photo] },
  { at: 'service-request.summary', path: requestSummary },
  { at: 'service-request.chooseEdit', path: [...requestSummary, '2'] },
  { at: 'service-request.declaration', path: [...requestSummary, '1'] },
  { at: 'request-info.chooseRequest', path: [...menu, '3'], facts: twoWaiting },
  { at: 'request-info.askField', path: [...menu, '3'], facts: waiting },
  { at: 'request-info.documents', path: [...menu, '3', '١٠٠٠٠٠٠٠٠٨', '5'], facts: waiting },
  { at: 'request-info.whichDocument', path: [...menu, '3', '١٠٠٠٠٠٠٠٠٨', '5', photo], facts: waiting },
  { at: 'request-info.summary', path: [...menu, '3', '١٠٠٠٠٠٠٠٠٨', '5', photo, '1', photo], facts: waiting },
  { at: 'request-status.empty', path: [...menu, '3'] },
  { at: 'request-status.list', path: [...menu, '3'], facts: request },
  { at: 'request-status.details', path: [...menu, '3', '1'], facts: request },
  { at: 'complaint.chooseKind', path: complaintStart },
  { at: 'complaint.chooseCategory', path: [...complaintStart, '1'] },
  { at: 'complaint.describe', path: [...complaintStart, '1', '2'] },
  { at: 'complaint.attachments', path: described },
  { at: 'complaint.anonymity', path: [...complaintStart, '2', 'تمديد ساعات الاستقبال يوم الخميس', '1'] },
  { at: 'complaint.summary', path: [...described, '1'] },
  { at: 'complaint.chooseEdit', path: [...described, '1', '2'] },
  { at: 'survey.chooseCase', path: survey, facts: delivered },
  { at: 'survey.ask', path: survey },
  { at: 'handoff.about', path: handoff },
  { at: 'handoff.waiting', path: handoff, facts: openHandoff, quiet: true },
  { at: 'handoff.confirmEnd', path: [...handoff, 'القائمة'], facts: openHandoff },
  { at: 'my-data.choose', path: myData, facts: known },
  { at: 'my-data.correctWhich', path: [...myData, '1'], facts: known },
  { at: 'my-data.askName', path: [...myData, '1', '1'], facts: known },
  { at: 'my-data.askMobile', path: [...myData, '1', '2'], facts: known },
  { at: 'my-data.confirmContact', path: [...myData, '1', '1', 'هدى سالم العتيبي'], facts: known },
  { at: 'my-data.deleteExplain', path: [...myData, '2'], facts: known },
  { at: 'my-data.withdrawExplain', path: [...myData, '3'], facts: known },
  { at: 'my-data.withdrawn', path: [...myData, '3', '1'], facts: known },
  { at: 'my-data.linkWhich', path: [...myData, '4'], facts: known },
  { at: 'my-data.linkEnter', path: [...myData, '4', '2'], facts: known },
  { at: 'volunteer.intro', path: volunteer },
  { at: 'volunteer.askName', path: [...volunteer, '1'] },
  { at: 'volunteer.askMobile', path: [...volunteer, '1', 'سعد الحربي'] },
  { at: 'volunteer.askCity', path: [...volunteer, '1', 'سعد الحربي', '0501234567'] },
  { at: 'volunteer.askAvailability', path: [...volunteer, '1', 'سعد الحربي', '0501234567', 'رابغ'] },
  { at: 'volunteer.askSkills', path: volunteerSummary.slice(0, -1) },
  { at: 'volunteer.summary', path: volunteerSummary },
  { at: 'volunteer.chooseEdit', path: [...volunteerSummary, '2'] },
  { at: 'field-help.chooseKind', path: fieldHelp, profile: withFieldHelp },
  { at: 'field-help.askLocation', path: [...fieldHelp, '2'], profile: withFieldHelp },
  { at: 'field-help.askDetails', path: [...fieldHelp, '2', '1'], profile: withFieldHelp },
];

/**
 * Every state a conversation can rest in: not final, without an unconditional `always` (those are
 * passed through within a step), and with a question (the menu's `understand` asks nothing: it reads
 * text for other states). The same rule as the robustness table's completeness test.
 */
export function restingStates(registry: FlowRegistry): string[] {
  return registry
    .all()
    .flatMap((flow) =>
      Object.entries(flow.states)
        .filter(([, node]) => !node.final && !node.always?.some((t) => t.guard === undefined) && node.prompt)
        .map(([state]) => `${flow.id}.${state}`),
    )
    .sort();
}
