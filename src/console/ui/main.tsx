import { render } from 'preact';
import { boot } from './boot';
import { AccountPage } from './account/account-page';
import { HolidaysPage } from './admin/holidays-page';
import { ProfilePage } from './admin/profile-page';
import { StaffPage } from './admin/staff-page';
import { WhatsappPage } from './admin/whatsapp-page';
import { AlertsPage } from './alerts/alerts-page';
import { CasePage } from './case/case-page';
import { CasesPage } from './cases/cases-page';
import { DashboardPage } from './dashboard/dashboard-page';
import { InboxPage } from './inbox/inbox-page';
import { IntakePage } from './intake/intake-page';
import { PeoplePage } from './people/people-page';
import { DataRequestsPage } from './queues/data-requests-page';
import { FieldHelpPage } from './queues/field-help-page';
import { VolunteersPage } from './queues/volunteers-page';
import { ForbiddenPage } from './signin/forbidden-page';
import { SignInPage } from './signin/signin-page';
import { FirstRunPage } from './setup/first-run-page';

/**
 * The console's screens, bundled by esbuild when the console starts (src/http/ui-bundle.ts). The server
 * names the page in the boot data.
 */
const PAGES: Record<string, () => preact.JSX.Element> = {
  inbox: () => <InboxPage reference={boot.params.reference ?? null} />,
  alerts: () => <AlertsPage />,
  fieldHelp: () => <FieldHelpPage />,
  volunteers: () => <VolunteersPage />,
  dataRequests: () => <DataRequestsPage />,
  people: () => <PeoplePage />,
  intake: () => <IntakePage />,
  holidays: () => <HolidaysPage />,
  staff: () => <StaffPage />,
  whatsapp: () => <WhatsappPage />,
  profile: () => <ProfilePage />,
  account: () => <AccountPage />,
  cases: () => <CasesPage />,
  case: () => <CasePage />,
  // The shell's answers to a page asked for without a session (401) or without the role (403).
  signin: () => <SignInPage />,
  forbidden: () => <ForbiddenPage />,
  // The first-run setup link's page (public; the token in the link is the proof).
  setup: () => <FirstRunPage />,
  dashboard: () => <DashboardPage />,
};

const root = document.getElementById('app');
const page = PAGES[boot.page];
if (root && page) render(page(), root);
