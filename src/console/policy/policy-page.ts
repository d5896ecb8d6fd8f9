import type { FastifyReply } from 'fastify';
import type { Lang } from '../../domain/lang';
import { sendHtmlPage } from '../http/pages';

/** The document loads nothing but the console's own style sheet, and no other site may frame it. */
const PAGE_POLICY = [
  "default-src 'none'",
  "style-src 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The policy text as HTML, line by line: a line starting `# ` is a heading, consecutive lines starting
 * `- ` a list, other lines a paragraph (a blank line ends it). Everything is escaped: the text comes from
 * the profile, but is shown as text, never as markup.
 */
export function policyHtml(text: string): string {
  const out: string[] = [];
  let paragraph: string[] = [];
  let items: string[] = [];
  const flush = () => {
    if (paragraph.length > 0) out.push(`<p>${paragraph.map(escapeHtml).join('<br>')}</p>`);
    if (items.length > 0) out.push(`<ul>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`);
    paragraph = [];
    items = [];
  };
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('# ')) {
      flush();
      out.push(`<h2>${escapeHtml(line.slice(2).trim())}</h2>`);
    } else if (line.startsWith('- ')) {
      if (paragraph.length > 0) flush();
      items.push(line.slice(2).trim());
    } else if (line === '') {
      flush();
    } else {
      if (items.length > 0) flush();
      paragraph.push(line);
    }
  }
  flush();
  return out.join('\n');
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
  return sendHtmlPage(reply, page.status, html, PAGE_POLICY);
}
