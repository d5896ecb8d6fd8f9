import { useCallback, useEffect, useState } from 'preact/hooks';
import type { ConversationView, InboxList as InboxListData } from '../../inbox/inbox-api';
import { api, failureText } from '../api';
import { t } from '../boot';
import { Layout } from '../layout';
import { Conversation } from './conversation';
import { InboxList, type InboxTab } from './inbox-list';
import { useInboxChanges } from './live';

const pathOf = (reference: string | null) =>
  reference ? `/console/inbox/${encodeURIComponent(reference)}` : '/console/inbox';

/**
 * The staff inbox (`/console/inbox`, issue #16): conversations with a person on the one side, the one
 * chosen on the other (on a phone, one at a time). Both follow the server's change stream.
 */
export function InboxPage(props: { reference: string | null }) {
  const [tab, setTab] = useState<InboxTab>('open');
  const [list, setList] = useState<InboxListData | null>(null);
  const [selected, setSelected] = useState<string | null>(props.reference);
  const [conversation, setConversation] = useState<ConversationView | null>(null);
  const [error, setError] = useState('');

  const loadList = useCallback(async () => {
    const result = await api<InboxListData>('GET', `/api/inbox?view=${tab}`);
    if (result.ok) setList(result.data);
    else setError(failureText(result, t('inbox.loadFailed')));
  }, [tab]);

  const loadConversation = useCallback(async () => {
    if (!selected) return setConversation(null);
    const result = await api<ConversationView>('GET', `/api/inbox/${encodeURIComponent(selected)}`);
    if (result.ok) setConversation(result.data);
    else setError(failureText(result, t('inbox.loadFailed')));
  }, [selected]);

  useEffect(() => void loadList(), [loadList]);
  useEffect(() => void loadConversation(), [loadConversation]);
  useInboxChanges(() => {
    void loadList();
    void loadConversation();
  });
  useEffect(() => {
    const back = () => setSelected(/^\/console\/inbox\/([^/]+)$/.exec(location.pathname)?.[1] ?? null);
    window.addEventListener('popstate', back);
    return () => window.removeEventListener('popstate', back);
  }, []);

  const open = (reference: string | null) => {
    setError('');
    setSelected(reference);
    setConversation(null);
    history.pushState(null, '', pathOf(reference));
  };

  return (
    <Layout title={t('inbox.title')} section="inbox" wide>
      {error && (
        <p class="notice error" role="alert">
          {error}
        </p>
      )}
      <div class={`inbox${selected ? ' has-selection' : ''}`}>
        <InboxList
          tab={tab}
          items={list?.items ?? null}
          selected={selected}
          serverNow={list ? new Date(list.now).getTime() : Date.now()}
          onTab={(next) => {
            setList(null);
            setTab(next);
          }}
          onOpen={open}
        />
        <div class="inbox-detail">
          {conversation ? (
            <Conversation
              conversation={conversation}
              onChanged={() => {
                void loadList();
                void loadConversation();
              }}
              onBack={() => open(null)}
            />
          ) : (
            <p class="empty">{selected ? t('inbox.loading') : t('inbox.choose')}</p>
          )}
        </div>
      </div>
    </Layout>
  );
}
