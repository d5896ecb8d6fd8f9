import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '../../src/config/config-error';
import { loadProfile } from '../../src/config/load-profile';
import { TemplateCatalog } from '../../src/channels/whatsapp-cloud/template-catalog';
import { localeTextSource } from '../../src/i18n/locale-text';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tawasul-templates-'));
const MINIMAL = [
  'association: { name: { ar: جمعية } }',
  'privacy: { noticeVersion: "1" }',
  'categories: [{ id: families, name: { ar: الأسر } }]',
];

function load(...templates: string[]) {
  const file = path.join(dir, `p${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, [...MINIMAL, 'whatsappTemplates:', ...templates.map((t) => `  ${t}`)].join('\n'));
  return loadProfile(file);
}

function refusal(...templates: string[]): string {
  try {
    load(...templates);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('the profile loaded, but it should have been refused');
}

describe('profile whatsappTemplates', () => {
  it('takes a template per notice key, languages and params optional', () => {
    const profile = load(
      'notify.request.approved: { name: tawasul_request_approved }',
      'notify.request.rejected: { name: tawasul_request_rejected, languages: [ar], params: [reason, ref, service] }',
      'whatsappCloud.reopen: { name: tawasul_reopen }',
    );
    expect(profile.whatsappTemplates['notify.request.rejected']).toEqual({
      name: 'tawasul_request_rejected',
      languages: ['ar'],
      params: ['reason', 'ref', 'service'],
    });
    expect(Object.keys(profile.whatsappTemplates)).toHaveLength(3);
  });

  it('is empty when left out', () => {
    const file = path.join(dir, 'none.yaml');
    writeFileSync(file, MINIMAL.join('\n'));
    expect(loadProfile(file).whatsappTemplates).toEqual({});
  });

  it('refuses an unknown key with its path and the nearest notice key', () => {
    const message = refusal('notify.request.aproved: { name: tawasul_request_approved }');
    expect(message).toContain('at whatsappTemplates.notify.request.aproved:');
    expect(message).toContain('did you mean "notify.request.approved"?');
    // Nothing close: no guess.
    expect(refusal('survey.offer: { name: tawasul_survey }')).not.toContain('did you mean');
  });

  it("refuses params that are not exactly the text's placeholders, a bad name and a name used twice", () => {
    expect(refusal('notify.request.rejected: { name: r1, params: [ref, service] }')).toMatch(
      /at whatsappTemplates\.notify\.request\.rejected\.params: params must name each placeholder of the ar text once, in any order: ref, service, reason/,
    );
    expect(refusal('notify.request.closed: { name: r2, params: [ref, ref] }')).toContain('params must name');
    expect(refusal('notify.request.closed: { name: Tawasul-Closed }')).toContain(
      'at whatsappTemplates.notify.request.closed.name: use lower-case letters',
    );
    expect(
      refusal('notify.request.closed: { name: same }', 'notify.complaint.close: { name: same }'),
    ).toContain('template "same" is already used for "notify.request.closed"');
  });

  it('gives every shipped profile a template for every notice, in both languages', () => {
    for (const name of ['demo', 'pilgrims', 'cooperative']) {
      const profile = loadProfile(path.join(__dirname, '../../profiles', `${name}.yaml`));
      const catalog = new TemplateCatalog(
        { templates: profile.whatsappTemplates, languages: ['ar', 'en'] },
        localeTextSource(profile.languages.arabicDigits),
      );
      expect([name, catalog.missing()]).toEqual([name, []]);
    }
  });
});
