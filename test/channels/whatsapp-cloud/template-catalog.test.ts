import {
  describeMissingTemplates,
  TemplateCatalog,
} from '../../../src/channels/whatsapp-cloud/template-catalog';
import { NOTICE_KEYS } from '../../../src/domain/notice-keys';
import type { Lang } from '../../../src/domain/lang';
import { localeTextSource } from '../../../src/i18n/locale-text';

const TEXTS: Record<string, Record<Lang, string>> = {
  'notify.request.rejected': {
    ar: 'نأسف لعدم الموافقة على طلبك {{ref}} ({{service}}). السبب: {{reason}}\nيمكنك الاستفسار هنا.',
    en: 'We are sorry: your application {{ref}} ({{service}}) was not approved. Reason: {{reason}}\nAsk us here.',
  },
  'whatsappCloud.reopen': {
    ar: 'لديك رسالة جديدة من {{association}}. أرسل أي كلمة هنا لتصلك.',
    en: 'You have a new message from {{association}}. Send any word here to receive it.',
  },
};
const text = (lang: Lang, key: string) => TEXTS[key]?.[lang];

const values = {
  ref: 'REQ-4821-88',
  service: 'سلة غذائية',
  reason: 'الدخل أعلى من الحد\nحسب اللائحة',
  note: '',
};

describe('TemplateCatalog', () => {
  it('fills a notice in the order of first appearance, as the text shows the values', () => {
    const catalog = new TemplateCatalog(
      {
        templates: { 'notify.request.rejected': { name: 'tawasul_request_rejected' } },
        languages: ['ar', 'en'],
      },
      text,
    );
    expect(catalog.forNotice({ key: 'notify.request.rejected', params: values }, 'en')).toEqual({
      name: 'tawasul_request_rejected',
      language: 'en',
      parameters: ['REQ-4821-88', 'سلة غذائية', 'الدخل أعلى من الحد - حسب اللائحة'],
    });
    // In Arabic a Latin reference is isolated, as in the text message, so it keeps its place.
    expect(catalog.forNotice({ key: 'notify.request.rejected', params: values }, 'ar')).toEqual({
      name: 'tawasul_request_rejected',
      language: 'ar',
      parameters: ['\u2066REQ-4821-88\u2069', 'سلة غذائية', 'الدخل أعلى من الحد - حسب اللائحة'],
    });
  });

  it("follows the profile's params order, and falls back to the template's language", () => {
    const catalog = new TemplateCatalog(
      {
        templates: {
          'notify.request.rejected': {
            name: 'tawasul_request_rejected',
            languages: ['ar'],
            params: ['reason', 'ref', 'service'],
          },
        },
        languages: ['ar'],
      },
      text,
    );
    expect(
      catalog.forNotice({ key: 'notify.request.rejected', params: { ...values, ref: '٤٨٢١' } }, 'en'),
    ).toEqual({
      name: 'tawasul_request_rejected',
      language: 'ar',
      parameters: ['الدخل أعلى من الحد - حسب اللائحة', '٤٨٢١', 'سلة غذائية'],
    });
    expect(catalog.forNotice({ key: 'notify.request.approved', params: values }, 'ar')).toBeUndefined();
  });

  it('sends «-» for a value the notice lacks, and fills the re-open template', () => {
    const catalog = new TemplateCatalog(
      {
        templates: {
          'notify.request.rejected': { name: 'tawasul_request_rejected' },
          'whatsappCloud.reopen': { name: 'tawasul_reopen' },
        },
        languages: ['ar', 'en'],
      },
      text,
    );
    expect(
      catalog.forNotice({ key: 'notify.request.rejected', params: { ref: 'x1' } }, 'en')?.parameters,
    ).toEqual(['x1', '-', '-']);
    expect(catalog.reopen('ar', { association: 'جمعية البر' })).toEqual({
      name: 'tawasul_reopen',
      language: 'ar',
      parameters: ['جمعية البر'],
    });
  });

  it('lists the notices, and the re-open template, without a template in a language the installation speaks', () => {
    const catalog = new TemplateCatalog(
      {
        templates: {
          'notify.request.rejected': { name: 'tawasul_request_rejected', languages: ['ar'] },
          'notify.request.approved': { name: 'tawasul_request_approved' },
        },
        languages: ['ar', 'en'],
      },
      localeTextSource(),
    );
    expect(
      catalog.missing(['notify.request.approved', 'notify.request.rejected', 'notify.complaint.reply']),
    ).toEqual(['notify.request.rejected', 'notify.complaint.reply', 'whatsappCloud.reopen']);
    expect(catalog.missing()).toHaveLength(NOTICE_KEYS.length);
    const arabicOnly = new TemplateCatalog(
      { templates: { 'notify.request.rejected': { name: 'r', languages: ['ar'] } }, languages: ['ar'] },
      localeTextSource(),
    );
    expect(arabicOnly.missing(['notify.request.rejected'])).toEqual(['whatsappCloud.reopen']);
  });

  it('describes the missing templates with the fix', () => {
    const text = describeMissingTemplates(['notify.request.approved', 'whatsappCloud.reopen']);
    expect(text).toContain('  - notify.request.approved\n  - whatsappCloud.reopen');
    expect(text).toContain('whatsappTemplates');
    expect(text).toContain('npm run whatsapp:templates');
    expect(text).toContain('WhatsApp Manager');
  });
});
