import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, failureText, type ApiResult } from '../api';
import { t } from '../boot';
import type { QueueList } from './queue-types';

/**
 * One queue's list for a status filter, with a way to act on an item and read the list again. Actions
 * answer with a message for the page (what happened, or why not).
 */
export function useQueue<T>(path: string, status: string) {
  const [items, setItems] = useState<T[] | null>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  const load = useCallback(async () => {
    const result = await api<QueueList<T>>('GET', `${path}?status=${encodeURIComponent(status)}`);
    if (result.ok) setItems(result.data.items);
    else setMessage({ kind: 'error', text: failureText(result, t('queues.loadFailed')) });
  }, [path, status]);

  useEffect(() => {
    setItems(null);
    void load();
  }, [load]);

  const act = async (url: string, body: unknown, done: string): Promise<ApiResult<unknown>> => {
    setMessage(null);
    const result = await api<unknown>('POST', url, body);
    setMessage(
      result.ok
        ? { kind: 'ok', text: done }
        : { kind: 'error', text: failureText(result, t('queues.actionFailed')) },
    );
    if (result.ok) await load();
    return result;
  };

  return { items, message, act };
}
