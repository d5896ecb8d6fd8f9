// Part of `npm run build` (and so of the Dockerfile, which runs it): tsc emits JavaScript only, so every
// other file the code reads beside itself (SQL migrations, the web chat's page, …) is copied from src/ and
// flows/ into dist/ at the same place. So is the source of the typed front ends (the console's screens in
// src/console/ui, the web chat's page and widget in src/channels/webchat/ui), which the app bundles with
// esbuild when it starts (src/http/ui-bundle.ts).
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
// Where the build goes: dist/, or (a test of this script) the folder BUILD_ASSETS_OUT names.
const out = process.env.BUILD_ASSETS_OUT || path.join(root, 'dist');
const UI_SOURCES = [
  path.join('src', 'console', 'ui') + path.sep,
  path.join('src', 'channels', 'webchat', 'ui') + path.sep,
];
let copied = 0;
for (const top of ['src', 'flows']) {
  const walk = (dir) => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const relative = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(relative);
      else if (
        entry.isFile() &&
        (!entry.name.endsWith('.ts') || UI_SOURCES.some((ui) => relative.startsWith(ui)))
      ) {
        const target = path.join(out, relative);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.copyFileSync(path.join(root, relative), target);
        copied += 1;
      }
    }
  };
  if (fs.existsSync(path.join(root, top))) walk(top);
}
console.log(`copied ${copied} non-TypeScript files into ${path.relative(root, out) || out}/`);
