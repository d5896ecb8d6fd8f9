/** An i18next placeholder: `{{name}}`, `{{- name}}` (unescaped) or `{{name, format}}`. */
const PLACEHOLDER = /\{\{\s*-?\s*([A-Za-z_$][\w$.]*)\s*(?:,[^}]*)?\}\}/g;

/** One placeholder of a locale text: where it is, and the value it names. */
export interface Placeholder {
  name: string;
  index: number;
  length: number;
}

/** The placeholders of a locale text, in the order they appear (a name may appear more than once). */
export function placeholders(text: string): Placeholder[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => ({ name: m[1]!, index: m.index, length: m[0].length }));
}

/** The names a locale text fills, each once, in order of first appearance. */
export function placeholderNames(text: string): string[] {
  return [...new Set(placeholders(text).map((p) => p.name))];
}
