import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { WEBCHAT_UI_CONSTANTS } from '../../src/channels/webchat/webchat-page';
import { bundleUi } from '../../src/http/ui-bundle';

/**
 * The app bundles its typed front ends when it starts, from their source beside the compiled code: in
 * the image that is dist/, which `npm run build` fills with scripts/copy-build-assets.js. Here the script
 * copies into a folder of the checkout (so packages resolve as they do in the image), and the console's
 * screens, the web chat page and its widget must bundle from that copy alone.
 */
const root = path.join(__dirname, '../..');
const out = path.join(root, `.build-check-${process.pid}`);

afterAll(() => rmSync(out, { recursive: true, force: true }));

it('copies the typed front ends into the build, where they bundle', async () => {
  execFileSync(process.execPath, [path.join(root, 'scripts/copy-build-assets.js')], {
    env: { ...process.env, BUILD_ASSETS_OUT: out },
  });
  const entries = {
    'src/console/ui/main.tsx': '/api/inbox/events',
    'src/channels/webchat/ui/app.ts': 'tawasul.webchat.session',
    'src/channels/webchat/ui/widget.ts': 'tawasul-webchat-launcher',
  };
  for (const [entry, marker] of Object.entries(entries)) {
    const file = path.join(out, entry);
    expect([entry, existsSync(file)]).toEqual([entry, true]);
    const bundle = await bundleUi(file);
    expect([entry, bundle.body.toString('utf8').includes(marker)]).toEqual([entry, true]);
  }
  expect((await bundleUi(path.join(out, 'src/console/ui/main.tsx'))).body.length).toBeGreaterThan(10_000);
}, 60_000);

it('keeps the widget, pasted into associations’ sites, one small file without imports', async () => {
  const source = readFileSync(path.join(root, 'src/channels/webchat/ui/widget.ts'), 'utf8');
  expect(source.match(/^import\b.*$/gm) ?? []).toEqual([]);
  // As the app serves it, with its offline notice written in.
  const widget = await bundleUi(path.join(root, 'src/channels/webchat/ui/widget.ts'), WEBCHAT_UI_CONSTANTS);
  expect(widget.body.length).toBeLessThan(6_000);
  // Nothing that a strict Content-Security-Policy (no 'unsafe-eval') on the host site would stop.
  expect(widget.body.toString('utf8')).not.toMatch(/\beval\(|new Function\b/);
});
