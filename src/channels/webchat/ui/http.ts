/** The API beside the page (docs/channels/webchat.md). */
export const API = new URL('api/', document.baseURI).href;

export interface Answer<T = Record<string, unknown>> {
  status: number;
  body: T;
}

/** One request; the answer's JSON body, or `{}` when it has none. Network errors reject. */
export async function request<T = Record<string, unknown>>(
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer<T>> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    if (body instanceof Blob) {
      init.body = body;
    } else {
      init.body = JSON.stringify(body);
      init.headers = { ...headers, 'content-type': 'application/json' };
    }
  }
  const res = await fetch(API + path, init);
  const json = (await res.json().catch(() => ({}))) as T;
  return { status: res.status, body: json };
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Posts with the same client id until it is taken (network errors and 5xx are retried; the id dedupes). */
export async function post(path: string, body: unknown, headers?: Record<string, string>): Promise<Answer> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      const res = await request('POST', path, body, headers);
      if (res.status < 500 || attempt >= 3) return res;
    } catch (err) {
      if (attempt >= 3) throw err;
    }
    await pause(700 * (attempt + 1));
  }
}

/** A message id chosen by the page: resending it after a network error does not duplicate. */
export function newId(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
