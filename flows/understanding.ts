import type { Profile } from '../src/config/profile-schema';
import type { BeneficiaryFacts } from '../src/domain/beneficiary-facts';
import { IntentMatcher, type IntentMatch } from '../src/domain/understanding/intent-matcher';
import { INTENT_IDS, outranking, type IntentId } from '../src/domain/understanding/intents';
import { normaliseForMatching } from '../src/domain/text/arabic-normalise';
import type { FlowInput } from '../src/engine/flow';
import { localeWords } from '../src/i18n/locale-words';
import { clearWinner, searchAnswers } from './faq-answers';
import { readTypedReference } from './request-status';

/** What free text at a resting state asks for, read once per message. */
export type Understanding =
  | { kind: 'reference'; reference: string; own: boolean }
  | { kind: 'mistypedReference' }
  | { kind: 'intent'; intent: IntentId; serviceId?: string; why: IntentMatch }
  /** Two or more intents fit equally: the person is asked which they meant. */
  | { kind: 'unsure'; intents: IntentId[] }
  /** A question the profile's FAQ or services answer (`faq:<id>`/`service:<id>`, best first). */
  | { kind: 'question'; results: string[]; clear: boolean }
  /** Shaped as a question, but nothing in the profile answers it. */
  | { kind: 'unansweredQuestion' }
  | { kind: 'none' };

/** A service's own phrases (its names and keywords) count as asking to apply for it. */
const SERVICE = 'service:';
/** Longer texts are not read for intents (a story belongs in a complaint or with staff, not the menu). */
const READ_AT_MOST = 500;
/**
 * An FAQ hit this strong (a title or keyword matched, not only an answer's body) answers a question
 * that also names an intent; a weaker one leaves it to the intent («فيه احد يرد؟»).
 */
const CONVINCING_FAQ_SCORE = 1.5;
/** At most this many intents are offered in a "did you mean" question. */
const UNSURE_MAX = 3;

interface Readers {
  intents: IntentMatcher;
  questionWords: ReadonlySet<string>;
  wantWords: ReadonlySet<string>;
}

const readersByProfile = new WeakMap<Profile, Readers>();

/** The locales' phrases per intent with the profile's own, and the services' names: built once per profile. */
function readersFor(profile: Profile): Readers {
  let readers = readersByProfile.get(profile);
  if (!readers) {
    const services = profile.services.map((s) => ({
      intent: `${SERVICE}${s.id}`,
      phrases: [s.name.ar, ...(s.name.en ? [s.name.en] : []), ...s.keywords],
    }));
    readers = {
      intents: new IntentMatcher([
        ...INTENT_IDS.map((intent) => ({
          intent,
          phrases: [...localeWords(`intents.${intent}`), ...(profile.intents[intent] ?? [])],
        })),
        ...services,
      ]),
      questionWords: new Set(localeWords('vocab.questionWords').map(normaliseForMatching)),
      wantWords: new Set(localeWords('vocab.wantWords').map(normaliseForMatching)),
    };
    readersByProfile.set(profile, readers);
  }
  return readers;
}

/** Whether the text asks something: a question mark, or a question word first («وش», «كيف», "how"). */
function isQuestion(input: FlowInput, readers: Readers): boolean {
  return /[?؟]/.test(input.text) || opensWithQuestionWord(input, readers);
}

/** The text opens with a question word («هل», «كم», «متى», "how"). */
function opensWithQuestionWord(input: FlowInput, readers: Readers): boolean {
  return readers.questionWords.has(input.normalized.split(' ', 1)[0] ?? '');
}

/** The text says the person wants or needs something («ابي», «ودي», «محتاج», "I want"). */
function wantsSomething(input: FlowInput, readers: Readers): boolean {
  return input.normalized.split(' ').some((w) => readers.wantWords.has(w));
}

/** Service phrases folded into "apply": the service is remembered when exactly one was named. */
function foldServices(matches: IntentMatch[]): { matches: IntentMatch[]; serviceId?: string } {
  const named = matches.filter((m) => m.intent.startsWith(SERVICE));
  if (named.length === 0) return { matches };
  const others = matches.filter((m) => !m.intent.startsWith(SERVICE) && m.intent !== 'apply');
  const apply = [...named, ...matches.filter((m) => m.intent === 'apply')].sort(
    (a, b) => b.score - a.score,
  )[0];
  const words = new Set(
    [...named, ...matches.filter((m) => m.intent === 'apply')].flatMap((m) => [...m.words]),
  );
  const folded = [...others, { ...(apply as IntentMatch), intent: 'apply', words }].sort(
    (a, b) => b.score - a.score,
  );
  const serviceId = named.length === 1 ? named[0]?.intent.slice(SERVICE.length) : undefined;
  return serviceId ? { matches: folded, serviceId } : { matches: folded };
}

function read(input: FlowInput, profile: Profile, beneficiary: BeneficiaryFacts): Understanding {
  const typed = readTypedReference(input.text);
  if (typed.kind === 'valid') {
    const own = beneficiary.cases.some((c) => c.reference === typed.reference);
    return { kind: 'reference', reference: typed.reference, own };
  }
  if (typed.kind === 'mistyped') return { kind: 'mistypedReference' };

  const readers = readersFor(profile);
  const folded = foldServices(readers.intents.read(input.normalized).matches);
  const matches = outranking(folded.matches);
  const { serviceId } = folded;
  const asked = isQuestion(input, readers);
  // A question goes to the FAQ first, unless an intent's own phrase is the question («وش صار على
  // طلبي», "what happened to my application"), or the FAQ only shares words with an answer's body.
  const phraseAsks = matches.some((m) =>
    m.phrases.some((phrase) =>
      normaliseForMatching(phrase)
        .split(' ')
        .some((w) => readers.questionWords.has(w)),
    ),
  );
  if (asked && !phraseAsks) {
    const found = searchAnswers(profile, input.normalized);
    const winner = clearWinner(found);
    const convincing = matches.length === 0 || (found[0]?.score ?? 0) >= CONVINCING_FAQ_SCORE;
    if (winner && convincing) return { kind: 'question', results: [winner], clear: true };
    if (found.length > 1 && convincing)
      return { kind: 'question', results: found.map((f) => f.id), clear: false };
    // «هل بياناتي سرية؟», «متى يحق لي التعويض؟»: asking how things are, not asking for something
    // (a want-word, or a request spelt out in more than one word: "can I talk to a real person").
    const weakIntent = (matches[0]?.score ?? 0) <= 1;
    if (weakIntent && opensWithQuestionWord(input, readers) && !wantsSomething(input, readers)) {
      return { kind: 'unansweredQuestion' };
    }
  }
  const [first] = matches;
  if (first) {
    const top = matches.filter((m) => m.score === first.score);
    // A tie is asked about: «طلب» may be a new request or one's request's status.
    const [intentMatch] = top;
    if (top.length > 1 || !intentMatch) {
      return { kind: 'unsure', intents: top.slice(0, UNSURE_MAX).map((m) => m.intent as IntentId) };
    }
    const intent = intentMatch.intent as IntentId;
    return intent === 'apply' && serviceId
      ? { kind: 'intent', intent, serviceId, why: intentMatch }
      : { kind: 'intent', intent, why: intentMatch };
  }
  if (!asked) {
    const winner = clearWinner(searchAnswers(profile, input.normalized));
    if (winner) return { kind: 'question', results: [winner], clear: true };
  }
  return asked ? { kind: 'unansweredQuestion' } : { kind: 'none' };
}

const readings = new WeakMap<FlowInput, Understanding>();

/**
 * What this message asks for: a reference (own case or not), an intent, a choice between intents, a
 * question for the FAQ, or nothing. Read once per message (guards ask again and again within a step).
 */
export function understand(
  input: FlowInput | null,
  profile: Profile,
  beneficiary: BeneficiaryFacts,
): Understanding {
  if (!input || input.choiceId !== undefined) return { kind: 'none' };
  // A letter-length text is not a menu request (and is not worth reading word by word at every step).
  if (input.normalized.length === 0 || input.normalized.length > READ_AT_MOST) return { kind: 'none' };
  let reading = readings.get(input);
  if (!reading) {
    reading = read(input, profile, beneficiary);
    readings.set(input, reading);
  }
  return reading;
}
