import type { Lang } from './wire';

/**
 * The page's texts in both languages, written into the bundle from locales/ar.json and en.json
 * (`webchat.*`) when the app bundles it (WEBCHAT_UI_CONSTANTS in webchat-page.ts). They let the page
 * label itself and say that the server cannot be reached when GET api/texts does not answer.
 */
declare const TAWASUL_WEBCHAT_TEXTS: Record<Lang, Record<string, unknown>>;

/** Empty when bundled without them (a build check): the page then waits for the server as before. */
export const BUNDLED_TEXTS: Record<Lang, Record<string, unknown>> = typeof TAWASUL_WEBCHAT_TEXTS ===
'undefined'
  ? { ar: {}, en: {} }
  : TAWASUL_WEBCHAT_TEXTS;
