/** The languages Tawasul speaks: Arabic first, English second. */
export type Lang = 'ar' | 'en';
export const LANGS: readonly Lang[] = ['ar', 'en'];

/** Values filled into a text's placeholders (`{{ref}}`). */
export type TextParams = Record<string, string | number>;
