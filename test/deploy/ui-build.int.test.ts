import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { bundleUi } from '../../src/console/http/ui-bundle';

/**
 * The console bundles its typed screens when it starts, from their source beside the compiled code: in
 * the image that is dist/, which `npm run build` fills with scripts/copy-build-assets.js. Here the script
 * copies into a folder of the checkout (so packages resolve as they do in the image), and the screens
 * must bundle from that copy alone.
 */
const root = path.join(__dirname, '../..');
const out = path.join(root, `.build-check-${process.pid}`);

afterAll(() => rmSync(out, { recursive: true, force: true }));

it('copies the typed screens into the build, where they bundle', async () => {
  execFileSync(process.execPath, [path.join(root, 'scripts/copy-build-assets.js')], {
    env: { ...process.env, BUILD_ASSETS_OUT: out },
  });
  const entry = path.join(out, 'src/console/ui/main.tsx');
  expect(existsSync(entry)).toBe(true);
  const bundle = await bundleUi(entry);
  expect(bundle.body.length).toBeGreaterThan(10_000);
  expect(bundle.body.toString('utf8')).toContain('/api/inbox/events');
}, 60_000);
