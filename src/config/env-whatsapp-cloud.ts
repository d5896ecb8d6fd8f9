import { BOOLEAN_WORDS, GENERATE_SECRET, invalid, oneOf, variable, webUrl, wholeNumber } from './env-parsers';

/*
 * The environment of WhatsApp's two transports: which one (`WHATSAPP_API`), and the Cloud API's ids,
 * secrets and limits (docs/channels/whatsapp-cloud.md). Part of `loadEnv`'s schema and checks.
 */

/** A numeric id Meta shows in its dashboard. */
function digits(where: string) {
  return (raw: string) => (/^\d{5,30}$/.test(raw) ? raw : invalid(`must be digits only: ${where}`));
}

export const WHATSAPP_CLOUD_VARIABLES = {
  // Which WhatsApp: `web` (whatsapp-web.js, a linked phone) or `cloud` (Meta's official Cloud API).
  WHATSAPP_API: variable(oneOf(['web', 'cloud'], 'cloud'), 'web'),
  // The Cloud API (docs/channels/whatsapp-cloud.md): all but the last four are required with WHATSAPP_API=cloud.
  WHATSAPP_CLOUD_PHONE_NUMBER_ID: variable(digits('the phone number id, under WhatsApp → API Setup')),
  WHATSAPP_CLOUD_BUSINESS_ACCOUNT_ID: variable(
    digits('the WhatsApp Business Account id, under WhatsApp → API Setup'),
  ),
  WHATSAPP_CLOUD_ACCESS_TOKEN: variable((raw) =>
    /^\S{20,1000}$/.test(raw)
      ? raw
      : invalid(
          "must be a System User's access token (Business settings → System users → Generate token), without spaces",
        ),
  ),
  WHATSAPP_CLOUD_APP_SECRET: variable((raw) =>
    /^[0-9a-f]{32}$/i.test(raw)
      ? raw
      : invalid("must be the app's 32-character App Secret (App settings → Basic → App secret → Show)"),
  ),
  WHATSAPP_CLOUD_VERIFY_TOKEN: variable((raw) =>
    /^[A-Za-z0-9_-]{16,256}$/.test(raw)
      ? raw
      : invalid(
          `must be 16 to 256 characters of A-Z, a-z, 0-9, _ and -, typed again in Meta's webhook form; ${GENERATE_SECRET}`,
        ),
  ),
  WHATSAPP_CLOUD_WEBHOOK_PATH: variable(
    (raw) => (/^\/[A-Za-z0-9/_-]{1,200}$/.test(raw) ? raw : invalid('must be a path like /whatsapp/webhook')),
    '/whatsapp/webhook',
  ),
  WHATSAPP_CLOUD_API_VERSION: variable(
    (raw) => (/^v\d{1,3}\.\d$/.test(raw) ? raw : invalid('must be a Graph API version like v25.0')),
    'v25.0',
  ),
  WHATSAPP_CLOUD_BASE_URL: variable(
    webUrl('must be the Graph API root, https://graph.facebook.com (or a local stand-in)'),
    'https://graph.facebook.com',
  ),
  WHATSAPP_CLOUD_MAX_PER_SECOND: variable(wholeNumber(1, 1000, 'messages a second', 80), 80),
};

const CLOUD_REQUIRED = [
  'WHATSAPP_CLOUD_PHONE_NUMBER_ID',
  'WHATSAPP_CLOUD_BUSINESS_ACCOUNT_ID',
  'WHATSAPP_CLOUD_ACCESS_TOKEN',
  'WHATSAPP_CLOUD_APP_SECRET',
  'WHATSAPP_CLOUD_VERIFY_TOKEN',
] as const;

type CloudVariable = keyof typeof WHATSAPP_CLOUD_VARIABLES | 'WHATSAPP_ENABLED';

/** WhatsApp through the Cloud API needs its ids and secrets; without them nothing could be sent or received. */
export function cloudChecks(raw: Readonly<Record<string, string | undefined>>): [CloudVariable, string][] {
  if ((raw.WHATSAPP_API ?? 'web').toLowerCase() !== 'cloud') return [];
  if (BOOLEAN_WORDS[(raw.WHATSAPP_ENABLED ?? 'false').toLowerCase()] !== true) {
    return [['WHATSAPP_ENABLED', 'must be true when WHATSAPP_API=cloud (or unset WHATSAPP_API)']];
  }
  return CLOUD_REQUIRED.filter((name) => raw[name] === undefined).map((name) => [
    name,
    'required when WHATSAPP_API=cloud: see docs/channels/whatsapp-cloud.md for where Meta shows it',
  ]);
}
