import { loadProfile } from '../../src/config/load-profile';
import type { Profile } from '../../src/config/profile-schema';
import { describePromiseGap, promiseGaps } from '../../src/cases/promise-owners';
import type { RoutableStaff } from '../../src/cases/rules/route-handoff';
import { createTranslator } from '../../src/i18n/translator';
import { DEMO_PROFILE_PATH } from '../support/flow-driver';

const demo = loadProfile(DEMO_PROFILE_PATH);
const translator = createTranslator();
const member = (id: string, roles: string[], categories: string[] = []): RoutableStaff => ({
  id,
  roles,
  categories,
});
/** Everyone every flow of the demo needs (coordinator and field as plain role names). */
const FULL: RoutableStaff[] = [
  member('admin', ['admin', 'manager']),
  member('noura', ['committee']),
  member('salem', ['liaison']),
  member('huda', ['coordinator']),
  member('fahad', ['field']),
];
const withFieldHelp: Profile = { ...demo, features: { volunteering: true, fieldHelp: true } };

describe('promiseGaps', () => {
  it('warns from 1 December when nobody reviewed the coming year’s holidays (demo: reviewed through 2026)', () => {
    expect(promiseGaps(withFieldHelp, FULL, { staffGroup: false, today: '2026-11-30' })).toEqual([]);
    const gaps = promiseGaps(withFieldHelp, FULL, { staffGroup: false, today: '2026-12-01' });
    expect(gaps).toEqual([{ flow: 'holidays', code: 'HOLIDAYS_NOT_REVIEWED', year: 2027 }]);
    const described = describePromiseGap(gaps[0]!, { translator, profile: demo, lang: 'en' });
    expect(described.message).toContain('Nobody has reviewed the holidays of 2027');
    expect(described.fix).toContain('holidaysReviewedThrough: 2027');
    // Arabic isolates the number it holds (⁦2027⁩) among the right-to-left text.
    expect(describePromiseGap(gaps[0]!, { translator, profile: demo, lang: 'ar' }).fix).toMatch(
      /holidaysReviewedThrough: \u2066?2027/,
    );
  });

  it('finds nothing when every enabled flow has someone to receive its work', () => {
    expect(promiseGaps(withFieldHelp, FULL, { staffGroup: false })).toEqual([]);
  });

  it('names each enabled flow nobody receives, on the demo install (an administrator alone)', () => {
    expect(promiseGaps(demo, [member('demo-admin', ['admin', 'manager'])], { staffGroup: false })).toEqual([
      { flow: 'handoff', code: 'NO_HANDOFF_RECEIVER' },
      { flow: 'service-request', code: 'NO_ROLE_HOLDER', role: 'committee' },
      { flow: 'complaint', code: 'NO_ROLE_HOLDER', role: 'committee' },
      // Field help is off in the demo: no warning for it.
      { flow: 'volunteer', code: 'NO_ROLE_HOLDER', role: 'coordinator' },
    ]);
  });

  it('counts roles the profile schema does not know yet (coordinator, field) as soon as staff hold them', () => {
    const without = FULL.filter((m) => m.id !== 'fahad' && m.id !== 'huda');
    expect(promiseGaps(withFieldHelp, without, { staffGroup: false })).toEqual([
      { flow: 'field-help', code: 'NO_ROLE_HOLDER', role: 'field' },
      { flow: 'volunteer', code: 'NO_ROLE_HOLDER', role: 'coordinator' },
    ]);
  });

  it('routes handoffs as a handoff is routed: a category no officer or volunteer serves is named', () => {
    const staff = [...FULL.filter((m) => m.id !== 'salem'), member('salem', ['liaison'], ['families'])];
    staff.push(member('vol', ['volunteer'], ['orphans']));
    expect(promiseGaps(withFieldHelp, staff, { staffGroup: false })).toEqual([
      { flow: 'handoff', code: 'HANDOFF_CATEGORY_UNCOVERED', category: 'members' },
    ]);
    // A Telegram staff group sees every handoff: nobody is left without an answer.
    expect(promiseGaps(withFieldHelp, staff, { staffGroup: true })).toEqual([]);
    expect(promiseGaps(demo, [], { staffGroup: true }).map((g) => g.flow)).not.toContain('handoff');
  });

  it('says each gap and its fix in Arabic and English, naming the role to give and where', () => {
    const gap = { flow: 'volunteer', code: 'NO_ROLE_HOLDER', role: 'coordinator' } as const;
    expect(describePromiseGap(gap, { translator, profile: demo, lang: 'en' })).toEqual({
      message:
        'Nobody receives “Volunteer sign-ups”: no active staff member has the coordinator (volunteering coordinator) role.',
      fix: 'Give the coordinator (volunteering coordinator) role to at least one staff member who can read their work: one with a console account (npm run staff:create, or the console’s Staff page) or with a telegramUserId in the profile’s staff list.',
    });
    const uncovered = describePromiseGap(
      { flow: 'handoff', code: 'HANDOFF_CATEGORY_UNCOVERED', category: 'members' },
      { translator, profile: demo, lang: 'ar' },
    );
    expect(uncovered.message).toContain('«أعضاء الجمعية العمومية»');
    expect(uncovered.fix).toContain(
      'أضف فئة «أعضاء الجمعية العمومية» إلى فئات ضابط اتصال أو متطوع يستطيع الاطلاع على عمله',
    );
    const nobody = describePromiseGap(
      { flow: 'handoff', code: 'NO_HANDOFF_RECEIVER' },
      {
        translator,
        profile: demo,
        lang: 'en',
      },
    );
    expect(nobody.fix).toContain('STAFF_TELEGRAM_BOT_TOKEN');
  });
});
