/**
 * Request Approval in code-server: the packaged extension commits the completed cycle,
 * pushes a branch to a bare repository on disk through the built-in git extension, and
 * opens a pull request on the local GitHub stand-in with the Security Officers as reviewers.
 *
 * The workspace's `origin` has a GitHub-shaped URL that git rewrites to the bare
 * repository (`url.<path>.insteadOf`), and the extension reaches the stand-in through
 * `patchCycles.github.apiUrl` with the loopback-only test token.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { runEdit } from '../../src/core/edit';
import { makeGitFixture, type GitFixture } from '../support/github-stub/git-fixture';
import { READY_CYCLE, READY_CYCLE_PATH } from '../support/github-stub/cycle-fixture';
import { startGitHubStub, type GitHubStub } from '../support/github-stub/server';
import { openWorkbench, runCommand, screenshot, showCyclesView, type Workbench } from './harness';

const REMOTE_URL = 'https://github.example/acme/patching.git';

/** Wait for the inner frame of the webview whose page title starts with `title`; the test's timeout bounds the wait. */
async function webviewFrame(page: Page, title: string): Promise<Frame> {
  for (;;) {
    for (const frame of page.frames()) {
      if (frame.name() !== 'active-frame' && !frame.url().includes('fake.html')) continue;
      if ((await frame.title().catch(() => '')).startsWith(title)) return frame;
    }
    await page.waitForTimeout(200);
  }
}

/** Wait until `condition` holds; the test's own timeout bounds the wait. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) {
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('Request Approval in code-server', function () {
  let fixture: GitFixture;
  let stub: GitHubStub;
  let workbench: Workbench;

  before(async function () {
    // The default branch has step 10 open; the workspace has it completed, not yet committed.
    const base = runEdit(READY_CYCLE, (editor) => editor.set(['steps', 'feedback', 'status'], 'in-progress'));
    assert.ok(base.ok);
    fixture = makeGitFixture({ [READY_CYCLE_PATH]: base.text });
    fixture.write(READY_CYCLE_PATH, READY_CYCLE);
    fixture.git(['remote', 'set-url', 'origin', REMOTE_URL]);
    fixture.git(['config', `url.${fixture.remote}.insteadOf`, REMOTE_URL]);
    stub = await startGitHubStub({
      users: { 'token-rita': 'rita', 'token-sofia': 'sofia' },
      repositories: [{ owner: 'acme', name: 'patching', defaultBranch: 'main', gitDir: fixture.remote }],
      teams: { 'acme/security-officers': ['tomas'] }
    });
    process.env.PATCH_CYCLES_TEST_GITHUB_TOKEN = 'token-rita';
    workbench = await openWorkbench({
      copy: [{ from: fixture.work }],
      settings: { 'patchCycles.github.apiUrl': stub.url, 'git.autoRepositoryDetection': true }
    });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && workbench) {
      await screenshot(workbench.page, `e2e-failed-${this.currentTest.title.replace(/\W+/g, '-')}.png`);
    }
  });

  after(async function () {
    delete process.env.PATCH_CYCLES_TEST_GITHUB_TOKEN;
    await workbench?.close();
    await stub?.close();
    fixture?.remove();
  });

  it('pushes a branch and opens a pull request', async function () {
    const { page } = workbench;
    // The palette lists the extension's commands once the extension host has registered them.
    const tree = await showCyclesView(page);
    await tree.locator('.monaco-list-row', { hasText: 'Log4j and HTTP/2 fixes' }).waitFor({ state: 'visible', timeout: 60_000 });
    await runCommand(page, 'Patch Cycles: Request Approval');

    const message = page.locator('.notifications-toasts', { hasText: 'Pull request #1 opened on branch patch-cycle/pc-2026-012' });
    await message.waitFor({ state: 'visible', timeout: 120_000 });
    await until(() => stub.pulls.length === 1 && stub.pulls[0].requestedReviewers.length > 0);

    const pull = stub.pulls[0];
    assert.equal(pull.head, 'patch-cycle/pc-2026-012');
    assert.equal(pull.base, 'main');
    assert.equal(pull.author, 'rita');
    assert.equal(pull.title, 'Patch cycle PC-2026-012: Log4j and HTTP/2 fixes on the payments gateway');
    assert.deepEqual(pull.requestedReviewers, ['sofia']);
    assert.deepEqual(pull.requestedTeams, ['security-officers']);

    const pushed = execFileSync('git', ['--git-dir', fixture.remote, 'rev-parse', 'refs/heads/patch-cycle/pc-2026-012'], { encoding: 'utf8' }).trim();
    const local = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: workbench.workspace, encoding: 'utf8' }).trim();
    assert.equal(pushed, local);
    assert.equal(execFileSync('git', ['log', '-1', '--format=%s'], { cwd: workbench.workspace, encoding: 'utf8' }).trim(), 'Request approval of patch cycle PC-2026-012');
    assert.equal(execFileSync('git', ['--git-dir', fixture.remote, 'show', `patch-cycle/pc-2026-012:${READY_CYCLE_PATH}`], { encoding: 'utf8' }), READY_CYCLE);
    assert.equal(execFileSync('git', ['branch', '--show-current'], { cwd: workbench.workspace, encoding: 'utf8' }).trim(), 'patch-cycle/pc-2026-012');
    assert.ok(stub.requests.every((recorded) => recorded.login === 'rita'));
    await screenshot(page, 'e2e-request-approval.png');
  });

  it('records an officer\'s approval from the approval view', async function () {
    // The Security Officer opens the pushed branch in a window of their own.
    process.env.PATCH_CYCLES_TEST_GITHUB_TOKEN = 'token-sofia';
    const officer = await openWorkbench({
      copy: [{ from: workbench.workspace }],
      settings: { 'patchCycles.github.apiUrl': stub.url, 'patchCycles.saveAfterEdit': true }
    });
    try {
      const { page } = officer;
      const tree = await showCyclesView(page);
      await tree.locator('.monaco-list-row', { hasText: 'Log4j and HTTP/2 fixes' }).waitFor({ state: 'visible', timeout: 60_000 });
      await runCommand(page, 'Patch Cycles: Show Approval');

      const frame = await webviewFrame(page, `Approval: ${READY_CYCLE_PATH}`);
      await frame.locator('h2', { hasText: 'Pull request #1: awaiting-review' }).waitFor({ state: 'visible', timeout: 60_000 });
      await frame.locator('h2', { hasText: 'Your review as sofia' }).waitFor({ state: 'visible' });
      await frame.locator('#review-body textarea').fill('Risk table, tests and fall-back plans checked.');
      await frame.locator('vscode-button', { hasText: 'Approve' }).click();

      await until(() => stub.reviews.some((review) => review.user === 'sofia' && review.state === 'APPROVED'));
      const file = path.join(officer.workspace, READY_CYCLE_PATH);
      await until(() => readFileSync(file, 'utf8').includes('approvedBy: sofia'));
      const recorded = readFileSync(file, 'utf8');
      assert.match(recorded, /\n {2}approval: \{ status: done, completedAt: '[^']+', completedBy: sofia \}\n/);
      assert.match(recorded, /\napproval:\n {2}pullRequest:\n {4}number: 1\n/);
      assert.equal(stub.reviews.find((review) => review.user === 'sofia')?.body, 'Risk table, tests and fall-back plans checked.');
      await frame.locator('.banner', { hasText: 'Approved by sofia' }).waitFor({ state: 'visible' });
      await screenshot(page, 'e2e-approval-view.png');
    } finally {
      await officer.close();
    }
  });
});
