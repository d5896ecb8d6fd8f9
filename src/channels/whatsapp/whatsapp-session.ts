import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import type { WAState } from 'whatsapp-web.js';
import type { DisconnectReason, WhatsAppClientPort, WhatsAppMessage } from './whatsapp-client-port';

export type WhatsAppState = 'starting' | 'qr' | 'ready' | 'disconnected' | 'auth_failure';

/** Where the WhatsApp Web session stands; the web console shows it (and the QR to scan). */
export interface WhatsAppStatus {
  state: WhatsAppState;
  /** The latest QR code to scan, while `state` is `qr`. Anyone who has it can link a phone: show it to staff only. */
  qr?: string;
  /** Since when the session is in this state. */
  since: Date;
  /** Why it is disconnected or failed, as whatsapp-web.js said it. */
  reason?: string;
}

/** What staff must hear about. Never carries the QR itself (see {@link WhatsAppStatus.qr}). */
export type WhatsAppAlert =
  | { type: 'whatsapp.scan-needed'; at: Date; reason: string }
  | { type: 'whatsapp.disconnected'; at: Date; reason: string }
  | { type: 'whatsapp.ready'; at: Date };

export interface ReconnectOptions {
  /** Wait before the first new attempt after a disconnect. */
  initialDelayMs: number;
  /** The wait doubles after each failed attempt, up to this. */
  maxDelayMs: number;
}

export const DEFAULT_RECONNECT: ReconnectOptions = { initialDelayMs: 2_000, maxDelayMs: 5 * 60_000 };

export interface WhatsAppSessionOptions {
  client: WhatsAppClientPort;
  logger: Logger;
  onMessage: (message: WhatsAppMessage) => void;
  /** Every new QR code (they change about every 20 seconds until one is scanned). */
  onQr?: (qr: string) => void;
  reconnect?: Partial<ReconnectOptions>;
  /** How often a ready session is asked for its state (a browser can die without a word); 0 = never. */
  watchdogIntervalMs?: number;
  /** A start that reaches neither a QR code nor ready within this long is retried. */
  startTimeoutMs?: number;
  random?: () => number;
}

/** WhatsApp Web states in which the library itself keeps the session (Client.js, `ACCEPTED_STATES`). */
const ALIVE_STATES: ReadonlySet<string> = new Set<`${WAState}`>([
  'CONNECTED',
  'OPENING',
  'PAIRING',
  'TIMEOUT',
]);

/**
 * Keeps one whatsapp-web.js client connected: starts it, follows its events into a {@link WhatsAppStatus},
 * re-initialises it with exponential backoff after a disconnect, an authentication failure, a failed or
 * stuck start or a dead browser, and raises staff alerts (`alerts.on('alert', …)`) when a new QR scan is
 * needed, when the connection drops, and when it is back.
 */
export class WhatsAppSession {
  readonly alerts = new EventEmitter<{ alert: [WhatsAppAlert] }>();
  private current: WhatsAppStatus = { state: 'disconnected', since: new Date(), reason: 'not started' };
  private readonly reconnect: ReconnectOptions;
  private readonly log: Logger;
  private running = false;
  private failures = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryAt: number | undefined;
  private watchdog: NodeJS.Timeout | undefined;
  /** A scan-needed alert went out for the current episode: QR codes refresh, staff hear it once. */
  private scanAlerted = false;
  /** Counts starts, so the late failure of an abandoned start is not taken for the current one's. */
  private generation = 0;

  constructor(private readonly options: WhatsAppSessionOptions) {
    this.reconnect = { ...DEFAULT_RECONNECT, ...options.reconnect };
    this.log = options.logger;
  }

  status(): WhatsAppStatus {
    return { ...this.current };
  }

  isReady(): boolean {
    return this.current.state === 'ready';
  }

  /** How long a send refused for want of a connection should wait before trying again. */
  retryAfterMs(): number {
    const untilRetry = this.retryAt === undefined ? 0 : this.retryAt - Date.now();
    return Math.min(Math.max(untilRetry, 0) + 1_000, 30_000);
  }

  /** Attaches to the client and connects in the background (the first start may wait for a scan). */
  start(): void {
    if (this.running) return;
    this.running = true;
    const { client } = this.options;
    client.on('qr', (qr) => this.onQr(qr));
    client.on('authenticated', () => this.onAuthenticated());
    client.on('auth_failure', (message) => this.onAuthFailure(message));
    client.on('ready', () => this.onReady());
    client.on('disconnected', (reason) => this.onDisconnected(reason));
    client.on('change_state', (state) => this.log.info({ waState: state }, 'WhatsApp Web state changed'));
    client.on('message', (message) => {
      try {
        this.options.onMessage(message);
      } catch (err) {
        // A message we cannot even look at must not break the library's event loop for the next one.
        this.log.error({ err }, 'WhatsApp message could not be read');
      }
    });
    const every = this.options.watchdogIntervalMs ?? 60_000;
    if (every > 0) {
      this.watchdog = setInterval(() => void this.checkHealth(), every);
      this.watchdog.unref();
    }
    void this.connect();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.retryTimer);
    clearInterval(this.watchdog);
    this.retryTimer = this.watchdog = this.retryAt = undefined;
    this.options.client.removeAllListeners();
    await this.options.client
      .destroy()
      .catch((err: unknown) => this.log.warn({ err }, 'WhatsApp destroy failed'));
    this.set({ state: 'disconnected', reason: 'stopped' });
  }

  /**
   * Asks the client whether it is still connected; a session that says it is ready but whose browser
   * is gone (or that hangs while starting) is reconnected. Also called after a send failed that way.
   */
  async checkHealth(): Promise<void> {
    if (!this.running || this.retryTimer) return;
    const { state, since } = this.current;
    // WhatsApp Web stops refreshing its QR code after a few minutes: a restart shows a fresh one.
    const stuck = Date.now() - since.getTime() > (this.options.startTimeoutMs ?? 180_000);
    if ((state === 'starting' || state === 'qr') && stuck) {
      this.lost('disconnected', state === 'qr' ? 'QR code expired' : 'start timed out');
      return;
    }
    if (state !== 'ready') return;
    let waState: string | null;
    try {
      waState = await this.options.client.getState();
    } catch (err) {
      waState = `unreachable (${(err as Error).message})`;
    }
    if (this.current.state === 'ready' && (waState === null || !ALIVE_STATES.has(waState))) {
      this.lost('disconnected', `health check: ${waState ?? 'no state'}`);
    }
  }

  private async connect(): Promise<void> {
    if (!this.running) return;
    const generation = ++this.generation;
    this.set({ state: 'starting' });
    try {
      await this.options.client.initialize();
    } catch (err) {
      if (generation !== this.generation || !this.running) return;
      this.log.warn({ err }, 'WhatsApp Web did not start');
      this.lost('disconnected', `start failed: ${(err as Error).message}`);
    }
  }

  private onQr(qr: string): void {
    this.set({ state: 'qr', qr });
    this.log.warn('WhatsApp needs a QR scan: open WhatsApp on the association phone → Linked devices');
    try {
      this.options.onQr?.(qr);
    } catch (err) {
      // Drawing the code must not break the library's event: the code is still in status().
      this.log.error({ err }, 'showing the WhatsApp QR code failed');
    }
    if (!this.scanAlerted) {
      this.scanAlerted = true;
      this.alert({ type: 'whatsapp.scan-needed', at: new Date(), reason: 'no linked session' });
    }
  }

  private onAuthenticated(): void {
    this.log.info('WhatsApp authenticated');
    this.scanAlerted = false;
    if (this.current.state === 'qr') this.set({ state: 'starting' });
  }

  private onReady(): void {
    this.failures = 0;
    this.scanAlerted = false;
    this.set({ state: 'ready' });
    this.log.info('WhatsApp is ready');
    this.alert({ type: 'whatsapp.ready', at: new Date() });
  }

  private onAuthFailure(message: string): void {
    this.log.error({ reason: message }, 'WhatsApp session could not be restored');
    if (!this.scanAlerted) {
      this.scanAlerted = true;
      this.alert({
        type: 'whatsapp.scan-needed',
        at: new Date(),
        reason: `authentication failed: ${message}`,
      });
    }
    this.lost('auth_failure', message);
  }

  private onDisconnected(reason: DisconnectReason): void {
    this.log.warn({ reason }, 'WhatsApp disconnected');
    this.alert({ type: 'whatsapp.disconnected', at: new Date(), reason: String(reason) });
    this.lost('disconnected', String(reason));
  }

  /** Records the loss and schedules one re-initialisation, backing off while attempts keep failing. */
  private lost(state: 'disconnected' | 'auth_failure', reason: string): void {
    this.set({ state, reason });
    if (!this.running || this.retryTimer) return;
    const base = Math.min(this.reconnect.initialDelayMs * 2 ** this.failures, this.reconnect.maxDelayMs);
    const delay = Math.round(base * (1 + 0.2 * (this.options.random ?? Math.random)()));
    this.failures++;
    this.retryAt = Date.now() + delay;
    this.log.info({ delayMs: delay, attempt: this.failures }, 'WhatsApp will reconnect');
    this.retryTimer = setTimeout(() => {
      this.retryTimer = this.retryAt = undefined;
      void this.restart();
    }, delay);
    this.retryTimer.unref();
  }

  private async restart(): Promise<void> {
    // The library closes its browser itself on most disconnects, not on a logout: close it either way.
    await this.options.client
      .destroy()
      .catch((err: unknown) => this.log.debug({ err }, 'WhatsApp destroy before restart failed'));
    await this.connect();
  }

  private set(next: Omit<WhatsAppStatus, 'since'>): void {
    this.current = { ...next, since: new Date() };
  }

  private alert(alert: WhatsAppAlert): void {
    this.alerts.emit('alert', alert);
  }
}
