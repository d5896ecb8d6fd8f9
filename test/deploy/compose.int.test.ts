import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { ENV_VARIABLE_NAMES, loadEnv } from '../../src/config/env';
import { readBackupSchedule } from '../../src/ops/backup-schedule';

const root = path.join(__dirname, '../..');
const envExample = readFileSync(path.join(root, '.env.example'), 'utf8');
/** What docker-compose.yml reads itself (interpolation, the proxy, the backup service), not the app. */
const COMPOSE_VARIABLES = [
  'POSTGRES_PASSWORD',
  'TAWASUL_DOMAIN',
  'TAWASUL_ACME_EMAIL',
  'BACKUP_AT',
  'BACKUP_TIME_ZONE',
  'BACKUP_KEEP',
];

/** `NAME=value` lines of .env.example, commented out (`# NAME=value`) or not. */
function documented(): Map<string, { value: string; active: boolean }> {
  const found = new Map<string, { value: string; active: boolean }>();
  for (const line of envExample.split('\n')) {
    const match = /^(# )?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (match?.[2] !== undefined)
      found.set(match[2], { value: match[3] ?? '', active: match[1] === undefined });
  }
  return found;
}

describe('.env.example', () => {
  it("documents every variable Tawasul reads, and only those plus docker-compose.yml's own", () => {
    expect([...documented().keys()].sort()).toEqual([...ENV_VARIABLE_NAMES, ...COMPOSE_VARIABLES].sort());
  });

  it('gives each variable a one-line comment right above it', () => {
    const lines = envExample.split('\n');
    for (const name of documented().keys()) {
      const index = lines.findIndex((line) => new RegExp(`^(# )?${name}=`).test(line));
      expect([name, lines[index - 1]]).toEqual([name, expect.stringMatching(/^# [A-Z].{10,}/)]);
    }
  });

  it('shows defaults and examples that Tawasul accepts', () => {
    const values = Object.fromEntries([...documented()].map(([name, { value }]) => [name, value]));
    expect(() => loadEnv(values)).not.toThrow();
    expect(() => readBackupSchedule(values)).not.toThrow();
  });
});

// Debian's docker-compose (v1) is the validator; CI installs it (scripts/ensure-system-deps.sh).
const compose = spawnSync('docker-compose', ['version'], { stdio: 'ignore' });
const composeMissing = compose.error !== undefined;
const inCi = !['', 'false', '0', undefined].includes(process.env.CI);
if (composeMissing && !inCi) {
  console.warn(
    'docker-compose is not installed: skipping the docker-compose.yml checks ' +
      '(install it with: bash scripts/ensure-system-deps.sh docker-compose)',
  );
}
const describeCompose = composeMissing && !inCi ? describe.skip : describe;

describeCompose('docker-compose.yml', () => {
  let dir: string;

  // A copy beside a .env made from .env.example, as an operator would set it up; the real .env is
  // never touched or created.
  beforeAll(() => {
    expect(composeMissing ? 'docker-compose is not installed (CI must have it)' : 'found').toBe('found');
    dir = mkdtempSync(path.join(os.tmpdir(), 'tawasul-compose-'));
    mkdirSync(path.join(dir, 'deploy'));
    for (const file of ['docker-compose.yml', 'Dockerfile', 'deploy/Caddyfile'])
      copyFileSync(path.join(root, file), path.join(dir, file));
    writeFileSync(path.join(dir, '.env'), envExample);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function run(args: string[], password: string | undefined, domain: string | null = 'chat.example.org') {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      POSTGRES_PASSWORD: password,
      TAWASUL_DOMAIN: domain ?? undefined,
    };
    if (password === undefined) delete env.POSTGRES_PASSWORD;
    if (domain === null) delete env.TAWASUL_DOMAIN;
    return spawnSync('docker-compose', args, { cwd: dir, env, encoding: 'utf8', timeout: 30_000 });
  }

  it('is valid (docker-compose config -q)', () => {
    const result = run(['config', '-q'], 'validation0only');
    expect({ status: result.status, stderr: result.stderr.trim() }).toEqual({ status: 0, stderr: '' });
  });

  it('refuses to start without POSTGRES_PASSWORD and says where to set it', () => {
    const result = run(['config', '-q'], undefined);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('set POSTGRES_PASSWORD in .env');
  });

  it('refuses to start without TAWASUL_DOMAIN and says what it is', () => {
    const result = run(['config', '-q'], 'validation0only', null);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('set TAWASUL_DOMAIN in .env (the name that points at this server');
  });

  type Service = {
    environment?: Record<string, string>;
    command?: string[];
    ports?: { published: number | string; target: number; protocol?: string }[];
    /** docker-compose v1 writes them short: `source:target:rw`. */
    volumes?: string[];
    [key: string]: unknown;
  };
  function config(): { services: Record<string, Service>; volumes: Record<string, unknown> } {
    const result = run(['config'], 'validation0only');
    expect(result.status).toBe(0);
    return parse(result.stdout) as { services: Record<string, Service>; volumes: Record<string, unknown> };
  }

  it('wires the app to healthy PostgreSQL and a non-evicting, persistent Redis', () => {
    const { services, volumes } = config();
    const { app, postgres, redis } = services;
    expect(app).toMatchObject({
      depends_on: { postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } },
      environment: {
        DATABASE_URL: 'postgres://tawasul:validation0only@postgres:5432/tawasul',
        REDIS_URL: 'redis://redis:6379',
        HTTP_HOST: '0.0.0.0',
      },
    });
    expect(() => loadEnv(app?.environment ?? {})).not.toThrow();
    expect(postgres).toMatchObject({ image: 'postgres:16', healthcheck: expect.anything() });
    expect(redis?.command?.join(' ')).toContain('--maxmemory-policy noeviction');
    expect(redis?.command?.join(' ')).toContain('--appendonly yes');
    expect(redis).toMatchObject({ image: 'redis:7', healthcheck: expect.anything() });
    expect(Object.keys(volumes).sort()).toEqual(
      [
        'app-data',
        'documents',
        'whatsapp-session',
        'backups',
        'postgres-data',
        'redis-data',
        'caddy-data',
        'caddy-config',
      ].sort(),
    );
  });

  it('publishes the HTTPS proxy alone (80, 443 and 443/udp); the app is reached through it', () => {
    const { services } = config();
    const published = Object.entries(services)
      .filter(([, service]) => service.ports !== undefined)
      .map(([name]) => name);
    expect(published).toEqual(['proxy']);
    expect(
      services.proxy?.ports?.map(
        ({ published: p, target, protocol }) => `${p}:${target}/${protocol ?? 'tcp'}`,
      ),
    ).toEqual(['80:80/tcp', '443:443/tcp', '443:443/udp']);
    expect(services.proxy).toMatchObject({
      image: 'caddy:2',
      environment: { TAWASUL_DOMAIN: 'chat.example.org', TAWASUL_ACME_EMAIL: '""' },
    });
    expect(services.proxy?.volumes).toEqual([
      `${dir}/deploy/Caddyfile:/etc/caddy/Caddyfile:ro`,
      'caddy-data:/data:rw',
      'caddy-config:/config:rw',
    ]);
    // The app believes the proxy's X-Forwarded-For, from the compose network's private addresses only,
    // and prints links (the first-run setup link) on the proxy's address.
    const env = loadEnv(services.app?.environment ?? {});
    expect(env.HTTP_TRUST_PROXY).toEqual(['uniquelocal']);
    expect(env.PUBLIC_URL).toBe('https://chat.example.org');
  });

  it('runs the nightly backup from the app image into its own volume', () => {
    const { services } = config();
    const { backup, app } = services;
    expect(backup?.image).toBe(app?.image);
    expect(backup?.command).toEqual(['node', 'dist/src/cli/backup-schedule.js']);
    expect(existsSync(path.join(root, 'src/cli/backup-schedule.ts'))).toBe(true);
    expect(backup?.environment?.DATABASE_URL).toBe(app?.environment?.DATABASE_URL);
    expect(backup?.volumes).toEqual(
      expect.arrayContaining(['backups:/app/data/backups:rw', 'documents:/app/data/documents:ro']),
    );
    expect(app?.volumes).toContain('backups:/app/data/backups:rw');
  });
});

describe('deploy/Caddyfile', () => {
  const caddyfile = readFileSync(path.join(root, 'deploy/Caddyfile'), 'utf8');
  const directives = caddyfile
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));

  it('serves TAWASUL_DOMAIN, answers /metrics itself with 404 and passes the rest to the app', () => {
    expect(directives).toContain('{$TAWASUL_DOMAIN} {');
    expect(directives).toContain('@metrics path /metrics /metrics/*');
    expect(directives).toContain('respond @metrics 404');
    expect(directives).toContain('reverse_proxy {$TAWASUL_UPSTREAM:app:3000}');
  });
});
