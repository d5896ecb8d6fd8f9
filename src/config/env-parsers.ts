import { z } from 'zod';

/*
 * How each environment variable is read: a parser turns the raw text into its value, or says what is
 * wrong with it and how to fix it (`invalid(why)`). `variable` makes a zod field of a parser, with the
 * rule that an empty value counts as unset.
 */

export type Invalid = { readonly invalid: string };
export const invalid = (why: string): Invalid => ({ invalid: why });
export const isInvalid = (value: unknown): value is Invalid =>
  typeof value === 'object' && value !== null && 'invalid' in value;

export function variable<T>(
  parse: (raw: string) => T | Invalid,
): z.ZodType<T | undefined, string | undefined>;
export function variable<T>(
  parse: (raw: string) => T | Invalid,
  fallback: T,
): z.ZodType<T, string | undefined>;
export function variable<T>(parse: (raw: string) => T | Invalid, fallback?: T) {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined) return fallback;
      const parsed = parse(raw);
      if (isInvalid(parsed)) {
        ctx.addIssue({ code: 'custom', message: parsed.invalid });
        return z.NEVER;
      }
      return parsed;
    });
}

export function oneOf<const T extends string>(choices: readonly T[], example: T) {
  return (raw: string): T | Invalid => {
    const value = raw.toLowerCase();
    return (choices as readonly string[]).includes(value)
      ? (value as T)
      : invalid(`must be one of ${choices.join(', ')} (e.g. ${example})`);
  };
}

export const BOOLEAN_WORDS: Readonly<Record<string, boolean>> = {
  true: true,
  false: false,
  '1': true,
  '0': false,
  yes: true,
  no: false,
};
export const flag = (name: string, example: boolean) => (raw: string) =>
  BOOLEAN_WORDS[raw.toLowerCase()] ??
  invalid(`must be true or false (1/0 and yes/no work too), e.g. ${name}=${String(example)}`);

export function url(protocols: readonly string[], why: string) {
  return (raw: string): string | Invalid => {
    let parsed: URL;
    try {
      parsed = new URL(raw);
    } catch {
      return invalid(why);
    }
    return protocols.includes(parsed.protocol) ? raw : invalid(why);
  };
}

export const webUrl = (why: string) => (raw: string) => {
  const checked = url(['http:', 'https:'], why)(raw);
  return isInvalid(checked) || new URL(checked).hostname !== '' ? checked : invalid(why);
};

export const text = (raw: string) => raw;

/** A whole number from `min` to `max`; `what` says what it counts, `example` a sensible value. */
export const wholeNumber = (min: number, max: number, what: string, example: number) => (raw: string) =>
  /^\d{1,9}$/.test(raw) && Number(raw) >= min && Number(raw) <= max
    ? Number(raw)
    : invalid(`must be a whole number of ${what} from ${min} to ${max}, e.g. ${example}`);

/** Channels a process can run; CHANNELS picks among them. */

/** 32 random bytes in base64: the encryption keys' shape. */
export function base64Key(raw: string): string | Invalid {
  const fix = 'generate one with: openssl rand -base64 32';
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(raw) || raw.length % 4 !== 0) {
    return invalid(`must be 32 random bytes written in base64 (44 characters ending in "="); ${fix}`);
  }
  const bytes = Buffer.from(raw, 'base64').length;
  return bytes === 32 ? raw : invalid(`must decode to 32 bytes, but decodes to ${bytes}; ${fix}`);
}

/** How to make a secret, for the messages of every variable that wants one. */
export const GENERATE_SECRET = 'generate one with: openssl rand -hex 32';
