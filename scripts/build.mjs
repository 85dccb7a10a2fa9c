// Bundle the CLI, the extension and every webview with esbuild.
// Usage: node scripts/build.mjs [--watch] [--production]
import * as esbuild from 'esbuild';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  target: 'es2022',
  loader: { '.yaml': 'text' }
};

const builds = [
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs' }
];

if (existsSync('src/extension/extension.ts')) {
  builds.push({ ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', external: ['vscode'] });
}
if (existsSync('src/extension/validationWorker.ts')) {
  builds.push({ ...common, entryPoints: ['src/extension/validationWorker.ts'], outfile: 'dist/validationWorker.js', platform: 'node', format: 'cjs' });
}

// Each folder under webview/ with a main.ts is one page, bundled for the browser.
for (const entry of existsSync('webview') ? readdirSync('webview', { withFileTypes: true }) : []) {
  const main = join('webview', entry.name, 'main.ts');
  if (entry.isDirectory() && existsSync(main)) {
    builds.push({ ...common, entryPoints: [main], outfile: `dist/webview/${entry.name}.js`, platform: 'browser', format: 'iife' });
  }
}

if (watch) {
  for (const options of builds) {
    const context = await esbuild.context(options);
    await context.watch();
  }
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
