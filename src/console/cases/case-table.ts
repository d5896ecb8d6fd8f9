import type { Profile } from '../../config/profile-schema';
import type { ExportTable } from '../exports/table-export';
import type { Labels } from '../http/labels';
import type { CaseRow } from './case-list';

/** The case list as an export table, with headers and values in the labels' language. */
export function caseListTable(rows: readonly CaseRow[], profile: Profile, l: Labels): ExportTable {
  return {
    name: 'cases',
    title: l.t('console.cases.title'),
    rtl: l.lang === 'ar',
    timeZone: profile.calendar.timeZone,
    columns: [
      { key: 'reference', label: l.t('console.cases.col.reference') },
      { key: 'kind', label: l.t('console.cases.col.kind') },
      { key: 'status', label: l.t('console.cases.col.status') },
      { key: 'subject', label: l.t('console.cases.col.subject') },
      { key: 'channel', label: l.t('console.cases.col.channel') },
      { key: 'applicant', label: l.t('console.cases.col.applicant') },
      { key: 'mobile', label: l.t('console.cases.col.mobile') },
      { key: 'created', label: l.t('console.cases.col.created'), type: 'datetime' },
      { key: 'due', label: l.t('console.cases.col.due'), type: 'date' },
      { key: 'overdue', label: l.t('console.cases.col.overdue') },
      { key: 'escalation', label: l.t('console.cases.col.escalation'), type: 'number' },
      { key: 'officer', label: l.t('console.cases.col.officer') },
    ],
    rows: rows.map((r) => ({
      reference: r.reference,
      kind: l.kind(r.kind, r.ticketKind),
      status: l.status(r.status),
      subject: r.kind === 'request' ? l.service(r.serviceId) : l.category(r.categoryId),
      channel: l.channel(r.channel),
      applicant: r.applicant.name ?? '',
      mobile: r.applicant.mobile ?? '',
      created: r.createdAt,
      due: r.dueDate,
      overdue: r.overdue ? l.t('console.common.yes') : l.t('console.common.no'),
      escalation: r.escalationLevel,
      officer: r.officer ?? '',
    })),
  };
}
