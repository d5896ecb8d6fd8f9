/**
 * The Chromium the browser tests drive: Debian's, unless CHROMIUM_PATH names another (the future-date run
 * points it at a shim that starts Chromium outside libfaketime).
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
