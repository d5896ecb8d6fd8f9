/*
 * Tawasul web chat widget. An association pastes one tag into its site:
 *
 *   <script src="https://chat.example.org/webchat/widget.js" data-lang="ar" async></script>
 *
 * and gets a floating "chat with us" button that opens the chat page in a panel (an iframe of
 * /webchat/?embed=1, so the site's styles and scripts and ours never mix). Styles are set through
 * the DOM, not a <style> tag, so a site with a strict Content-Security-Policy still shows the widget.
 * Labels come from the chat's locales (GET api/texts); the button appears once they are loaded.
 */
(function () {
  'use strict';

  var script = document.currentScript;
  if (!script || window.__tawasulWebChat) return;
  window.__tawasulWebChat = true;

  var base = new URL('./', script.src).href;
  var origin = new URL(base).origin;
  var lang = script.getAttribute('data-lang') === 'en' ? 'en' : 'ar';
  // The button sits at the end of the reading direction: bottom-left in Arabic, bottom-right in English.
  var side = lang === 'ar' ? 'left' : 'right';
  var BRAND = '#0b5d4b';
  var texts = null;
  var association = '';

  function css(node, styles) {
    Object.keys(styles).forEach(function (name) {
      node.style.setProperty(name, styles[name]);
    });
    return node;
  }

  var launcher = css(document.createElement('button'), {
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
    font: '600 16px system-ui, Tahoma, "Noto Sans Arabic", Arial, sans-serif',
    'box-shadow': '0 4px 14px rgba(0, 0, 0, 0.25)',
    cursor: 'pointer',
  });
  launcher.type = 'button';
  launcher.id = 'tawasul-webchat-launcher';
  launcher.setAttribute('aria-expanded', 'false');
  launcher.setAttribute('aria-controls', 'tawasul-webchat-panel');
  launcher.setAttribute('dir', lang === 'ar' ? 'rtl' : 'ltr');
  launcher.setAttribute('lang', lang);
  // A speech bubble drawn in SVG: emoji fonts are missing on some systems.
  var SVG = 'http://www.w3.org/2000/svg';
  var icon = document.createElementNS(SVG, 'svg');
  icon.setAttribute('viewBox', '0 0 24 24');
  icon.setAttribute('width', '22');
  icon.setAttribute('height', '22');
  icon.setAttribute('aria-hidden', 'true');
  icon.setAttribute('focusable', 'false');
  var path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', 'M4 5h16v11H9l-5 4z');
  path.setAttribute('fill', 'none');
  path.setAttribute('stroke', 'currentColor');
  path.setAttribute('stroke-width', '2');
  path.setAttribute('stroke-linejoin', 'round');
  icon.appendChild(path);
  var label = document.createElement('span');
  launcher.appendChild(icon);
  launcher.appendChild(label);

  var panel = css(document.createElement('div'), {
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
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('lang', lang);
  panel.setAttribute('dir', lang === 'ar' ? 'rtl' : 'ltr');

  // The panel's top bar carries the close button; it continues the chat's own coloured header.
  var bar = css(document.createElement('div'), {
    display: 'flex',
    'justify-content': 'flex-end',
    padding: '2px',
    background: BRAND,
  });
  var close = css(document.createElement('button'), {
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

  var frame = null;

  function open() {
    if (!frame) {
      frame = css(document.createElement('iframe'), { flex: '1', width: '100%', border: '0' });
      frame.src = base + '?embed=1&lang=' + lang;
      frame.title = t('frameTitle');
      frame.setAttribute('allow', 'geolocation');
      frame.addEventListener('load', function () {
        focusChat();
      });
      panel.appendChild(frame);
    }
    panel.style.setProperty('display', 'flex');
    launcher.setAttribute('aria-expanded', 'true');
    focusChat();
  }

  function focusChat() {
    if (!frame || panel.style.display === 'none') return;
    frame.focus();
    if (frame.contentWindow) frame.contentWindow.postMessage({ type: 'tawasul:focus' }, origin);
  }

  function hide() {
    panel.style.setProperty('display', 'none');
    launcher.setAttribute('aria-expanded', 'false');
    launcher.focus();
  }

  function t(key) {
    var value = texts && texts.widget && texts.widget[key];
    return typeof value === 'string' ? value.replace(/\{\{\s*association\s*\}\}/g, association) : '';
  }

  launcher.addEventListener('click', function () {
    if (launcher.getAttribute('aria-expanded') === 'true') hide();
    else open();
  });
  close.addEventListener('click', hide);
  panel.addEventListener('keydown', function (e) {
    if (e.key === 'Escape') hide();
  });
  window.addEventListener('message', function (e) {
    if (e.origin === origin && e.data && e.data.type === 'tawasul:close') hide();
  });

  function mount() {
    document.body.appendChild(panel);
    document.body.appendChild(launcher);
  }

  function load(delay) {
    fetch(base + 'api/texts?lang=' + lang)
      .then(function (res) {
        if (!res.ok) throw new Error(String(res.status));
        return res.json();
      })
      .then(function (body) {
        texts = body.texts;
        association = body.association || '';
        label.textContent = t('open');
        close.setAttribute('aria-label', t('close'));
        close.title = t('close');
        panel.setAttribute('aria-label', t('frameTitle'));
        launcher.style.setProperty('display', 'inline-flex');
      })
      .catch(function () {
        setTimeout(function () {
          load(Math.min(delay * 2, 60000));
        }, delay);
      });
  }

  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);
  load(2000);
})();
