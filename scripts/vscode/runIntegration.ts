/**
 * Runs the integration suite (test/integration, bundled to out/integration by
 * scripts/vscode/buildIntegration.mjs) inside code-server's Node extension host.
 *
 * code-server has no --extensionTestsPath option of its own. The workbench reads
 * `extensionDevelopmentPath` and `extensionTestsPath` from the `payload` URL query, but
 * only when the server runs with the smoke-test driver enabled. When the tests end, the
 * extension host reports the exit code and the page calls `window.codeAutomationExit`.
 *
 * Usage: node --import tsx scripts/vscode/runIntegration.ts [workspaceFolder]
 * Exit code: 0 when every test passed, 1 when one failed, 2 when the run itself failed.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { launchLocalBrowser } from './browser';
import { repoRoot, startCodeServer, toolsDir } from './codeServer';

const TIMEOUT_MS = 300_000;

async function main(): Promise<number> {
  const runDir = mkdtempSync(path.join(mkdirAndReturn(path.join(toolsDir, 'runs')), 'integration-'));
  const workspace = process.argv[2] ?? prepareWorkspace(runDir);
  const server = await startCodeServer({ runDir, smokeTestDriver: true });
  const browser = await launchLocalBrowser(runDir);
  try {
    const authority = `127.0.0.1:${server.port}`;
    const payload = [
      ['extensionDevelopmentPath', `vscode-remote://${authority}${repoRoot}`],
      ['extensionTestsPath', `vscode-remote://${authority}${path.join(repoRoot, 'out/integration/index.js')}`]
    ];
    let reportExit: (code: number | string) => void = () => undefined;
    const exited = new Promise<number | string>((resolve) => (reportExit = resolve));
    await browser.page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => console.log(...args));
    await browser.page.exposeFunction('codeAutomationExit', (code: number) => reportExit(code));
    // The workbench's own console is noisy (404s of optional assets, gallery notices);
    // PATCH_CYCLES_VERBOSE=1 shows it. Mocha's report arrives through codeAutomationLog.
    if (process.env.PATCH_CYCLES_VERBOSE) {
      browser.page.on('console', (message) => console.log(`[workbench] ${message.text().replace(/%c/g, '')}`));
    }
    const timer = setTimeout(() => reportExit('timed out'), TIMEOUT_MS);
    await browser.page.goto(server.folderUrl(workspace, { payload: JSON.stringify(payload) }));
    const code = await exited;
    clearTimeout(timer);
    if (browser.blockedRequests.length > 0) {
      console.error(`Blocked requests to hosts other than 127.0.0.1:\n${browser.blockedRequests.join('\n')}`);
    }
    if (code !== 0) {
      console.error(`Integration tests ended with ${code}. code-server log: ${server.logFile}`);
      return code === 1 ? 1 : 2;
    }
    return 0;
  } finally {
    await browser.close();
    await server.stop();
    if (!process.env.PATCH_CYCLES_KEEP_RUN) {
      rmSync(runDir, { recursive: true, force: true });
    }
  }
}

function mkdirAndReturn(folder: string): string {
  mkdirSync(folder, { recursive: true });
  return folder;
}

/** Folders copied into the test workspace, so tests can change files freely. */
export const WORKSPACE_FOLDERS: [from: string, to: string][] = [
  ['examples', 'examples'],
  ['test/fixtures/cycles', 'fixtures'],
  ['test/integration/fixtures', 'integration']
];

function prepareWorkspace(runDir: string): string {
  const workspace = path.join(runDir, 'workspace');
  mkdirSync(workspace, { recursive: true });
  for (const [from, to] of WORKSPACE_FOLDERS) {
    if (existsSync(path.join(repoRoot, from))) {
      cpSync(path.join(repoRoot, from), path.join(workspace, to), { recursive: true });
    }
  }
  return workspace;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('The integration run failed:', error);
    process.exit(2);
  }
);
