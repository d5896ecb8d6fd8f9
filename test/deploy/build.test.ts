import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The Docker image is built the way a developer builds: `npm run build`, which compiles and then copies
 * the non-TypeScript files (migrations, the web chat's page) into dist/. A second copy step in the
 * Dockerfile, or a build script it does not have, would let the two drift apart.
 */
const root = path.join(__dirname, '../..');
const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8');
const buildStage = dockerfile.slice(0, dockerfile.indexOf('# --- runtime ---'));
const { scripts } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
};

describe('the build', () => {
  it('compiles with tsconfig.build.json and copies the other files with scripts/copy-build-assets.js', () => {
    expect(scripts.build).toBe('tsc -p tsconfig.build.json && node scripts/copy-build-assets.js');
  });

  it('is what the Dockerfile runs, with every file the build reads copied in first', () => {
    expect(buildStage).toMatch(/^RUN npm run build \\$/m);
    for (const needed of [
      'tsconfig.json tsconfig.build.json',
      'scripts/copy-build-assets.js',
      'src',
      'flows',
      'locales',
    ])
      expect(buildStage).toMatch(new RegExp(`^COPY ${needed.replace(/[.]/g, '\\.')} `, 'm'));
    expect(buildStage).not.toMatch(/find .* -exec cp/);
  });

  it('runs the compiled entry point in the image', () => {
    expect(dockerfile).toContain('CMD ["node", "dist/src/main.js"]');
  });
});
