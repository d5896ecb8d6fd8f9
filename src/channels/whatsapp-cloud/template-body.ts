import { placeholderNames, placeholders } from '../../domain/text/placeholders';

/** Meta's longest template body, in characters. */
export const MAX_TEMPLATE_BODY = 1024;

/** A parameter value Meta accepts comfortably inside a body of at most 1,024 characters. */
const MAX_PARAMETER = 900;

/** A body in Meta's form (`{{1}}`, `{{2}}`) and the i18next value each number takes, in order. */
export interface TemplateBody {
  body: string;
  params: string[];
}

/**
 * Turns a locale text into a template body: each i18next placeholder (`{{ref}}`, `{{due, format}}`)
 * becomes Meta's positional `{{n}}`, numbered in the order of `params` when given (the profile's), else
 * in order of first appearance. A name used twice keeps its number. Throws when `params` misses a name
 * the text uses or names one it does not (the profile is checked for this at load).
 */
export function templateBody(text: string, params?: readonly string[]): TemplateBody {
  const used = placeholderNames(text);
  const order = params ? [...params] : used;
  if (params) {
    const absent = used.filter((name) => !order.includes(name));
    const extra = order.filter((name) => !used.includes(name));
    if (absent.length > 0 || extra.length > 0 || new Set(order).size !== order.length) {
      throw new Error(
        `template params [${order.join(', ')}] must name each placeholder of the text once: ${used.join(', ')}`,
      );
    }
  }
  let body = '';
  let from = 0;
  for (const p of placeholders(text)) {
    body += `${text.slice(from, p.index)}{{${order.indexOf(p.name) + 1}}}`;
    from = p.index + p.length;
  }
  return { body: body + text.slice(from), params: order };
}

const META_PARAMETER = /\{\{(\d+)\}\}/g;

/**
 * What Meta would refuse in a body (Meta's form), each as a sentence; empty when it may be submitted:
 * over 1,024 characters, starting or ending with a parameter, two parameters with only spaces between
 * them, numbers that skip one, or more parameters than its words carry (Meta rejects "too many
 * variables relative to the message length"; about three words per parameter and one more pass).
 */
export function templateProblems(body: string): string[] {
  const problems: string[] = [];
  const trimmed = body.trim();
  if (trimmed === '') return ['the body is empty'];
  if (body.length > MAX_TEMPLATE_BODY) {
    problems.push(`the body has ${body.length} characters; Meta takes at most ${MAX_TEMPLATE_BODY}`);
  }
  if (/^\{\{\d+\}\}/.test(trimmed)) problems.push('the body starts with a parameter');
  if (/\{\{\d+\}\}$/.test(trimmed)) problems.push('the body ends with a parameter');
  if (/\{\{\d+\}\}\s*\{\{\d+\}\}/.test(body)) {
    problems.push('two parameters have nothing between them: put words between them');
  }
  const numbers = new Set([...body.matchAll(META_PARAMETER)].map((m) => Number(m[1])));
  for (let n = 1; n <= Math.max(0, ...numbers); n++) {
    if (!numbers.has(n))
      problems.push(`parameter {{${n}}} is missing: numbers must run 1, 2, 3 without a gap`);
  }
  const count = [...body.matchAll(META_PARAMETER)].length;
  const words = body
    .replace(META_PARAMETER, ' ')
    .split(/\s+/)
    .filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
  if (count > 0 && words + count < 3 * count + 1) {
    problems.push(
      `${count} parameter(s) for ${words} word(s): Meta wants about ${3 * count + 1 - count} words or more around them`,
    );
  }
  return problems;
}

/**
 * A value as a template parameter Meta accepts: no new lines (lines are joined with « - »), no tabs,
 * no runs of spaces, never empty («-»), and short enough for the body's limit.
 */
export function templateParameterValue(value: string, max = MAX_PARAMETER): string {
  const line = value
    .split(/\r\n|\r|\n|\u2028|\u2029/)
    .map((part) => part.replace(/[\t\v\f\s]+/g, ' ').trim())
    .filter((part) => part !== '')
    .join(' - ');
  if (line === '') return '-';
  return line.length > max ? `${[...line].slice(0, max - 1).join('')}…` : line;
}
