import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '../../src/config/config-error';
import { loadProfile } from '../../src/config/load-profile';
import { DEMO_PROFILE_PATH } from '../support/flow-driver';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tawasul-profile-'));
function profileFile(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

function failure(file: string): string {
  try {
    loadProfile(file);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('the profile loaded, but it should have been refused');
}

describe('association profile', () => {
  it('loads the demo profile with its defaults applied', () => {
    const profile = loadProfile(DEMO_PROFILE_PATH);
    expect(profile.association.name.ar).toContain('جمعية');
    expect(profile.deadlines.decisionWorkingDays).toBe(15);
    expect(profile.calendar.weekend).toEqual(['friday', 'saturday']);
    expect(profile.services.length).toBeGreaterThan(0);
  });

  it('writes Arabic numbers in Latin digits unless the profile chooses Arabic-Indic, and refuses other styles', () => {
    const minimal = [
      'association: { name: { ar: جمعية } }',
      'privacy: { noticeVersion: "1" }',
      'categories: [{ id: families, name: { ar: الأسر } }]',
      'services: []',
    ];
    const withLanguages = (line: string) => profileFile('digits.yaml', [...minimal, line].join('\n'));
    expect(loadProfile(profileFile('no-languages.yaml', minimal.join('\n'))).languages.arabicDigits).toBe(
      'latin',
    );
    expect(loadProfile(withLanguages('languages: { default: ar }')).languages.arabicDigits).toBe('latin');
    const indic = loadProfile(withLanguages('languages: { arabicDigits: arabic-indic }'));
    expect(indic.languages.arabicDigits).toBe('arabic-indic');
    expect(failure(withLanguages('languages: { arabicDigits: hindi }'))).toContain(
      'at languages.arabicDigits',
    );
  });

  it("takes the association's own words per intent, and refuses an intent that does not exist", () => {
    const minimal = [
      'association: { name: { ar: جمعية } }',
      'privacy: { noticeVersion: "1" }',
      'categories: [{ id: families, name: { ar: الأسر } }]',
      'services: []',
    ];
    const withIntents = (line: string) => profileFile('intents.yaml', [...minimal, line].join('\n'));
    expect(loadProfile(withIntents('intents: { apply: [بطانيات, كسوة الشتاء] }')).intents).toEqual({
      apply: ['بطانيات', 'كسوة الشتاء'],
    });
    expect(failure(withIntents('intents: { aply: [بطانيات] }'))).toContain('intents');
  });

  it('names the file, the path inside it and the fix when a value is wrong', () => {
    const file = profileFile(
      'bad.yaml',
      [
        'association: { name: { ar: جمعية } }',
        'privacy: { noticeVersion: "1" }',
        'categories: [{ id: families, name: { ar: الأسر } }]',
        'services:',
        '  - { id: Food Basket, name: { ar: سلة }, description: { ar: س }, category: orphans, eligibility: { ar: ش } }',
        'calendar: { workingHours: { start: "8am", end: "16:00" } }',
      ].join('\n'),
    );
    const message = failure(file);
    expect(message).toContain(file);
    expect(message).toContain('at services.0.id: use lower-case letters');
    expect(message).toContain('at services.0.category: unknown category "orphans"');
    expect(message).toContain('at calendar.workingHours.start: write times as HH:MM');
  });

  describe('refuses a key the schema does not know, with its path and the nearest valid key', () => {
    const minimal = [
      'association: { name: { ar: جمعية } }',
      'privacy: { noticeVersion: "1" }',
      'categories: [{ id: families, name: { ar: الأسر } }]',
    ];
    const withLines = (...lines: string[]) => profileFile('typo.yaml', [...minimal, ...lines].join('\n'));

    it('at the top level', () => {
      const message = failure(withLines('deadlinez: { decisionWorkingDays: 20 }'));
      expect(message).toContain('has 1 problem(s)');
      expect(message).toContain('  - at deadlinez: unknown key; did you mean "deadlines"?');
    });

    it('nested in an object, rather than using the default silently', () => {
      expect(failure(withLines('deadlines: { decisionWorkingDay: 20 }'))).toContain(
        '  - at deadlines.decisionWorkingDay: unknown key; did you mean "decisionWorkingDays"?',
      );
      expect(
        failure(withLines('calendar: { workingHours: { start: "08:00", end: "16:00", lunch: "12:00" } }')),
      ).toContain('  - at calendar.workingHours.lunch: unknown key: the keys here are start, end');
    });

    it("inside an array item: a service's field, checked against the keys of its own type", () => {
      const message = failure(
        withLines(
          'services:',
          '  - id: food',
          '    name: { ar: سلة }',
          '    description: { ar: سلة غذائية }',
          '    category: families',
          '    eligibility: { ar: الأسر }',
          '    fields:',
          '      - { id: size, type: number, label: { ar: العدد }, max: 20 }',
          '      - { id: note, type: text, label: { ar: ملاحظة }, maxLenght: 50 }',
        ),
      );
      expect(message).toContain('has 1 problem(s)');
      expect(message).toContain(
        '  - at services.0.fields.1.maxLenght: unknown key; did you mean "maxLength"?',
      );
    });

    it('names each unknown key once, with the other problems of the file', () => {
      const message = failure(
        profileFile(
          'typos.yaml',
          [
            'association: { name: { ar: جمعية }, webiste: "https://example.org" }',
            ...minimal.slice(1),
            'conversation: { reminderMinute: 20, idleMinutes: "soon" }',
          ].join('\n'),
        ),
      );
      expect(message).toContain('has 3 problem(s)');
      expect(message).toContain('  - at association.webiste: unknown key; did you mean "website"?');
      expect(message).toContain(
        '  - at conversation.reminderMinute: unknown key; did you mean "reminderMinutes"?',
      );
      expect(message).toContain('  - at conversation.idleMinutes:');
    });

    it('in an intent list keyed by intent id', () => {
      expect(failure(withLines('intents: { aply: [بطانيات] }'))).toContain(
        '  - at intents: unknown key "aply"; did you mean "apply"?',
      );
    });
  });

  it('says what is missing when a required section is absent', () => {
    const message = failure(profileFile('empty.yaml', 'association: { name: { ar: جمعية } }\n'));
    expect(message).toMatch(/at privacy:/);
    expect(message).toMatch(/at categories:/);
  });

  it('reports broken YAML and a missing file with how to fix them', () => {
    expect(failure(profileFile('broken.yaml', 'association: [unclosed\n'))).toContain('is not valid YAML');
    expect(failure(path.join(dir, 'nowhere.yaml'))).toContain('set PROFILE_PATH');
  });
});
