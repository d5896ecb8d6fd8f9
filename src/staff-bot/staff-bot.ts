import pino, { type Logger } from 'pino';
import { TelegramError } from 'telegraf';
import type { Profile } from '../config/profile-schema';
import { ConfigError } from '../config/config-error';
import { closeHandoff } from '../cases/close-handoff';
import type { ConversationService } from '../conversation/conversation-service';
import type { DocumentStore } from '../documents/document-store';
import type { Translator } from '../i18n/translator';
import type { PacingOptions } from '../channels/telegram/telegram-pacer';
import { backoffMs, describeError, hintFor } from '../channels/telegram/telegram-errors';
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
import { StaffRoster } from './staff-roster';
import { parseStaffUpdate } from './staff-update';
import type { FieldCipher } from '../security/field-cipher';

export interface StaffBotOptions {
  /** The staff bot's token (`STAFF_TELEGRAM_BOT_TOKEN`): a bot of its own, not the beneficiary bot. */
  token: string;
  /** The staff supergroup (`STAFF_TELEGRAM_GROUP_ID`, e.g. -1001234567890). */
  groupId: number;
  /** Bot API server root (`TELEGRAM_API_ROOT`). */
  apiRoot?: string;
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
 * The staff bot on Telegram: a bot in the association's staff supergroup. One loop long-polls the
 * bot's updates (button presses, staff messages) and handles them one at a time, in order; another
 * looks every few seconds for new cases (a topic and a card each), for what people write during
 * handoffs (posted in their topic), for cards whose case changed elsewhere, and for pending staff
 * alerts. Both survive Telegram or the database being away: they back off and carry on.
 *
 * Run one console per staff bot (Telegram allows one poller per token), in any one app process.
 */
export class StaffBot {
  private readonly deps: StaffBotDeps;
  private readonly board: CaseBoard;
  private readonly alerts: AlertDeliverer;
  private readonly handler: UpdateHandler;
  private readonly api: StaffBotApi;
  private readonly logger: Logger;
  private stopping = new AbortController();
  private loops: Promise<void>[] = [];
  private offset = 0;
  private wake: (() => void) | undefined;
  private pass: Promise<void> = Promise.resolve();
  /** The bot's @username, once Telegram told it (sign-in hints name it). */
  private botUsername: string | undefined;

  constructor(private readonly options: StaffBotOptions) {
    this.logger = (options.logger ?? pino({ level: 'silent' })).child({ component: 'staff-bot' });
    this.api = new StaffBotApi({
      token: options.token,
      apiRoot: options.apiRoot ?? 'https://api.telegram.org',
      documents: options.documents,
      pacing: options.pacing,
    });
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
    const relay = new HandoffRelay(this.deps);
    const actions = new ButtonActions(this.deps, {
      board: this.board,
      relay,
      guard,
      caseActions: options.caseActions,
      closeHandoff: (reference, actor) =>
        closeHandoff({ db: options.db, service: options.conversations, events, now }, { reference, actor }),
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
   * Checks the token and the group, then starts both loops. A refused token stops the start with a
   * ConfigError; Telegram out of reach does not (the loops keep trying).
   */
  async start(): Promise<void> {
    this.stopping = new AbortController();
    try {
      const me = await this.api.getMe();
      this.botUsername = me.username;
      await this.api.deleteWebhook();
      this.deps.forum.enabled = await this.api.isForum(this.options.groupId);
      this.logger.info(
        { bot: me.username, group: this.options.groupId, topics: this.deps.forum.enabled },
        'staff bot connected',
      );
      if (!this.deps.forum.enabled)
        this.logger.warn(
          'the staff group has no topics: cards are posted in the group and replies to them form the threads',
        );
    } catch (error) {
      if (error instanceof TelegramError && (error.code === 401 || error.code === 404))
        throw new ConfigError(
          `STAFF_TELEGRAM_BOT_TOKEN (value hidden): Telegram refused the token (${error.code} ${error.description}). ` +
            'Copy it again from @BotFather, or unset it to run without the staff bot.',
          { cause: error },
        );
      if (error instanceof TelegramError && error.code === 400)
        throw new ConfigError(
          `STAFF_TELEGRAM_GROUP_ID=${this.options.groupId}: Telegram does not know this group for the staff bot ` +
            `(${error.description}). Add the bot to the group, then copy the group id (it starts with -100).`,
          { cause: error },
        );
      this.logger.warn({ err: describeError(error) }, 'Telegram is unreachable; the staff bot keeps trying');
    }
    this.loops = [this.pollUpdates(), this.pollStore()];
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    this.wake?.();
    await Promise.all(this.loops);
    this.loops = [];
    this.api.close();
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
        ...(this.botUsername ? { bot: `@${this.botUsername}` } : {}),
      };
    }
  }

  /** Shortens the wait of the store loop (after something was committed that the console shows). */
  kick(): void {
    this.wake?.();
  }

  private async pollUpdates(): Promise<void> {
    const signal = this.stopping.signal;
    const timeout = this.options.pollTimeoutSeconds ?? 50;
    let failures = 0;
    while (!signal.aborted) {
      try {
        const updates = await this.api.getUpdates(this.offset, timeout, signal);
        for (const update of updates) {
          await this.handleUpdate(update);
          this.offset = update.update_id + 1;
        }
        failures = 0;
      } catch (error) {
        if (signal.aborted) break;
        failures++;
        const wait = backoffMs(error, failures);
        this.logger[failures >= 3 ? 'error' : 'warn'](
          { err: describeError(error), failures, retryInMs: wait, hint: hintFor(error) },
          'staff bot: polling failed',
        );
        await sleep(wait, signal);
      }
    }
    // Confirm what was handled, so a restart does not fetch it again.
    if (this.offset > 0)
      await this.api
        .getUpdates(this.offset, 0, AbortSignal.timeout(2000))
        .then(() => undefined)
        .catch(() => undefined);
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

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
