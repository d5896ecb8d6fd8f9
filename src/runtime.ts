import type { Logger } from 'pino';
import { createEngineOptions } from '../flows';
import type { ChannelAdapter } from './channels/channel-adapter';
import type { Profile } from './config/profile-schema';
import { ConversationService } from './conversation/conversation-service';
import { BeneficiaryNotifier } from './cases/beneficiary-notifier';
import { EffectHandlers } from './conversation/effect-handlers';
import {
  DEFAULT_INBOUND_BUDGET,
  InboundBudget,
  type InboundBudgetOptions,
} from './conversation/inbound-budget';
import { complaintRecord } from './cases/records/complaint-record';
import { contactCorrectionRecord } from './cases/records/contact-correction-record';
import { dataDeletionRecord } from './cases/records/data-deletion-record';
import { fieldHelpRecord } from './cases/records/field-help-record';
import { handoffRecords } from './cases/records/handoff-records';
import { infoReceivedRecord } from './cases/records/info-received-record';
import { serviceRequestRecord } from './cases/records/service-request-record';
import { surveyRecord } from './cases/records/survey-record';
import { volunteerRecord } from './cases/records/volunteer-record';
import type { ChannelName } from './domain/inbound-message';
import type { EngineOptions } from './engine/run-step';
import { createTranslator, type Translator } from './i18n/translator';
import { OutboundWorker } from './queue/outbound-worker';
import { OutboxDispatcher } from './queue/outbox-dispatcher';
import { OutboxDrain } from './queue/outbox-drain';
import { redisOptionsFromUrl } from './queue/redis-options';
import { PgConsentRepository } from './store/consent-repository';
import { PgConversationRepository } from './store/conversation-repository';
import { PgFactsRepository } from './store/facts-repository';
import { CaseActions } from './cases/case-actions';
import { ClockActions } from './cases/clock/clock-actions';
import { eraseBeneficiary } from './cases/erase-beneficiary';
import { StaffDirectory } from './cases/staff-directory';
import type { DocumentStore } from './documents/document-store';
import type { FieldCipher } from './security/field-cipher';
import { openSealedFields, sealSensitiveFields } from './security/sealed-parts';
import type { SpineMetrics } from './metrics/spine-metrics';
import { TimerDispatcher } from './queue/timer-dispatcher';
import { TimerScheduler } from './queue/timer-scheduler';
import { TimerWorker } from './queue/timer-worker';
import { PgStaffNotificationRepository } from './store/staff-notification-repository';
import { PgTimerRequestRepository } from './store/timer-request-repository';
import type { Database } from './store/database';
import { PgEventLog } from './store/event-log';
import { migrate } from './store/migrate';
import { LiveHolidays } from './store/live-holidays';
import { PgOutboxRepository } from './store/outbox-repository';

export interface RuntimeOptions {
  db: Database;
  redisUrl: string;
  profile: Profile;
  channels: ChannelAdapter[];
  logger: Logger;
  /** BullMQ key prefix (tests use a fresh one). */
  queuePrefix?: string;
  now?: () => Date;
  /** How often unprocessed inbound messages are looked for (crash and outage recovery). */
  recoverIntervalMs?: number;
  workerConcurrency?: number;
  /** Where documents live (retention deletes files of closed cases). */
  documents?: DocumentStore;
  /** Seals message texts and outbox payloads at rest; without it they are stored plain (tests). */
  cipher?: FieldCipher;
  /** Counts messages, steps and sends for `/metrics`. */
  metrics?: SpineMetrics;
  /**
   * How many messages one sender may hand the spine (a burst, then a rate): a flood beyond it is
   * refused before the store with one "slow down" notice. Default `DEFAULT_INBOUND_BUDGET`; false: none.
   */
  inboundBudget?: InboundBudgetOptions | false;
  /**
   * How often the holiday table is read again, so holidays another process added count here too (and
   * open deadlines are recomputed when it changed); default 30 s. This process's own console changes
   * count at once (`Runtime.holidays.refresh`).
   */
  holidayRefreshMs?: number;
  /** How long `stop` waits for this process's last replies to be sent; default 10 s. */
  stopDrainMs?: number;
  /**
   * Run the BullMQ workers here (sending, timers); default true. False: this process only receives and
   * processes messages, and other processes send (RUN_WORKERS, docs/SCALING.md).
   */
  runWorkers?: boolean;
}

export interface Runtime {
  service: ConversationService;
  /** Staff decisions on cases, with notifications (Telegram console, web console, API). */
  caseActions: CaseActions;
  /** Timers: what fires when (tests drive it with their clock via `scheduler.promoteDue()`). */
  clock: ClockActions;
  scheduler: TimerScheduler;
  timerDispatcher: TimerDispatcher;
  dispatcher: OutboxDispatcher;
  worker: OutboundWorker;
  translator: Translator;
  engine: EngineOptions;
  /**
   * The profile the runtime works with: the file's, with the console's holiday table in its calendar,
   * kept current (`holidays`). Hand it to whatever else counts working days (the staff bot).
   */
  profile: Profile;
  /** The live holiday list: `refresh()` after changing the holiday table. */
  holidays: Pick<LiveHolidays, 'refresh' | 'snapshot'>;
  /** Finishes the steps under way, sends their replies (bounded), then closes channels and queues. */
  stop(): Promise<void>;
}

/**
 * Wires the spine: channels → conversation service → outbox → BullMQ → outbound worker → channels.
 * The database and Redis are given (and closed) by the caller.
 */
export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const { db, logger } = options;
  await migrate(db);
  // Holidays added in the web console count for every deadline, besides the profile file's, and
  // changes count without a restart: every working calendar below reads this live list.
  const holidays = new LiveHolidays(db, options.profile);
  await holidays.refresh();
  const profile = holidays.profile;
  const translator = createTranslator();
  const engine = createEngineOptions(profile, translator);
  const conversations = new PgConversationRepository(options.cipher);
  const consents = new PgConsentRepository();
  const outbox = new PgOutboxRepository(options.cipher);
  const events = new PgEventLog();
  const connection = redisOptionsFromUrl(options.redisUrl);

  const handoffs = handoffRecords({ profile, events, cipher: options.cipher });
  const effects = new EffectHandlers()
    .register('recordConsent', async (effect, scope) => {
      if (effect.type !== 'recordConsent') return;
      await consents.record(scope.tx, {
        beneficiaryId: scope.beneficiaryId,
        purpose: effect.purpose,
        version: effect.version,
        granted: effect.granted,
        channel: scope.channel,
        channelMessageId: scope.channelMessageId,
      });
    })
    .register('setLanguage', async (effect, scope) => {
      if (effect.type !== 'setLanguage') return;
      await conversations.setPreferredLanguage(scope.tx, scope.beneficiaryId, effect.lang);
    })
    .register('createRecord:contactCorrection', contactCorrectionRecord({ events }))
    .register('createRecord:dataDeletion', dataDeletionRecord({ profile, events }))
    .register('createRecord:volunteer', volunteerRecord({ profile, events }))
    .register('createRecord:fieldHelp', fieldHelpRecord({ profile, events }))
    .register(
      'createRecord:serviceRequest',
      serviceRequestRecord({
        profile,
        events,
        timerRequests: new PgTimerRequestRepository(),
        cipher: options.cipher,
      }),
    )
    .register(
      'createRecord:infoReceived',
      infoReceivedRecord({
        profile,
        events,
        staffNotifications: new PgStaffNotificationRepository(),
        directory: new StaffDirectory(profile),
        timerRequests: new PgTimerRequestRepository(),
        sealing: {
          seal: (fields, service) => sealSensitiveFields(fields, service, options.cipher),
          open: (fields) => openSealedFields(fields, options.cipher),
        },
      }),
    )
    .register('createRecord:surveyResponse', surveyRecord({ events }))
    .register('createRecord:handoff', handoffs.handoff)
    .register('createRecord:handoffMessage', handoffs.handoffMessage)
    .register('createRecord:handoffEnded', handoffs.handoffEnded)
    .register(
      'createRecord:complaint',
      complaintRecord({ profile, events, timerRequests: new PgTimerRequestRepository() }),
    );

  const dispatcher = new OutboxDispatcher({ db, outbox, connection, logger, prefix: options.queuePrefix });
  // Replies written here are remembered for a while, so a graceful stop can wait until they are sent.
  const drain = new OutboxDrain({ db, outbox, logger });
  // Whoever writes outbox rows or timer requests announces them in its transaction; once it commits,
  // they are queued here (other processes' rows are found by the dispatchers' periodic passes).
  const stopListening = [
    db.committed.on('outbox', ({ ids }) => {
      drain.track(ids);
      dispatcher.dispatch(ids);
    }),
  ];
  const channelMap = new Map<ChannelName, ChannelAdapter>(options.channels.map((c) => [c.name, c]));
  const worker = new OutboundWorker({
    db,
    outbox,
    channels: channelMap,
    connection,
    logger,
    prefix: options.queuePrefix,
    concurrency: options.workerConcurrency,
    metrics: options.metrics,
  });
  const service = new ConversationService({
    db,
    engine,
    profile,
    translator,
    conversations,
    facts: new PgFactsRepository(consents),
    outbox,
    effects,
    logger,
    now: options.now,
    metrics: options.metrics,
    budget:
      options.inboundBudget === false
        ? undefined
        : new InboundBudget(options.inboundBudget ?? DEFAULT_INBOUND_BUDGET),
  });

  const timerRequests = new PgTimerRequestRepository();
  const scheduler = new TimerScheduler({ connection, prefix: options.queuePrefix, now: options.now });
  const timerDispatcher = new TimerDispatcher({ db, requests: timerRequests, scheduler, logger });
  stopListening.push(db.committed.on('timers', () => void timerDispatcher.kick()));
  const notifier = new BeneficiaryNotifier({ translator, outbox, defaultLang: engine.defaultLang });
  const clock = new ClockActions({
    db,
    profile,
    events,
    staffNotifications: new PgStaffNotificationRepository(),
    timerRequests,
    directory: new StaffDirectory(profile),
    now: options.now,
    notifyBeneficiary: (tx, beneficiaryId, key, params) => notifier.notify(tx, beneficiaryId, key, params),
    isPatient: (flowId, state) => engine.registry.get(flowId)?.states[state]?.patient === true,
    deleteDocument: options.documents ? (ref) => options.documents!.delete(ref) : undefined,
    // The survey after a closed case goes to the person's latest conversation, unless they are busy in a flow.
    startSurvey: async (beneficiaryId, reference) => {
      const latest = await db.query<{ id: string }>(
        'SELECT id FROM conversations WHERE beneficiary_id = $1 ORDER BY updated_at DESC LIMIT 1',
        [beneficiaryId],
      );
      const conversationId = latest.rows[0]?.id;
      if (!conversationId) return false;
      return service.startFlowFor(conversationId, 'survey', {
        payload: { caseReference: reference },
        before: async (_tx, snapshot) => snapshot?.flowId === 'menu',
      });
    },
    // Unfinished flows: one reminder, then a polite expiry (profile.conversation).
    remindDraft: async (tx, conversationId, key = 'engine.draftReminder') => {
      const found = await tx.query<{ channel: ChannelName; channel_user_id: string; lang: string | null }>(
        `SELECT channel, channel_user_id, snapshot->>'lang' AS lang FROM conversations WHERE id = $1`,
        [conversationId],
      );
      const row = found.rows[0];
      if (!row) return [];
      const lang = row.lang === 'en' || row.lang === 'ar' ? row.lang : engine.defaultLang;
      const text = translator.t(lang, key);
      return outbox.add(tx, [
        {
          conversationId,
          channel: row.channel,
          recipient: row.channel_user_id,
          message: { kind: 'text', text },
        },
      ]);
    },
    expireDraft: (
      conversationId,
      idleMinutes = profile.conversation.idleMinutes,
      notice = 'engine.expired',
    ) =>
      service.startFlowFor(conversationId, 'menu', {
        notice: { key: notice },
        before: async (_tx, snapshot) =>
          !!snapshot &&
          !['menu', 'greeting', 'handoff'].includes(snapshot.flowId) &&
          Date.parse(snapshot.updatedAt) < (options.now?.() ?? new Date()).getTime() - idleMinutes * 60_000,
      }),
    completeDeletion: options.documents
      ? async (reference) => {
          await eraseBeneficiary({ db, documents: options.documents!, events, now: options.now }, reference);
        }
      : undefined,
  });
  const timerWorker = new TimerWorker({
    connection,
    prefix: options.queuePrefix,
    logger,
    handle: (job) => clock.handle(job),
  });

  const caseActions = new CaseActions({
    db,
    events,
    notifier,
    profile,
    timerRequests,
    now: options.now,
    // The flow that collects what the committee asked for, in the person's latest conversation when they
    // are at the menu; when they are busy the notification says how to reach it (menu, or their request).
    startInfoFlow: async (beneficiaryId, reference) => {
      try {
        const latest = await db.query<{ id: string }>(
          'SELECT id FROM conversations WHERE beneficiary_id = $1 ORDER BY updated_at DESC LIMIT 1',
          [beneficiaryId],
        );
        const conversationId = latest.rows[0]?.id;
        if (!conversationId) return;
        await service.startFlowFor(conversationId, 'request-info', {
          payload: { reference },
          before: async (_tx, snapshot) => snapshot?.flowId === 'menu',
        });
      } catch (err) {
        logger.warn({ err, reference }, 'could not offer the missing-information flow; the notice stands');
      }
    },
  });

  for (const channel of options.channels) {
    await channel.start(async (message) => {
      const result = await service.accept(message);
      options.metrics?.inbound(channel.name, result.status);
      if (result.status === 'rejected')
        logger.warn({ channel: channel.name, issues: result.issues }, 'inbound rejected');
      return result;
    });
  }
  if (options.runWorkers !== false) {
    worker.start();
    timerWorker.start();
  }
  dispatcher.start();
  timerDispatcher.start();
  await scheduler.upsertPeriodic({ kind: 'dailyDigest' }, profile.digest.cron, profile.calendar.timeZone);
  await scheduler.upsertPeriodic({ kind: 'draftSweep' }, '* * * * *', profile.calendar.timeZone);
  await scheduler.upsertPeriodic({ kind: 'retention' }, '30 2 * * *', profile.calendar.timeZone);
  await scheduler.upsertPeriodic(
    { kind: 'surveyCampaign' },
    `0 10 1 */${Math.max(1, Math.round(profile.surveys.campaignEveryDays / 30))} *`,
    profile.calendar.timeZone,
  );
  await service.recover();
  await dispatcher.sweep();
  const recoverTimer = setInterval(() => {
    service.recover().catch((err: unknown) => logger.warn({ err }, 'recovery pass failed'));
  }, options.recoverIntervalMs ?? 10_000);
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
  }, options.holidayRefreshMs ?? 30_000);
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
    profile,
    holidays,
    async stop() {
      clearInterval(recoverTimer);
      clearInterval(holidayTimer);
      // The steps under way commit and no new one starts: accepted messages wait in the store for the
      // next start (or another process). The HTTP server, closed first by main, takes no more.
      await service.stop();
      logger.debug('stop: steps finished');
      // Their replies are queued and sent before the channels close, within a bound (a channel in a
      // long back-off must not hold the stop); what is left is sent by the next start.
      await dispatcher.close();
      const unsent = await drain.drain(options.stopDrainMs ?? 10_000);
      logger.debug({ unsent }, 'stop: replies sent');
      for (const channel of options.channels) await channel.stop();
      await worker.close();
      await timerDispatcher.close();
      await timerWorker.close();
      await scheduler.close();
      stopListening.forEach((stopIt) => stopIt());
    },
  };
}
