import { ConfigError } from '../../src/config/config-error';
import { ENV_VARIABLE_NAMES, loadEnv } from '../../src/config/env';

const KEY_32 = Buffer.alloc(32, 7).toString('base64');

/** The ConfigError thrown for `source`; fails the test when none is thrown. */
function problemsOf(source: NodeJS.ProcessEnv): ConfigError {
  try {
    loadEnv(source);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`expected loadEnv to reject ${JSON.stringify(source)}`);
}

describe('loadEnv defaults', () => {
  it('runs the embedded single-machine setup when nothing is set', () => {
    expect(loadEnv({})).toEqual({
      NODE_ENV: 'development',
      DATA_DIR: './data',
      DATABASE_URL: undefined,
      REDIS_URL: undefined,
      REDIS_SERVER_BIN: 'redis-server',
      QUEUE_PREFIX: 'tawasul',
      PROFILE_PATH: 'profiles/demo.yaml',
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: 3000,
      HTTP_TRUST_PROXY: false,
      CONSOLE_COOKIE_SECURE: 'auto',
      LOG_LEVEL: 'info',
      DEFAULT_LANGUAGE: 'ar',
      WEBCHAT_ENABLED: true,
      WEBCHAT_POSTS_PER_ADDRESS_PER_MINUTE: 120,
      WEBCHAT_POSTS_PER_MINUTE: 600,
      WEBCHAT_SESSIONS_PER_ADDRESS_PER_HOUR: 30,
      WEBCHAT_STREAMS_PER_ADDRESS: 20,
      WEBCHAT_STREAMS_TOTAL: 2000,
      TERMINAL_CHAT: false,
      TELEGRAM_BOT_TOKEN: undefined,
      TELEGRAM_API_ROOT: 'https://api.telegram.org',
      TELEGRAM_WEBHOOK_URL: undefined,
      TELEGRAM_WEBHOOK_SECRET: undefined,
      STAFF_TELEGRAM_BOT_TOKEN: undefined,
      STAFF_TELEGRAM_GROUP_ID: undefined,
      WHATSAPP_ENABLED: false,
      WHATSAPP_API: 'web',
      WHATSAPP_CLOUD_PHONE_NUMBER_ID: undefined,
      WHATSAPP_CLOUD_BUSINESS_ACCOUNT_ID: undefined,
      WHATSAPP_CLOUD_ACCESS_TOKEN: undefined,
      WHATSAPP_CLOUD_APP_SECRET: undefined,
      WHATSAPP_CLOUD_VERIFY_TOKEN: undefined,
      WHATSAPP_CLOUD_WEBHOOK_PATH: '/whatsapp/webhook',
      WHATSAPP_CLOUD_API_VERSION: 'v25.0',
      WHATSAPP_CLOUD_BASE_URL: 'https://graph.facebook.com',
      WHATSAPP_CLOUD_MAX_PER_SECOND: 80,
      CHROMIUM_PATH: '/usr/bin/chromium',
      WHATSAPP_CHAT_GAP_MS: 2000,
      WHATSAPP_JITTER_MS: 1000,
      WHATSAPP_MAX_PER_MINUTE: 20,
      CHANNELS: undefined,
      RUN_WORKERS: true,
      STAFF_BOT_ELSEWHERE: false,
      ENCRYPTION_KEY: undefined,
      METRICS_TOKEN: undefined,
      PLATFORM: false,
      PLATFORM_STEPS_PER_SECOND: 50,
    });
  });

  it('treats empty and blank values as unset, as .env files list every variable', () => {
    const blank = Object.fromEntries(
      ENV_VARIABLE_NAMES.map((name) => [name, name === 'HTTP_PORT' ? '  ' : '']),
    );
    expect(loadEnv(blank)).toEqual(loadEnv({}));
  });

  it('ignores variables it does not know', () => {
    expect(loadEnv({ PATH: '/usr/bin', HOME: '/root' })).toEqual(loadEnv({}));
  });
});

describe('scale-out switches', () => {
  it('reads CHANNELS as a list and RUN_WORKERS as a flag', () => {
    const env = loadEnv({
      CHANNELS: ' Webchat, telegram,webchat ',
      TELEGRAM_BOT_TOKEN: '1:x',
      RUN_WORKERS: 'no',
    });
    expect([env.CHANNELS, env.RUN_WORKERS]).toEqual([['webchat', 'telegram'], false]);
  });

  it('names unknown channels and channels that are not enabled, with the fix', () => {
    expect(() => loadEnv({ CHANNELS: 'webchat,sms' })).toThrow(
      'CHANNELS="webchat,sms"' +
        ': must list channels from webchat, telegram, whatsapp, terminal, comma-separated (e.g. webchat,telegram); unknown: sms',
    );
    expect(() => loadEnv({ CHANNELS: 'whatsapp,telegram' })).toThrow(
      'CHANNELS="whatsapp,telegram": names channels that are not enabled: telegram (set TELEGRAM_BOT_TOKEN), ' +
        'whatsapp (set WHATSAPP_ENABLED=true); enable them, or leave them out of CHANNELS',
    );
  });

  it('names every Cloud API variable WHATSAPP_API=cloud still needs, and where Meta shows it', () => {
    expect(() => loadEnv({ WHATSAPP_API: 'cloud' })).toThrow(
      'WHATSAPP_ENABLED is not set: must be true when WHATSAPP_API=cloud (or unset WHATSAPP_API)',
    );
    const error = problemsOf({
      WHATSAPP_ENABLED: 'true',
      WHATSAPP_API: 'cloud',
      WHATSAPP_CLOUD_PHONE_NUMBER_ID: '12345678',
    });
    expect(error.problems).toEqual(
      [
        'WHATSAPP_CLOUD_BUSINESS_ACCOUNT_ID',
        'WHATSAPP_CLOUD_ACCESS_TOKEN',
        'WHATSAPP_CLOUD_APP_SECRET',
        'WHATSAPP_CLOUD_VERIFY_TOKEN',
      ].map(
        (name) =>
          `${name} is not set: required when WHATSAPP_API=cloud: see docs/channels/whatsapp-cloud.md for where Meta shows it`,
      ),
    );
  });

  it('checks each Cloud API value and hides its secrets', () => {
    const error = problemsOf({
      WHATSAPP_CLOUD_PHONE_NUMBER_ID: '+966 50',
      WHATSAPP_CLOUD_APP_SECRET: 'not-a-secret',
      WHATSAPP_CLOUD_ACCESS_TOKEN: 'has a space in it here',
      WHATSAPP_CLOUD_API_VERSION: '21',
    });
    expect(error.problems).toEqual([
      'WHATSAPP_CLOUD_PHONE_NUMBER_ID="+966 50": must be digits only: the phone number id, under WhatsApp → API Setup',
      "WHATSAPP_CLOUD_ACCESS_TOKEN (value hidden, 22 characters): must be a System User's access token (Business settings → System users → Generate token), without spaces",
      "WHATSAPP_CLOUD_APP_SECRET (value hidden, 12 characters): must be the app's 32-character App Secret (App settings → Basic → App secret → Show)",
      'WHATSAPP_CLOUD_API_VERSION="21": must be a Graph API version like v25.0',
    ]);
  });

  it('hides METRICS_TOKEN in its error', () => {
    expect(() => loadEnv({ METRICS_TOKEN: 'short' })).toThrow('METRICS_TOKEN (value hidden, 5 characters)');
  });
});

describe('a hosted platform (PLATFORM=true)', () => {
  it('needs the operator host and token, and says what they are for', () => {
    const error = problemsOf({ PLATFORM: 'true' });
    expect(error.message).toContain(
      'PLATFORM_HOST is not set: required with PLATFORM=true: the operator API answers at PLATFORM_HOST to PLATFORM_TOKEN',
    );
    expect(error.message).toContain('PLATFORM_TOKEN is not set: required with PLATFORM=true');
  });

  it('takes a host name and a long enough token, and hides the token when it is wrong', () => {
    const token = 'a'.repeat(40);
    const env = loadEnv({ PLATFORM: 'yes', PLATFORM_HOST: 'platform.example.org', PLATFORM_TOKEN: token });
    expect([env.PLATFORM, env.PLATFORM_HOST, env.PLATFORM_TOKEN]).toEqual([
      true,
      'platform.example.org',
      token,
    ]);
    const error = problemsOf({
      PLATFORM: 'yes',
      PLATFORM_HOST: 'https://Platform/',
      PLATFORM_TOKEN: 'short-secret',
    });
    expect(error.message).toContain(
      'PLATFORM_HOST="https://Platform/": must be the host name of the operator API',
    );
    expect(error.message).toContain(
      'PLATFORM_TOKEN (value hidden, 12 characters): must be 32 to 256 characters',
    );
    expect(error.message).not.toContain('short-secret');
  });

  it("takes each association's budget of steps a second, a whole number", () => {
    expect(loadEnv({ PLATFORM_STEPS_PER_SECOND: '120' }).PLATFORM_STEPS_PER_SECOND).toBe(120);
    expect(problemsOf({ PLATFORM_STEPS_PER_SECOND: '0.5' }).message).toContain(
      'PLATFORM_STEPS_PER_SECOND="0.5": must be a whole number of messages a second from 1 to 100000, e.g. 50',
    );
  });
});

describe('loadEnv values', () => {
  it('parses a full production setup', () => {
    const env = loadEnv({
      NODE_ENV: 'production',
      DATA_DIR: '/var/lib/tawasul',
      DATABASE_URL: 'postgresql://tawasul:pw@db:5432/tawasul',
      REDIS_URL: 'rediss://:pw@cache.example.org:6380',
      HTTP_HOST: '0.0.0.0',
      HTTP_PORT: '8080',
      LOG_LEVEL: 'WARN',
      DEFAULT_LANGUAGE: 'EN',
      TELEGRAM_BOT_TOKEN: '123456789:AAE-abc_DEF',
      TELEGRAM_API_ROOT: 'http://127.0.0.1:8081/',
      TELEGRAM_WEBHOOK_URL: 'https://chat.example.org/telegram/webhook',
      TELEGRAM_WEBHOOK_SECRET: 's3cret_-value',
      ENCRYPTION_KEY: ` ${KEY_32} `,
    });
    expect(env).toMatchObject({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgresql://tawasul:pw@db:5432/tawasul',
      REDIS_URL: 'rediss://:pw@cache.example.org:6380',
      HTTP_HOST: '0.0.0.0',
      HTTP_PORT: 8080,
      LOG_LEVEL: 'warn',
      DEFAULT_LANGUAGE: 'en',
      TELEGRAM_API_ROOT: 'http://127.0.0.1:8081',
      TELEGRAM_WEBHOOK_SECRET: 's3cret_-value',
      ENCRYPTION_KEY: KEY_32,
    });
  });

  it('accepts HTTP_PORT=0 (a random free port) and 65535', () => {
    expect(loadEnv({ HTTP_PORT: '0' }).HTTP_PORT).toBe(0);
    expect(loadEnv({ HTTP_PORT: '65535' }).HTTP_PORT).toBe(65535);
  });

  it.each([
    ['true', true],
    ['TRUE', true],
    ['1', true],
    ['yes', true],
    ['Yes', true],
    ['false', false],
    ['0', false],
    ['no', false],
    ['NO', false],
  ])('reads the boolean %p as %p', (raw, value) => {
    const env = loadEnv({ WEBCHAT_ENABLED: raw, TERMINAL_CHAT: raw, WHATSAPP_ENABLED: raw });
    expect([env.WEBCHAT_ENABLED, env.TERMINAL_CHAT, env.WHATSAPP_ENABLED]).toEqual([value, value, value]);
  });

  it('accepts an IPv6 listen address', () => {
    expect(loadEnv({ HTTP_HOST: '::1' }).HTTP_HOST).toBe('::1');
  });
});

describe('loadEnv errors', () => {
  it('names the variable, shows the value and says how to fix it, in the form of the example', () => {
    const error = problemsOf({ HTTP_PORT: 'abc' });
    expect(error.code).toBe('ERR_CONFIG');
    expect(error.name).toBe('ConfigError');
    expect(error.problems).toEqual([
      'HTTP_PORT="abc": must be a whole number between 0 and 65535 (e.g. 3000; 0 picks a free port)',
    ]);
    expect(error.message).toContain('  - HTTP_PORT="abc": must be a whole number');
    expect(error.message).toContain('.env.example');
  });

  it.each<[string, string, RegExp]>([
    ['NODE_ENV', 'staging', /^NODE_ENV="staging": must be one of development, production, test/],
    [
      'DATABASE_URL',
      'mysql://db/tawasul',
      /^DATABASE_URL=.*: must be a PostgreSQL URL like postgres:\/\/.*or leave it unset/,
    ],
    ['DATABASE_URL', 'not a url', /^DATABASE_URL="not a url": must be a PostgreSQL URL/],
    [
      'REDIS_URL',
      'http://cache:6379',
      /^REDIS_URL=.*: must be a Redis URL like redis:\/\/127\.0\.0\.1:6379 \(rediss:\/\/ for TLS\)/,
    ],
    [
      'QUEUE_PREFIX',
      'tawasul:prod',
      /^QUEUE_PREFIX="tawasul:prod": must be 1 to 40 letters, digits, _ or - \(no ":"\)/,
    ],
    ['HTTP_HOST', 'my host', /^HTTP_HOST="my host": must be a host name or IP address.*0\.0\.0\.0/],
    ['HTTP_PORT', '70000', /^HTTP_PORT="70000": must be a whole number between 0 and 65535/],
    ['HTTP_PORT', '-1', /^HTTP_PORT="-1": must be a whole number/],
    ['HTTP_PORT', '3000.5', /^HTTP_PORT="3000\.5": must be a whole number/],
    [
      'LOG_LEVEL',
      'verbose',
      /^LOG_LEVEL="verbose": must be one of fatal, error, warn, info, debug, trace, silent \(e\.g\. info\)/,
    ],
    ['DEFAULT_LANGUAGE', 'fr', /^DEFAULT_LANGUAGE="fr": must be one of ar, en \(e\.g\. ar\)/],
    [
      'WEBCHAT_ENABLED',
      'maybe',
      /^WEBCHAT_ENABLED="maybe": must be true or false \(1\/0 and yes\/no work too\), e\.g\. WEBCHAT_ENABLED=true$/,
    ],
    ['TERMINAL_CHAT', 'on', /^TERMINAL_CHAT="on": must be true or false/],
    ['WHATSAPP_ENABLED', '2', /^WHATSAPP_ENABLED="2": must be true or false.*WHATSAPP_ENABLED=false$/],
    [
      'WHATSAPP_CHAT_GAP_MS',
      '2s',
      /^WHATSAPP_CHAT_GAP_MS="2s": must be a whole number of milliseconds.*2000$/,
    ],
    [
      'WHATSAPP_MAX_PER_MINUTE',
      '0',
      /^WHATSAPP_MAX_PER_MINUTE="0": must be a whole number of messages from 1/,
    ],
    [
      'TELEGRAM_API_ROOT',
      'api.telegram.org',
      /^TELEGRAM_API_ROOT="api\.telegram\.org": must be the base URL of a Telegram Bot API server/,
    ],
    [
      'TELEGRAM_BOT_TOKEN',
      'not-a-token',
      /^TELEGRAM_BOT_TOKEN \(value hidden, 11 characters\): must be the token @BotFather gave you/,
    ],
    [
      'ENCRYPTION_KEY',
      'short',
      /^ENCRYPTION_KEY \(value hidden, 5 characters\): must be 32 random bytes written in base64.*openssl rand -base64 32/,
    ],
    [
      'ENCRYPTION_KEY',
      Buffer.alloc(16).toString('base64'),
      /^ENCRYPTION_KEY \(value hidden.*must decode to 32 bytes, but decodes to 16; generate one with: openssl rand -base64 32/,
    ],
  ])('rejects %s=%p with its name and a fix', (name, value, expected) => {
    const error = problemsOf({ [name]: value });
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(expected);
  });

  it('lists every bad variable at once, in the documented order', () => {
    const error = problemsOf({ WHATSAPP_ENABLED: 'maybe', HTTP_PORT: 'abc', NODE_ENV: 'prod' });
    expect(error.problems.map((problem) => problem.split(/[ =]/)[0])).toEqual([
      'NODE_ENV',
      'HTTP_PORT',
      'WHATSAPP_ENABLED',
    ]);
    expect(error.message).toContain('3 environment variables are wrong');
  });

  it('never prints secrets or URL passwords', () => {
    const error = problemsOf({
      DATABASE_URL: 'mysql://admin:hunter2@db/tawasul',
      REDIS_URL: 'http://:topsecret@cache:6379',
      TELEGRAM_BOT_TOKEN: 'leaked token',
      TELEGRAM_WEBHOOK_SECRET: 'bad secret!',
      ENCRYPTION_KEY: 'my-key',
    });
    expect(error.problems).toHaveLength(5);
    for (const secret of ['hunter2', 'topsecret', 'leaked', 'bad secret', 'my-key']) {
      expect(error.message).not.toContain(secret);
    }
    expect(error.message).toContain('DATABASE_URL="mysql://admin:***@db/tawasul"');
  });
});

describe('HTTP_TRUST_PROXY', () => {
  it('takes a hop count or the proxies’ addresses and networks; false, 0 and unset trust none', () => {
    expect(loadEnv({ HTTP_TRUST_PROXY: '1' }).HTTP_TRUST_PROXY).toBe(1);
    expect(loadEnv({ HTTP_TRUST_PROXY: '2' }).HTTP_TRUST_PROXY).toBe(2);
    expect(loadEnv({ HTTP_TRUST_PROXY: '10.0.0.5, 172.16.0.0/12,loopback,::1' }).HTTP_TRUST_PROXY).toEqual([
      '10.0.0.5',
      '172.16.0.0/12',
      'loopback',
      '::1',
    ]);
    for (const none of ['false', '0', 'no', undefined])
      expect(loadEnv({ HTTP_TRUST_PROXY: none }).HTTP_TRUST_PROXY).toBe(false);
  });

  it('refuses true (trusting every address a client may write) and says what to give instead', () => {
    for (const value of ['true', 'yes', 'TRUE']) {
      const [problem] = problemsOf({ HTTP_TRUST_PROXY: value }).problems;
      expect(problem).toMatch(/^HTTP_TRUST_PROXY="(true|yes|TRUE)": no longer takes true/);
      expect(problem).toMatch(/HTTP_TRUST_PROXY=1/);
      expect(problem).toMatch(/addresses/);
    }
  });

  it('names what is not an address or network', () => {
    const [problem] = problemsOf({ HTTP_TRUST_PROXY: '10.0.0.5,nginx,10.0.0.0/33' }).problems;
    expect(problem).toMatch(/is not an address or network: nginx, 10\.0\.0\.0\/33/);
    expect(problemsOf({ HTTP_TRUST_PROXY: '11' }).problems[0]).toMatch(/at most 10 proxies/);
  });
});

describe('Telegram webhook rules', () => {
  const token = { TELEGRAM_BOT_TOKEN: '123:abc' };

  it('requires TELEGRAM_WEBHOOK_SECRET when TELEGRAM_WEBHOOK_URL is set, and says so', () => {
    const error = problemsOf({ ...token, TELEGRAM_WEBHOOK_URL: 'https://chat.example.org/tg' });
    expect(error.problems).toEqual([
      'TELEGRAM_WEBHOOK_SECRET is not set: required when TELEGRAM_WEBHOOK_URL is set, so that only Telegram ' +
        'can call the webhook; generate one with: openssl rand -hex 32',
    ]);
  });

  it('reports the missing secret together with unrelated field errors', () => {
    const error = problemsOf({
      ...token,
      HTTP_PORT: 'x',
      TELEGRAM_WEBHOOK_URL: 'https://chat.example.org/tg',
    });
    expect(error.problems.map((problem) => problem.split(/[ =]/)[0])).toEqual([
      'HTTP_PORT',
      'TELEGRAM_WEBHOOK_SECRET',
    ]);
  });

  it('does not require a secret for long polling', () => {
    expect(loadEnv({ ...token, TELEGRAM_WEBHOOK_SECRET: 'unused' }).TELEGRAM_WEBHOOK_URL).toBeUndefined();
  });

  it('rejects a secret Telegram would refuse', () => {
    const error = problemsOf({
      ...token,
      TELEGRAM_WEBHOOK_URL: 'https://chat.example.org/tg',
      TELEGRAM_WEBHOOK_SECRET: 'x'.repeat(257),
    });
    expect(error.problems[0]).toMatch(
      /^TELEGRAM_WEBHOOK_SECRET \(value hidden, 257 characters\): must be 1 to 256/,
    );
  });

  it('requires a bot token for a webhook', () => {
    const error = problemsOf({
      TELEGRAM_WEBHOOK_URL: 'https://chat.example.org/tg',
      TELEGRAM_WEBHOOK_SECRET: 's',
    });
    expect(error.problems).toEqual([
      expect.stringMatching(/^TELEGRAM_BOT_TOKEN is not set: required when TELEGRAM_WEBHOOK_URL/),
    ]);
  });

  it('requires https with the official Bot API but allows http with a local Bot API server', () => {
    const webhook = {
      ...token,
      TELEGRAM_WEBHOOK_URL: 'http://chat.example.org/tg',
      TELEGRAM_WEBHOOK_SECRET: 's',
    };
    expect(problemsOf(webhook).problems).toEqual([
      expect.stringMatching(
        /^TELEGRAM_WEBHOOK_URL="http:\/\/chat\.example\.org\/tg": must start with https:\/\//,
      ),
    ]);
    expect(loadEnv({ ...webhook, TELEGRAM_API_ROOT: 'http://127.0.0.1:8081' }).TELEGRAM_WEBHOOK_URL).toBe(
      'http://chat.example.org/tg',
    );
  });

  it('rejects a webhook URL that is not a URL', () => {
    const error = problemsOf({
      ...token,
      TELEGRAM_WEBHOOK_URL: 'chat.example.org/tg',
      TELEGRAM_WEBHOOK_SECRET: 's',
    });
    expect(error.problems[0]).toMatch(
      /^TELEGRAM_WEBHOOK_URL="chat\.example\.org\/tg": must be the public https:\/\/ URL/,
    );
  });
});

describe('loadEnv staff bot', () => {
  it('reads the staff bot token and the group id as a number', () => {
    const env = loadEnv({
      STAFF_TELEGRAM_BOT_TOKEN: '987654:staff_TOKEN-x',
      STAFF_TELEGRAM_GROUP_ID: '-1001234567890',
    });
    expect([env.STAFF_TELEGRAM_BOT_TOKEN, env.STAFF_TELEGRAM_GROUP_ID]).toEqual([
      '987654:staff_TOKEN-x',
      -1001234567890,
    ]);
  });

  it('requires both or neither, and hides the token', () => {
    expect(problemsOf({ STAFF_TELEGRAM_BOT_TOKEN: '987654:abc' }).problems).toEqual([
      expect.stringMatching(/^STAFF_TELEGRAM_GROUP_ID is not set: the staff bot needs both/),
    ]);
    expect(problemsOf({ STAFF_TELEGRAM_GROUP_ID: '-1001234567890' }).problems).toEqual([
      expect.stringMatching(/^STAFF_TELEGRAM_BOT_TOKEN is not set: the staff bot needs both/),
    ]);
    expect(
      problemsOf({ STAFF_TELEGRAM_BOT_TOKEN: 'leaked token', STAFF_TELEGRAM_GROUP_ID: '-100123' }).problems,
    ).toEqual([
      expect.stringMatching(/^STAFF_TELEGRAM_BOT_TOKEN \(value hidden, 12 characters\): must be the token/),
    ]);
  });

  it.each(['1001234567890', '-12', 'staff', '-100123456789012345678901'])(
    'refuses the group id %p with how to find the right one',
    (raw) => {
      expect(problemsOf({ STAFF_TELEGRAM_BOT_TOKEN: '1:a', STAFF_TELEGRAM_GROUP_ID: raw }).problems).toEqual([
        expect.stringMatching(/^STAFF_TELEGRAM_GROUP_ID=.*: must be the id of the staff supergroup.*-100/),
      ]);
    },
  );
});

describe('staff bot webhook rules', () => {
  const staff = { STAFF_TELEGRAM_BOT_TOKEN: '987654:abc', STAFF_TELEGRAM_GROUP_ID: '-1001234567890' };
  const hook = 'https://chat.example.org/telegram/staff-webhook';

  it('reads the staff webhook URL and secret, and hides the secret', () => {
    const env = loadEnv({
      ...staff,
      STAFF_TELEGRAM_WEBHOOK_URL: hook,
      STAFF_TELEGRAM_WEBHOOK_SECRET: 's_-1',
    });
    expect([env.STAFF_TELEGRAM_WEBHOOK_URL, env.STAFF_TELEGRAM_WEBHOOK_SECRET]).toEqual([hook, 's_-1']);
    const error = problemsOf({
      ...staff,
      STAFF_TELEGRAM_WEBHOOK_URL: hook,
      STAFF_TELEGRAM_WEBHOOK_SECRET: 'bad secret!',
    });
    expect(error.problems).toEqual([
      expect.stringMatching(
        /^STAFF_TELEGRAM_WEBHOOK_SECRET \(value hidden, 11 characters\): must be 1 to 256/,
      ),
    ]);
    expect(error.message).not.toContain('bad secret');
  });

  it('requires a secret and the staff bot token with a staff webhook URL, and says so', () => {
    expect(problemsOf({ ...staff, STAFF_TELEGRAM_WEBHOOK_URL: hook }).problems).toEqual([
      'STAFF_TELEGRAM_WEBHOOK_SECRET is not set: required when STAFF_TELEGRAM_WEBHOOK_URL is set, so that only ' +
        'Telegram can call the webhook; generate one with: openssl rand -hex 32',
    ]);
    expect(
      problemsOf({ STAFF_TELEGRAM_WEBHOOK_URL: hook, STAFF_TELEGRAM_WEBHOOK_SECRET: 's' }).problems,
    ).toEqual([
      'STAFF_TELEGRAM_BOT_TOKEN is not set: required when STAFF_TELEGRAM_WEBHOOK_URL is set: get a token from ' +
        '@BotFather, or unset STAFF_TELEGRAM_WEBHOOK_URL',
    ]);
  });

  it('requires https with the official Bot API, and a URL', () => {
    const insecure = {
      ...staff,
      STAFF_TELEGRAM_WEBHOOK_URL: 'http://chat.example.org/s',
      STAFF_TELEGRAM_WEBHOOK_SECRET: 's',
    };
    expect(problemsOf(insecure).problems).toEqual([
      expect.stringMatching(
        /^STAFF_TELEGRAM_WEBHOOK_URL="http:\/\/chat\.example\.org\/s": must start with https:\/\//,
      ),
    ]);
    expect(
      loadEnv({ ...insecure, TELEGRAM_API_ROOT: 'http://127.0.0.1:8081' }).STAFF_TELEGRAM_WEBHOOK_URL,
    ).toBe('http://chat.example.org/s');
    expect(
      problemsOf({
        ...staff,
        STAFF_TELEGRAM_WEBHOOK_URL: 'chat.example.org/s',
        STAFF_TELEGRAM_WEBHOOK_SECRET: 's',
      }).problems,
    ).toEqual([
      expect.stringMatching(
        /^STAFF_TELEGRAM_WEBHOOK_URL=.*: must be the public https:\/\/ URL Telegram calls for the staff bot/,
      ),
    ]);
  });

  it('refuses the beneficiary bot’s webhook path for the staff bot', () => {
    const both = {
      ...staff,
      TELEGRAM_BOT_TOKEN: '123:abc',
      TELEGRAM_WEBHOOK_URL: 'https://chat.example.org/telegram/webhook',
      TELEGRAM_WEBHOOK_SECRET: 's1',
      STAFF_TELEGRAM_WEBHOOK_SECRET: 's2',
    };
    expect(
      problemsOf({ ...both, STAFF_TELEGRAM_WEBHOOK_URL: 'https://staff.example.org/telegram/webhook' })
        .problems,
    ).toEqual([
      expect.stringMatching(
        /^STAFF_TELEGRAM_WEBHOOK_URL=.*: must have a path of its own: \/telegram\/webhook is the beneficiary bot's/,
      ),
    ]);
    expect(loadEnv({ ...both, STAFF_TELEGRAM_WEBHOOK_URL: hook }).STAFF_TELEGRAM_WEBHOOK_URL).toBe(hook);
  });
});
