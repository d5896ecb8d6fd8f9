import { boot } from './boot';

/** What a console API call came to: its data, or the error the server explained. */
export type ApiResult<T> =
  | { ok: true; status: number; data: T }
  | {
      ok: false;
      status: number;
      error: string;
      message: string;
      issues: { path: string; message: string }[];
    };

/**
 * Calls the console API (docs/console.md) as the signed-in staff member: JSON both ways, the CSRF token
 * on every change (the sign-in form's own token before anyone is signed in). A session that ended (401) reloads the page, which then shows the sign-in form.
 */
export async function api<T>(
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  body?: unknown,
): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET') headers['x-csrf-token'] = boot.csrf ?? boot.loginCsrf ?? '';
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return { ok: false, status: 0, error: 'ERR_NETWORK', message: '', issues: [] };
  }
  const json = (response.headers.get('content-type') ?? '').includes('application/json')
    ? ((await response.json()) as unknown)
    : null;
  if (response.ok) return { ok: true, status: response.status, data: json as T };
  const failure = (json ?? {}) as {
    error?: string;
    message?: string;
    issues?: { path: string; message: string }[];
  };
  // The session ended; a wrong current password (also 401) is said on the page instead.
  if (response.status === 401 && failure.error !== 'ERR_BAD_CREDENTIALS' && boot.staff) location.reload();
  return {
    ok: false,
    status: response.status,
    error: failure.error ?? 'ERR_INTERNAL',
    message: failure.message ?? '',
    issues: failure.issues ?? [],
  };
}

/** A failure as one line a person can act on: the server's message and the fields at fault. */
export function failureText(result: Extract<ApiResult<unknown>, { ok: false }>, fallback: string): string {
  const fields = result.issues.map((i) => `${i.path.replace(/^body\./, '')}: ${i.message}`).join(' · ');
  return [result.message || fallback, fields].filter(Boolean).join(' ');
}

/** A fresh id for a message the page sends, so a retry of the same message is not sent twice. */
export function newClientId(): string {
  return crypto.randomUUID();
}
