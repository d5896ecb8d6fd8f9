/**
 * A local stand-in for the WhatsApp Cloud API (Meta's Graph API): a real HTTP server on 127.0.0.1
 * (random port) that the Cloud adapter reaches through `WHATSAPP_CLOUD_BASE_URL`, and that POSTs signed
 * webhooks to the app, so the adapter is exercised over real HTTP both ways.
 *
 * ```ts
 * const graph = await startFakeGraphApi({ accessToken, appSecret, phoneNumberId, businessAccountId, now });
 * graph.setWebhook(`${appUrl}/whatsapp/webhook`);
 * await graph.deliverText('966500000001', 'السلام عليكم');   // the person writes
 * await graph.idle();                                       // statuses delivered
 * graph.shown('966500000001');                               // what they now see
 * ```
 *
 * Imitated, strictly so that the adapter's mistakes show: Bearer auth (401, code 190);
 * `POST /{version}/{phone-number-id}/messages` validated against Meta's documented limits (code 100 with
 * `details` naming the parameter; templates 132000/132001/132018), and mark-as-read; multipart
 * `POST …/media` with Meta's size limits; `GET /{version}/{media-id}` and the download URL; `sent` then
 * `delivered` statuses after each accepted send; the 24-hour window (a free-form send outside it is
 * accepted, then fails with 131047); throughput limit (130429); planned failures (`failNext`).
 * Webhooks carry `X-Hub-Signature-256` and go out one at a time, in order.
 *
 * Rules worth knowing: the window opens only through this stand-in's own `deliver*` calls (at `now()`),
 * and its 131047 failure is delivered even with `autoStatuses: false`; `shown` leaves out sends that
 * failed. The rate limit counts accepted sends within one second of `now()`, so with a frozen clock
 * the test advances it. Refusals answer HTTP 400 (401 for the token) like Meta: act on `error.code`.
 *
 * Not imitated: retries of a webhook the app refused, the pair rate limit (131056, plan it with
 * `failNext`), message types the adapter does not send (flows, products, cta_url), media links being
 * fetched, template header/button parameters, and the access token expiring.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  GraphError,
  invalidParameter,
  invalidToken,
  plannedFailure,
  rateLimitHit,
  unknownObject,
} from './fake-graph-api/graph-error';
import { parseJson, readBody, reply, unknownPath } from './fake-graph-api/http-helpers';
import { inbound, newWamid, reEngagementError } from './fake-graph-api/inbound-messages';
import { MediaStore, sha256, type StoredMedia } from './fake-graph-api/media-store';
import { shownOf, type Shown } from './fake-graph-api/shown';
import type { StatusName } from './fake-graph-api/statuses';
import type {
  DeliverOptions,
  Delivery,
  FakeGraphApi,
  FakeGraphApiOptions,
  MediaFile,
  PlannedError,
  SentMessage,
  StatusDelivery,
} from './fake-graph-api/types';
import { validateMessage } from './fake-graph-api/validate-message';
import { WebhookSender } from './fake-graph-api/webhook-sender';

export type * from './fake-graph-api/types';
export type { Shown, StatusName, StoredMedia };
export { MEDIA_SIZE_LIMITS } from './fake-graph-api/media-store';

const DAY_MS = 24 * 60 * 60 * 1000;

export async function startFakeGraphApi(options: FakeGraphApiOptions): Promise<FakeGraphApi> {
  const api = new GraphApiStandIn(options);
  await api.listen();
  return api;
}

class GraphApiStandIn implements FakeGraphApi {
  private readonly server: http.Server;
  private readonly now: () => number;
  private readonly media = new MediaStore();
  private readonly sentLog: SentMessage[] = [];
  private readonly failed = new Set<string>();
  private readonly lastInbound = new Map<string, number>();
  private readonly requestLog: { method: string; path: string; authorization?: string }[] = [];
  private readonly planned: { error: PlannedError; remaining: number }[] = [];
  private readonly sendTimes: number[] = [];
  private readonly readMarks: string[] = [];
  private limit: { perSecond: number } | undefined;
  private readonly webhooks: WebhookSender;

  constructor(private readonly options: FakeGraphApiOptions) {
    this.now = options.now ?? Date.now;
    this.webhooks = new WebhookSender(
      options.appSecret,
      {
        businessAccountId: options.businessAccountId,
        phoneNumberId: options.phoneNumberId,
        displayPhoneNumber: options.displayPhoneNumber ?? '15550000000',
      },
      this.now,
      options.webhookUrl,
    );
    this.server = http.createServer((req, res) => {
      this.route(req, res).catch((error: unknown) => {
        const graphError = error instanceof GraphError ? error : new GraphError(500, 1, String(error));
        reply(res, graphError.httpStatus, graphError.body());
      });
    });
  }

  listen(): Promise<void> {
    return new Promise((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.webhooks.stop();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  setWebhook(url: string): void {
    this.webhooks.url = url;
  }

  // ── The person's side: inbound webhooks ─────────────────────────────────────────────────────

  deliverText(waId: string, text: string, opts?: DeliverOptions) {
    return this.deliverMessage(waId, inbound.text(text), opts);
  }

  deliverButtonReply(waId: string, id: string, title: string, opts?: DeliverOptions) {
    return this.deliverMessage(waId, { ...inbound.buttonReply(id, title), ...this.contextOf(waId) }, opts);
  }

  deliverListReply(
    waId: string,
    id: string,
    title: string,
    opts?: DeliverOptions & { description?: string },
  ) {
    return this.deliverMessage(
      waId,
      { ...inbound.listReply(id, title, opts?.description), ...this.contextOf(waId) },
      opts,
    );
  }

  async deliverMedia(
    waId: string,
    kind: 'image' | 'document' | 'audio' | 'video' | 'sticker',
    file: MediaFile,
    opts?: DeliverOptions,
  ) {
    const mediaId = this.media.add({ bytes: file.bytes, mimeType: file.mimeType, filename: file.filename });
    const message = inbound.media(kind, { ...file, id: mediaId, sha256: sha256(file.bytes) });
    return { ...(await this.deliverMessage(waId, message, opts)), mediaId };
  }

  deliverLocation(
    waId: string,
    latitude: number,
    longitude: number,
    opts?: DeliverOptions & { name?: string; address?: string },
  ) {
    return this.deliverMessage(waId, inbound.location(latitude, longitude, opts ?? {}), opts);
  }

  deliverReaction(waId: string, messageId: string, emoji: string, opts?: DeliverOptions) {
    return this.deliverMessage(waId, inbound.reaction(messageId, emoji), opts);
  }

  deliverContacts(waId: string, opts?: DeliverOptions) {
    return this.deliverMessage(waId, inbound.contacts(), opts);
  }

  deliverUnsupported(waId: string, opts?: DeliverOptions) {
    return this.deliverMessage(waId, inbound.unsupported(), opts);
  }

  async deliverMessage(waId: string, message: Record<string, unknown>, opts: DeliverOptions = {}) {
    const messageId = opts.id ?? (typeof message.id === 'string' ? message.id : newWamid());
    const timestamp = opts.timestamp ?? Math.floor(this.now() / 1000);
    // The window opens when the message arrives, whatever timestamp the message claims.
    this.lastInbound.set(waId, this.now());
    const value = {
      contacts: [{ profile: { name: opts.name ?? 'Amal Saleh' }, wa_id: waId }],
      messages: [{ from: waId, timestamp: String(timestamp), ...message, id: messageId }],
    };
    const answer = await this.webhooks.enqueue(() => this.webhooks.postValue(value));
    return { ...answer, messageId };
  }

  async deliverStatus(
    wamid: string,
    status: StatusName,
    opts: { errors?: { code: number; title: string }[]; recipientId?: string } = {},
  ): Promise<Delivery> {
    const recipientId = opts.recipientId ?? this.sentLog.find((m) => m.wamid === wamid)?.to;
    if (recipientId === undefined) throw new Error(`deliverStatus: no send with ${wamid}; give recipientId`);
    if (status === 'failed') this.failed.add(wamid);
    const answer = await this.webhooks.enqueue(() =>
      this.postStatus(wamid, status, recipientId, opts.errors),
    );
    return { ...answer, messageId: wamid };
  }

  postWebhook(rawBody: string | Buffer, opts: { signature?: string | null } = {}) {
    return this.webhooks.enqueue(() => this.webhooks.postRaw(rawBody, opts.signature));
  }

  async verifyWebhook(verifyToken: string, challenge = String(Date.now())) {
    const url = new URL(this.webhooks.requireUrl());
    url.searchParams.set('hub.mode', 'subscribe');
    url.searchParams.set('hub.verify_token', verifyToken);
    url.searchParams.set('hub.challenge', challenge);
    const response = await fetch(url);
    return { status: response.status, body: await response.text() };
  }

  // ── Assertions and set-up ────────────────────────────────────────────────────────────────────

  sent(waId?: string): SentMessage[] {
    return this.sentLog.filter((m) => waId === undefined || m.to === waId);
  }

  takeSent(waId: string): SentMessage[] {
    const taken = this.sent(waId);
    for (const message of taken) this.sentLog.splice(this.sentLog.indexOf(message), 1);
    return taken;
  }

  shown(waId: string): Shown[] {
    return this.sent(waId)
      .filter((m) => !this.failed.has(m.wamid))
      .map((m) => shownOf(m.body));
  }

  uploads(): Map<string, StoredMedia> {
    return this.media.files;
  }

  requests() {
    return [...this.requestLog];
  }

  markedRead(): string[] {
    return [...this.readMarks];
  }

  statuses(): StatusDelivery[] {
    return [...this.webhooks.statusLog];
  }

  failNext(error: PlannedError, count = 1): void {
    this.planned.push({ error, remaining: count });
  }

  rateLimit(limit: { perSecond: number } | undefined): void {
    this.limit = limit;
  }

  idle(): Promise<void> {
    return this.webhooks.idle();
  }

  // ── The HTTP side: what the adapter calls ────────────────────────────────────────────────────

  private async route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const method = req.method ?? 'GET';
    this.requestLog.push({ method, path: url.pathname, authorization: req.headers.authorization });
    const parts = url.pathname.split('/').filter(Boolean);
    const body = await readBody(req);
    this.authorize(req);
    if (method === 'GET' && parts[0] === 'media-download' && parts.length === 2)
      return this.download(res, parts[1] as string);
    if (!/^v\d+\.\d+$/.test(parts[0] ?? '')) throw unknownPath(url.pathname);
    if (method === 'GET' && parts.length === 2) {
      const info = this.media.info(parts[1] as string, this.url);
      if (!info) throw unknownObject('get', parts[1] as string);
      return reply(res, 200, info);
    }
    const edge = parts[2];
    if (method !== 'POST' || parts.length !== 3 || (edge !== 'messages' && edge !== 'media'))
      throw unknownPath(url.pathname);
    if (parts[1] !== this.options.phoneNumberId) throw unknownObject('post', parts[1] as string);
    this.takePlannedFailure();
    if (edge === 'media') {
      const id = await this.media.upload(body, req.headers['content-type'] ?? '');
      return reply(res, 200, { id });
    }
    return this.acceptMessage(res, parseJson(body));
  }

  private authorize(req: http.IncomingMessage): void {
    if (req.headers.authorization !== `Bearer ${this.options.accessToken}`) throw invalidToken();
  }

  private takePlannedFailure(): void {
    const next = this.planned[0];
    if (!next) return;
    next.remaining -= 1;
    if (next.remaining <= 0) this.planned.shift();
    throw plannedFailure(next.error);
  }

  private acceptMessage(res: http.ServerResponse, body: Record<string, unknown>): void {
    if (body.status === 'read') {
      if (body.messaging_product !== 'whatsapp')
        throw invalidParameter("Param messaging_product must be 'whatsapp'");
      if (typeof body.message_id !== 'string') throw invalidParameter('Param message_id is required');
      this.readMarks.push(body.message_id);
      return reply(res, 200, { success: true });
    }
    validateMessage(body, {
      isUploaded: (id) => this.media.get(id) !== undefined,
      templates: this.options.templates,
    });
    const at = this.now();
    if (this.limit && this.sendTimes.filter((t) => t > at - 1000).length >= this.limit.perSecond)
      throw rateLimitHit();
    this.sendTimes.push(at);
    const to = body.to as string;
    const wamid = newWamid();
    this.sentLog.push({ wamid, to, at, body });
    reply(res, 200, {
      messaging_product: 'whatsapp',
      contacts: [{ input: to, wa_id: to }],
      messages: [{ id: wamid }],
    });

    const isTemplate = body.type === 'template';
    const last = this.lastInbound.get(to);
    const outsideWindow = !isTemplate && (last === undefined || at - last > DAY_MS);
    if (this.options.enforceWindow !== false && outsideWindow) {
      this.failed.add(wamid);
      this.webhooks.afterResponse(res, () => this.postStatus(wamid, 'failed', to, [reEngagementError()]));
    } else if (this.options.autoStatuses !== false) {
      this.webhooks.afterResponse(res, async () => {
        await this.postStatus(wamid, 'sent', to);
        await this.postStatus(wamid, 'delivered', to);
      });
    }
  }

  private download(res: http.ServerResponse, id: string): void {
    const media = this.media.get(id);
    if (!media) return reply(res, 404, new GraphError(404, 100, 'Media not found').body());
    res.writeHead(200, { 'content-type': media.mimeType, 'content-length': media.bytes.length });
    res.end(media.bytes);
  }

  /** A reply quotes the interactive message it answers, as WhatsApp does. */
  private contextOf(waId: string): Record<string, unknown> {
    const last = [...this.sentLog].reverse().find((m) => m.to === waId && m.body.type === 'interactive');
    return last ? { context: { from: this.webhooks.identity.displayPhoneNumber, id: last.wamid } } : {};
  }

  private postStatus(
    wamid: string,
    status: StatusName,
    recipientId: string,
    errors?: Record<string, unknown>[],
  ) {
    const sent = this.sentLog.find((m) => m.wamid === wamid);
    const category = sent?.body.type === 'template' ? 'utility' : 'service';
    return this.webhooks.postStatus({ wamid, status, recipientId, category, errors });
  }
}
