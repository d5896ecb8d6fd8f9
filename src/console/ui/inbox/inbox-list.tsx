import type { InboxItem } from '../../inbox/inbox-api';
import { label, t } from '../boot';
import { formatTime, formatWaiting } from '../format';

export type InboxTab = 'open' | 'mine' | 'closed';
const TABS: InboxTab[] = ['open', 'mine', 'closed'];

function waitingText(since: string, now: number): string {
  const time = formatWaiting(since, now);
  return time ? t('inbox.waiting', { time }) : t('inbox.justAsked');
}

/** The tabs and the conversations of the one chosen, the one open highlighted. */
export function InboxList(props: {
  tab: InboxTab;
  items: InboxItem[] | null;
  selected: string | null;
  serverNow: number;
  onTab: (tab: InboxTab) => void;
  onOpen: (reference: string) => void;
}) {
  return (
    <section class="inbox-list" aria-label={t('inbox.listLabel')}>
      <div class="tabs" role="group" aria-label={t('inbox.tabsLabel')}>
        {TABS.map((tab) => (
          <button
            key={tab}
            type="button"
            class="tab"
            aria-pressed={tab === props.tab}
            onClick={() => props.onTab(tab)}
          >
            {t(`inbox.tab.${tab}`)}
          </button>
        ))}
      </div>
      {props.items === null ? (
        <p class="hint">{t('inbox.loading')}</p>
      ) : props.items.length === 0 ? (
        <p class="empty">{t(`inbox.empty.${props.tab}`)}</p>
      ) : (
        <ul class="conversations">
          {props.items.map((item) => (
            <li key={item.reference}>
              <a
                href={`/console/inbox/${encodeURIComponent(item.reference)}`}
                class={`conversation-item${item.waitingSince ? ' waiting' : ''}`}
                aria-current={item.reference === props.selected ? 'true' : undefined}
                onClick={(event) => {
                  event.preventDefault();
                  props.onOpen(item.reference);
                }}
              >
                <span class="line">
                  <bdi class="ref">{item.reference}</bdi>
                  <span class="badge">{label('channel', item.channel)}</span>
                  {item.categoryName && <span class="category">{item.categoryName}</span>}
                </span>
                <span class="line status-line">
                  {item.status === 'closed' ? (
                    <span>{t('inbox.closedAt', { time: formatTime(item.closedAt) })}</span>
                  ) : item.waitingSince ? (
                    <span class="wait">{waitingText(item.waitingSince, props.serverNow)}</span>
                  ) : (
                    <span>{t('inbox.answered')}</span>
                  )}
                  <span class="holder">
                    {item.claimedByName
                      ? t('inbox.heldBy', { name: item.claimedByName })
                      : t('inbox.notTaken')}
                  </span>
                </span>
                {item.lastText && (
                  <span class="preview">
                    {item.lastAuthor === 'staff' ? `${t('inbox.staffPrefix')}: ` : ''}
                    {item.lastText}
                  </span>
                )}
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
