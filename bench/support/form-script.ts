import type { InboundMessageInput } from '../../src/domain/inbound-message';
import type { OutboundMessage } from '../../src/domain/outbound-message';
import type { Translator } from '../../src/i18n/translator';

/** One message a simulated person sends, and what the reply to it must show. */
export interface ScriptStep {
  label: string;
  input: string | Partial<InboundMessageInput>;
  /** What is wrong with the reply, or undefined when it is the expected one. */
  check: (reply: OutboundMessage) => string | undefined;
}

/** Everything one simulated person says, in two parts. */
export interface UserScript {
  userId: string;
  index: number;
  name: string;
  nationalId: string;
  /** First contact: greeting → language → privacy consent. Not part of the measured form. */
  onboarding: ScriptStep[];
  /** The measured part: menu → request → start → four answers (+ a wrong ID for 10 %) → summary → declaration. */
  form: ScriptStep[];
}

/** A deterministic random source (mulberry32), so every run sends the same messages. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['محمد', 'عبدالله', 'فاطمة', 'نورة', 'سارة', 'خالد', 'أحمد', 'مريم', 'عبدالرحمن', 'هيفاء'];
const FAMILY = ['القحطاني', 'العتيبي', 'الشهري', 'الغامدي', 'الزهراني', 'الدوسري', 'المطيري', 'الحربي'];
const ARABIC_DIGITS = '٠١٢٣٤٥٦٧٨٩';
const toArabicDigits = (text: string) => text.replace(/\d/g, (d) => ARABIC_DIGITS[Number(d)] ?? d);

/** A 10-digit ID that passes the Luhn check (citizen 1…, resident 2…), from a 9-digit body. */
export function nationalIdFrom(body: string): string {
  for (let check = 0; check <= 9; check++) {
    const candidate = `${body}${check}`;
    let total = 0;
    for (let i = 0; i < candidate.length; i++) {
      const doubled = i % 2 === 0 ? Number(candidate[i]) * 2 : Number(candidate[i]);
      total += doubled > 9 ? doubled - 9 : doubled;
    }
    if (total % 10 === 0) return candidate;
  }
  throw new Error(`no check digit for ${body}`);
}

/** The same ID with a wrong last digit: refused for its checksum. */
const withWrongCheckDigit = (id: string) => `${id.slice(0, 9)}${(Number(id.slice(9)) + 1) % 10}`;

const choiceIds = (reply: OutboundMessage) =>
  reply.kind === 'choices' ? reply.choices.map((c) => c.id) : [];
const textOf = (reply: OutboundMessage) => ('text' in reply ? reply.text : '');

function offers(...ids: string[]) {
  return (reply: OutboundMessage) => {
    const offered = choiceIds(reply);
    const missing = ids.filter((id) => !offered.includes(id));
    return missing.length === 0
      ? undefined
      : `expected choices ${ids.join(', ')}, got [${offered.join(', ')}]: ${textOf(reply).slice(0, 80)}`;
  };
}

function says(...parts: string[]) {
  return (reply: OutboundMessage) => {
    const text = textOf(reply);
    const missing = parts.filter((p) => !text.includes(p));
    return missing.length === 0
      ? undefined
      : `expected the reply to contain «${missing.join('», «')}», got: ${text.slice(0, 120)}`;
  };
}

const both =
  (...checks: ((reply: OutboundMessage) => string | undefined)[]) =>
  (reply: OutboundMessage) => {
    for (const check of checks) {
      const problem = check(reply);
      if (problem) return problem;
    }
    return undefined;
  };

/** A reference number as the store makes them (`REQ-4821-27`). */
export const REFERENCE_PATTERN = /REQ-\d{4,9}-\d{2}/;

/**
 * The conversations of `count` people on the bench profile, typed the way people do: digits in either
 * script, labels, button presses. User `i` with `i % 10 === 0` first sends an ID with a wrong check digit
 * and is asked again (10 %).
 */
export function buildScripts(
  count: number,
  translator: Translator,
  options: { seed?: number; idPrefix?: string } = {},
): UserScript[] {
  const { seed = 8, idPrefix = 'u' } = options;
  const random = seededRandom(seed);
  const pick = <T>(options: readonly T[]): T => options[Math.floor(random() * options.length)] as T;
  // The step marker «(2/4)» as the translator writes it, in the profile's digits.
  const fieldStep = (n: number) =>
    /^\([^)]*\)/.exec(
      translator.t('ar', 'request.ask.text', { step: n, total: 4, label: '', hint: '' }),
    )?.[0] ?? `(${n}/4)`;
  const invalidChecksum = translator.t('ar', 'request.invalid.nationalId.checksum');
  const scripts: UserScript[] = [];
  for (let index = 0; index < count; index++) {
    const name = `${pick(FIRST)} ${pick(FIRST)} ${pick(FIRST)} ${pick(FAMILY)}`;
    const body = `${pick(['1', '2'])}${String(Math.floor(random() * 1e8)).padStart(8, '0')}`;
    const nationalId = nationalIdFrom(body);
    const size = String(1 + Math.floor(random() * 12));
    const atMenu = offers('service-request');
    const form: ScriptStep[] = [
      { label: 'menu', input: pick(['قائمة', 'القائمة', '٠', '0']), check: atMenu },
      {
        label: 'choose request',
        input: pick<ScriptStep['input']>([{ choiceId: 'service-request' }, 'تقديم طلب خدمة', 'طلب خدمة']),
        check: offers('start', 'other'),
      },
      {
        label: 'start',
        input: pick<ScriptStep['input']>(['1', '١', { choiceId: 'start' }, 'ابدأ الطلب']),
        check: says(fieldStep(1)),
      },
      { label: 'name', input: name, check: says(fieldStep(2)) },
    ];
    if (index % 10 === 0) {
      form.push({
        label: 'invalid national ID',
        input: withWrongCheckDigit(nationalId),
        check: says(invalidChecksum, fieldStep(2)),
      });
    }
    form.push(
      {
        label: 'national ID',
        input: random() < 0.3 ? toArabicDigits(nationalId) : nationalId,
        check: both(says(fieldStep(3)), offers('city-0', 'city-1', 'city-2')),
      },
      {
        label: 'city',
        input: pick<ScriptStep['input']>(['الرياض', '2', 'جده', { choiceId: 'city-2' }]),
        check: says(fieldStep(4)),
      },
      {
        label: 'family size',
        input: random() < 0.5 ? toArabicDigits(size) : size,
        check: both(offers('confirm', 'edit', 'discard'), says(name, nationalId)),
      },
      {
        label: 'summary: yes',
        input: pick<ScriptStep['input']>(['نعم', '1', { choiceId: 'confirm' }]),
        check: offers('declare', 'review'),
      },
      {
        label: 'declaration: agree',
        input: pick<ScriptStep['input']>(['أقر', '1', { choiceId: 'declare' }]),
        check: both(atMenu, (reply) =>
          REFERENCE_PATTERN.test(textOf(reply)) ? undefined : 'no reference number in the reply',
        ),
      },
    );
    scripts.push({
      userId: `${idPrefix}${index}`,
      index,
      name,
      nationalId,
      onboarding: [
        { label: 'greeting', input: 'السلام عليكم', check: offers('ar', 'en') },
        {
          label: 'language',
          input: pick<ScriptStep['input']>(['العربية', '1', { choiceId: 'ar' }]),
          check: offers('accept', 'decline'),
        },
        {
          label: 'consent',
          input: pick<ScriptStep['input']>(['أوافق', '1', { choiceId: 'accept' }]),
          check: atMenu,
        },
      ],
      form,
    });
  }
  return scripts;
}
