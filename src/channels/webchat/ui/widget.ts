/*
 * Tawasul web chat widget. An association pastes one tag into its site:
 *
 *   <script src="https://chat.example.org/webchat/widget.js" data-lang="ar" async></script>
 *
 * and gets a floating "chat with us" button that opens the chat page in a panel (an iframe of
 * /webchat/?embed=1, so the site's styles and scripts and ours never mix). Styles are set through
 * the DOM, not a <style> tag, so a site with a strict Content-Security-Policy still shows the widget.
 * Labels come from the chat's locales (GET api/texts); the button appears once they are loaded. Only
 * the notice for a server that stopped answering after that is bundled in (TAWASUL_WIDGET_OFFLINE, from
 * locales/*.json `webchat.offline`): the panel shows it, with a retry button, instead of a browser error.
 * It runs on other people's sites: this one file, no imports, no dependencies, no globals but one flag.
 */
declare global {
  interface Window {
    __tawasulWebChat?: boolean;
  }
}

/** Written in when the app bundles the widget (webchat-page.ts); absent in a bare build check. */
declare const TAWASUL_WIDGET_OFFLINE: Record<'ar' | 'en', { message?: string; retry?: string }>;

const BRAND = '#0b5d4b';
const FONT = 'system-ui, Tahoma, "Noto Sans Arabic", Arial, sans-serif';
const SVG = 'http://www.w3.org/2000/svg';

function css<T extends HTMLElement>(node: T, styles: Record<string, string>): T {
  for (const [name, value] of Object.entries(styles)) node.style.setProperty(name, value);
  return node;
}

function attrs<T extends Element>(node: T, values: Record<string, string>): T {
  for (const [name, value] of Object.entries(values)) node.setAttribute(name, value);
  return node;
}

/** A speech bubble drawn in SVG: emoji fonts are missing on some systems. */
function bubbleIcon(): SVGSVGElement {
  const icon = attrs(document.createElementNS(SVG, 'svg'), {
    viewBox: '0 0 24 24',
    width: '22',
    height: '22',
    'aria-hidden': 'true',
    focusable: 'false',
  });
  icon.appendChild(
    attrs(document.createElementNS(SVG, 'path'), {
      d: 'M4 5h16v11H9l-5 4z',
      fill: 'none',
      stroke: 'currentColor',
      'stroke-width': '2',
      'stroke-linejoin': 'round',
    }),
  );
  return icon;
}

function widget(script: HTMLScriptElement): void {
  const base = new URL('./', script.src).href;
  const origin = new URL(base).origin;
  const lang = script.getAttribute('data-lang') === 'en' ? 'en' : 'ar';
  const dir = lang === 'ar' ? 'rtl' : 'ltr';
  // The button sits at the end of the reading direction: bottom-left in Arabic, bottom-right in English.
  const side = lang === 'ar' ? 'left' : 'right';
  let texts: { widget?: Record<string, unknown> } | null = null;
  let association = '';
  const t = (key: string): string => {
    const value = texts?.widget?.[key];
    return typeof value === 'string' ? value.replace(/\{\{\s*association\s*\}\}/g, association) : '';
  };

  const launcher = css(document.createElement('button'), {
    position: 'fixed',
    bottom: '20px',
    [side]: '20px',
    'z-index': '2147483000',
    display: 'none',
    'align-items': 'center',
    gap: '8px',
    'min-height': '48px',
    padding: '0 18px',
    border: '2px solid #ffffff',
    'border-radius': '24px',
    background: BRAND,
    color: '#ffffff',
    font: `600 16px ${FONT}`,
    'box-shadow': '0 4px 14px rgba(0, 0, 0, 0.25)',
    cursor: 'pointer',
  });
  launcher.type = 'button';
  launcher.id = 'tawasul-webchat-launcher';
  attrs(launcher, {
    'aria-expanded': 'false',
    'aria-controls': 'tawasul-webchat-panel',
    dir,
    lang,
  });
  const label = document.createElement('span');
  launcher.append(bubbleIcon(), label);

  const panel = css(document.createElement('div'), {
    position: 'fixed',
    bottom: '84px',
    [side]: '12px',
    'z-index': '2147483000',
    display: 'none',
    'flex-direction': 'column',
    width: 'min(400px, calc(100vw - 24px))',
    height: 'min(640px, calc(100vh - 108px))',
    background: '#ffffff',
    'border-radius': '14px',
    'box-shadow': '0 8px 30px rgba(0, 0, 0, 0.3)',
    overflow: 'hidden',
  });
  panel.id = 'tawasul-webchat-panel';
  attrs(panel, { role: 'dialog', lang, dir });

  // The panel's top bar carries the close button; it continues the chat's own coloured header.
  const bar = css(document.createElement('div'), {
    display: 'flex',
    'justify-content': 'flex-end',
    padding: '2px',
    background: BRAND,
  });
  const close = css(document.createElement('button'), {
    'min-width': '44px',
    'min-height': '44px',
    border: '0',
    'border-radius': '8px',
    background: 'transparent',
    color: '#ffffff',
    font: '600 22px system-ui, Arial, sans-serif',
    cursor: 'pointer',
  });
  close.type = 'button';
  close.textContent = '\u00D7';
  bar.appendChild(close);
  panel.appendChild(bar);

  // Shown in the panel when the chat page cannot be fetched; once framed, the page says so itself.
  const offline = typeof TAWASUL_WIDGET_OFFLINE === 'undefined' ? {} : TAWASUL_WIDGET_OFFLINE[lang];
  const notice = css(document.createElement('div'), {
    display: 'none',
    flex: '1',
    'flex-direction': 'column',
    'align-items': 'center',
    'justify-content': 'center',
    gap: '14px',
    padding: '24px',
    color: '#1b1f1d',
    font: `16px/1.6 ${FONT}`,
    'text-align': 'center',
  });
  notice.setAttribute('role', 'alert');
  const noticeText = document.createElement('p');
  noticeText.textContent = offline.message ?? '';
  const retry = css(document.createElement('button'), {
    'min-height': '44px',
    padding: '0 20px',
    border: '0',
    'border-radius': '10px',
    background: BRAND,
    color: '#ffffff',
    font: `600 16px ${FONT}`,
    cursor: 'pointer',
  });
  retry.type = 'button';
  retry.textContent = offline.retry ?? '';
  notice.append(noticeText, retry);
  panel.appendChild(notice);

  let frame: HTMLIFrameElement | null = null;
  let checking = false;

  function focusChat(): void {
    if (!frame || panel.style.display === 'none') return;
    frame.focus();
    frame.contentWindow?.postMessage({ type: 'tawasul:focus' }, origin);
  }

  /** Frames the chat page once its server answers; until then the panel says it cannot be reached. */
  function openFrame(): void {
    if (frame || checking) return;
    checking = true;
    retry.disabled = true;
    fetch(`${base}api/texts?lang=${lang}`, { cache: 'no-store' })
      .then((res) => {
        if (!res.ok) throw new Error(String(res.status));
        notice.style.setProperty('display', 'none');
        frame = css(document.createElement('iframe'), { flex: '1', width: '100%', border: '0' });
        frame.src = `${base}?embed=1&lang=${lang}`;
        frame.title = t('frameTitle');
        frame.setAttribute('allow', 'geolocation');
        frame.addEventListener('load', focusChat);
        panel.appendChild(frame);
      })
      .catch(() => {
        notice.style.setProperty('display', 'flex');
        retry.disabled = false;
        if (panel.style.display !== 'none') retry.focus();
      })
      .finally(() => (checking = false));
  }

  function open(): void {
    openFrame();
    panel.style.setProperty('display', 'flex');
    launcher.setAttribute('aria-expanded', 'true');
    focusChat();
  }

  function hide(): void {
    panel.style.setProperty('display', 'none');
    launcher.setAttribute('aria-expanded', 'false');
    launcher.focus();
  }

  launcher.addEventListener('click', () => {
    if (launcher.getAttribute('aria-expanded') === 'true') hide();
    else open();
  });
  close.addEventListener('click', hide);
  retry.addEventListener('click', openFrame);
  panel.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') hide();
  });
  window.addEventListener('message', (e: MessageEvent<unknown>) => {
    if (e.origin === origin && (e.data as { type?: unknown } | null)?.type === 'tawasul:close') hide();
  });

  const mount = () => document.body.append(panel, launcher);
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);

  /** Loads the labels, retrying with a doubling pause (to a minute) while the chat cannot be reached. */
  function load(delay: number): void {
    fetch(`${base}api/texts?lang=${lang}`)
      .then(async (res) => {
        if (!res.ok) throw new Error(String(res.status));
        const body = (await res.json()) as { texts?: typeof texts; association?: string };
        texts = body.texts ?? null;
        association = body.association ?? '';
        label.textContent = t('open');
        close.setAttribute('aria-label', t('close'));
        close.title = t('close');
        panel.setAttribute('aria-label', t('frameTitle'));
        launcher.style.setProperty('display', 'inline-flex');
      })
      .catch(() => setTimeout(() => load(Math.min(delay * 2, 60000)), delay));
  }
  load(2000);
}

// Read while the tag runs: `currentScript` is null once this script has finished starting.
const script = document.currentScript;
if (script instanceof HTMLScriptElement && !window.__tawasulWebChat) {
  window.__tawasulWebChat = true;
  widget(script);
}

export {};
