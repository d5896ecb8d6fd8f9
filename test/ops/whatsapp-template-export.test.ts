import path from 'node:path';
import { loadProfile } from '../../src/config/load-profile';
import { NOTICE_KEYS } from '../../src/domain/notice-keys';
import { localeTextSource } from '../../src/i18n/locale-text';
import { whatsappTemplateExport } from '../../src/ops/whatsapp-template-export';

const demo = loadProfile(path.join(__dirname, '../../profiles/demo.yaml'));
const text = localeTextSource(demo.languages.arabicDigits);

describe('npm run whatsapp:templates (the export)', () => {
  const { templates, warnings } = whatsappTemplateExport(demo, text);

  it("prints every notice and the re-open template of the demo, in Arabic and English, in Meta's form", () => {
    const expected = [...NOTICE_KEYS, 'whatsappCloud.reopen'].map((key) => demo.whatsappTemplates[key]?.name);
    expect(expected.every((name) => name !== undefined)).toBe(true);
    for (const lang of ['ar', 'en'] as const) {
      expect(templates.filter((t) => t.language === lang).map((t) => t.name)).toEqual(expected);
    }
    expect(templates).toHaveLength(2 * (NOTICE_KEYS.length + 1));
    expect(templates.find((t) => t.name === 'tawasul_request_approved' && t.language === 'ar')).toEqual({
      name: 'tawasul_request_approved',
      language: 'ar',
      category: 'UTILITY',
      components: [
        {
          type: 'BODY',
          text: 'يسعدنا إبلاغك بالموافقة على طلبك {{1}} ({{2}}) 🎉 سنتواصل معك لترتيب تسليم الخدمة.',
          example: { body_text: [['REQ-4821-88', 'سلة غذائية']] },
        },
      ],
    });
  });

  it('gives one sample per parameter, never a newline, and none where the body has none', () => {
    for (const template of templates) {
      const [body] = template.components;
      const count = new Set(body.text.match(/\{\{\d+\}\}/g) ?? []).size;
      const samples = body.example?.body_text[0] ?? [];
      expect([template.name, template.language, samples.length]).toEqual([
        template.name,
        template.language,
        count,
      ]);
      for (const sample of samples) expect(sample).toMatch(/^[^\n\t]+$/);
      if (count === 0) expect(body.example).toBeUndefined();
      expect(body.text).not.toMatch(/\{\{[^\d}]/);
    }
  });

  it('finds nothing Meta would refuse in the shipped texts, and warns by key when something is', () => {
    expect(warnings).toEqual([]);
    const broken = {
      ...demo,
      whatsappTemplates: { 'notify.complaint.reply': { name: 'tawasul_complaint_reply' } },
    };
    const brokenText = (lang: 'ar' | 'en', key: string) =>
      key === 'notify.complaint.reply' ? 'رد على {{ref}}: {{reason}}' : text(lang, key);
    const result = whatsappTemplateExport(broken, brokenText);
    expect(result.warnings).toEqual(
      expect.arrayContaining([
        'notify.complaint.reply (ar): the body ends with a parameter',
        expect.stringContaining('notify.request.approved'),
      ]),
    );
  });
});
