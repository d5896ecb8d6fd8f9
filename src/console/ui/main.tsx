import { render } from 'preact';
import { boot } from './boot';
import { AlertsPage } from './alerts/alerts-page';
import { DashboardPage } from './dashboard/dashboard-page';
import { InboxPage } from './inbox/inbox-page';
import { PeoplePage } from './people/people-page';
import { DataRequestsPage } from './queues/data-requests-page';
import { FieldHelpPage } from './queues/field-help-page';
import { VolunteersPage } from './queues/volunteers-page';

/**
 * The console's typed screens (issue #16 onwards), bundled by esbuild when the console starts
 * (../http/ui-bundle.ts). The server names the page in the boot data; the other pages are still drawn
 * by public/app.js until they move here.
 */
const PAGES: Record<string, () => preact.JSX.Element> = {
  inbox: () => <InboxPage reference={boot.params.reference ?? null} />,
  alerts: () => <AlertsPage />,
  fieldHelp: () => <FieldHelpPage />,
  volunteers: () => <VolunteersPage />,
  dataRequests: () => <DataRequestsPage />,
  people: () => <PeoplePage />,
  dashboard: () => <DashboardPage />,
};

const root = document.getElementById('app');
const page = PAGES[boot.page];
if (root && page) render(page(), root);
