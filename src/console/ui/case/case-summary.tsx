import { hasText, label, t } from '../boot';
import { Bidi, Ltr } from '../bidi';
import { StatusBadges } from '../cases/case-results';
import type { CaseDetail } from '../cases/case-types';
import { formatBoth, formatTime } from '../format';
import type { MetaNames } from '../meta';
import { Facts } from './facts';

/** What the case is and where it stands: kind, status, deadline, who asked and who has it. */
export function CaseSummary(props: { c: CaseDetail; names: MetaNames }) {
  const { c, names } = props;
  const isRequest = c.kind === 'request';
  const chat = c.beneficiary?.chatChannels.length
    ? c.beneficiary.chatChannels.map((ch) => label('channel', ch)).join('، ')
    : t('case.noChat');
  return (
    <>
      <div class="badges">
        <span class="badge">{label('kind', c.ticketKind ?? c.kind)}</span>
        <StatusBadges status={c.status} escalationLevel={c.escalationLevel} overdue={c.overdue} />
      </div>
      <Facts
        facts={[
          [
            isRequest ? t('case.service') : t('case.category'),
            isRequest ? names.serviceName(c.serviceId) : names.categoryName(c.categoryId),
          ],
          [t('case.channel'), label('channel', c.channel)],
          [t('case.applicant'), c.applicant.name || '—'],
          c.applicant.mobile ? [t('case.mobile'), <Ltr>{c.applicant.mobile}</Ltr>] : null,
          [t('case.chat'), chat],
          [t('case.created'), formatTime(c.createdAt)],
          [t('case.due'), <Bidi text={formatBoth(c.dueDate)} />],
          c.routedTo
            ? [
                t('case.routedTo'),
                hasText(`routes.${c.routedTo}`) ? label('routes', c.routedTo) : names.staffName(c.routedTo),
              ]
            : null,
          [t('case.officer'), c.officer ? names.staffName(c.officer) : '—'],
        ]}
      />
    </>
  );
}
