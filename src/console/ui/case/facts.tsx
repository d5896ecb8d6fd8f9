import type { ComponentChildren } from 'preact';
import { Bidi } from '../bidi';

/** A name and its value; a text value is isolated (a number keeps its order inside Arabic). */
export type Fact = [string, string | ComponentChildren] | null | false;

/** Label–value pairs: side by side on a laptop, stacked on a phone. */
export function Facts(props: { facts: Fact[] }) {
  return (
    <dl class="facts">
      {props.facts.filter(Boolean).map((fact) => {
        const [name, value] = fact as [string, string | ComponentChildren];
        return [
          <dt key={`${name}-t`}>{name}</dt>,
          <dd key={`${name}-d`}>{typeof value === 'string' ? <Bidi text={value} /> : value}</dd>,
        ];
      })}
    </dl>
  );
}
