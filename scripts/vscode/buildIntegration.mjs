// Bundle the integration suite for the extension host: test/integration/index.ts and
// every test/integration/**/*.test.ts to out/integration/, with `vscode` and `mocha`
// left to the host's require (mocha resolves from the repository's node_modules).
import * as esbuild from 'esbuild';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

function testFiles(folder) {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : testFiles(full);
    return entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

await esbuild.build({
  entryPoints: ['test/integration/index.ts', ...testFiles('test/integration')],
  outdir: 'out/integration',
  outbase: 'test/integration',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'es2022',
  sourcemap: 'inline',
  external: ['vscode', 'mocha'],
  loader: { '.yaml': 'text' },
  logLevel: 'warning'
});
