import pino, { type Logger } from 'pino';
import type { Profile } from '../config/profile-schema';
import { ConfigError } from '../config/config-error';
import type { ConversationService } from '../conversation/conversation-service';
import type { DocumentStore } from '../documents/document-store';
import type { Translator } from '../i18n/translator';
import type { UserFromGetMe } from '../telegram/bot-api-types';
import { TelegramBot } from '../telegram/telegram-bot';
import { describeError, TelegramError } from '../telegram/telegram-errors';
import type { PacingOptions } from '../telegram/telegram-pacer';
import { PgCaseViewRepository } from '../store/case-view-repository';
import type { Database } from '../store/database';
import { PgEventLog } from '../store/event-log';
import { PgOutboxRepository } from '../store/outbox-repository';
import { PgStaffBotRepository } from '../store/staff-bot-repository';
import type { CaseActions } from '../cases/case-actions';
import { CaseAssignments } from '../cases/case-assignment';
import { AlertDeliverer } from './alert-deliverer';
import { ButtonActions } from './button-actions';
import { CaseBoard } from './case-board';
import type { StaffBotDeps } from './staff-bot-deps';
import { UpdateHandler } from './update-handler';
import { HandoffRelay } from './handoff-relay';
import { isChatNotStarted, StaffBotApi } from './staff-bot-api';
import { StaffGuard } from './staff-guard';
import { StaffMessages } from './staff-messages';
import { StaffRoster } from '../cases/staff-roster';
import { parseStaffUpdate } from './staff-update';
import type { FieldCipher } from '../security/field-cipher';

export interface StaffBotOptions {
  /** The staff bot's token (`STAFF_TELEGRAM_BOT_TOKEN`): a bot of its own, not the beneficiary bot. */
  token: string;
  /** The staff supergroup (`STAFF_TELEGRAM_GROUP_ID`, e.g. -1001234567890). */
  groupId: number;
  /** Bot API server root (`TELEGRAM_API_ROOT`). */
  apiRoot?: string;
  /**
   * Webhook mode (`STAFF_TELEGRAM_WEBHOOK_URL`, `STAFF_TELEGRAM_WEBHOOK_SECRET`): Telegram posts the
   * staff bot's updates to `url`, which must reach the route `staffBotWebhookRoutes` registers (its path
   * is `url`'s path). Unset: long polling, which needs no public address.
   */
  webhook?: { url: string; secret: string };
  db: Database;
  profile: Profile;
  translator: Translator;
  caseActions: Pick<CaseActions, 'request' | 'complaint'>;
  /** The conversation service: closing a handoff hands the person back to the bot. */
  conversations: Pick<ConversationService, 'startFlowFor'>;
  documents: DocumentStore;
  /** Seals what the console writes to the outbox and opens the ID answers a card shows (masked). */
  cipher?: FieldCipher;
  logger?: Logger;
  /** Telegram's limits by default: 20 posts a minute in the group, one a second per private chat. */
  pacing?: Partial<PacingOptions>;
  /** How often new cases, beneficiary messages and alerts are looked for, in ms (default 2 s). */
  pollIntervalMs?: number;
  /** How long one getUpdates call waits for news, in seconds (default 50). */
  pollTimeoutSeconds?: number;
  now?: () => Date;
}

/**
 * The staff bot on Telegram: a bot in the association's staff supergroup. Its updates (button presses,
 * staff messages) arrive by long polling or, when configured, by webhook, through the shared Telegram
 * client, and are handled one at a time, in order. A loop looks every few seconds for new cases (a
 * topic and a card each), for what people write during handoffs (posted in their topic), for cards
 * whose case changed elsewhere, and for pending staff alerts. Both survive Telegram or the database
 * being away: they back off and carry on.
 *
 * Run one staff bot per bot token, in any one app process (the store loop posts each case once only
 * there; Telegram allows one poller per token, and its webhook must reach that process).
 */
export class StaffBot {
  private readonly deps: StaffBotDeps;
  private readonly board: CaseBoard;
  private readonly alerts: AlertDeliverer;
  private readonly handler: UpdateHandler;
  private readonly bot: TelegramBot;
  private readonly api: StaffBotApi;
  private readonly logger: Logger;
  private stopping = new AbortController();
  private loops: Promise<void>[] = [];
  private wake: (() => void) | undefined;
  private pass: Promise<void> = Promise.resolve();

  constructor(private readonly options: StaffBotOptions) {
    this.logger = (options.logger ?? pino({ level: 'silent' })).child({ component: 'staff-bot' });
    this.bot = new TelegramBot({
      token: options.token,
      apiRoot: options.apiRoot,
      webhook: options.webhook,
      // Staff work is a sequence (a reason typed after its button, a reply after a claim): keep its order.
      inOrder: true,
      name: 'staff bot',
      variables: { token: 'STAFF_TELEGRAM_BOT_TOKEN', webhookUrl: 'STAFF_TELEGRAM_WEBHOOK_URL' },
      logger: this.logger,
      pacing: options.pacing,
      // Posts have no outbox behind them: a 429 is waited out here, up to three times.
      floodRetries: 3,
      pollTimeoutSeconds: options.pollTimeoutSeconds,
      documents: options.documents,
      onConnect: (me) => this.checkGroup(me),
      fatal: (error) => this.configError(error),
    });
    this.api = new StaffBotApi(this.bot);
    const events = new PgEventLog();
    this.deps = {
      api: this.api,
      db: options.db,
      groupId: options.groupId,
      profile: options.profile,
      translator: options.translator,
      lang: options.profile.languages.default,
      roster: new StaffRoster({ profile: options.profile, db: options.db, logger: this.logger }),
      topics: new PgStaffBotRepository(options.cipher),
      views: new PgCaseViewRepository(options.cipher),
      events,
      outbox: new PgOutboxRepository(options.cipher),
      cipher: options.cipher,
      documents: options.documents,
      logger: this.logger,
      now: options.now ?? (() => new Date()),
      forum: { enabled: true },
    };
    this.board = new CaseBoard(this.deps);
    this.alerts = new AlertDeliverer(this.deps);
    const now = this.deps.now;
    const guard = new StaffGuard(this.deps);
    const relay = new HandoffRelay(this.deps, options.conversations);
    const actions = new ButtonActions(this.deps, {
      board: this.board,
      relay,
      guard,
      caseActions: options.caseActions,
    });
    const assignments = new CaseAssignments({
      db: options.db,
      profile: options.profile,
      events,
      logger: this.logger,
      now,
    });
    const messages = new StaffMessages(this.deps, { board: this.board, relay, guard, actions, assignments });
    this.handler = new UpdateHandler(this.deps, { guard, actions, messages });
  }

  /**
   * Checks the token and the group, then starts receiving updates and the store loop. A refused token
   * or an unknown group stops the start with a ConfigError; Telegram out of reach does not (the bot
   * keeps trying).
   */
  async start(): Promise<void> {
    this.stopping = new AbortController();
    await this.bot.start((update) => this.handleUpdate(update));
    this.loops = [this.pollStore()];
  }

  /** The pass under way finishes, then receiving stops (see TelegramBot.stop). */
  async stop(): Promise<void> {
    this.stopping.abort();
    this.wake?.();
    await Promise.all(this.loops);
    this.loops = [];
    await this.bot.stop();
  }

  /** In webhook mode, what the route must check: its path and the secret Telegram presents. */
  get webhook(): { path: string; secret: string } | undefined {
    return this.bot.webhook;
  }

  /**
   * One update from the webhook route, handled after the one before it. Resolves once handled (a
   * fault is answered to the person and logged, not redelivered, as in polling); rejects only when
   * the bot is not receiving, so the route answers 503 and Telegram delivers it again.
   */
  handleWebhookUpdate(update: unknown): Promise<void> {
    return this.bot.handleWebhookUpdate(update);
  }

  /**
   * Runs one pass over the store now (new cases, handoff messages, cards, alerts), after any pass
   * under way: passes never overlap, so a case being posted is never taken up twice.
   */
  runOnce(): Promise<void> {
    const next = this.pass.then(() => this.passOnce());
    this.pass = next.catch(() => undefined);
    return next;
  }

  private async passOnce(): Promise<void> {
    await this.board.publishNew();
    await this.board.postHandoffMessages();
    await this.board.syncCards();
    await this.alerts.deliverPending();
  }

  /**
   * The web console's sign-in code, in a private message from the staff bot. A person who never
   * started the bot cannot be written to first: that is answered (and logged), not thrown. Fits the
   * console's `StaffTelegramSender`.
   */
  async sendLoginCode(
    telegramUserId: number,
    text: string,
  ): Promise<{ sent: true } | { sent: false; reason: 'chatNotStarted'; bot?: string }> {
    try {
      await this.api.sendPrivate(telegramUserId, text);
      return { sent: true };
    } catch (error) {
      if (!isChatNotStarted(error)) throw error;
      this.logger.warn(
        { telegramUserId, err: describeError(error) },
        'sign-in code not sent: the staff member has not started the staff bot',
      );
      return {
        sent: false,
        reason: 'chatNotStarted',
        ...(this.bot.username ? { bot: `@${this.bot.username}` } : {}),
      };
    }
  }

  /** Shortens the wait of the store loop (after something was committed that the console shows). */
  kick(): void {
    this.wake?.();
  }

  /**
   * Once Telegram answered getMe: is the group there for this bot, and does it have topics? Telegram
   * not knowing the group is a configuration mistake, named with its fix.
   */
  private async checkGroup(me: UserFromGetMe): Promise<Record<string, unknown>> {
    const group = this.options.groupId;
    try {
      this.deps.forum.enabled = await this.api.isForum(group);
    } catch (error) {
      if (!(error instanceof TelegramError && error.code === 400)) throw error;
      throw new ConfigError(
        `STAFF_TELEGRAM_GROUP_ID=${group}: Telegram does not know this group for the staff bot ` +
          `(${error.description}). Add the bot @${me.username} to the group, then copy the group id (it starts with -100).`,
        { cause: error },
      );
    }
    if (!this.deps.forum.enabled)
      this.logger.warn(
        'the staff group has no topics: cards are posted in the group and replies to them form the threads',
      );
    return { group, topics: this.deps.forum.enabled };
  }

  /** What stops the start: a refused token, or a group Telegram does not know (from `checkGroup`). */
  private configError(error: unknown): Error | undefined {
    if (error instanceof ConfigError) return error;
    if (error instanceof TelegramError && (error.code === 401 || error.code === 404))
      return new ConfigError(
        `STAFF_TELEGRAM_BOT_TOKEN (value hidden): Telegram refused the token (${error.code} ${error.description}). ` +
          'Copy it again from @BotFather, or unset it to run without the staff bot.',
        { cause: error },
      );
    return undefined;
  }

  /** One update, caught here once: a fault is logged, the person pressing gets a short apology. */
  private async handleUpdate(raw: unknown): Promise<void> {
    const update = parseStaffUpdate(raw);
    try {
      await this.handler.handle(update);
    } catch (err) {
      this.logger.error({ err, kind: update.kind }, 'staff bot: update failed');
      await this.handler.answerFailure(update).catch(() => undefined);
    }
  }

  private async pollStore(): Promise<void> {
    const signal = this.stopping.signal;
    const interval = this.options.pollIntervalMs ?? 2000;
    let failures = 0;
    while (!signal.aborted) {
      try {
        await this.runOnce();
        failures = 0;
      } catch (error) {
        if (signal.aborted) break;
        failures++;
        this.logger[failures >= 3 ? 'error' : 'warn'](
          { err: error instanceof TelegramError ? describeError(error) : error, failures },
          'staff bot: pass over new cases and alerts failed',
        );
      }
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          this.wake = undefined;
          resolve();
        };
        const timer = setTimeout(done, failures > 0 ? Math.min(30_000, interval * 2 ** failures) : interval);
        this.wake = done;
        signal.addEventListener('abort', done, { once: true });
      });
    }
  }
}
