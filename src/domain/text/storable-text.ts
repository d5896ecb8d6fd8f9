/*
 * Text PostgreSQL can store. A NUL (U+0000) cannot be in a `text` or `jsonb` value at all (the query
 * fails), and a lone UTF-16 surrogate (half of a pair, e.g. "\uD800") is not a character: it cannot be
 * encoded as UTF-8, and what becomes of it depends on the driver. Both arrive only from clients that
 * build JSON by hand; a person typing never produces them.
 */

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// eslint-disable-next-line no-control-regex -- finding the NUL is the point
const NUL = /\u0000/g;
const REPLACEMENT_CHARACTER = '\uFFFD';

/** Whether `text` holds a NUL or a lone surrogate (what `storableText` would change). */
export function hasUnstorableText(text: string): boolean {
  NUL.lastIndex = 0;
  LONE_SURROGATE.lastIndex = 0;
  return NUL.test(text) || LONE_SURROGATE.test(text);
}

/** `text` without NULs and with every lone surrogate replaced by U+FFFD; unchanged when it has neither. */
export function storableText(text: string): string {
  if (!hasUnstorableText(text)) return text;
  return text.replace(NUL, '').replace(LONE_SURROGATE, REPLACEMENT_CHARACTER);
}

/**
 * `value` with `storableText` applied to every string in it, keys included, at any depth (a parsed
 * JSON document such as a Telegram update). Objects and arrays are copied only where something changed.
 */
export function storableDeep<T>(value: T): T {
  return clean(value) as T;
}

function clean(value: unknown): unknown {
  if (typeof value === 'string') return storableText(value);
  if (Array.isArray(value)) {
    const items = value.map(clean);
    return items.every((item, i) => item === value[i]) ? value : items;
  }
  if (typeof value === 'object' && value !== null) {
    let changed = false;
    const entries = Object.entries(value).map(([key, item]) => {
      const [k, v] = [storableText(key), clean(item)];
      if (k !== key || v !== item) changed = true;
      return [k, v] as const;
    });
    return changed ? Object.fromEntries(entries) : value;
  }
  return value;
}

/** `text` cut to at most `max` UTF-16 units without cutting a surrogate pair in two (`slice` would). */
export function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}
