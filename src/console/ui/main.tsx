import { render } from 'preact';
import { boot } from './boot';
import { InboxPage } from './inbox/inbox-page';

/**
 * The console's typed screens (issue #16 onwards), bundled by esbuild when the console starts
 * (../http/ui-bundle.ts). The server names the page in the boot data; the other pages are still drawn
 * by public/app.js until they move here.
 */
const PAGES: Record<string, () => preact.JSX.Element> = {
  inbox: () => <InboxPage reference={boot.params.reference ?? null} />,
};

const root = document.getElementById('app');
const page = PAGES[boot.page];
if (root && page) render(page(), root);
