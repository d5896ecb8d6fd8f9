/** What the person's WhatsApp shows for one accepted send: its text and the buttons or list rows under it. */
export interface Shown {
  text: string;
  buttons: string[];
}

type Json = Record<string, unknown>;

/**
 * The channel contract reads this rather than raw bodies: text body; interactive body text with reply
 * button titles or list row titles; document caption and filename (one line each); template as
 * `[template <name> <lang>] ` + its body parameters joined by ' | '.
 */
export function shownOf(body: Json): Shown {
  const type = String(body.type ?? 'text');
  const content = (body[type] ?? {}) as Json;
  switch (type) {
    case 'text':
      return { text: String(content.body ?? ''), buttons: [] };
    case 'interactive': {
      const action = (content.action ?? {}) as Json;
      const text = String(((content.body ?? {}) as Json).text ?? '');
      if (content.type === 'button') {
        const buttons = (action.buttons ?? []) as { reply: { title: string } }[];
        return { text, buttons: buttons.map((b) => b.reply.title) };
      }
      const sections = (action.sections ?? []) as { rows: { title: string }[] }[];
      return { text, buttons: sections.flatMap((s) => s.rows.map((r) => r.title)) };
    }
    case 'template': {
      const components = (content.components ?? []) as { type: string; parameters?: { text?: string }[] }[];
      const params = components
        .filter((c) => c.type === 'body')
        .flatMap((c) => c.parameters ?? [])
        .map((p) => String(p.text ?? ''));
      const language = String(((content.language ?? {}) as Json).code ?? '');
      return { text: `[template ${String(content.name)} ${language}] ${params.join(' | ')}`, buttons: [] };
    }
    case 'reaction':
      return { text: `[reaction ${String(content.emoji ?? '')}]`, buttons: [] };
    case 'location':
      return { text: `[location ${String(content.latitude)},${String(content.longitude)}]`, buttons: [] };
    default: {
      const lines = [content.caption, content.filename].filter((s): s is string => typeof s === 'string');
      return { text: lines.length > 0 ? lines.join('\n') : `[${type}]`, buttons: [] };
    }
  }
}
