// Part of `npm run build` (and so of the Dockerfile, which runs it): tsc emits JavaScript only, so every
// other file the code reads beside itself (SQL migrations, the web chat's page, …) is copied from src/ and
// flows/ into dist/ at the same place.
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
let copied = 0;
for (const top of ['src', 'flows']) {
  const walk = (dir) => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const relative = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(relative);
      else if (entry.isFile() && !entry.name.endsWith('.ts')) {
        const target = path.join(root, 'dist', relative);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.copyFileSync(path.join(root, relative), target);
        copied += 1;
      }
    }
  };
  if (fs.existsSync(path.join(root, top))) walk(top);
}
console.log(`copied ${copied} non-TypeScript files into dist/`);
