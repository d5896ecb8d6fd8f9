import { createFlowRegistry } from '../../flows';
import type { StateNode } from '../../src/engine/flow';
import { flowToMermaid, type DrawableFlow } from '../../src/engine/mermaid';

const registry = createFlowRegistry();

/** `a --> b : label` lines, as [from, to, label]. */
function edges(diagram: string): [string, string, string][] {
  return diagram
    .split('\n')
    .map((line) => /^\s+(\S+) --> (\S+)(?: : (.*))?$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => [m[1] ?? '', m[2] ?? '', m[3] ?? '']);
}

describe('flowToMermaid', () => {
  it.each(registry.all().map((f) => [f.id, f] as const))(
    'draws every state and every transition target of %s',
    (_id, flow) => {
      const diagram = flowToMermaid(flow);
      expect(diagram.split('\n')[0]).toBe('stateDiagram-v2');
      const lines = diagram.split('\n').map((l) => l.trim());
      for (const state of Object.keys(flow.states)) expect(lines).toContain(state);
      expect(edges(diagram)).toContainEqual(['[*]', flow.initial, '']);

      const drawn = edges(diagram);
      for (const [name, node] of Object.entries(flow.states)) {
        const transitions = [
          ...(node.always ?? []),
          ...(node.on ?? []),
          ...(node.back ? [node.back] : []),
          ...Object.values(node.words ?? {}),
        ];
        const expected = transitions.map((t) =>
          !t.target
            ? name
            : t.target.startsWith('#')
              ? `flow_${t.target.slice(1).replace(/[^A-Za-z0-9_]/g, '_')}`
              : t.target,
        );
        const from = drawn.filter(([f, to]) => f === name && to !== '[*]').map(([, to]) => to);
        expect([name, from]).toEqual([name, expected]);
        if (node.final) expect(drawn).toContainEqual([name, '[*]', '']);
      }
      const externals = [...Object.values(flow.states).flatMap((n) => [...(n.on ?? []), ...(n.always ?? [])])]
        .map((t) => t.target)
        .filter((t): t is string => !!t?.startsWith('#'))
        .map((t) => t.slice(1));
      for (const id of new Set(externals)) {
        expect(lines).toContain(`state "${id} (flow)" as flow_${id.replace(/[^A-Za-z0-9_]/g, '_')}`);
      }
    },
  );

  it('labels edges with choice=<id>, the guard name, the description, always and back', () => {
    const greeting = edges(flowToMermaid(registry.require('greeting')));
    expect(greeting).toEqual(
      expect.arrayContaining([
        ['chooseLanguage', 'consent', 'choice=ar'],
        ['consent', 'done', '(always) consented before'],
        ['consent', 'consent', 'choice=details'],
        ['consent', 'chooseLanguage', 'back'],
        ['accepted', 'done', '(always)'],
        ['done', '[*]', ''],
      ]),
    );
    const inquiries = edges(flowToMermaid(registry.require('inquiries')));
    expect(inquiries).toContainEqual(['ask', 'more', 'pickedAnswer']);
    expect(inquiries).toContainEqual(['more', 'flow_menu', 'choice=menu']);
    const handoff = edges(flowToMermaid(registry.require('handoff')));
    expect(handoff).toContainEqual(['waiting', 'confirmEnd', 'word menu: ask before leaving staff']);
    const menu = flowToMermaid(registry.require('menu'));
    expect(menu).toMatch(/class flow_greeting,flow_inquiries(,\w+)* external/);
  });

  it('is deterministic: the same flow, or a copy of it, gives the same text', () => {
    for (const flow of registry.all()) {
      const copy: DrawableFlow = { initial: flow.initial, states: structuredClone(flow.states) };
      expect(flowToMermaid(copy)).toBe(flowToMermaid(flow));
      expect(flowToMermaid(flow)).toBe(flowToMermaid(flow));
    }
  });

  it('keeps awkward names and labels from breaking the diagram', () => {
    const states: Record<string, StateNode> = {
      end: {
        on: [
          { guard: { type: 'inRange', params: { min: 1, max: 12 } }, target: 'ask-city' },
          { description: 'a # and ; in "quotes"', target: '#request-status' },
          { target: 'end' },
        ],
      },
      'ask-city': { final: true },
    };
    const diagram = flowToMermaid({ initial: 'end', states });
    expect(diagram).toBe(
      [
        'stateDiagram-v2',
        '  state "end" as state_0',
        '  state "ask-city" as state_1',
        '  state "request-status (flow)" as flow_request_status',
        '  [*] --> state_0',
        '  state_0 --> state_1 : inRange(min=1, max=12)',
        '  state_0 --> flow_request_status : a and in quotes',
        '  state_0 --> state_0 : (any answer)',
        '  state_1 --> [*]',
        '  classDef external stroke-dasharray: 4 4',
        '  class flow_request_status external',
      ].join('\n'),
    );
  });
});
