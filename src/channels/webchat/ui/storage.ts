/** What the page keeps in the browser: the session (the visitor's only key) and the language. */
export const STORE = { session: 'tawasul.webchat.session', lang: 'tawasul.webchat.lang' } as const;

/** A stored value, or null (storage may be unavailable: private modes, blocked third-party storage). */
export function stored(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function store(key: string, value: string | null): void {
  try {
    if (value === null) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, value);
  } catch {
    // The conversation still works; it just will not survive a reload.
  }
}
