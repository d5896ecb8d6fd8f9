import type { ComponentChildren } from 'preact';

/*
 * Numbers, references, phone numbers, ids and dates inside right-to-left text. Without isolation the
 * Unicode bidi algorithm moves a leading "+" or a trailing "-" to the other end ("+966551234567" reads
 * "966551234567+" in an Arabic page) and lets a number run into its neighbours. As the web chat does:
 * each such piece sits in its own <bdi>, left to right when it has no letters of its own.
 */

/**
 * Letters that give a text its own direction (Latin, Arabic, Hebrew and the like), and the marks Intl
 * puts in an Arabic date ("13‏/12‏/2026"): such a text keeps the direction it was written for.
 */
const STRONG = /[A-Za-z\u00C0-\u024F\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF\u200E\u200F\u061C]/;

/** A number-like run inside prose: a phone number, a reference (REQ-1234-56), an amount, a date in digits. */
const NUMBERS = /(?:[A-Z]{2,5}-)?\+?[0-9\u0660-\u0669]+(?:[\s./:,-]?[0-9\u0660-\u0669]+)*/g;

/** Always left to right and isolated: a reference, a phone number, an id, a code. */
export function Ltr(props: { children: ComponentChildren; class?: string }) {
  return (
    <bdi dir="ltr" class={props.class}>
      {props.children}
    </bdi>
  );
}

/**
 * A value of its own direction inside a sentence or a cell (a name, a form's answer, a date): isolated,
 * and left to right when it has no letters (a phone number, a national id, an amount), so its signs stay
 * where they were typed.
 */
export function Bidi(props: { text: string | number | null | undefined; class?: string }) {
  const text = props.text === null || props.text === undefined ? '' : String(props.text);
  return (
    <bdi dir={STRONG.test(text) ? 'auto' : 'ltr'} class={props.class}>
      {text}
    </bdi>
  );
}

/** Free text (a message, a reason) with each number-like run in it isolated left to right. */
export function withIsolatedNumbers(text: string): ComponentChildren[] {
  const parts: ComponentChildren[] = [];
  let last = 0;
  for (const match of text.matchAll(NUMBERS)) {
    const at = match.index ?? 0;
    if (at > last) parts.push(text.slice(last, at));
    parts.push(<Ltr key={at}>{match[0]}</Ltr>);
    last = at + match[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}

/**
 * The same isolation for a value inside a translated sentence (`t('…', { ref: isolated(ref) })`), where no
 * element can go: the Unicode left-to-right isolate around it (U+2066 … U+2069), as `<bdi dir="ltr">`.
 */
export function isolated(text: string | number | null | undefined): string {
  return `\u2066${text ?? ''}\u2069`;
}
