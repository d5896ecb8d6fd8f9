// whatsapp-web.js pulls in puppeteer: never download a browser at install time,
// use the system Chromium (Debian's `chromium`) instead. Override with PUPPETEER_EXECUTABLE_PATH.
module.exports = {
  skipDownload: true,
  executablePath: process.env.PUPPETEER_EXECUTABLE_PATH || '/usr/bin/chromium',
};
