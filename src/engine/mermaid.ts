import type { AnyFlow, Ref, Transition } from './flow';

/** What a diagram needs of a flow: its states and where it starts. */
export type DrawableFlow = Pick<AnyFlow, 'initial' | 'states'>;

// Words the stateDiagram grammar reads as keywords; a state with such a name gets an alias.
const RESERVED = new Set(['state', 'note', 'end', 'direction', 'class', 'classDef', 'style', 'as', 'click']);
const PLAIN_ID = /^[A-Za-z][A-Za-z0-9_]*$/;

/**
 * Draws a flow as a Mermaid `stateDiagram-v2`: a state per `states` entry, an edge per `on`,
 * `always` and `back` transition (a transition without a target loops on its state), `#flow`
 * targets as dashed external states, final states into `[*]`. Pure and deterministic: the same
 * flow always gives the same text, so generated docs only change when the flow does.
 */
export function flowToMermaid(flow: DrawableFlow): string {
  const ids = new Map<string, string>();
  const declarations: string[] = [];
  const taken = new Set<string>();
  const claim = (wanted: string): string => {
    let id = wanted;
    for (let n = 2; taken.has(id); n++) id = `${wanted}_${n}`;
    taken.add(id);
    return id;
  };

  for (const [index, name] of Object.keys(flow.states).entries()) {
    const plain = PLAIN_ID.test(name) && !RESERVED.has(name);
    const id = claim(plain ? name : `state_${index}`);
    ids.set(name, id);
    declarations.push(plain ? id : `state "${text(name)}" as ${id}`);
  }

  const externals = new Map<string, string>();
  const external = (flowId: string): string => {
    let id = externals.get(flowId);
    if (!id) {
      id = claim(`flow_${flowId.replace(/[^A-Za-z0-9_]/g, '_')}`);
      externals.set(flowId, id);
    }
    return id;
  };

  const edges: string[] = [`[*] --> ${ids.get(flow.initial) ?? flow.initial}`];
  for (const [name, node] of Object.entries(flow.states)) {
    const from = ids.get(name) ?? name;
    const edge = (t: Transition, label: string) => {
      const to = !t.target
        ? from
        : t.target.startsWith('#')
          ? external(t.target.slice(1))
          : ids.get(t.target);
      edges.push(`${from} --> ${to ?? t.target} : ${text(label)}`);
    };
    for (const t of node.always ?? []) edge(t, `(always) ${describe(t)}`.trim());
    for (const t of node.on ?? []) edge(t, describe(t) || '(any answer)');
    if (node.back) edge(node.back, ['back', describe(node.back)].filter(Boolean).join(': '));
    for (const [word, t] of Object.entries(node.words ?? {})) {
      edge(t, [`word ${word}`, describe(t)].filter(Boolean).join(': '));
    }
    if (node.final) edges.push(`${from} --> [*]`);
  }

  const outside = [...externals].map(([flowId, id]) => `state "${text(flowId)} (flow)" as ${id}`);
  const styling =
    externals.size > 0
      ? ['classDef external stroke-dasharray: 4 4', `class ${[...externals.values()].join(',')} external`]
      : [];
  return [
    'stateDiagram-v2',
    ...[...declarations, ...outside, ...edges, ...styling].map((l) => `  ${l}`),
  ].join('\n');
}

/** The edge label: the transition's own description, else its guard (`choice=<id>` for choices). */
function describe(t: Transition): string {
  if (t.description) return t.description;
  return t.guard ? guardLabel(t.guard) : '';
}

function guardLabel(ref: Ref): string {
  if (typeof ref === 'string') return ref;
  const params = ref.params ?? {};
  if (ref.type === 'choice') return `choice=${String(params.id)}`;
  const args = Object.entries(params).map(
    ([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`,
  );
  return args.length > 0 ? `${ref.type}(${args.join(', ')})` : ref.type;
}

/** Mermaid ends a label at `#`, `;` or a line break, and a quoted name at `"`. */
function text(value: string): string {
  return value.replace(/[#;"]/g, ' ').replace(/\s+/g, ' ').trim();
}
