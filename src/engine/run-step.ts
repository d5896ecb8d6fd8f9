/*
 * Why this file is long: it is one state machine, the `Step` (restore, courtesy, choices, global words,
 * the resting states' reading, transitions, prompts); its parts share the step's state, and the pure
 * pieces that do not are already apart (step-helpers.ts, everyday-words.ts).
 */
import { parseNormalisedChoiceNumber } from '../domain/text/arabic-numbers';
import type { Lang, TextParams } from '../domain/lang';
import type { Effect } from './effects';
import { EngineConfigError } from './engine-config-error';
import { asOwn } from './as-own';
import type {
  ActionResult,
  AnyFlow,
  ConversationSnapshot,
  FlowEnv,
  FlowInput,
  GlobalWord,
  OfferedChoice,
  Ref,
  StateNode,
  StepResult,
  Transition,
} from './flow';
import type { FlowRegistry } from './flow-registry';
import { readCourtesy, type EverydayWords } from './everyday-words';
import { ConversationSnapshotSchema } from './snapshot-schema';
import { fallbackKey, HAS_WORDS, translatorFor, typedChoice, unref } from './step-helpers';

/** Normalised words that act in every state, all languages together (people mix them). */
export type GlobalVocabulary = Record<GlobalWord, ReadonlySet<string>>;

export interface EngineOptions {
  registry: FlowRegistry;
  /** The flow a new conversation starts in (greeting and consent). */
  entryFlow: string;
  /** The flow "menu" leads to, and where finished flows return. */
  menuFlow: string;
  vocabulary: GlobalVocabulary;
  /** Default idle expiry for flows that do not set their own. */
  idleMinutes: number;
  /** Idle expiry in `patient` states (a person gathering documents); default `idleMinutes`. */
  patientIdleMinutes?: number;
  defaultLang: Lang;
  /** Everyday yes/no and courtesies; without them only offered choices and global words are read. */
  everyday?: EverydayWords;
  /**
   * The state whose transitions read free text at resting states (`StateNode.resting`): a reference,
   * an intent. Its transitions run as that flow's; when none takes the text, the resting state keeps it.
   */
  understanding?: { flow: string; state: string };
}

/** What the caller knows before the step: facts and a translator per language. Pure data and functions. */
export interface StepEnv<P = unknown> {
  profile: P;
  now: Date;
  beneficiary: FlowEnv['beneficiary'];
  translate: (lang: Lang, key: string, params?: TextParams) => string;
}

/** Guards against a flow that bounces between final states and starters forever. */
const MAX_TRANSITIONS_PER_STEP = 25;

/**
 * One engine step: (snapshot, input) → (new snapshot, effects). Pure: no I/O, no clock (time comes
 * in `env.now`), no randomness. Every input gets at least one effect in reply.
 */
export function runStep(
  options: EngineOptions,
  stored: ConversationSnapshot | null,
  input: FlowInput,
  env: StepEnv,
): StepResult {
  return new Step(options, env).run(stored, input);
}

/** Starts a conversation (or a given flow) without an input, e.g. when staff hand a person back. */
export function startFlow(
  options: EngineOptions,
  stored: ConversationSnapshot | null,
  flowId: string,
  env: StepEnv,
  payload?: Record<string, unknown>,
): StepResult {
  const step = new Step(options, env);
  step.lang = stored?.lang ?? null;
  step.enter(flowId, payload);
  return step.result();
}

class Step {
  lang: Lang | null = null;
  private flow!: AnyFlow;
  private state = '';
  private context: unknown;
  private choices: OfferedChoice[] = [];
  /** Which of `choices` are the yes and the no, when the last question was a yes/no one. */
  private yesNo: ConversationSnapshot['yesNo'];
  private readonly effects: Effect[] = [];
  private transitions = 0;
  /** The person's facts as this step changes them (a consent given now counts for the next state). */
  private beneficiary: FlowEnv['beneficiary'];
  private flowEnv: FlowEnv | undefined;
  /** A payload an action left for the flow the next `#flowId` target starts. */
  private startWith: Record<string, unknown> | undefined;

  constructor(
    private readonly options: EngineOptions,
    private readonly env: StepEnv,
  ) {
    this.beneficiary = { ...env.beneficiary, consents: { ...env.beneficiary.consents } };
  }

  run(stored: ConversationSnapshot | null, message: FlowInput): StepResult {
    if (!stored) {
      this.returnCourtesy(message, true);
      this.enter(this.options.entryFlow);
      return this.result();
    }
    if (!this.restore(stored)) return this.result();
    const nothingPending = this.flow.id === this.options.menuFlow || this.node.resting === true;
    const courtesy = this.node.quiet ? undefined : this.returnCourtesy(message, nothingPending);
    if (courtesy?.empty) {
      // Only a salaam: returned, and the question asked again (never read as an answer).
      this.prompt();
      return this.result();
    }
    const raw = courtesy?.rest ?? message;

    const flowIdle =
      this.node.patient && this.options.patientIdleMinutes !== undefined
        ? Math.max(this.options.patientIdleMinutes, this.flow.idleMinutes ?? this.options.idleMinutes)
        : (this.flow.idleMinutes ?? this.options.idleMinutes);
    const idleMs = this.env.now.getTime() - Date.parse(stored.updatedAt);
    const resting = this.flow.id === this.options.menuFlow || this.flow.id === this.options.entryFlow;
    if (!resting && idleMs > flowIdle * 60_000) {
      this.say('engine.expired');
      this.enter(this.options.menuFlow);
      return this.result();
    }

    const input = this.resolveChoice(raw);
    if (!input) return this.result();
    if (this.handleGlobalWord(input)) return this.result();
    if (this.node.resting && input.choiceId === undefined && this.understood(input)) return this.result();
    this.handleInput(input);
    return this.result();
  }

  /** A courtesy the message opens with is returned first; the rest is read without it. */
  private returnCourtesy(
    input: FlowInput,
    resting: boolean,
  ): { rest: FlowInput; empty: boolean } | undefined {
    const courtesy = this.options.everyday && readCourtesy(input, this.options.everyday, resting);
    if (courtesy) this.say(courtesy.reply);
    return courtesy;
  }

  /**
   * Text at a resting state, read by the engine's `understanding` state (a reference, an intent): when
   * one of its transitions takes it, the conversation goes on from there; otherwise nothing changed.
   */
  private understood(input: FlowInput): boolean {
    const where = this.options.understanding;
    if (!where || input.normalized.length === 0) return false;
    const flow = this.options.registry.require(where.flow);
    const node = flow.states[where.state];
    if (!node) throw new EngineConfigError(`flow "${where.flow}" has no state "${where.state}"`);
    const resting = { flow: this.flow, state: this.state, context: this.context };
    this.flow = flow;
    this.state = where.state;
    this.context = flow.createContext(asOwn(this.env4flow));
    const transition = (node.on ?? []).find((t) => !t.guard || this.check(t.guard, input));
    if (transition) {
      this.take(transition, input);
      return true;
    }
    ({ flow: this.flow, state: this.state, context: this.context } = resting);
    return false;
  }

  result(): StepResult {
    return {
      effects: this.effects,
      snapshot: {
        v: 1,
        lang: this.lang,
        flowId: this.flow.id,
        flowVersion: this.flow.version,
        state: this.state,
        context: this.context,
        choices: this.choices,
        ...(this.yesNo ? { yesNo: this.yesNo } : {}),
        updatedAt: this.env.now.toISOString(),
      },
    };
  }

  /** Loads a stored snapshot; one that no longer fits its flow restarts politely instead of crashing. */
  private restore(stored: ConversationSnapshot): boolean {
    const parsed = ConversationSnapshotSchema.safeParse(stored);
    this.lang = parsed.success ? parsed.data.lang : null;
    const flow = parsed.success ? this.options.registry.get(parsed.data.flowId) : undefined;
    const fits =
      parsed.success &&
      flow !== undefined &&
      flow.version === parsed.data.flowVersion &&
      Object.hasOwn(flow.states, parsed.data.state);
    const context = fits ? flow.contextSchema.safeParse(parsed.data.context) : undefined;
    if (!fits || !context?.success) {
      this.say('engine.restarted');
      this.enter(this.lang ? this.options.menuFlow : this.options.entryFlow);
      return false;
    }
    this.flow = flow;
    this.state = parsed.data.state;
    this.context = context.data;
    this.choices = parsed.data.choices;
    this.yesNo = parsed.data.yesNo;
    return true;
  }

  private get env4flow(): FlowEnv {
    const lang = this.lang ?? this.options.defaultLang;
    // Made once per language and facts, not on every guard and action: a step asks for it dozens of
    // times, and each new object and closure showed in the benchmark's profile (issue #8).
    if (this.flowEnv?.lang !== lang || this.flowEnv.beneficiary !== this.beneficiary) {
      this.flowEnv = {
        profile: this.env.profile,
        now: this.env.now,
        beneficiary: this.beneficiary,
        lang,
        t: translatorFor(this.env.translate, lang),
      };
    }
    return this.flowEnv;
  }

  private get node(): StateNode {
    const node = this.flow.states[this.state];
    if (!node) throw new EngineConfigError(`flow "${this.flow.id}" has no state "${this.state}"`);
    return node;
  }

  /** Turns a button press or a typed number/ordinal/label into one of the offered choice ids. */
  private resolveChoice(input: FlowInput): FlowInput | undefined {
    if (this.choices.length === 0) {
      if (input.choiceId === undefined) return input;
      if (input.normalized.length === 0 && input.media.length === 0 && !input.location) {
        // A button from an older message, pressed where no choice is offered now.
        this.say('engine.staleChoice');
        this.prompt();
        return undefined;
      }
      return { ...input, choiceId: undefined };
    }
    if (input.choiceId !== undefined) {
      if (this.choices.some((c) => c.id === input.choiceId)) return input;
      // A button from an older message: say so rather than acting on a choice no longer offered.
      this.say('engine.staleChoice');
      this.prompt();
      return undefined;
    }
    // A global word wins over a typed choice: the Arabic word for "help" must not pick the FAQ entry
    // "what are the conditions for help?", nor "0" (menu) be read as an out-of-range number.
    if (this.globalWord(input.normalized)) return input;
    const n = parseNormalisedChoiceNumber(input.normalized);
    if (n !== undefined) {
      const picked = this.choices[n - 1];
      if (picked) return { ...input, choiceId: picked.id };
      // A bare number that is not on the list: only re-prompt when the text is nothing but that number.
      if (/^\d+$/.test(input.normalized)) {
        this.say('engine.choiceOutOfRange', { count: this.choices.length });
        this.prompt();
        return undefined;
      }
    }
    const typed = typedChoice(this.choices, input.normalized, this.yesNo, this.options.everyday);
    return typed ? { ...input, choiceId: typed } : input;
  }

  private handleGlobalWord(input: FlowInput): boolean {
    if (input.choiceId !== undefined) return false;
    const word = this.globalWord(input.normalized);
    if (!word) return false;
    const own = this.node.words?.[word];
    if (own && (!own.guard || this.check(own.guard, input))) {
      this.take(own, input);
      return true;
    }
    switch (word) {
      case 'menu':
        this.enter(this.options.menuFlow);
        return true;
      case 'cancel':
        if (this.flow.id === this.options.menuFlow) {
          this.say('engine.nothingToCancel');
          this.prompt();
        } else {
          this.say('engine.cancelled');
          this.enter(this.options.menuFlow);
        }
        return true;
      case 'back':
        if (this.node.back) {
          this.take(this.node.back, input);
        } else {
          this.say('engine.cannotGoBack');
          this.prompt();
        }
        return true;
      case 'help':
        this.say(this.node.help ?? 'engine.help');
        this.prompt();
        return true;
    }
  }

  /** The global word the text is, if this flow honours it. */
  private globalWord(normalized: string): GlobalWord | undefined {
    const word = (['menu', 'cancel', 'back', 'help'] as const).find((w) =>
      this.options.vocabulary[w].has(normalized),
    );
    return word && (!this.flow.globalWords || this.flow.globalWords.includes(word)) ? word : undefined;
  }

  private handleInput(input: FlowInput): void {
    const transition = (this.node.on ?? []).find((t) => !t.guard || this.check(t.guard, input));
    if (transition) {
      this.take(transition, input);
      return;
    }
    this.say(fallbackKey(input));
    this.prompt();
  }

  private take(transition: Transition, input: FlowInput | null): void {
    for (const ref of transition.actions ?? []) this.exec(ref, input);
    if (transition.target) this.goto(transition.target);
    else if (transition.reprompt) this.prompt();
  }

  private goto(target: string): void {
    if (++this.transitions > MAX_TRANSITIONS_PER_STEP) {
      throw new EngineConfigError(
        `flow "${this.flow.id}" moved more than ${MAX_TRANSITIONS_PER_STEP} times in one step`,
      );
    }
    if (target.startsWith('#')) {
      const payload = this.startWith;
      this.startWith = undefined;
      this.enter(target.slice(1), payload);
      return;
    }
    this.state = target;
    const always = this.node.always?.find((t) => !t.guard || this.check(t.guard, null));
    if (always) {
      this.take(always, null);
      return;
    }
    if (this.node.final) {
      this.enter(this.flow.onDone ?? this.options.menuFlow);
      return;
    }
    this.prompt();
  }

  enter(flowId: string, payload?: Record<string, unknown>): void {
    this.flow = this.options.registry.require(flowId);
    this.context = this.flow.createContext(asOwn(this.env4flow), payload);
    this.state = this.flow.initial;
    this.goto(this.flow.initial);
  }

  /** Re-sends the current state's question; the only place choices are (re)recorded. */
  private prompt(): void {
    this.choices = [];
    this.yesNo = undefined;
    for (const ref of this.node.prompt ?? []) this.exec(ref, null);
  }

  private check(ref: Ref, input: FlowInput | null): boolean {
    const { name, params } = unref(ref);
    switch (name) {
      case 'choice':
        return input?.choiceId !== undefined && input.choiceId === params.id;
      case 'hasText':
        return HAS_WORDS.test(input?.normalized ?? '');
      case 'hasMedia':
        return (input?.media.length ?? 0) > 0;
      case 'hasLocation':
        return input?.location !== undefined;
    }
    const guard = this.flow.guards?.[name];
    if (!guard) throw new EngineConfigError(`flow "${this.flow.id}": guard "${name}" is not implemented`);
    return guard(asOwn({ context: this.context, input, env: this.env4flow, params }));
  }

  private exec(ref: Ref, input: FlowInput | null): void {
    const { name, params } = unref(ref);
    if (name === 'say' && !this.flow.actions?.say) {
      this.say(String(params.key), params.params as TextParams | undefined);
      return;
    }
    const action = this.flow.actions?.[name];
    if (!action) throw new EngineConfigError(`flow "${this.flow.id}": action "${name}" is not implemented`);
    const out = action(asOwn({ context: this.context, input, env: this.env4flow, params }));
    const result: ActionResult<unknown> = Array.isArray(out) ? { effects: out } : (out ?? {});
    if (result.context !== undefined) this.context = result.context;
    if (result.startWith !== undefined) this.startWith = result.startWith;
    if (result.facts) this.beneficiary = result.facts(this.beneficiary);
    for (const effect of result.effects ?? []) this.emit(effect);
  }

  private say(key: string, params?: TextParams): void {
    this.emit(params ? { type: 'say', key, params } : { type: 'say', key });
  }

  private emit(effect: Effect): void {
    if (effect.type === 'setLanguage') this.lang = effect.lang;
    if (effect.type === 'recordConsent') {
      const consents = { ...this.beneficiary.consents };
      if (effect.granted) consents[effect.purpose] = effect.version;
      else delete consents[effect.purpose];
      this.beneficiary = { ...this.beneficiary, consents };
    }
    if (effect.type === 'askChoice') {
      const { t } = this.env4flow;
      this.choices = effect.choices.map((c) => ({ id: c.id, label: c.label ?? t(c.key ?? c.id, c.params) }));
      const yes = effect.choices.find((c) => c.means === 'yes')?.id;
      const no = effect.choices.find((c) => c.means === 'no')?.id;
      this.yesNo = yes || no ? { ...(yes ? { yes } : {}), ...(no ? { no } : {}) } : undefined;
    }
    this.effects.push(effect);
  }
}
