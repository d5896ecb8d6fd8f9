import type { Logger } from 'pino';
import { FirstRunSetup, SETUP_PATH } from '../console/setup/first-run-setup';
import { PgStaffAccountRepository } from '../store/console/staff-account-repository';
import type { Database } from '../store/database';
import { PgEventLog } from '../store/event-log';

/**
 * While no administrator exists: issues a first-run setup token and logs the link that uses it (a new
 * one at each start; each works for a day, once). Returns the link, or undefined once the console has an
 * administrator. `base` is PUBLIC_URL when set, else where this process listens.
 */
export async function announceSetupLink(deps: {
  db: Database;
  base: string;
  logger: Logger;
  now?: () => Date;
}): Promise<string | undefined> {
  const setup = new FirstRunSetup({
    db: deps.db,
    accounts: new PgStaffAccountRepository(),
    events: new PgEventLog(),
    now: deps.now,
  });
  const token = await setup.issue();
  if (!token) return undefined;
  // A server listening on every interface has no one address to print: the operator's browser is
  // somewhere else, and PUBLIC_URL says where people reach it.
  const base = deps.base.replace(/\/+$/, '').replace(/\/\/(0\.0\.0\.0|\[::\])(?=[:/]|$)/, '//localhost');
  const url = `${base}${SETUP_PATH}#${token}`;
  deps.logger.warn(
    `First-run setup: open ${url} to create the first administrator ` +
      '(works once, for 24 hours; a restart prints a new link; or run npm run staff:create)',
  );
  return url;
}
