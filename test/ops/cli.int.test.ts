import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The commands as an operator runs them: what they print, and their exit status. */
const ROOT = path.join(__dirname, '../..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'tawasul-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(command: string, args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', `src/cli/${command}.ts`, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: path.join(dir, 'data'), ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, out: result.stdout, err: result.stderr };
}

describe('operations commands', () => {
  const profile = path.join(dir, 'profile.yaml');

  it('profile:import installs a valid profile atomically and keeps the one it replaces', () => {
    const demo = readFileSync(path.join(ROOT, 'profiles/demo.yaml'), 'utf8');
    writeFileSync(path.join(dir, 'a.yaml'), demo);
    writeFileSync(path.join(dir, 'b.yaml'), `${demo}\n# edited\n`);
    const first = run('profile-import', [path.join(dir, 'a.yaml')], { PROFILE_PATH: profile });
    expect(first).toMatchObject({ status: 0, err: '' });
    expect(first.out).toContain(`profile:import: installed it as ${profile}`);
    const second = run('profile-import', [path.join(dir, 'b.yaml')], { PROFILE_PATH: profile });
    expect(second.status).toBe(0);
    expect(second.out).toContain(`the profile it replaced is kept as ${profile}.previous`);
    expect(readFileSync(profile, 'utf8')).toContain('# edited');
    expect(readFileSync(`${profile}.previous`, 'utf8')).toBe(demo);
  });

  it('profile:import refuses an invalid profile, says where, and changes nothing', () => {
    writeFileSync(path.join(dir, 'bad.yaml'), 'association:\n  name: { en: No Arabic }\n');
    const before = readFileSync(profile, 'utf8');
    const result = run('profile-import', [path.join(dir, 'bad.yaml')], { PROFILE_PATH: profile });
    expect(result.status).toBe(2);
    expect(result.err).toContain('the new profile: the association profile');
    expect(result.err).toContain('at association.name.ar');
    expect(result.err).toContain('  fix: fix the file (src/config/profile-schema.ts has every rule');
    expect(readFileSync(profile, 'utf8')).toBe(before);
  });

  it('profile:import refuses a profile with a misspelt key, names it and the key meant, and changes nothing', () => {
    const demo = readFileSync(path.join(ROOT, 'profiles/demo.yaml'), 'utf8');
    const typo = demo.replace(
      /^deadlines:\n {2}decisionWorkingDays: 15$/m,
      'deadlines:\n  decisionWorkingDay: 20',
    );
    expect(typo).not.toBe(demo);
    writeFileSync(path.join(dir, 'typo.yaml'), typo);
    const before = readFileSync(profile, 'utf8');
    const result = run('profile-import', [path.join(dir, 'typo.yaml')], { PROFILE_PATH: profile });
    expect(result.status).toBe(2);
    expect(result.err).toContain('has 1 problem(s)');
    expect(result.err).toContain(
      '  - at deadlines.decisionWorkingDay: unknown key; did you mean "decisionWorkingDays"?',
    );
    expect(readFileSync(profile, 'utf8')).toBe(before);
  });

  it('profile:export copies the profile in force after checking it', () => {
    const out = path.join(dir, 'exported.yaml');
    const result = run('profile-export', [out], { PROFILE_PATH: profile });
    expect(result.status).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(profile, 'utf8'));
    expect(run('profile-export', []).err).toBe(
      'profile:export: expected the file to write the profile to\n  fix: usage: npm run profile:export -- <file.yaml>\n',
    );
  });

  it('whatsapp:templates prints the templates to submit, writes them with --out, and warns by key', () => {
    const printed = run('whatsapp-templates', [], { PROFILE_PATH: path.join(ROOT, 'profiles/demo.yaml') });
    expect(printed).toMatchObject({ status: 0, err: '' });
    const templates = JSON.parse(printed.out) as { name: string; language: string; category: string }[];
    expect(templates.length).toBeGreaterThan(40);
    expect(templates).toContainEqual(
      expect.objectContaining({ name: 'tawasul_request_approved', language: 'en', category: 'UTILITY' }),
    );
    // A profile mapping one template only: written to the file, the rest named on stderr.
    const partial = path.join(dir, 'partial.yaml');
    const demo = readFileSync(path.join(ROOT, 'profiles/demo.yaml'), 'utf8');
    writeFileSync(
      partial,
      `${demo.slice(0, demo.indexOf('whatsappTemplates:'))}whatsappTemplates:\n  notify.request.closed: { name: tawasul_request_closed }\n`,
    );
    const out = path.join(dir, 'templates.json');
    const written = run('whatsapp-templates', ['--out', out], { PROFILE_PATH: partial });
    expect(written.status).toBe(0);
    expect(written.out).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8'))).toHaveLength(2);
    expect(written.err).toContain('whatsapp:templates: warning: WhatsApp Cloud API: ');
    expect(written.err).toContain('  - notify.request.approved\n');
    expect(written.err).toContain(`whatsapp:templates: wrote 2 template(s) to ${out}`);
  });

  it('outbox:resend wants to know who checked the messages', () => {
    const result = run('outbox-resend', []);
    expect(result.status).toBe(2);
    expect(result.err).toContain(
      'outbox:resend: say who checked these messages (it goes into the audit trail)',
    );
  });

  it('restore names a missing archive, and a wrong option prints the usage', () => {
    const missing = run('restore', [path.join(dir, 'nope.tar.gz')]);
    expect(missing.status).toBe(2);
    expect(missing.err).toContain(`restore: ${path.join(dir, 'nope.tar.gz')} does not exist`);
    const wrong = run('restore', ['x.tar.gz', '--overwrite']);
    expect(wrong.status).toBe(2);
    expect(wrong.err).toContain("Unknown option '--overwrite'");
    expect(wrong.err).toContain('fix: usage: npm run restore -- <backup.tar.gz> [--force]');
    expect(existsSync(path.join(dir, 'data', 'pglite'))).toBe(false);
  });

  it('exits 78 with the variable to fix when the environment is wrong', () => {
    const result = run('backup', [], { CHANNELS: 'sms' });
    expect(result.status).toBe(78);
    expect(result.err).toContain(
      'CHANNELS="sms": must list channels from webchat, telegram, whatsapp, terminal',
    );
  });
});
