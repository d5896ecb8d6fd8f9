import { readSources } from '../support/source-rules';
import { NOTICE_KEYS, isNoticeKey } from '../../src/domain/notice-keys';
import { LOCALES } from '../../src/i18n/translator';
import { REQUEST_RULES } from '../../src/cases/rules/request-transitions';
import { COMPLAINT_RULES } from '../../src/cases/rules/complaint-transitions';
import { VOLUNTEER_NOTICES } from '../../src/cases/rules/volunteer-transitions';
import { ComplaintIntake } from '../../src/console/intake/intake-service';

/**
 * Every notification must have a template (WhatsApp Cloud, outside the 24-hour window), so every key
 * BeneficiaryNotifier can be called with is in NOTICE_KEYS. The notifier refuses others at run time;
 * this finds them before: the keys written at each call, the keys each computed key can take, and the
 * call sites themselves, so a new caller is looked at here.
 */
const CALL = /\.(notify|notifyElsewhere|tellConversation)\(/g;

/** The arguments' text of each notifier call in `text` (up to the matching parenthesis). */
function calls(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(CALL)) {
    let depth = 1;
    let i = m.index + m[0].length;
    for (; i < text.length && depth > 0; i++) {
      if (text[i] === '(') depth++;
      else if (text[i] === ')') depth--;
    }
    found.push(text.slice(m.index + m[0].length, i - 1));
  }
  return found;
}

/** The key-shaped literals of a piece of code: 'a.b', "a.b" and `a.${b}` (as a pattern). */
function keyLiterals(code: string): string[] {
  return [...code.matchAll(/(['"`])([A-Za-z]+(?:\.[\w${}]+)+)\1/g)].map((m) => m[2]!);
}

const matches = (literal: string) => {
  const pattern = new RegExp(`^${literal.replace(/\./g, '\\.').replace(/\$\{[^}]*\}/g, '[\\w]+')}$`);
  return NOTICE_KEYS.filter((key) => pattern.test(key));
};

/** The call sites known today, by file: a new one fails the last test until it is looked at here. */
const KNOWN_CALLS: Record<string, number> = {
  'src/cases/case-actions.ts': 2,
  'src/cases/clock/draft-sweep.ts': 1,
  'src/cases/clock/info-reminder.ts': 1,
  'src/cases/clock/recompute-deadlines.ts': 1,
  'src/cases/data-erasure.ts': 1,
  'src/cases/data-request-queue.ts': 1,
  'src/cases/field-help-queue.ts': 2,
  'src/cases/records/channel-link-records.ts': 1,
  'src/cases/volunteer-queue.ts': 1,
  'src/console/intake/intake-service.ts': 2,
};

const sources = new Map(
  [...readSources('src')].filter(([file]) => file !== 'src/cases/beneficiary-notifier.ts'),
);

describe('NOTICE_KEYS: every key the notifier can be given', () => {
  it('finds a planted unlisted key and a computed key that can leave the list', () => {
    const planted = "await this.deps.notifier.notify(tx, id, 'notify.request.vanished', { ref });";
    expect(
      calls(planted)
        .flatMap(keyLiterals)
        .filter((k) => !isNoticeKey(k)),
    ).toEqual(['notify.request.vanished']);
    expect(matches('notify.complaint.${action}')).toContain('notify.complaint.reply');
    expect(matches('notify.survey.${kind}')).toEqual([]);
  });

  it('lists unique keys, each a text in Arabic and English', () => {
    expect(new Set(NOTICE_KEYS).size).toBe(NOTICE_KEYS.length);
    for (const key of NOTICE_KEYS) {
      for (const lang of ['ar', 'en'] as const) {
        let node: unknown = LOCALES[lang];
        for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
        expect([key, lang, typeof node]).toEqual([key, lang, 'string']);
      }
    }
  });

  it('holds every literal key written at a call, and some key for every computed one', () => {
    const literals: string[] = [];
    for (const [file, text] of sources) {
      for (const args of calls(text)) {
        // A key held in a variable: the literals of its definition in the same file.
        const held = /^\s*tx,\s*[\w.]+,\s*(?:[\w.]+,\s*)?(\w+),/.exec(args)?.[1];
        const definition = held && new RegExp(`const ${held}\\s*=([^;]*);`).exec(text)?.[1];
        for (const literal of keyLiterals(args + (definition ?? ''))) literals.push(`${file}: ${literal}`);
      }
    }
    // Literals at the call, in a ternary there, and in the variable a call passes.
    expect(literals).toEqual(
      expect.arrayContaining([
        'src/cases/data-erasure.ts: queues.data.erasing',
        'src/cases/clock/draft-sweep.ts: engine.documentsReminder',
        'src/cases/case-actions.ts: notify.request.approvedWithNote',
        'src/cases/case-actions.ts: notify.request.${check.to}',
        'src/console/intake/intake-service.ts: console.notify.registered.${intake.ticketKind}',
      ]),
    );
    const unlisted = literals.filter((entry) => matches(entry.split(': ')[1]!).length === 0);
    expect(unlisted).toEqual([]);
  });

  it('holds every key a computed key can take: request statuses, complaint actions, volunteers, intake', () => {
    const computed = [
      ...Object.values(REQUEST_RULES).map((rule) => `notify.request.${rule.to}`),
      ...Object.keys(COMPLAINT_RULES).map((action) => `notify.complaint.${action}`),
      ...Object.values(VOLUNTEER_NOTICES).filter((key): key is string => key !== undefined),
      ...ComplaintIntake.shape.ticketKind.options.map((kind) => `console.notify.registered.${kind}`),
      // The info reminder's two keys and a holiday change's (keys passed through a local function).
      'notify.request.infoReminder',
      'notify.request.infoReminderReason',
      'notify.request.dueMoved',
      'notify.complaint.dueMoved',
    ];
    expect(computed.filter((key) => !isNoticeKey(key))).toEqual([]);
  });

  it('knows every call site (a new caller: add its keys to NOTICE_KEYS and its count here)', () => {
    const found: Record<string, number> = {};
    for (const [file, text] of sources) {
      const n = calls(text).length;
      if (n > 0) found[file] = n;
    }
    expect(found).toEqual(KNOWN_CALLS);
  });
});
