import { randomBytes } from 'node:crypto';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Failures a browser would retry: the app down or restarting, a 5xx, a timeout. */
const DOWN = /fetch failed|ECONNREFUSED|ECONNRESET|socket|other side closed|aborted|timeout|terminated/i;

export interface LoadStats {
  posts: number;
  accepted: number;
  duplicates: number;
  /** Attempts that failed because the app was down, restarting, or answered 5xx; retried. */
  retries: number;
  /** 429 answers (the per-session limit); waited out and retried. */
  rateLimited: number;
}

/** A reply as the web chat API lists it. */
export interface Delivery {
  seq: number;
  inReplyTo: string | null;
}

/**
 * Many website visitors at once, reduced to the web chat HTTP API, against several app processes as
 * behind a load balancer: a visitor keeps to one process while it answers and moves to another while
 * it is down. A message is resent with the same client id until the app says it has it (202, either
 * `accepted` or `duplicate`), as the page does.
 */
export class LoadClient {
  readonly stats: LoadStats = { posts: 0, accepted: 0, duplicates: 0, retries: 0, rateLimited: 0 };

  constructor(private readonly bases: readonly string[]) {}

  /** A session id like the app's own (18 random bytes, base64url): no round trip needed. */
  newSession(): string {
    return randomBytes(18).toString('base64url');
  }

  /** Sends a text until the app confirms it holds it; resolves with how it answered. */
  send(
    sessionId: string,
    clientMessageId: string,
    text: string,
    prefer: number,
    deadline: number,
  ): Promise<'accepted' | 'duplicate'> {
    return this.post(prefer, deadline, `/webchat/api/sessions/${sessionId}/messages`, clientMessageId, {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientMessageId, text }),
    });
  }

  /** Uploads a file (raw bytes) until the app confirms it holds it, with the same client id each time. */
  upload(
    sessionId: string,
    clientMessageId: string,
    bytes: Buffer,
    fileName: string,
    prefer: number,
    deadline: number,
  ): Promise<'accepted' | 'duplicate'> {
    return this.post(prefer, deadline, `/webchat/api/sessions/${sessionId}/uploads`, clientMessageId, {
      headers: {
        'content-type': 'application/octet-stream',
        'x-file-name': encodeURIComponent(fileName),
        'x-client-message-id': clientMessageId,
      },
      body: bytes,
    });
  }

  private async post(
    prefer: number,
    deadline: number,
    path: string,
    clientMessageId: string,
    init: { headers: Record<string, string>; body: string | Buffer },
  ): Promise<'accepted' | 'duplicate'> {
    for (let attempt = 0; ; attempt++) {
      const base = this.bases[(prefer + attempt) % this.bases.length]!;
      this.stats.posts++;
      try {
        const res = await fetch(`${base}${path}`, {
          method: 'POST',
          headers: init.headers,
          body: init.body,
          signal: AbortSignal.timeout(15_000),
        });
        const body = (await res.json().catch(() => ({}))) as { status?: string; retryAfterSeconds?: number };
        if (res.status === 202 && (body.status === 'accepted' || body.status === 'duplicate')) {
          if (body.status === 'accepted') this.stats.accepted++;
          else this.stats.duplicates++;
          return body.status;
        }
        if (res.status === 429) {
          this.stats.rateLimited++;
          await sleep((body.retryAfterSeconds ?? 1) * 1000);
          continue;
        }
        if (res.status < 500) throw new Error(`unexpected ${res.status}: ${JSON.stringify(body)}`);
      } catch (err) {
        const why = String((err as Error).cause ?? '') + String(err);
        if (!DOWN.test(why)) throw err;
      }
      this.stats.retries++;
      if (Date.now() > deadline) throw new Error(`gave up sending ${clientMessageId} to ${path}`);
      await sleep(Math.min(1000, 50 * 2 ** Math.min(attempt, 5)));
    }
  }

  /** Every reply stored for the session, oldest first, read through the API (paged). */
  async replies(sessionId: string, deadline: number): Promise<Delivery[]> {
    const all: Delivery[] = [];
    let after = 0;
    for (let attempt = 0; ;) {
      const base = this.bases[attempt % this.bases.length]!;
      try {
        const res = await fetch(`${base}/webchat/api/sessions/${sessionId}/messages?after=${after}`, {
          signal: AbortSignal.timeout(15_000),
        });
        if (res.status !== 200) throw new Error(`status ${res.status}`);
        const { messages } = (await res.json()) as { messages: Delivery[] };
        all.push(...messages.map(({ seq, inReplyTo }) => ({ seq, inReplyTo })));
        if (messages.length < 100) return all;
        after = messages[messages.length - 1]!.seq;
      } catch (err) {
        attempt++;
        if (Date.now() > deadline) throw err;
        await sleep(200);
      }
    }
  }
}
