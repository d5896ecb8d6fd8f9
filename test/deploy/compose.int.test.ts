import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { ENV_VARIABLE_NAMES, loadEnv } from '../../src/config/env';

const root = path.join(__dirname, '../..');
const envExample = readFileSync(path.join(root, '.env.example'), 'utf8');

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
  it('documents every variable Tawasul reads, and only those plus the compose password', () => {
    expect([...documented().keys()].sort()).toEqual([...ENV_VARIABLE_NAMES, 'POSTGRES_PASSWORD'].sort());
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
    for (const file of ['docker-compose.yml', 'Dockerfile'])
      copyFileSync(path.join(root, file), path.join(dir, file));
    writeFileSync(path.join(dir, '.env'), envExample);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function run(args: string[], password: string | undefined) {
    const env: NodeJS.ProcessEnv = { ...process.env, POSTGRES_PASSWORD: password };
    if (password === undefined) delete env.POSTGRES_PASSWORD;
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

  it('wires the app to healthy PostgreSQL and a non-evicting, persistent Redis', () => {
    const result = run(['config'], 'validation0only');
    expect(result.status).toBe(0);
    const config = parse(result.stdout) as {
      services: Record<
        string,
        { environment?: Record<string, string>; command?: string[]; [key: string]: unknown }
      >;
      volumes: Record<string, unknown>;
    };
    const { app, postgres, redis } = config.services;
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
    expect(Object.keys(config.volumes).sort()).toEqual(
      ['app-data', 'documents', 'postgres-data', 'redis-data', 'whatsapp-session'].sort(),
    );
  });
});
