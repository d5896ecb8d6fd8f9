import type { WhatsAppCloudSetup } from '../../src/channels/whatsapp-cloud/create-whatsapp-cloud-channel';
import { loadProfile } from '../../src/config/load-profile';
import type { Profile } from '../../src/config/profile-schema';
import { localeTextSource } from '../../src/i18n/locale-text';
import { whatsappTemplateExport } from '../../src/ops/whatsapp-template-export';
import { DEMO_PROFILE_PATH } from './flow-driver';

/** The ids and secrets a Cloud API test installation and its Graph API stand-in share. */
export const CLOUD_SECRETS = {
  accessToken: 'EAAG-test-system-user-token-0123456789',
  appSecret: '0123456789abcdef0123456789abcdef',
  verifyToken: 'test-verify-token-0123456789',
  phoneNumberId: '106540352242922',
  businessAccountId: '102290129340398',
} as const;

/** The channel's settings as `main` reads them from the environment, pointed at the stand-in. */
export function cloudChannelOptions(baseUrl: string): WhatsAppCloudSetup {
  return {
    graph: {
      baseUrl,
      version: 'v25.0',
      phoneNumberId: CLOUD_SECRETS.phoneNumberId,
      accessToken: CLOUD_SECRETS.accessToken,
    },
    appSecret: CLOUD_SECRETS.appSecret,
    verifyToken: CLOUD_SECRETS.verifyToken,
    webhookPath: '/whatsapp/webhook',
    maxPerSecond: 1_000,
  };
}

/**
 * The templates Meta approved, as `npm run whatsapp:templates` exports them for the profile: the
 * stand-in refuses any other name, language or parameter count, as Meta does.
 */
export function approvedTemplates(profile: Profile = loadProfile(DEMO_PROFILE_PATH)) {
  return whatsappTemplateExport(profile, localeTextSource(profile.languages.arabicDigits)).templates.map(
    (t) => ({
      name: t.name,
      language: t.language,
      bodyParams: new Set(t.components[0].text.match(/\{\{\d+\}\}/g) ?? []).size,
    }),
  );
}
