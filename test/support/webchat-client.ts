const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const DOWN = /fetch failed|ECONNREFUSED|ECONNRESET|socket|other side closed/i;

/**
 * A visitor's browser, reduced to the web chat HTTP API: it retries while the app is down (as a page
 * would), and a resent message keeps its client id, so the app can drop the duplicate.
 */
export class WebChatClient {
  constructor(private readonly base: string) {}

  async createSession(): Promise<string> {
    const { sessionId } = (await this.post('/webchat/api/sessions', {})) as { sessionId: string };
    return sessionId;
  }

  async send(sessionId: string, clientMessageId: string, text: string): Promise<void> {
    await this.post(`/webchat/api/sessions/${sessionId}/messages`, { clientMessageId, text });
  }

  /** Every reply stored for the session so far, oldest first. */
  async replies(sessionId: string): Promise<{ inReplyTo: string | null }[]> {
    for (;;) {
      try {
        const res = await fetch(`${this.base}/webchat/api/sessions/${sessionId}/messages`);
        if (res.status !== 200) throw new Error(`status ${res.status}: ${await res.text()}`);
        return ((await res.json()) as { messages: { inReplyTo: string | null }[] }).messages;
      } catch (err) {
        if (!DOWN.test(String((err as Error).cause ?? err)) && !/status 5\d\d/.test(String(err))) throw err;
        await sleep(100);
      }
    }
  }

  private async post(path: string, body: unknown): Promise<unknown> {
    for (;;) {
      try {
        const res = await fetch(`${this.base}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        if (res.status === 201 || res.status === 202) return res.json();
        throw new Error(`status ${res.status}: ${await res.text()}`);
      } catch (err) {
        if (!DOWN.test(String((err as Error).cause ?? err)) && !/status 5\d\d/.test(String(err))) throw err;
        await sleep(100);
      }
    }
  }
}
