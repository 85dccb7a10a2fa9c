/**
 * The integration suite under desktop VS Code, for machines that can download it
 * (`npm run test:integration:electron`). @vscode/test-electron fetches VS Code from
 * update.code.visualstudio.com, so this does not run where that host is unreachable;
 * there scripts/tiers/integration.sh runs the same suite in code-server.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '../..');
  execFileSync('node', ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  execFileSync('node', ['scripts/vscode/buildIntegration.mjs'], { cwd: root, stdio: 'inherit' });
  const workspace = mkdtempSync(path.join(tmpdir(), 'patch-cycles-it-'));
  for (const [from, to] of [['examples', 'examples'], ['test/fixtures/cycles', 'fixtures'], ['test/integration/fixtures', 'integration']]) {
    if (existsSync(path.join(root, from))) cpSync(path.join(root, from), path.join(workspace, to), { recursive: true });
  }
  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'out/integration/index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust']
  });
}

main().catch((error: unknown) => {
  console.error('Integration tests under desktop VS Code failed:', error);
  process.exit(1);
});
