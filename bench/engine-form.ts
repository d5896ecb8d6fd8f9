/**
 * Workload 1 — the form, engine only. 1,000 people at once fill in the service request through the
 * in-process channel; behind it, instead of the database and the queue, an in-memory stand-in for the
 * conversation service: snapshots as JSON in a Map, the step through `runStep`, a fake record output
 * for the reference, the texts through `renderEffects`. What is measured is the engine, the
 * normalisation, the snapshot (de)serialisation and the text rendering.
 *
 * `npx tsx bench/engine-form.ts` (BENCH_USERS to change the number of people, BENCH_QUICK=1 for 200).
 */
import { setImmediate as nextTick } from 'node:timers';
import { createEngineOptions } from '../flows';
import type { AcceptResult } from '../src/channels/channel-adapter';
import { InProcessChannel } from '../src/channels/inprocess/inprocess-channel';
import { loadProfile } from '../src/config/load-profile';
import type { Profile } from '../src/config/profile-schema';
import type { EffectOutputs } from '../src/conversation/effect-handlers';
import { renderEffects } from '../src/conversation/render-effects';
import { NEW_BENEFICIARY } from '../src/domain/beneficiary-facts';
import { InboundMessage } from '../src/domain/inbound-message';
import type { ConversationSnapshot } from '../src/engine/flow';
import { toFlowInput } from '../src/engine/flow-input';
import { runStep, type EngineOptions, type StepEnv } from '../src/engine/run-step';
import { createTranslator, type Translator } from '../src/i18n/translator';
import { BENCH_PROFILE_PATH } from './support/bench-profile';
import { buildScripts, type UserScript } from './support/form-script';
import { countMismatches, driveUsers } from './support/drive-users';
import { latencySummary, mb, PhaseMeter, round, sleep } from './support/measure';
import { atLeast, envInt, QUICK, runAsMain, type WorkloadResult } from './support/workload-result';

/** The reference the fake store hands a user (`u<i>`, `w<i>`): the check at the end looks for this one. */
const fakeReference = (userId: string) =>
  `REQ-${(userId.startsWith('w') ? 500000 : 100000) + Number(userId.slice(1))}-00`;

/**
 * The conversation service without I/O: accepts like the real one (zod), then steps each conversation
 * in arrival order on the next turn of the event loop, as replies would come back from a store.
 */
class InMemorySpine {
  private readonly snapshots = new Map<string, string>();
  private readonly consents = new Map<string, Record<string, string>>();
  private readonly queue: InboundMessage[] = [];
  private scheduled = false;
  readonly records = new Map<string, Record<string, unknown>>();
  steps = 0;
  private readonly translate: StepEnv['translate'];

  constructor(
    private readonly engine: EngineOptions,
    private readonly profile: Profile,
    private readonly translator: Translator,
    private readonly channel: InProcessChannel,
  ) {
    this.translate = translator.t.bind(translator);
  }

  accept = async (raw: unknown): Promise<AcceptResult> => {
    const parsed = InboundMessage.safeParse(raw);
    if (!parsed.success) return { status: 'rejected', issues: parsed.error.issues.map((i) => i.message) };
    this.queue.push(parsed.data);
    if (!this.scheduled) {
      this.scheduled = true;
      nextTick(() => this.drain());
    }
    return { status: 'accepted', conversationId: parsed.data.sender.channelUserId };
  };

  private drain(): void {
    this.scheduled = false;
    const batch = this.queue.splice(0);
    for (const message of batch) this.step(message);
  }

  private step(message: InboundMessage): void {
    const userId = message.sender.channelUserId;
    const stored = this.snapshots.get(userId);
    const snapshot = stored === undefined ? null : (JSON.parse(stored) as ConversationSnapshot);
    const consents = this.consents.get(userId) ?? {};
    const startLang = snapshot?.lang ?? this.engine.defaultLang;
    const result = runStep(this.engine, snapshot, toFlowInput(message), {
      profile: this.profile,
      now: new Date(),
      beneficiary: { ...NEW_BENEFICIARY(userId), consents },
      translate: this.translate,
    });
    const outputs: EffectOutputs = {};
    for (const effect of result.effects) {
      if (effect.type === 'createRecord') {
        if (this.records.has(userId)) throw new Error(`${userId} submitted twice`);
        this.records.set(userId, effect.data);
        if (effect.as) {
          outputs[effect.as] = {
            ref: fakeReference(userId),
            days: 15,
            dueHijri: 'الاثنين، 23 شوال 1446 هـ',
            dueGregorian: 'الاثنين، 21 أبريل 2025',
            dueDate: '2025-04-21',
          };
        }
      }
      if (effect.type === 'recordConsent') {
        const next = { ...consents };
        if (effect.granted) next[effect.purpose] = effect.version;
        else delete next[effect.purpose];
        this.consents.set(userId, next);
      }
    }
    this.snapshots.set(userId, JSON.stringify(result.snapshot));
    const messages = renderEffects(result.effects, startLang, this.translator, outputs);
    messages.forEach((m, i) => {
      void this.channel.send(userId, m, { idempotencyKey: `${message.channelMessageId}-${i}` });
    });
    this.steps++;
  }
}

export async function runEngineForm(users: number): Promise<WorkloadResult> {
  const profile = loadProfile(BENCH_PROFILE_PATH);
  const translator = createTranslator({ arabicDigits: profile.languages.arabicDigits });
  const engine = createEngineOptions(profile, translator);
  const chat = new InProcessChannel();
  const spine = new InMemorySpine(engine, profile, translator, chat);
  await chat.start(spine.accept);
  const scripts: UserScript[] = buildScripts(users, translator);

  // A service runs for hours: the same conversation by other people first, so the optimising compiler
  // has seen the code before the clock starts (a cold start is several times slower).
  const warmup = buildScripts(users, translator, { seed: 1, idPrefix: 'w' });
  const warm = [
    await driveUsers(chat, warmup, { part: 'onboarding' }),
    await driveUsers(chat, warmup, { part: 'form' }),
  ];

  const onboarding = await driveUsers(chat, scripts, { part: 'onboarding' });
  const meter = new PhaseMeter();
  const form = await driveUsers(chat, scripts, { part: 'form' });
  const measured = meter.stop();
  await sleep(100); // a doubled reply would arrive now
  await chat.stop();

  const problems = [
    ...warm.flatMap((w) => w.problems),
    ...onboarding.problems,
    ...form.problems,
    ...countMismatches(chat, [...warmup, ...scripts]),
  ];
  for (const script of scripts) {
    const last = form.lastReply.get(script.userId);
    const ref = fakeReference(script.userId);
    if (!last || !('text' in last) || !last.text.includes(ref))
      problems.push(`${script.userId}: never shown its reference ${ref}`);
    const fields = (spine.records.get(script.userId)?.fields ?? {}) as Record<string, unknown>;
    if (fields['national-id'] !== script.nationalId || fields['full-name'] !== script.name)
      problems.push(`${script.userId}: the submitted request does not hold the answers given`);
  }
  if (spine.records.size !== 2 * users)
    problems.push(`${spine.records.size} requests submitted for ${2 * users} people (warm-up included)`);

  const latency = latencySummary(form.latenciesMs);
  const rate = form.sent / (measured.wallMs / 1000);
  return {
    workload: '1 engine form',
    variant: `${users} users, in memory`,
    figures: [
      { name: 'messages sent (form)', value: form.sent },
      atLeast('throughput', round(rate, 0), 'msg/s', 20_000),
      { name: 'latency p50', value: round(latency.p50, 2), unit: 'ms' },
      { name: 'latency p99', value: round(latency.p99, 2), unit: 'ms' },
      { name: 'CPU per message', value: round(measured.cpuMs / form.sent, 3), unit: 'ms' },
      { name: 'peak RSS', value: mb(measured.peakRss), unit: 'MB' },
    ],
    verified: problems.length === 0,
    problems: problems.slice(0, 10),
    parameters: { users, warmupUsers: users, invalidIdShare: 0.1, onboardingMessages: onboarding.sent },
    details: {
      wallMs: round(measured.wallMs, 1),
      cpuMs: round(measured.cpuMs, 1),
      latencyMaxMs: round(latency.max, 2),
      engineSteps: spine.steps,
      problemCount: problems.length,
    },
  };
}

if (require.main === module) {
  runAsMain(async () => [await runEngineForm(envInt('BENCH_USERS', QUICK ? 200 : 1000))]);
}
