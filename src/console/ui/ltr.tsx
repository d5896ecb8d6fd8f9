/**
 * A number, reference or phone inside text of the other direction, isolated so that neither reorders
 * (an Arabic sentence would otherwise show "+966551234567" as "966551234567+").
 */
export function Ltr(props: { text: string | number | null | undefined }) {
  return <bdi dir="ltr">{props.text ?? ''}</bdi>;
}

/**
 * The same isolation for a value inside a translated sentence (`t('…', { ref: isolated(ref) })`), where no
 * element can go: the Unicode left-to-right isolate around it (U+2066 … U+2069), as `<bdi dir="ltr">`.
 */
export function isolated(text: string | number | null | undefined): string {
  return `\u2066${text ?? ''}\u2069`;
}
