/**
 * The shared e2e harness: code-server with the packaged extension (.vsix) installed,
 * Debian Chromium held to 127.0.0.1, and a fresh workspace folder per test file.
 *
 *   const workbench = await openWorkbench({ files: { 'a.cycle.yaml': text } });
 *   await runCommand(workbench.page, 'Patch Cycles: Check Item');
 *   await workbench.close();
 *
 * scripts/tiers/e2e.sh packages the .vsix once and passes its path in PATCH_CYCLES_VSIX;
 * run alone, the harness packages it on first use.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { launchLocalBrowser, type LocalBrowser } from '../../scripts/vscode/browser';
import { repoRoot, startCodeServer, toolsDir, type CodeServer } from '../../scripts/vscode/codeServer';

export const outputDir = path.join(repoRoot, '.test-output');
export const examplesDir = path.join(repoRoot, 'examples');
export const fixturesDir = path.join(repoRoot, 'test/fixtures/cycles');

export interface WorkbenchOptions {
  /** Folders copied into the workspace root, file by file. */
  copy?: { from: string; to?: string }[];
  /** Files written into the workspace, by relative path. */
  files?: Record<string, string>;
  /** Extra user settings. */
  settings?: Record<string, unknown>;
}

export interface Workbench {
  page: Page;
  server: CodeServer;
  browser: LocalBrowser;
  /** Absolute path of the workspace folder on disk. */
  workspace: string;
  close(): Promise<void>;
}

let packagedVsix: string | undefined;

/** The .vsix under test: PATCH_CYCLES_VSIX, or one packaged now from the current dist/. */
export function extensionPackage(): string {
  const fromTier = process.env.PATCH_CYCLES_VSIX;
  if (fromTier && existsSync(fromTier)) return fromTier;
  if (!packagedVsix) {
    packagedVsix = path.join(outputDir, 'dora-patch-cycles.vsix');
    mkdirSync(outputDir, { recursive: true });
    execFileSync('bash', [path.join(repoRoot, 'scripts/package-vsix.sh'), packagedVsix], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'inherit']
    });
  }
  return packagedVsix;
}

export async function openWorkbench(options: WorkbenchOptions = {}): Promise<Workbench> {
  const runsDir = path.join(toolsDir, 'runs');
  mkdirSync(runsDir, { recursive: true });
  const runDir = mkdtempSync(path.join(runsDir, 'e2e-'));
  const workspace = path.join(runDir, 'workspace');
  mkdirSync(workspace, { recursive: true });
  for (const { from, to } of options.copy ?? []) {
    cpSync(from, path.join(workspace, to ?? ''), { recursive: true });
  }
  for (const [relative, text] of Object.entries(options.files ?? {})) {
    mkdirSync(path.dirname(path.join(workspace, relative)), { recursive: true });
    writeFileSync(path.join(workspace, relative), text);
  }

  const server = await startCodeServer({ runDir, vsix: extensionPackage(), settings: options.settings });
  let browser: LocalBrowser | undefined;
  try {
    browser = await launchLocalBrowser(runDir);
    await browser.page.goto(server.folderUrl(workspace));
    await browser.page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  } catch (error) {
    await browser?.close();
    await server.stop();
    throw error;
  }
  const opened = browser;
  return {
    page: opened.page,
    server,
    browser: opened,
    workspace,
    async close() {
      await opened.close();
      await server.stop();
      if (!process.env.PATCH_CYCLES_KEEP_RUN) rmSync(runDir, { recursive: true, force: true });
    }
  };
}

/**
 * Run a command from the command palette (F1) by its full title, as a user would. Right
 * after a page load the workbench may not take keys yet, so F1 is pressed again until
 * the palette opens, for up to 30 s.
 */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  const input = page.locator('.quick-input-widget input');
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    try {
      await input.waitFor({ state: 'visible', timeout: 5_000 });
      break;
    } catch (error) {
      if (attempt === 6) throw error;
    }
  }
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
}

/** Pick an entry of the open quick pick by its visible label. */
export async function pickQuickItem(page: Page, label: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(label);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
  await row.waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
}

/** The side bar, where the Cycles view shows when its container is open. */
export function sideBar(page: Page): Locator {
  return page.locator('.part.sidebar');
}

/** Open the Patch Cycles view container from the activity bar. */
export async function showCyclesView(page: Page): Promise<Locator> {
  const title = sideBar(page).locator('.composite.title', { hasText: 'Patch Cycles' });
  if (!(await title.isVisible())) {
    await page.locator('.activitybar [aria-label^="Patch Cycles"]').first().click();
  }
  await title.waitFor({ state: 'visible' });
  return sideBar(page);
}

/** Save a screenshot into .test-output/; with PATCH_CYCLES_UPDATE_DOCS=1, also copy it to `docsPath`. */
export async function screenshot(page: Page, name: string, docsPath?: string): Promise<string> {
  mkdirSync(outputDir, { recursive: true });
  const file = path.join(outputDir, name);
  await page.screenshot({ path: file });
  // Screenshots in docs/ change only on request, so a test run leaves the checkout clean.
  if (docsPath && process.env.PATCH_CYCLES_UPDATE_DOCS === '1') {
    mkdirSync(path.dirname(path.join(repoRoot, docsPath)), { recursive: true });
    cpSync(file, path.join(repoRoot, docsPath));
  }
  return file;
}
