import type { TextParams } from '../domain/lang';

/** Renders one key in one language the slow, exact way (i18next). */
export type RenderText = (lang: string, key: string, params: TextParams | undefined) => string;

/**
 * Parameters that choose *which* text i18next renders (plural form, variant), not only what goes in
 * it: their values are part of a compiled template's identity.
 */
const SELECTORS = new Set(['count', 'context', 'ordinal']);

/**
 * i18next reads these from the same object as the parameters (they are its options): a parameter so
 * named always takes the exact path.
 */
const OPTION_NAMES = new Set([
  'lng',
  'lngs',
  'fallbackLng',
  'ns',
  'keyPrefix',
  'defaultValue',
  'replace',
  'interpolation',
  'skipInterpolation',
  'nest',
  'postProcess',
  'applyPostProcessor',
  'returnObjects',
  'returnDetails',
  'joinArrays',
  'nsSeparator',
  'keySeparator',
  'missingInterpolationHandler',
  'appendNamespaceToCIMode',
]);

/** Stands in for parameter `i` while compiling: private-use characters, which no locale text holds. */
const slot = (i: number) => `\uE000${i}\uE001`;
const SLOT = /\uE000(\d+)\uE001/;
/** A second, differently shaped value per parameter, to prove a compiled template right. */
const probe = (i: number) => `\u0002P${i}x{{q}}$t(k)\u0002`;

/** Enough for every key, language and plural form many times over; past it, texts render the slow way. */
const MAX_ENTRIES = 20_000;

/** Literal text at even indexes, the position of a parameter (in `names`) at odd ones; null: no template. */
type Compiled = readonly (string | number)[] | null;

/**
 * Renders locale texts from templates compiled once per key, language, parameter names and plural
 * form, instead of running i18next's whole pipeline on every call: i18next copies its option object
 * for each `t()`, and texts are most of the work of a conversation step (issue #8's benchmark).
 *
 * A template is made by asking i18next itself, with a placeholder in each parameter, and is used only
 * after it rendered a second set of values exactly as i18next does. Anything it cannot reproduce that
 * way (formatting, nesting, a parameter named like an i18next option) goes to i18next on every call,
 * so the result is always i18next's. The templates hold locale text only, never a person's data.
 */
export class CompiledTemplates {
  /** By language, then key (strings the code holds, so their lookups are cheap), then parameter names. */
  private readonly templates = new Map<string, Map<string, Map<string, Compiled>>>();
  /** Texts without parameters, by language then key. */
  private readonly texts = new Map<string, Map<string, string>>();
  private size = 0;

  constructor(private readonly exact: RenderText) {}

  render(lang: string, key: string, params: TextParams | undefined): string {
    if (params === undefined) return this.fixed(lang, key);
    const names = Object.keys(params);
    let signature = '';
    for (const name of names) {
      if (OPTION_NAMES.has(name) || name.startsWith('defaultValue')) return this.exact(lang, key, params);
      signature += SELECTORS.has(name) ? `${name}=${String(params[name])}\u0001` : `${name}\u0001`;
    }
    const forKey = inner(inner(this.templates, lang), key);
    let compiled = forKey.get(signature);
    if (compiled === undefined) {
      if (this.size >= MAX_ENTRIES) return this.exact(lang, key, params);
      compiled = this.compile(lang, key, names, params);
      forKey.set(signature, compiled);
      this.size++;
    }
    if (compiled === null) return this.exact(lang, key, params);
    return fill(compiled, names, params);
  }

  /** A text without parameters is the same every time. */
  private fixed(lang: string, key: string): string {
    const forLang = inner(this.texts, lang);
    const known = forLang.get(key);
    if (known !== undefined) return known;
    const text = this.exact(lang, key, undefined);
    if (this.size < MAX_ENTRIES) {
      forLang.set(key, text);
      this.size++;
    }
    return text;
  }

  private compile(lang: string, key: string, names: string[], params: TextParams): Compiled {
    const withSlots = (make: (i: number) => string): TextParams => {
      const values: TextParams = {};
      names.forEach((name, i) => {
        values[name] = SELECTORS.has(name) ? (params[name] as string | number) : make(i);
      });
      return values;
    };
    const parts: (string | number)[] = this.exact(lang, key, withSlots(slot)).split(SLOT);
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] as string;
      if (i % 2 === 1) parts[i] = Number(part);
      else if (part.includes('\uE000') || part.includes('\uE001')) return null;
    }
    const probes = withSlots(probe);
    return fill(parts, names, probes) === this.exact(lang, key, probes) ? parts : null;
  }
}

function inner<K, V>(outer: Map<string, Map<K, V>>, id: string): Map<K, V> {
  let map = outer.get(id);
  if (map === undefined) {
    map = new Map();
    outer.set(id, map);
  }
  return map;
}

function fill(compiled: readonly (string | number)[], names: readonly string[], params: TextParams): string {
  let text = '';
  for (const part of compiled) {
    if (typeof part === 'string') {
      text += part;
    } else {
      // As i18next: a number is written with String(), a missing value as nothing.
      const value = params[names[part] as string];
      text += value == null ? '' : String(value);
    }
  }
  return text;
}
