import type { RedisOptions } from 'bullmq';
import type { Logger } from 'pino';
import { createEngineOptions } from '../../flows';
import { BeneficiaryNotifier } from '../cases/beneficiary-notifier';
import { CaseActions } from '../cases/case-actions';
import { ClockActions } from '../cases/clock/clock-actions';
import { FlowOffers } from '../cases/flow-offers';
import { HandoffService } from '../cases/handoff-service';
import { StaffDirectory } from '../cases/staff-directory';
import type { ChannelAdapter } from '../channels/channel-adapter';
import type { Profile } from '../config/profile-schema';
import { ConversationService } from '../conversation/conversation-service';
import { DEFAULT_INBOUND_BUDGET, InboundBudget } from '../conversation/inbound-budget';
import type { DocumentStore } from '../documents/document-store';
import type { ChannelName } from '../domain/inbound-message';
import type { EngineOptions } from '../engine/run-step';
import { createTranslator, type Translator } from '../i18n/translator';
import type { SpineMetrics } from '../metrics/spine-metrics';
import { OutboundWorker } from '../queue/outbound-worker';
import { OutboxDispatcher } from '../queue/outbox-dispatcher';
import { OutboxDrain } from '../queue/outbox-drain';
import { TimerDispatcher } from '../queue/timer-dispatcher';
import { TimerScheduler } from '../queue/timer-scheduler';
import { TimerWorker } from '../queue/timer-worker';
import type { FieldCipher } from '../security/field-cipher';
import { PgConsentRepository } from '../store/consent-repository';
import { PgConversationRepository } from '../store/conversation-repository';
import type { Database } from '../store/database';
import { PgEventLog } from '../store/event-log';
import { PgFactsRepository } from '../store/facts-repository';
import { LiveHolidays } from '../store/live-holidays';
import { startChannelStep } from './startup-steps';
import { PgOutboxRepository } from '../store/outbox-repository';
import { PgStaffNotificationRepository } from '../store/staff-notification-repository';
import { PgTimerRequestRepository } from '../store/timer-request-repository';
import { schedulePeriodicTimers } from './periodic-timers';
import { recordHandlers } from './record-handlers';
import type { TuningOptions } from './tawasul-options';
import type { Turns } from '../store/fair-turns';
import { StepRate } from '../conversation/step-rate';

export interface SpineDeps {
  db: Database;
  profile: Profile;
  connection: RedisOptions;
  queuePrefix?: string;
  channels: ChannelAdapter[];
  logger: Logger;
  now?: () => Date;
  cipher?: FieldCipher;
  documents?: DocumentStore;
  metrics?: SpineMetrics;
  runWorkers?: boolean;
  tuning?: TuningOptions;
  /** Whether Redis answers now (a PING within a second): `stop` does not wait for queues it cannot reach. */
  redisReachable?: () => Promise<boolean>;
  /** Whether a Telegram staff group sees every handoff (the handoff's text to the person says so). */
  staffGroup?: boolean;
  /** On a platform: this association's turns at running step batches, shared fairly with the others. */
  turns?: Turns;
  /** On a platform: the association's budget of messages stepped a second (`StepRate`). */
  stepsPerSecond?: number;
}

/** The running spine and the case services on it: what the console, the staff bot and tests use. */
export interface Spine {
  service: ConversationService;
  /** Staff decisions on cases, with notifications (staff bot, web console, API). */
  caseActions: CaseActions;
  /** Timers: what fires when (tests drive it with their clock via `scheduler.promoteDue()`). */
  clock: ClockActions;
  scheduler: TimerScheduler;
  timerDispatcher: TimerDispatcher;
  dispatcher: OutboxDispatcher;
  worker: OutboundWorker;
  translator: Translator;
  engine: EngineOptions;
  notifier: BeneficiaryNotifier;
  /** Conversations with a person, answered from the web console's inbox (the staff bot has its own). */
  handoffs: HandoffService;
  /**
   * The profile the spine works with: the file's, with the console's holiday table in its calendar,
   * kept current (`holidays`). Hand it to whatever else counts working days (the staff bot).
   */
  profile: Profile;
  /** The live holiday list: `refresh()` after changing the holiday table. */
  holidays: Pick<LiveHolidays, 'refresh' | 'snapshot'>;
  /** Finishes the steps under way, sends their replies (bounded), then closes channels and queues. */
  stop(): Promise<void>;
}

/**
 * The spine, wired: channels → conversation service → outbox → BullMQ → outbound worker → channels,
 * with the cases, their clock and the timers beside it. Part of `startTawasul`, the composition root;
 * the database and Redis are given (and closed) by it.
 */
export async function wireSpine(deps: SpineDeps): Promise<Spine> {
  const { db, logger, connection, now, cipher, tuning = {} } = deps;
  const prefix = deps.queuePrefix;
  // Holidays added in the web console count for every deadline, besides the profile file's, and
  // changes count without a restart: every working calendar below reads this live list.
  const holidays = new LiveHolidays(db, deps.profile);
  await holidays.refresh();
  const profile = holidays.profile;
  const translator = createTranslator({ arabicDigits: profile.languages.arabicDigits });
  const engine = createEngineOptions(profile, translator);
  const conversations = new PgConversationRepository(cipher);
  const consents = new PgConsentRepository();
  const outbox = new PgOutboxRepository(cipher);
  const events = new PgEventLog();
  const timerRequests = new PgTimerRequestRepository();

  const channels = new Map<ChannelName, ChannelAdapter>(deps.channels.map((c) => [c.name, c]));
  const worker = new OutboundWorker({
    db,
    outbox,
    channels,
    connection,
    logger,
    prefix,
    concurrency: tuning.workerConcurrency,
    metrics: deps.metrics,
  });
  const dispatcher = new OutboxDispatcher({
    db,
    outbox,
    connection,
    logger,
    prefix,
    // Replies on channels that allow it go out right after their commit, where this process sends.
    sendNow: deps.runWorkers === false ? undefined : (ids) => worker.sendNow(ids),
  });
  // Replies written here are remembered for a while, so a graceful stop can wait until they are sent.
  const drain = new OutboxDrain({ db, outbox, logger });
  const scheduler = new TimerScheduler({ connection, prefix, now, logger });
  const timerDispatcher = new TimerDispatcher({ db, requests: timerRequests, scheduler, logger });
  // Whoever writes outbox rows or timer requests announces them in its transaction; once it commits,
  // they are queued here (other processes' rows are found by the dispatchers' periodic passes).
  const stopListening = [
    db.committed.on('outbox', ({ ids }) => {
      drain.track(ids);
      dispatcher.dispatch(ids);
    }),
    db.committed.on('timers', () => void timerDispatcher.kick()),
  ];
  const notifier = new BeneficiaryNotifier({
    translator,
    outbox,
    conversations,
    defaultLang: engine.defaultLang,
  });
  const service = new ConversationService({
    db,
    engine,
    profile,
    translator,
    conversations,
    facts: new PgFactsRepository(consents),
    outbox,
    effects: recordHandlers({
      profile,
      events,
      consents,
      conversations,
      timerRequests,
      cipher,
      now,
      staffGroup: deps.staffGroup,
      translator,
      notifier,
    }),
    logger,
    now,
    metrics: deps.metrics,
    budget:
      tuning.inboundBudget === false
        ? undefined
        : new InboundBudget(tuning.inboundBudget ?? DEFAULT_INBOUND_BUDGET),
    turns: deps.turns,
    rate: deps.stepsPerSecond === undefined ? undefined : new StepRate(deps.stepsPerSecond),
  });

  const flows = new FlowOffers({ db, conversations, service });
  const escalationAlerts = {
    staffNotifications: new PgStaffNotificationRepository(now),
    directory: new StaffDirectory(profile),
  };
  const clock = new ClockActions({
    db,
    profile,
    events,
    ...escalationAlerts,
    timerRequests,
    notifier,
    flows,
    documents: deps.documents,
    isPatient: (flowId, state) => engine.registry.get(flowId)?.states[state]?.patient === true,
    now,
  });
  const handoffs = new HandoffService({
    db,
    events,
    outbox,
    translator,
    profile,
    cipher,
    conversations: service,
    now: now ?? (() => new Date()),
  });
  const timerWorker = new TimerWorker({ connection, prefix, logger, handle: (job) => clock.handle(job) });
  const caseActions = new CaseActions({
    db,
    events,
    notifier,
    profile,
    timerRequests,
    escalationAlerts,
    now,
    // The flow that collects what the committee asked for, when the person is at the menu; when they are
    // busy the notification says how to reach it (the menu, or their request's status).
    startInfoFlow: (beneficiaryId, reference) =>
      flows.tryOfferAtMenu(logger, beneficiaryId, 'request-info', { reference }),
  });

  for (const channel of deps.channels) {
    await startChannelStep(logger, channel, () =>
      channel.start(async (message) => {
        const result = await service.accept(message);
        deps.metrics?.inbound(channel.name, result.status);
        if (result.status === 'rejected')
          logger.warn({ channel: channel.name, issues: result.issues }, 'inbound rejected');
        return result;
      }),
    );
  }
  if (deps.runWorkers !== false) {
    worker.start();
    timerWorker.start();
  }
  dispatcher.start();
  timerDispatcher.start();
  await schedulePeriodicTimers(scheduler, profile);
  await service.recover();
  await dispatcher.sweep();
  const recoverTimer = setInterval(() => {
    service.recover().catch((err: unknown) => logger.warn({ err }, 'recovery pass failed'));
  }, tuning.recoverIntervalMs ?? 10_000);
  recoverTimer.unref();
  const holidayTimer = setInterval(() => {
    holidays
      .refresh()
      .then(async (changed) => {
        if (!changed) return;
        // Changed in another process: requests this one counted in the meantime move too.
        const moved = await clock.recomputeDeadlines(holidays.snapshot());
        logger.info({ moved: moved.length }, 'holiday table changed; open deadlines recomputed');
      })
      .catch((err: unknown) => logger.warn({ err }, 'reading the holiday table failed'));
  }, tuning.holidayRefreshMs ?? 30_000);
  holidayTimer.unref();

  return {
    service,
    caseActions,
    clock,
    scheduler,
    timerDispatcher,
    dispatcher,
    worker,
    translator,
    engine,
    notifier,
    handoffs,
    profile,
    holidays,
    async stop() {
      clearInterval(recoverTimer);
      clearInterval(holidayTimer);
      // The steps under way commit and no new one starts: accepted messages wait in the store for the
      // next start (or another process). The HTTP server, closed first, takes no more.
      await service.stop();
      logger.debug('stop: steps finished');
      // Their replies are queued and sent before the channels close, within a bound (a channel in a
      // long back-off must not hold the stop); what is left is sent by the next start.
      // Without Redis nothing can be queued or sent: close at once rather than wait for the hard limit.
      // The rows stay in the store (outbox, timer requests) and the next start sends and sets them.
      const redisDown = deps.redisReachable ? !(await deps.redisReachable()) : false;
      if (redisDown) logger.warn('stop: Redis does not answer; closing the queues without waiting for it');
      // Closing a queue whose Redis is reconnecting (or coming back mid-stop) may never settle: without
      // Redis each close is given a bound, so the stop ends however the connection behaves.
      const closing = (what: string, close: Promise<void>) =>
        redisDown
          ? withinBound(close, REDIS_DOWN_CLOSE_MS, () => logger.warn({ what }, 'stop: left unclosed'))
          : close;
      await closing('outbox queue', dispatcher.close(redisDown));
      const unsent = redisDown ? undefined : await drain.drain(tuning.stopDrainMs ?? 10_000);
      logger.debug({ unsent }, 'stop: replies sent');
      for (const channel of deps.channels) await channel.stop();
      await closing('outbound worker', worker.close(redisDown));
      await closing('timer requests', timerDispatcher.close(redisDown));
      await closing('timer worker', timerWorker.close(redisDown));
      await closing('timer queue', scheduler.close(redisDown));
      stopListening.forEach((stopIt) => stopIt());
    },
  };
}

/** How long a stop without Redis waits for each queue or worker to close. */
const REDIS_DOWN_CLOSE_MS = 2_000;

/** Resolves when `work` settles or after `ms`, whichever is first (calling `onTimeout` then). */
async function withinBound(work: Promise<void>, ms: number, onTimeout: () => void): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), ms);
    timer.unref();
  });
  const settled = work.then(
    () => 'done' as const,
    () => 'done' as const,
  );
  if ((await Promise.race([settled, late])) === 'late') onTimeout();
  clearTimeout(timer);
}
