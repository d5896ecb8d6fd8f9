import fc from 'fast-check';
import { createEngineOptions } from '../../flows';
import { loadProfile } from '../../src/config/load-profile';
import type { Profile } from '../../src/config/profile-schema';
import { renderEffects } from '../../src/conversation/render-effects';
import { NEW_BENEFICIARY } from '../../src/domain/beneficiary-facts';
import { InboundMessage, type InboundMessageInput } from '../../src/domain/inbound-message';
import { OutboundMessage } from '../../src/domain/outbound-message';
import { normaliseForMatching, stripBidiControls } from '../../src/domain/text/arabic-normalise';
import type { Effect } from '../../src/engine/effects';
import type { Lang } from '../../src/domain/lang';
import type { BeneficiaryFacts, ConversationSnapshot, StepResult } from '../../src/engine/flow';
import { toFlowInput } from '../../src/engine/flow-input';
import { runStep, type EngineOptions } from '../../src/engine/run-step';
import { ConversationSnapshotSchema } from '../../src/engine/snapshot-schema';
import { createTranslator } from '../../src/i18n/translator';
import { DEMO_PROFILE_PATH } from '../support/flow-driver';
import { FUZZ_PLACES, LANG, restingStates, type FuzzPlace, type PathStep } from './fuzz-places';
import { fuzzStep, type FuzzInput, type FuzzStep } from './fuzz-inputs';

/** What a fuzz run did and found. Every count of a problem must be 0. */
export interface FuzzFigures {
  seed: number;
  cases: number;
  inputs: number;
  /** Resting states the fuzzed steps started from or ended in, of all the registered flows have. */
  statesReached: number;
  restingStates: number;
  /** Distinct state-to-state moves the fuzzed steps made. */
  transitions: number;
  /** Inputs per kind (text, choice press, media, location, replay). */
  byKind: Record<string, number>;
  /** Longest text sent, in characters. */
  longestText: number;
  /** Steps in the conversation with staff left unanswered on purpose (the message went to staff). */
  quietSteps: number;
  crashes: number;
  unanswered: number;
  invalidSnapshots: number;
  invalidMessages: number;
  ms: number;
}

/** A broken promise found by the fuzzer: what was sent, where, and what went wrong. */
export class FuzzViolation extends Error {
  override readonly name = 'FuzzViolation';
  constructor(
    readonly kind: 'crash' | 'unanswered' | 'invalid snapshot' | 'invalid message',
    detail: string,
  ) {
    super(`${kind}: ${detail}`);
  }
}

const START = new Date('2026-11-22T09:00:00+03:00');
const LANGUAGE_CHOICE: Record<Lang, string> = { ar: '1', en: '2' };

interface Engine {
  profile: Profile;
  options: EngineOptions;
}

/** One conversation held in memory the way the conversation service holds it: JSON between steps. */
class Conversation {
  snapshot: ConversationSnapshot | null = null;
  consents: Record<string, string> = {};
  now = START;
  /** Messages sent so far (for replays), newest last. */
  readonly sent: InboundMessage[] = [];
  /** Choice ids offered so far in this conversation (for stale presses). */
  readonly offered: string[] = [];
  private counter = 0;
  private records = 0;

  constructor(
    private readonly engine: Engine,
    private readonly translator: ReturnType<typeof createTranslator>,
    readonly facts: BeneficiaryFacts,
  ) {}

  clone(): Conversation {
    const copy = new Conversation(this.engine, this.translator, this.facts);
    copy.snapshot = this.snapshot && (JSON.parse(JSON.stringify(this.snapshot)) as ConversationSnapshot);
    copy.consents = { ...this.consents };
    copy.now = this.now;
    copy.sent.push(...this.sent);
    copy.offered.push(...this.offered);
    copy.counter = this.counter;
    return copy;
  }

  message(fields: Partial<InboundMessageInput>): InboundMessage {
    return InboundMessage.parse({
      channel: 'inprocess',
      channelMessageId: `fuzz-${++this.counter}`,
      sender: { channelUserId: 'fuzzer' },
      receivedAt: this.now,
      ...fields,
    });
  }

  /** One engine step, as the service runs it; the raw result is returned before the JSON round trip. */
  step(message: InboundMessage): { result: StepResult; messages: OutboundMessage[] } {
    const startLang = this.snapshot?.lang ?? this.engine.options.defaultLang;
    const result = runStep(this.engine.options, this.snapshot, toFlowInput(message), {
      profile: this.engine.profile,
      now: this.now,
      beneficiary: { ...this.facts, consents: { ...this.consents } },
      translate: (lang, key, params) => this.translator.t(lang, key, params),
    });
    const outputs: Record<string, Record<string, string | number>> = {};
    for (const effect of result.effects) {
      if (effect.type === 'createRecord' && effect.as) {
        const n = ++this.records;
        outputs[effect.as] = {
          ref: `${effect.kind.slice(0, 3).toUpperCase()}-${1000 + n}-00`,
          days: 15,
          dueHijri: 'الاثنين 23 شوال 1446هـ',
          dueGregorian: '21 أبريل 2025م',
          dueDate: '2025-04-21',
          stored: 'new',
          told: 'told',
          // A handoff's reach: both texts (someone can receive it, or nobody yet) get exercised.
          reach: n % 2 === 0 ? 'staff' : 'nobody',
          // A channel link's code and outcome: each answer to a typed code gets exercised.
          code: '1234 5678',
          minutes: 10,
          outcome: (['linked', 'invalid', 'same', 'deletionOpen', 'tooMany'] as const)[n % 5]!,
        };
      }
      if (effect.type === 'recordConsent') {
        if (effect.granted) this.consents[effect.purpose] = effect.version;
        else delete this.consents[effect.purpose];
      }
    }
    const messages = renderEffects(result.effects, startLang, this.translator, outputs);
    this.sent.push(message);
    this.snapshot = JSON.parse(JSON.stringify(result.snapshot)) as ConversationSnapshot;
    for (const choice of this.snapshot.choices) this.offered.push(choice.id);
    return { result, messages };
  }

  get at(): string {
    return `${this.snapshot?.flowId}.${this.snapshot?.state}`;
  }
}

/**
 * The engine with every flow, and a conversation resting in each state of `FUZZ_PLACES` in both
 * languages, reached once by its path and then copied for each fuzz case.
 */
export class FuzzWorld {
  readonly translator = createTranslator();
  readonly demo = loadProfile(DEMO_PROFILE_PATH);
  readonly engines = new Map<FuzzPlace, Engine>();
  readonly arrivals: { place: FuzzPlace; lang: Lang; conversation: Conversation }[] = [];
  /** Choice ids offered anywhere: pressed where they are not offered. */
  readonly choicePool: string[];
  readonly resting: string[];

  constructor(places: FuzzPlace[] = FUZZ_PLACES) {
    const demoEngine: Engine = {
      profile: this.demo,
      options: createEngineOptions(this.demo, this.translator),
    };
    this.resting = restingStates(demoEngine.options.registry);
    const listed = places.map((p) => p.at).sort();
    const missing = this.resting.filter((s) => !listed.includes(s));
    if (missing.length > 0) {
      throw new Error(
        `FUZZ_PLACES lacks resting states ${missing.join(', ')}: add a path to each (test/fuzz/fuzz-places.ts)`,
      );
    }
    const pool = new Set<string>();
    for (const place of places) {
      const profile = place.profile ? place.profile(this.demo) : this.demo;
      const engine = place.profile
        ? { profile, options: createEngineOptions(profile, this.translator) }
        : demoEngine;
      this.engines.set(place, engine);
      for (const lang of ['ar', 'en'] as const) {
        const conversation = this.arrive(place, engine, lang);
        this.arrivals.push({ place, lang, conversation });
        for (const id of conversation.offered) pool.add(id);
      }
    }
    this.choicePool = [...pool].sort();
  }

  private arrive(place: FuzzPlace, engine: Engine, lang: Lang): Conversation {
    const facts = { ...NEW_BENEFICIARY('b-fuzz'), ...place.facts };
    const conversation = new Conversation(engine, this.translator, facts);
    const send = (step: PathStep) => {
      const fields = typeof step === 'string' ? { text: step === LANG ? LANGUAGE_CHOICE[lang] : step } : step;
      conversation.step(conversation.message(fields));
    };
    send('hello');
    place.path.forEach(send);
    if (conversation.at !== place.at) {
      throw new Error(
        `the path of ${place.at} (${lang}) now ends in ${conversation.at}: fix test/fuzz/fuzz-places.ts`,
      );
    }
    return conversation;
  }

  /** The message a generated input stands for, in the conversation as it is now. */
  private resolve(conversation: Conversation, input: FuzzInput): InboundMessage {
    const pick = (list: readonly string[], n: number, fallback: string) =>
      list[n % Math.max(1, list.length)] ?? fallback;
    switch (input.t) {
      case 'text':
        return conversation.message({ text: input.text });
      case 'choice': {
        const offered = conversation.snapshot?.choices.map((c) => c.id) ?? [];
        const id =
          input.pick === 'offered'
            ? pick(offered, input.n, pick(this.choicePool, input.n, input.id))
            : input.pick === 'earlier'
              ? pick(conversation.offered, input.n, input.id)
              : input.pick === 'elsewhere'
                ? pick(this.choicePool, input.n, input.id)
                : input.id;
        return conversation.message({
          choiceId: id,
          ...(input.text !== undefined ? { text: input.text } : {}),
        });
      }
      case 'media':
        return conversation.message({
          media: input.media,
          ...(input.text !== undefined ? { text: input.text } : {}),
        });
      case 'location':
        return conversation.message({
          location: {
            latitude: input.latitude,
            longitude: input.longitude,
            ...(input.label !== undefined ? { label: input.label } : {}),
          },
          ...(input.text !== undefined ? { text: input.text } : {}),
        });
      case 'replay': {
        const earlier =
          conversation.sent[conversation.sent.length - 1 - (input.back % conversation.sent.length)];
        return earlier ?? conversation.message({ text: '' });
      }
    }
  }

  /** Whether the person must get an answer: anywhere but the conversation with staff, unless they asked the bot. */
  private mustAnswer(engine: Engine, quiet: boolean, message: InboundMessage): boolean {
    if (!quiet) return true;
    const normalized = normaliseForMatching(stripBidiControls(message.text));
    const vocabulary = engine.options.vocabulary;
    const globalWord = (['menu', 'back', 'cancel', 'help'] as const).some((w) =>
      vocabulary[w].has(normalized),
    );
    const barePress =
      message.choiceId !== undefined && normalized === '' && message.media.length === 0 && !message.location;
    return globalWord || barePress;
  }

  /** Runs one case; throws a {@link FuzzViolation} at the first broken promise. */
  runCase(
    c: { place: number; lang: Lang; steps: FuzzStep[] },
    figures: FuzzFigures,
    seen: { states: Set<string>; moves: Set<string> },
  ): void {
    const arrival = this.arrivals.find(
      (a) => a.place === FUZZ_PLACES[c.place % FUZZ_PLACES.length] && a.lang === c.lang,
    );
    if (!arrival) throw new Error(`no arrival for place ${c.place}`);
    const engine = this.engines.get(arrival.place)!;
    const conversation = arrival.conversation.clone();
    figures.cases++;
    for (const [i, { input, wait }] of c.steps.entries()) {
      conversation.now = new Date(conversation.now.getTime() + wait * 60_000);
      const message = this.resolve(conversation, input);
      const before = conversation.at;
      const quiet =
        FUZZ_PLACES.some((p) => p.quiet && p.at === before) && conversation.facts.openHandoff !== null;
      const where = () => `${arrival.place.at} (${c.lang}), step ${i + 1} in ${before}: ${describe(message)}`;
      figures.inputs++;
      figures.byKind[input.t] = (figures.byKind[input.t] ?? 0) + 1;
      figures.longestText = Math.max(figures.longestText, message.text.length);

      let step: { result: StepResult; messages: OutboundMessage[] };
      try {
        step = conversation.step(message);
      } catch (err) {
        figures.crashes++;
        throw new FuzzViolation('crash', `${where()} threw ${(err as Error).stack ?? String(err)}`);
      }
      const { result, messages } = step;
      seen.states.add(before);
      seen.states.add(conversation.at);
      seen.moves.add(`${before}→${conversation.at}`);

      if (messages.length === 0) {
        if (this.mustAnswer(engine, quiet, message)) {
          figures.unanswered++;
          throw new FuzzViolation('unanswered', `${where()} got no reply (effects ${keys(result.effects)})`);
        }
        const content =
          stripBidiControls(message.text).trim() !== '' ||
          message.media.length > 0 ||
          message.location !== undefined;
        const recorded = result.effects.some((e) => e.type === 'createRecord' && e.kind === 'handoffMessage');
        if (content && !recorded) {
          figures.unanswered++;
          throw new FuzzViolation('unanswered', `${where()} was neither answered nor recorded for staff`);
        }
        figures.quietSteps++;
      }
      for (const out of messages) {
        if (!OutboundMessage.safeParse(out).success) {
          figures.invalidMessages++;
          throw new FuzzViolation(
            'invalid message',
            `${where()} rendered ${JSON.stringify(out).slice(0, 300)}`,
          );
        }
      }
      const problem = this.snapshotProblem(engine, result.snapshot, conversation.snapshot, result.effects);
      if (problem) {
        figures.invalidSnapshots++;
        throw new FuzzViolation('invalid snapshot', `${where()}: ${problem}`);
      }
    }
  }

  /** Why a snapshot could not be stored and loaded again as it is, if it could not. */
  private snapshotProblem(
    engine: Engine,
    raw: ConversationSnapshot,
    stored: ConversationSnapshot | null,
    effects: Effect[],
  ): string | undefined {
    if (!sameAfterJson(raw, stored)) return 'changes in a JSON round trip (a Date, undefined, NaN…)';
    if (!ConversationSnapshotSchema.safeParse(stored).success) return 'fails ConversationSnapshotSchema';
    const flow = engine.options.registry.get(raw.flowId);
    if (!flow) return `names unknown flow ${raw.flowId}`;
    if (flow.version !== raw.flowVersion) return `flow version ${raw.flowVersion} is not ${flow.version}`;
    const node = Object.hasOwn(flow.states, raw.state) ? flow.states[raw.state] : undefined;
    if (!node) return `names unknown state ${raw.state}`;
    if (node.final) return `rests in final state ${raw.state}`;
    const context = flow.contextSchema.safeParse(raw.context);
    if (!context.success) return `context fails ${flow.id}'s schema: ${context.error.message.slice(0, 300)}`;
    if (effects.some((e) => e.type === 'say' && e.key === 'engine.restarted')) {
      return 'the engine found the previous snapshot unusable and restarted';
    }
    return undefined;
  }
}

/**
 * Whether `stored` (after JSON) is what the step produced: same keys (an `undefined` value counts),
 * same types, same values. A Date, a Map, NaN or Infinity does not survive; -0 and 0 are the same number.
 */
function sameAfterJson(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' || typeof b === 'number') return a === b;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  const bo = b as Record<string, unknown>;
  return ka.every((k) => Object.hasOwn(bo, k) && sameAfterJson((a as Record<string, unknown>)[k], bo[k]));
}

function keys(effects: Effect[]): string {
  return effects.map((e) => ('key' in e ? e.key : e.type)).join(', ') || 'none';
}

function describe(message: InboundMessage): string {
  const text =
    message.text.length > 80 ? `${message.text.slice(0, 80)}… (${message.text.length} chars)` : message.text;
  return JSON.stringify({
    text,
    choiceId: message.choiceId,
    media: message.media.length > 0 ? message.media : undefined,
    location: message.location,
    id: message.channelMessageId,
  });
}

export const emptyFigures = (seed: number): FuzzFigures => ({
  seed,
  cases: 0,
  inputs: 0,
  statesReached: 0,
  restingStates: 0,
  transitions: 0,
  byKind: {},
  longestText: 0,
  quietSteps: 0,
  crashes: 0,
  unanswered: 0,
  invalidSnapshots: 0,
  invalidMessages: 0,
  ms: 0,
});

/** Inputs per generated case: each case starts in a place and sends this many messages. */
export const STEPS_PER_CASE = 5;

/**
 * Runs `inputs` generated messages through the engine, `STEPS_PER_CASE` per case, each case starting
 * in a resting state (in turn Arabic or English). Seeded: the same seed replays the same inputs. A
 * broken promise makes fast-check shrink the case and throw with the seed and the smallest failing
 * case; `figures` holds the counts up to the first failure.
 */
export function runEngineFuzz(options: {
  inputs: number;
  seed: number;
  world?: FuzzWorld;
  figures?: FuzzFigures;
}): FuzzFigures {
  const started = Date.now();
  const world = options.world ?? new FuzzWorld();
  const figures = options.figures ?? emptyFigures(options.seed);
  const seen = { states: new Set<string>(), moves: new Set<string>() };
  let failed = false;
  const idle = world.demo.conversation.idleMinutes;
  const cases = fc.record({
    place: fc.nat(FUZZ_PLACES.length - 1),
    lang: fc.constantFrom<Lang>('ar', 'en'),
    steps: fc.array(fuzzStep(idle), { minLength: STEPS_PER_CASE, maxLength: STEPS_PER_CASE }),
  });
  // After the first failure fast-check re-runs smaller cases to shrink it: those do not count.
  const scratch = emptyFigures(options.seed);
  fc.assert(
    fc.property(cases, (c) => {
      try {
        world.runCase(c, failed ? scratch : figures, seen);
      } catch (err) {
        failed = true;
        throw err;
      }
    }),
    { seed: options.seed, numRuns: Math.ceil(options.inputs / STEPS_PER_CASE) },
  );
  figures.statesReached = [...seen.states].filter((s) => world.resting.includes(s)).length;
  figures.restingStates = world.resting.length;
  figures.transitions = seen.moves.size;
  figures.ms = Date.now() - started;
  return figures;
}

/** The figures as the lines a run prints (and docs/RELIABILITY.md records). */
export function formatFigures(f: FuzzFigures): string {
  return [
    `fuzz seed=${f.seed}`,
    `inputs=${f.inputs} cases=${f.cases} (${Object.entries(f.byKind)
      .sort()
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}) longest text=${f.longestText} chars`,
    `states reached=${f.statesReached}/${f.restingStates} transitions=${f.transitions} quiet (handoff) steps=${f.quietSteps}`,
    `crashes=${f.crashes} unanswered=${f.unanswered} invalid snapshots=${f.invalidSnapshots} invalid messages=${f.invalidMessages}`,
    `time=${(f.ms / 1000).toFixed(1)} s`,
  ].join('\n');
}
