import { GraphApiError } from './graph-client';

/**
 * What needs a person at the association rather than another try (`alerts.whatsapp.<kind>` in the
 * locales): a message that cannot be delivered, the access token, a template Meta does not know, the
 * account itself.
 */
export type CloudAlertKind = 'undeliverable' | 'token' | 'template' | 'account';

/** What to do about a send Meta refused, at once (HTTP error) or later (a `failed` status). */
export type GraphFailure = { error: string; alert?: CloudAlertKind } & (
  | { outcome: 'retry'; retryAfterMs?: number }
  /** Outside the 24-hour window: send it again as a template (or hold it for the person to write). */
  | { outcome: 'template' }
  | { outcome: 'give-up'; alert: CloudAlertKind }
);

const MINUTE = 60_000;

/** Meta's codes (developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes) and what they mean here. */
type Rule =
  | { outcome: 'retry'; retryAfterMs?: number; alert?: CloudAlertKind }
  | { outcome: 'template' }
  | { outcome: 'give-up'; alert: CloudAlertKind };

const BY_CODE: Readonly<Record<number, Rule>> = {
  // Re-engagement message: more than 24 hours since the person last wrote.
  131047: { outcome: 'template' },
  // Throughput of the number, messages to one person too fast, spam limit, app-level limits.
  130429: { outcome: 'retry', retryAfterMs: 5_000 },
  131056: { outcome: 'retry', retryAfterMs: 10_000 },
  131048: { outcome: 'retry', retryAfterMs: 60 * MINUTE },
  4: { outcome: 'retry', retryAfterMs: 5 * MINUTE },
  80007: { outcome: 'retry', retryAfterMs: 5 * MINUTE },
  // Passing faults on Meta's side, and media it could not fetch or store.
  1: { outcome: 'retry' },
  2: { outcome: 'retry' },
  131000: { outcome: 'retry' },
  131016: { outcome: 'retry', retryAfterMs: MINUTE },
  131052: { outcome: 'retry' },
  131053: { outcome: 'retry' },
  // The token expired or lost a permission: messages wait for the fix instead of being dropped.
  190: { outcome: 'retry', retryAfterMs: 5 * MINUTE, alert: 'token' },
  10: { outcome: 'retry', retryAfterMs: 5 * MINUTE, alert: 'token' },
  200: { outcome: 'retry', retryAfterMs: 5 * MINUTE, alert: 'token' },
  // The person cannot receive it: not on WhatsApp, blocked us, or Meta would not deliver.
  131026: { outcome: 'give-up', alert: 'undeliverable' },
  131049: { outcome: 'give-up', alert: 'undeliverable' },
  131050: { outcome: 'give-up', alert: 'undeliverable' },
  133010: { outcome: 'give-up', alert: 'undeliverable' },
  131051: { outcome: 'give-up', alert: 'undeliverable' },
  // A template Meta does not have in that language, paused, or with other parameters than ours.
  132000: { outcome: 'give-up', alert: 'template' },
  132001: { outcome: 'give-up', alert: 'template' },
  132005: { outcome: 'give-up', alert: 'template' },
  132007: { outcome: 'give-up', alert: 'template' },
  132012: { outcome: 'give-up', alert: 'template' },
  132015: { outcome: 'give-up', alert: 'template' },
  132016: { outcome: 'give-up', alert: 'template' },
  // The business account is locked or restricted.
  131031: { outcome: 'give-up', alert: 'account' },
  368: { outcome: 'give-up', alert: 'account' },
};

/** A `failed` status's or an error body's code as what to do. Unknown codes: retry (attempts bound it). */
export function classifyGraphCode(code: number, error: string, httpStatus = 400): GraphFailure {
  const known = BY_CODE[code];
  if (known) return { ...known, error };
  // Our request itself is wrong (an invalid parameter): sending it again would fail again.
  if (code === 100 || (httpStatus >= 400 && httpStatus < 500 && httpStatus !== 408 && httpStatus !== 429)) {
    return { outcome: 'give-up', alert: 'undeliverable', error };
  }
  return { outcome: 'retry', ...(httpStatus === 429 ? { retryAfterMs: MINUTE } : {}), error };
}

/** Whatever a Graph call threw as what to do. */
export function classifyGraphError(thrown: unknown): GraphFailure {
  if (!(thrown instanceof GraphApiError)) {
    return { outcome: 'retry', error: thrown instanceof Error ? thrown.message : String(thrown) };
  }
  const error = `${thrown.code ? `${thrown.code} ` : ''}${thrown.message}${thrown.details ? ` (${thrown.details})` : ''}`;
  // Transport failures and Meta's 5xx: the same call will work later.
  if (thrown.httpStatus === 0 || thrown.httpStatus >= 500) {
    const known = BY_CODE[thrown.code];
    return known && known.outcome !== 'give-up' ? { ...known, error } : { outcome: 'retry', error };
  }
  return classifyGraphCode(thrown.code, error.slice(0, 500), thrown.httpStatus);
}
