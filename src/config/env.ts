import { z } from 'zod';
import { ConfigError } from './config-error';
import { parseTrustProxy, type TrustProxy } from './trust-proxy';
import { cloudChecks, WHATSAPP_CLOUD_VARIABLES } from './env-whatsapp-cloud';
import { DEFAULT_STEPS_PER_SECOND } from './platform-defaults';
import {
  base64Key,
  flag,
  invalid,
  isInvalid,
  oneOf,
  text,
  url,
  variable,
  webUrl,
  wholeNumber,
  BOOLEAN_WORDS,
  GENERATE_SECRET,
} from './env-parsers';

/*
 * The environment, parsed once at startup. Every variable is optional and has a default that runs the
 * embedded single-machine setup. A bad value never falls back silently to a default: startup fails
 * with every wrong variable listed at once, each with what is wrong and how to fix it.
 *
 * An empty value (`VAR=` in an env file) counts as unset, because .env files and docker-compose's
 * `env_file` commonly list every variable with blanks for the ones not used.
 */

export const RUNNABLE_CHANNELS = ['webchat', 'telegram', 'whatsapp', 'terminal'] as const;
export type RunnableChannel = (typeof RUNNABLE_CHANNELS)[number];

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const OFFICIAL_TELEGRAM_API = 'https://api.telegram.org';
const EnvSchema = z.object({
  NODE_ENV: variable(oneOf(['development', 'production', 'test'], 'production'), 'development'),
  DATA_DIR: variable(text, './data'),
  DATABASE_URL: variable(
    url(
      ['postgres:', 'postgresql:'],
      'must be a PostgreSQL URL like postgres://tawasul:password@127.0.0.1:5432/tawasul, ' +
        'or leave it unset to use the embedded database in DATA_DIR',
    ),
  ),
  REDIS_URL: variable(
    url(
      ['redis:', 'rediss:'],
      'must be a Redis URL like redis://127.0.0.1:6379 (rediss:// for TLS), ' +
        'or leave it unset to let Tawasul start its own redis-server',
    ),
  ),
  REDIS_SERVER_BIN: variable(text, 'redis-server'),
  // Separates the queues of several Tawasul installations (or test runs) sharing one Redis.
  QUEUE_PREFIX: variable(
    (raw) =>
      /^[A-Za-z0-9_-]{1,40}$/.test(raw)
        ? raw
        : invalid('must be 1 to 40 letters, digits, _ or - (no ":"), e.g. tawasul-albirr'),
    'tawasul',
  ),
  PROFILE_PATH: variable(text, 'profiles/demo.yaml'),
  HTTP_HOST: variable(
    (raw) =>
      /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.:-]+)$/.test(raw)
        ? raw
        : invalid(
            'must be a host name or IP address to listen on, ' +
              'e.g. 127.0.0.1 (this machine only) or 0.0.0.0 (every interface)',
          ),
    '127.0.0.1',
  ),
  HTTP_PORT: variable(
    (raw) =>
      /^\d{1,5}$/.test(raw) && Number(raw) <= 65535
        ? Number(raw)
        : invalid('must be a whole number between 0 and 65535 (e.g. 3000; 0 picks a free port)'),
    3000,
  ),
  // Behind a reverse proxy: the client's address (the console's sign-in lock-out, the web chat's limits per address) is the one the trusted
  // proxy saw, from X-Forwarded-For: a hop count (1 = one nginx) or the proxies' addresses/CIDRs.
  PUBLIC_URL: variable((raw) => {
    const checked = webUrl(
      'must be the address people open the service at, e.g. https://chat.example.org (no path), ' +
        'or leave it unset on a machine used from itself',
    )(raw);
    return isInvalid(checked) ? checked : checked.replace(/\/+$/, '');
  }),
  HTTP_TRUST_PROXY: variable(parseTrustProxy, false as TrustProxy),
  // The web console's session cookie carries Secure always, never, or when the request came over HTTPS.
  CONSOLE_COOKIE_SECURE: variable(oneOf(['auto', 'always', 'never'], 'auto'), 'auto'),
  LOG_LEVEL: variable(oneOf(LOG_LEVELS, 'info'), 'info'),
  DEFAULT_LANGUAGE: variable(oneOf(['ar', 'en'], 'ar'), 'ar'),
  WEBCHAT_ENABLED: variable(flag('WEBCHAT_ENABLED', true), true),
  // Web chat flood limits beyond the per-session one (a session id is the client's choice), per process:
  // posts (messages and uploads) per client address and for the whole web chat, new sessions per address.
  WEBCHAT_POSTS_PER_ADDRESS_PER_MINUTE: variable(wholeNumber(1, 100_000, 'posts', 120), 120),
  WEBCHAT_POSTS_PER_MINUTE: variable(wholeNumber(1, 1_000_000, 'posts', 600), 600),
  WEBCHAT_SESSIONS_PER_ADDRESS_PER_HOUR: variable(wholeNumber(1, 100_000, 'sessions', 30), 30),
  // Open event streams (server-sent events) per client address and in all, per process.
  WEBCHAT_STREAMS_PER_ADDRESS: variable(wholeNumber(1, 100_000, 'streams', 20), 20),
  WEBCHAT_STREAMS_TOTAL: variable(wholeNumber(1, 1_000_000, 'streams', 2_000), 2_000),
  TERMINAL_CHAT: variable(flag('TERMINAL_CHAT', false), false),
  TELEGRAM_BOT_TOKEN: variable((raw) =>
    /^\d+:[A-Za-z0-9_-]+$/.test(raw)
      ? raw
      : invalid(
          'must be the token @BotFather gave you, shaped like 123456789:AAE…, with no spaces or quotes',
        ),
  ),
  TELEGRAM_API_ROOT: variable((raw) => {
    const checked = webUrl(
      `must be the base URL of a Telegram Bot API server, e.g. ${OFFICIAL_TELEGRAM_API} (the default)`,
    )(raw);
    return isInvalid(checked) ? checked : checked.replace(/\/+$/, '');
  }, OFFICIAL_TELEGRAM_API),
  TELEGRAM_WEBHOOK_URL: variable(
    webUrl(
      'must be the public https:// URL Telegram calls, e.g. https://chat.example.org/telegram/webhook, ' +
        'or leave it unset to use long polling',
    ),
  ),
  TELEGRAM_WEBHOOK_SECRET: variable((raw) =>
    /^[A-Za-z0-9_-]{1,256}$/.test(raw)
      ? raw
      : invalid(
          `must be 1 to 256 characters of A-Z, a-z, 0-9, _ and - (Telegram's rule); ${GENERATE_SECRET}`,
        ),
  ),
  // The staff bot: a second bot, in the staff supergroup (docs/staff-bot.md).
  STAFF_TELEGRAM_BOT_TOKEN: variable((raw) =>
    /^\d+:[A-Za-z0-9_-]+$/.test(raw)
      ? raw
      : invalid(
          'must be the token @BotFather gave the staff bot, shaped like 123456789:AAE…, with no spaces or quotes',
        ),
  ),
  STAFF_TELEGRAM_GROUP_ID: variable((raw) =>
    /^-\d{5,20}$/.test(raw) && Number.isSafeInteger(Number(raw))
      ? Number(raw)
      : invalid(
          'must be the id of the staff supergroup, a negative number starting with -100 (e.g. -1001234567890); ' +
            'docs/staff-bot.md says how to find it',
        ),
  ),
  STAFF_TELEGRAM_WEBHOOK_URL: variable(
    webUrl(
      'must be the public https:// URL Telegram calls for the staff bot, ' +
        'e.g. https://chat.example.org/telegram/staff-webhook, or leave it unset to use long polling',
    ),
  ),
  STAFF_TELEGRAM_WEBHOOK_SECRET: variable((raw) =>
    /^[A-Za-z0-9_-]{1,256}$/.test(raw)
      ? raw
      : invalid(
          `must be 1 to 256 characters of A-Z, a-z, 0-9, _ and - (Telegram's rule); ${GENERATE_SECRET}`,
        ),
  ),
  WHATSAPP_ENABLED: variable(flag('WHATSAPP_ENABLED', false), false),
  ...WHATSAPP_CLOUD_VARIABLES,
  // Scale-out (docs/SCALING.md): which of the enabled channels this process runs, and whether it sends.
  CHANNELS: variable((raw) => {
    const names = raw
      .split(',')
      .map((name) => name.trim().toLowerCase())
      .filter(Boolean);
    const unknown = names.filter((name) => !(RUNNABLE_CHANNELS as readonly string[]).includes(name));
    if (names.length === 0 || unknown.length > 0) {
      return invalid(
        `must list channels from ${RUNNABLE_CHANNELS.join(', ')}, comma-separated (e.g. webchat,telegram)` +
          (unknown.length > 0 ? `; unknown: ${unknown.join(', ')}` : ''),
      );
    }
    return [...new Set(names)] as RunnableChannel[];
  }),
  RUN_WORKERS: variable(flag('RUN_WORKERS', true), true),
  // This process runs no staff bot, another one does: handoffs reach the staff group all the same.
  STAFF_BOT_ELSEWHERE: variable(flag('STAFF_BOT_ELSEWHERE', true), false),
  CHROMIUM_PATH: variable(text, '/usr/bin/chromium'),
  // WhatsApp pacing: an unofficial client that writes fast is soon banned, so the defaults are slow.
  WHATSAPP_CHAT_GAP_MS: variable(wholeNumber(0, 600_000, 'milliseconds', 2000), 2000),
  WHATSAPP_JITTER_MS: variable(wholeNumber(0, 600_000, 'milliseconds', 1000), 1000),
  WHATSAPP_MAX_PER_MINUTE: variable(wholeNumber(1, 600, 'messages', 20), 20),
  ENCRYPTION_KEY: variable(base64Key),
  // Keys used before the last rotation, comma-separated: still read, never used to seal.
  ENCRYPTION_KEYS_OLD: variable((raw) => {
    const keys = raw
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean);
    for (const key of keys) {
      const checked = base64Key(key);
      if (isInvalid(checked)) return invalid(`each key ${checked.invalid}`);
    }
    return keys;
  }),
  // Ids (8 hex digits) of keys lost for good: the start no longer refuses a database with values they sealed.
  ENCRYPTION_KEYS_LOST: variable((raw) => {
    const ids = raw
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean);
    const bad = ids.find((id) => !/^[0-9a-f]{8}$/.test(id));
    return bad === undefined
      ? ids
      : invalid(`"${bad}" is not a key id: ids are 8 hex digits, as the start's ERR_KEY_MISSING names them`);
  }),
  METRICS_TOKEN: variable((raw) =>
    /^[A-Za-z0-9_-]{16,256}$/.test(raw)
      ? raw
      : invalid(`must be 16 to 256 characters of A-Z, a-z, 0-9, _ and -; ${GENERATE_SECRET}`),
  ),
  // A hosted platform for many associations (docs/PLATFORM.md): off, this is one association's installation.
  PLATFORM: variable(flag('PLATFORM', true), false),
  PLATFORM_HOST: variable((raw) =>
    /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/.test(raw)
      ? raw
      : invalid('must be the host name of the operator API in lower case, e.g. platform.example.org'),
  ),
  PLATFORM_TOKEN: variable((raw) =>
    /^[A-Za-z0-9_-]{32,256}$/.test(raw)
      ? raw
      : invalid(`must be 32 to 256 characters of A-Z, a-z, 0-9, _ and -; ${GENERATE_SECRET}`),
  ),
  PLATFORM_STEPS_PER_SECOND: variable(
    wholeNumber(1, 100_000, 'messages a second', DEFAULT_STEPS_PER_SECOND),
    DEFAULT_STEPS_PER_SECOND,
  ),
});

/** The parsed environment: every variable with its default applied and its type converted. */
export type Env = z.output<typeof EnvSchema>;
type VariableName = keyof Env;

/** Every variable Tawasul reads, in the order the docs and `.env.example` list them. */
export const ENV_VARIABLE_NAMES = Object.keys(EnvSchema.shape) as readonly VariableName[];

const SECRET_VARIABLES: ReadonlySet<string> = new Set([
  'TELEGRAM_BOT_TOKEN',
  'STAFF_TELEGRAM_BOT_TOKEN',
  'TELEGRAM_WEBHOOK_SECRET',
  'STAFF_TELEGRAM_WEBHOOK_SECRET',
  'ENCRYPTION_KEY',
  'ENCRYPTION_KEYS_OLD',
  'METRICS_TOKEN',
  'PLATFORM_TOKEN',
  'WHATSAPP_CLOUD_ACCESS_TOKEN',
  'WHATSAPP_CLOUD_APP_SECRET',
  'WHATSAPP_CLOUD_VERIFY_TOKEN',
]);

/** `NAME="value"` for the error message, without ever printing a secret or a password in a URL. */
function show(name: string, raw: string | undefined): string {
  if (raw === undefined) return `${name} is not set`;
  if (SECRET_VARIABLES.has(name)) return `${name} (value hidden, ${raw.length} characters)`;
  const masked = raw.replace(/^([A-Za-z][A-Za-z0-9+.-]*:\/\/[^:/@]*:)[^@/]*@/, '$1***@');
  const shown = masked.length > 80 ? `${masked.slice(0, 77)}...` : masked;
  return `${name}=${JSON.stringify(shown)}`;
}

/** Rules between variables, checked on the raw values so they are reported together with field errors. */
function crossChecks(raw: Readonly<Record<string, string | undefined>>): [VariableName, string][] {
  const problems: [VariableName, string][] = [];
  if ((raw.STAFF_TELEGRAM_BOT_TOKEN === undefined) !== (raw.STAFF_TELEGRAM_GROUP_ID === undefined)) {
    const missing =
      raw.STAFF_TELEGRAM_BOT_TOKEN === undefined ? 'STAFF_TELEGRAM_BOT_TOKEN' : 'STAFF_TELEGRAM_GROUP_ID';
    problems.push([
      missing,
      'the staff bot needs both STAFF_TELEGRAM_BOT_TOKEN and STAFF_TELEGRAM_GROUP_ID: set the other one too, ' +
        'or unset both to run without it',
    ]);
  }
  const listed = (raw.CHANNELS ?? '').split(',').map((name) => name.trim().toLowerCase());
  const off = [
    listed.includes('telegram') &&
      raw.TELEGRAM_BOT_TOKEN === undefined &&
      'telegram (set TELEGRAM_BOT_TOKEN)',
    listed.includes('whatsapp') &&
      BOOLEAN_WORDS[(raw.WHATSAPP_ENABLED ?? 'false').toLowerCase()] !== true &&
      'whatsapp (set WHATSAPP_ENABLED=true)',
    listed.includes('webchat') &&
      BOOLEAN_WORDS[(raw.WEBCHAT_ENABLED ?? 'true').toLowerCase()] === false &&
      'webchat (set WEBCHAT_ENABLED=true)',
  ].filter((item): item is string => typeof item === 'string');
  if (off.length > 0) {
    problems.push([
      'CHANNELS',
      `names channels that are not enabled: ${off.join(', ')}; enable them, or leave them out of CHANNELS`,
    ]);
  }
  if (BOOLEAN_WORDS[(raw.PLATFORM ?? 'false').toLowerCase()] === true) {
    for (const name of ['PLATFORM_HOST', 'PLATFORM_TOKEN'] as const) {
      if (raw[name] === undefined) {
        problems.push([
          name,
          'required with PLATFORM=true: the operator API answers at PLATFORM_HOST to PLATFORM_TOKEN',
        ]);
      }
    }
  }
  problems.push(...cloudChecks(raw));
  problems.push(
    ...webhookChecks(raw, {
      url: 'TELEGRAM_WEBHOOK_URL',
      secret: 'TELEGRAM_WEBHOOK_SECRET',
      token: 'TELEGRAM_BOT_TOKEN',
      example: 'https://chat.example.org/telegram/webhook',
    }),
    ...webhookChecks(raw, {
      url: 'STAFF_TELEGRAM_WEBHOOK_URL',
      secret: 'STAFF_TELEGRAM_WEBHOOK_SECRET',
      token: 'STAFF_TELEGRAM_BOT_TOKEN',
      example: 'https://chat.example.org/telegram/staff-webhook',
    }),
  );
  // Both bots' routes are served by the same app: one path each.
  const beneficiaryPath = pathOf(raw.TELEGRAM_WEBHOOK_URL);
  if (beneficiaryPath !== undefined && beneficiaryPath === pathOf(raw.STAFF_TELEGRAM_WEBHOOK_URL)) {
    problems.push([
      'STAFF_TELEGRAM_WEBHOOK_URL',
      `must have a path of its own: ${beneficiaryPath} is the beneficiary bot's (TELEGRAM_WEBHOOK_URL); ` +
        'use e.g. https://chat.example.org/telegram/staff-webhook',
    ]);
  }
  return problems;
}

/** The rules of one bot's webhook variables: a secret, a token, and HTTPS unless the Bot API is local. */
function webhookChecks(
  raw: Readonly<Record<string, string | undefined>>,
  names: { url: VariableName; secret: VariableName; token: VariableName; example: string },
): [VariableName, string][] {
  const webhook = raw[names.url];
  if (webhook === undefined) return [];
  const problems: [VariableName, string][] = [];
  if (raw[names.secret] === undefined) {
    problems.push([
      names.secret,
      `required when ${names.url} is set, so that only Telegram can call the webhook; ${GENERATE_SECRET}`,
    ]);
  }
  if (raw[names.token] === undefined) {
    problems.push([
      names.token,
      `required when ${names.url} is set: get a token from @BotFather, or unset ${names.url}`,
    ]);
  }
  // The official Bot API only delivers webhooks over HTTPS; a local Bot API server also accepts http.
  const apiRoot = (raw.TELEGRAM_API_ROOT ?? OFFICIAL_TELEGRAM_API).replace(/\/+$/, '');
  if (webhook.toLowerCase().startsWith('http://') && apiRoot === OFFICIAL_TELEGRAM_API) {
    problems.push([
      names.url,
      'must start with https:// because Telegram only calls webhooks over HTTPS ' +
        `(e.g. ${names.example}); plain http:// works only with a local Bot API server ` +
        'set in TELEGRAM_API_ROOT',
    ]);
  }
  return problems;
}

/** The path of a URL, or undefined when it is unset or not a URL (reported on its own). */
function pathOf(raw: string | undefined): string | undefined {
  if (raw === undefined || !URL.canParse(raw)) return undefined;
  return new URL(raw).pathname;
}

/**
 * Parses the environment (pass `process.env`). Throws a {@link ConfigError} listing every wrong
 * variable — its name, its value (secrets hidden), what is wrong and how to fix it.
 */
export function loadEnv(source: NodeJS.ProcessEnv): Env {
  const raw: Record<string, string | undefined> = {};
  for (const name of ENV_VARIABLE_NAMES) {
    const value = source[name]?.trim();
    raw[name] = value === '' ? undefined : value;
  }

  const result = EnvSchema.safeParse(raw);
  const found = new Map<string, string>();
  for (const issue of result.error?.issues ?? []) {
    const name = String(issue.path[0] ?? '');
    if (!found.has(name)) found.set(name, issue.message);
  }
  for (const [name, why] of crossChecks(raw)) {
    if (!found.has(name)) found.set(name, why);
  }
  if (result.success && found.size === 0) return result.data;

  const problems = ENV_VARIABLE_NAMES.filter((name) => found.has(name)).map(
    (name) => `${show(name, raw[name])}: ${found.get(name) ?? ''}`,
  );
  const count =
    problems.length === 1 ? 'one environment variable is' : `${problems.length} environment variables are`;
  throw new ConfigError(
    `Tawasul cannot start: ${count} wrong (see .env.example for every variable and its default).\n` +
      problems.map((problem) => `  - ${problem}`).join('\n'),
    { problems },
  );
}
