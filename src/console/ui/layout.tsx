import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from './api';
import { boot, t } from './boot';
import { StaffNotices } from './staff-notices';

function switchLanguage() {
  const next = boot.lang === 'ar' ? 'en' : 'ar';
  document.cookie = `tawasul_console_lang=${next}; path=/; max-age=31536000; SameSite=Lax`;
  location.reload();
}

async function signOut() {
  await api('POST', '/api/auth/logout');
  location.href = '/console/';
}

/**
 * The console's frame on every page:
 * the association and product, who is signed in, the language switch, sign-out, the sections, and the
 * page's main area with its heading. Also the sign-in and "not allowed" pages, with no one signed in.
 */
export function Layout(props: {
  title: string;
  /** The heading when it is more than its title's text (a reference isolated inside it). */
  heading?: ComponentChildren;
  section: string;
  children: ComponentChildren;
  wide?: boolean;
}) {
  const [unread, setUnread] = useState(0);
  const [menuOpen, setMenuOpen] = useState(false);
  const current = boot.nav.find((item) => item.name === props.section);
  useEffect(() => {
    document.title = `${props.title} · ${boot.association}`;
  }, [props.title]);
  useEffect(() => {
    if (!boot.staff) return;
    void api<{ unread: number }>('GET', '/api/alerts?unread=true&limit=1').then(
      (result) => result.ok && setUnread(result.data.unread),
    );
  }, []);
  return (
    <>
      <header class="top">
        <div class="brand">
          <span class="association">{boot.association}</span>
          <span class="product">{t('title')}</span>
        </div>
        <div class="who">
          {boot.staff && <span class="name">{boot.staff.name}</span>}
          <button
            type="button"
            class="quiet"
            id="switch-language"
            lang={boot.lang === 'ar' ? 'en' : 'ar'}
            onClick={switchLanguage}
          >
            {t('language.switch')}
          </button>
          {boot.staff && (
            <button type="button" class="quiet" id="sign-out" onClick={() => void signOut()}>
              {t('nav.signOut')}
            </button>
          )}
        </div>
      </header>
      {boot.staff && (
        <nav class={menuOpen ? 'nav open' : 'nav'} aria-label={t('nav.label')}>
          {/* On a phone the sections fold behind this button (the strip would scroll sideways, hiding most of them). */}
          <button
            type="button"
            class="nav-toggle"
            aria-expanded={menuOpen}
            aria-controls="sections"
            onClick={() => setMenuOpen(!menuOpen)}
          >
            <span aria-hidden="true">☰ </span>
            {t('nav.menu')}
            {current && ` · ${t(`nav.${current.name}`)}`}
            {unread > 0 && (
              <span class="badge warn count" aria-label={t('nav.unread', { count: unread })}>
                {unread}
              </span>
            )}
          </button>
          <ul id="sections">
            {boot.nav.map((item) => (
              <li key={item.url}>
                <a href={item.url} aria-current={item.name === props.section ? 'page' : undefined}>
                  {t(`nav.${item.name}`)}
                  {item.name === 'alerts' && unread > 0 && (
                    <span class="badge warn count" aria-label={t('nav.unread', { count: unread })}>
                      {unread}
                    </span>
                  )}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <main id="content" class={props.wide ? 'content wide' : 'content'} tabIndex={-1}>
        <h1>{props.heading ?? props.title}</h1>
        <StaffNotices />
        {props.children}
      </main>
    </>
  );
}
