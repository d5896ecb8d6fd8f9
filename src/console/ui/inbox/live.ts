import { useEffect, useRef } from 'preact/hooks';

/**
 * Calls `onChange` whenever the server says the inbox changed (`GET /api/inbox/events`, server-sent
 * events). The browser reconnects by itself after a drop; a change missed meanwhile is caught by the
 * `ready` event every new connection starts with.
 */
export function useInboxChanges(onChange: () => void): void {
  const latest = useRef(onChange);
  latest.current = onChange;
  useEffect(() => {
    const source = new EventSource('/api/inbox/events');
    let first = true;
    const changed = () => latest.current();
    source.addEventListener('change', changed);
    source.addEventListener('ready', () => {
      if (!first) changed();
      first = false;
    });
    return () => source.close();
  }, []);
}
