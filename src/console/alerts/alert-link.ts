/**
 * Where in the console an alert's subject is worked on, or null when it has no page (yet). One table,
 * so a page that moves changes here only. Handoffs open in the inbox, the sign-ups, field calls and data
 * requests in their queues, the digest on the dashboard.
 */
export function alertLink(alert: {
  kind: string;
  subjectType: string | null;
  subjectId: string | null;
}): string | null {
  const id = alert.subjectId ? encodeURIComponent(alert.subjectId) : null;
  switch (alert.subjectType ?? '') {
    case 'service_request':
    case 'complaint':
      return id && `/console/cases/${id}`;
    case 'handoff':
      return id && `/console/inbox/${id}`;
    case 'volunteer':
      return '/console/volunteers';
    case 'field_help':
      return '/console/field-help';
    case 'data_request':
      return '/console/data-requests';
    default:
      return alert.kind === 'digest.daily' ? '/console/dashboard' : null;
  }
}
