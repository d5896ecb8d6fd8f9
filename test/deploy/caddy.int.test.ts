import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * deploy/Caddyfile run by the real Caddy in front of a stand-in app: /metrics never reaches the app, the
 * rest does, with an X-Forwarded-For the client cannot write. Over plain HTTP on 127.0.0.1 (a site
 * address with http:// turns certificates off), so no domain or certificate authority is involved.
 */
const root = path.join(__dirname, '../..');
const caddyfile = path.join(root, 'deploy/Caddyfile');

// Debian's caddy; CI installs it (scripts/ensure-system-deps.sh caddy, from .ci/run).
const caddyMissing = spawnSync('caddy', ['version'], { stdio: 'ignore' }).error !== undefined;
const inCi = !['', 'false', '0', undefined].includes(process.env.CI);
if (caddyMissing && !inCi) {
  console.warn(
    'caddy is not installed: skipping the deploy/Caddyfile checks ' +
      '(install it with: bash scripts/ensure-system-deps.sh caddy)',
  );
}
const describeCaddy = caddyMissing && !inCi ? describe.skip : describe;

describeCaddy('deploy/Caddyfile in Caddy', () => {
  let home: string;
  let upstream: Server;
  let caddy: ChildProcess | undefined;
  let base: string;
  const seen: { url: string; headers: IncomingHttpHeaders }[] = [];

  const caddyEnv = (vars: Record<string, string>): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    HOME: home,
    XDG_DATA_HOME: path.join(home, 'data'),
    XDG_CONFIG_HOME: path.join(home, 'config'),
    ...vars,
  });

  beforeAll(async () => {
    expect(caddyMissing ? 'caddy is not installed (CI must have it)' : 'found').toBe('found');
    home = mkdtempSync(path.join(os.tmpdir(), 'tawasul-caddy-'));
    upstream = createServer((req, res) => {
      seen.push({ url: req.url ?? '', headers: req.headers });
      res.end('from the app');
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const appPort = (upstream.address() as AddressInfo).port;
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    caddy = spawn('caddy', ['run', '--adapter', 'caddyfile', '--config', caddyfile], {
      env: caddyEnv({
        TAWASUL_DOMAIN: base,
        TAWASUL_UPSTREAM: `127.0.0.1:${appPort}`,
        TAWASUL_CADDY_ADMIN: 'off',
      }),
      stdio: 'ignore',
    });
    await answering(base);
  }, 30_000);

  afterAll(async () => {
    caddy?.kill('SIGTERM');
    await new Promise<void>((resolve) => upstream?.close(() => resolve()));
    rmSync(home, { recursive: true, force: true });
  });

  beforeEach(() => {
    seen.length = 0;
  });

  it('answers /metrics with 404 itself, however it is asked, and never asks the app', async () => {
    for (const url of ['/metrics', '/metrics?x=1', '/metrics/', '/metrics/x', '/%6Detrics']) {
      const res = await fetch(`${base}${url}`, { headers: { authorization: 'Bearer guessed' } });
      expect([url, res.status]).toEqual([url, 404]);
    }
    expect(seen).toEqual([]);
  });

  it('passes the rest to the app with the address it saw, not the one the client wrote', async () => {
    for (const url of [
      '/',
      '/console/',
      '/api/auth/csrf',
      '/telegram/webhook',
      '/whatsapp/webhook?hub.mode=x',
    ]) {
      const res = await fetch(`${base}${url}`, { headers: { 'x-forwarded-for': '198.51.100.9' } });
      expect([url, res.status, await res.text()]).toEqual([url, 200, 'from the app']);
    }
    expect(seen.map((r) => r.url)).toEqual([
      '/',
      '/console/',
      '/api/auth/csrf',
      '/telegram/webhook',
      '/whatsapp/webhook?hub.mode=x',
    ]);
    for (const { headers } of seen) {
      expect(headers['x-forwarded-for']).toBe('127.0.0.1');
      expect(headers['x-forwarded-proto']).toBe('http');
      expect(headers.host).toBe(new URL(base).host);
    }
  });

  it('validates as docker-compose.yml runs it: a domain, with or without an e-mail address', () => {
    for (const email of [undefined, '""', 'it@example.org']) {
      const result = spawnSync('caddy', ['validate', '--adapter', 'caddyfile', '--config', caddyfile], {
        env: caddyEnv({
          TAWASUL_DOMAIN: 'chat.example.org',
          ...(email === undefined ? {} : { TAWASUL_ACME_EMAIL: email }),
        }),
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect([email, result.status, result.stdout.trim()]).toEqual([email, 0, 'Valid configuration']);
    }
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function answering(base: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      await (await fetch(`${base}/`)).arrayBuffer();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`caddy did not answer on ${base} within 20 s`);
}
