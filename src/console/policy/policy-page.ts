import type { FastifyReply } from 'fastify';
import type { Lang } from '../../domain/lang';

/** The document loads nothing but the console's own style sheet, and no other site may frame it. */
const PAGE_POLICY = ["default-src 'none'", "style-src 'self'", "base-uri 'none'", "frame-ancestors 'none'"].join(
  '; ',
);

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The policy text as HTML: blocks separated by blank lines; a block starting `# ` is a heading, one whose
 * lines start `- ` a list, anything else a paragraph (its line breaks kept). Everything is escaped: the
 * text comes from the profile, but is shown as text, never as markup.
 */
export function policyHtml(text: string): string {
  return text
    .trim()
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter(Boolean)
    .map((block) => {
      if (block.startsWith('# ')) return `<h2>${escapeHtml(block.slice(2).trim())}</h2>`;
      const lines = block.split('\n').map((l) => l.trim());
      if (lines.every((l) => l.startsWith('- '))) {
        return `<ul>${lines.map((l) => `<li>${escapeHtml(l.slice(2).trim())}</li>`).join('')}</ul>`;
      }
      return `<p>${lines.map(escapeHtml).join('<br>')}</p>`;
    })
    .join('\n');
}

/** Sends the policy as a standalone page (readable and printable, in the caller's language). */
export function sendPolicyPage(
  reply: FastifyReply,
  page: { lang: Lang; title: string; versionLabel: string; body: string; status: 200 | 404 },
): FastifyReply {
  const dir = page.lang === 'ar' ? 'rtl' : 'ltr';
  const html =
    `<!doctype html>\n<html lang="${page.lang}" dir="${dir}">\n<head>\n<meta charset="utf-8">\n` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
    `<title>${escapeHtml(page.title)}</title>\n<link rel="stylesheet" href="/console/assets/style.css">\n` +
    '</head>\n<body>\n<main class="policy">\n' +
    `<h1>${escapeHtml(page.title)}</h1>\n<p class="muted">${escapeHtml(page.versionLabel)}</p>\n` +
    `${page.body}\n</main>\n</body>\n</html>\n`;
  return reply
    .code(page.status)
    .header('content-security-policy', PAGE_POLICY)
    .header('x-frame-options', 'DENY')
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'same-origin')
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(html);
}
