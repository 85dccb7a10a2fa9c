import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { ApprovalRequestError, requestApproval } from '../../src/core/approval/request';
import { loadYaml } from '../../src/core/yaml/load';
import type { Cycle } from '../../src/core/model';
import { runEdit, setValue } from '../../src/core/edit';
import { templateGateCheck } from '../../src/core/approval/readiness';
import { GitRepository, gitWorkingCopy } from '../../src/node/git';
import { GitHubHost } from '../../src/node/github';
import { makeGitFixture, type GitFixture } from '../support/github-stub/git-fixture';
import { READY_CYCLE, READY_CYCLE_PATH } from '../support/github-stub/cycle-fixture';
import { startGitHubStub, type GitHubStub } from '../support/github-stub/server';

const ACME = { owner: 'acme', name: 'patching' };

function cycleOf(text: string): Cycle {
  return loadYaml(text).value as Cycle;
}

function edited(text: string, path: (string | number)[], value: string): string {
  const result = setValue(text, path, value);
  assert.ok(result.ok, result.ok ? '' : result.message);
  return result.text;
}

/** The cycle as the default branch has it: step 10 still open. */
const BASE_CYCLE = (() => {
  const result = runEdit(READY_CYCLE, (editor) => editor.set(['steps', 'feedback', 'status'], 'in-progress'));
  assert.ok(result.ok);
  return result.text;
})();

describe('requestApproval', () => {
  let fixture: GitFixture;
  let stub: GitHubStub;

  beforeEach(async () => {
    fixture = makeGitFixture({ [READY_CYCLE_PATH]: BASE_CYCLE });
    // The requester completed step 10 in the working copy.
    fixture.write(READY_CYCLE_PATH, READY_CYCLE);
    stub = await startGitHubStub({
      users: { 'token-rita': 'rita', 'token-sofia': 'sofia' },
      repositories: [{ ...ACME, owner: 'acme', defaultBranch: 'main', gitDir: fixture.remote }],
      teams: { 'acme/security-officers': ['tomas'] }
    });
  });

  afterEach(async () => {
    await stub.close();
    fixture.remove();
  });

  function request(text = READY_CYCLE, progress?: (message: string) => void) {
    return requestApproval({
      cycle: cycleOf(text),
      cyclePath: READY_CYCLE_PATH,
      copy: gitWorkingCopy(new GitRepository(fixture.work), { repository: ACME }),
      host: new GitHubHost({ token: 'token-rita', baseUrl: stub.url }),
      progress
    });
  }

  it('pushes a branch and opens a pull request', async () => {
    const steps: string[] = [];
    const result = await request(READY_CYCLE, (message) => steps.push(message));

    assert.equal(result.branch, 'patch-cycle/pc-2026-012');
    assert.equal(result.createdBranch, true);
    assert.equal(result.committed, true);
    assert.equal(fixture.git(['log', '-1', '--format=%s']).trim(), 'Request approval of patch cycle PC-2026-012');
    assert.equal(execFileSync('git', ['--git-dir', fixture.remote, 'show', `patch-cycle/pc-2026-012:${READY_CYCLE_PATH}`], { encoding: 'utf8' }), READY_CYCLE);
    const local = fixture.git(['rev-parse', 'HEAD']).trim();
    const pushed = execFileSync('git', ['--git-dir', fixture.remote, 'rev-parse', 'refs/heads/patch-cycle/pc-2026-012'], { encoding: 'utf8' }).trim();
    assert.equal(pushed, local);

    assert.equal(stub.pulls.length, 1);
    const pull = stub.pulls[0];
    assert.equal(pull.title, 'Patch cycle PC-2026-012: Log4j and HTTP/2 fixes on the payments gateway');
    assert.equal(pull.head, 'patch-cycle/pc-2026-012');
    assert.equal(pull.base, 'main');
    assert.equal(pull.author, 'rita');
    assert.match(pull.body, /\| V-001 \| CVE-2021-44228 \| pay-gw \|/);
    assert.match(pull.body, /Verification scan S-2: trivy 0\.58\.1/);
    assert.deepEqual(pull.requestedReviewers, ['sofia']);
    assert.deepEqual(pull.requestedTeams, ['security-officers']);
    assert.equal(result.pullRequest.number, 1);
    assert.equal(result.pullRequest.headSha, local);
    assert.deepEqual(steps, ['Checking that steps 1–10 pass their gates', 'Creating branch patch-cycle/pc-2026-012', `Committing ${READY_CYCLE_PATH}`, 'Pushing patch-cycle/pc-2026-012', 'Opening the pull request', 'Requesting reviews from the Security Officers']);
  });

  it('refuses an empty pull request', async () => {
    fixture.git(['checkout', '--quiet', '--', READY_CYCLE_PATH]);
    await assert.rejects(request(), (error: unknown) => {
      assert.ok(error instanceof ApprovalRequestError);
      assert.equal(error.kind, 'nothing-to-review');
      assert.equal(error.message, `${READY_CYCLE_PATH} has no changes against main, so a pull request would be empty. Request approval from the branch that completed the cycle, or record the last step's completion first.`);
      return true;
    });
    assert.equal(fixture.git(['branch', '--show-current']).trim(), 'main');
  });

  it('checks the gates of the template', async () => {
    const noFallback = runEdit(READY_CYCLE, (editor) => editor.delete(['patches', 1, 'fallbackPlan']));
    assert.ok(noFallback.ok);
    const copy = gitWorkingCopy(new GitRepository(fixture.work), { repository: ACME });
    const host = new GitHubHost({ token: 'token-rita', baseUrl: stub.url });
    await assert.rejects(requestApproval({ cycle: cycleOf(noFallback.text), cyclePath: READY_CYCLE_PATH, copy, host, gateCheck: templateGateCheck(new Date('2026-12-04T12:00:00Z')) }), (error: unknown) => {
      assert.ok(error instanceof ApprovalRequestError);
      assert.equal(error.kind, 'not-ready');
      assert.equal(error.message, 'Cycle "PC-2026-012" is not ready for approval: Patch "P-2" has no fallbackPlan. Describe how to return to the previous state if it fails (RTS 2024/1774 Art. 17(1)(e)).');
      return true;
    });
  });

  it('reuses the open pull request of the branch', async () => {
    await request();
    const changed = edited(READY_CYCLE, ['title'], 'Log4j, HTTP/2 and OpenSSL fixes');
    fixture.write(READY_CYCLE_PATH, changed);
    const second = await request(changed);

    assert.equal(second.createdPullRequest, false);
    assert.equal(second.createdBranch, false);
    assert.equal(second.committed, true);
    assert.equal(stub.pulls.length, 1);
    assert.equal(execFileSync('git', ['--git-dir', fixture.remote, 'show', `patch-cycle/pc-2026-012:${READY_CYCLE_PATH}`], { encoding: 'utf8' }), changed);
  });

  it('stays on a feature branch', async () => {
    fixture.git(['switch', '--quiet', '--create', 'cycles/december']);
    fixture.git(['commit', '--quiet', '--all', '--message', 'Complete step 10']);
    const result = await request();

    assert.equal(result.branch, 'cycles/december');
    assert.equal(result.createdBranch, false);
    assert.equal(stub.pulls[0].head, 'cycles/december');
  });

  it('rejects a cycle with an open step', async () => {
    const open = edited(READY_CYCLE, ['steps', 'monitor', 'status'], 'in-progress');
    await assert.rejects(request(open), (error: unknown) => {
      assert.ok(error instanceof ApprovalRequestError);
      assert.equal(error.kind, 'not-ready');
      assert.equal(error.message, 'Cycle "PC-2026-012" is not ready for approval: Step "monitor" is in-progress; complete it before requesting approval.');
      return true;
    });
    assert.equal(stub.requests.length, 0);
  });

  it('explains a rejected push', async () => {
    const other = makeGitFixture({ 'README.md': 'other history\n' });
    try {
      fixture.git(['remote', 'set-url', 'origin', other.remote]);
      other.git(['push', '--quiet', 'origin', 'main:patch-cycle/pc-2026-012']);
      await assert.rejects(request(), (error: unknown) => {
        assert.ok(error instanceof ApprovalRequestError);
        assert.equal(error.kind, 'push-rejected');
        assert.match(error.message, /^Pushing patch-cycle\/pc-2026-012 failed: .*rejected.* Pull the remote branch, resolve any conflict, and request approval again\.$/s);
        return true;
      });
    } finally {
      other.remove();
    }
  });

  it('asks for a remote when there is none', async () => {
    fixture.git(['remote', 'remove', 'origin']);
    const copy = gitWorkingCopy(new GitRepository(fixture.work));
    await assert.rejects(
      requestApproval({ cycle: cycleOf(READY_CYCLE), cyclePath: READY_CYCLE_PATH, copy, host: new GitHubHost({ token: 'token-rita', baseUrl: stub.url }) }),
      (error: unknown) => error instanceof ApprovalRequestError && error.kind === 'no-remote'
    );
  });

  it('reports missing write access', async () => {
    const host = new GitHubHost({ token: 'token-rita', baseUrl: stub.url });
    await assert.rejects(
      requestApproval({ cycle: cycleOf(READY_CYCLE), cyclePath: READY_CYCLE_PATH, copy: gitWorkingCopy(new GitRepository(fixture.work), { repository: { owner: 'acme', name: 'elsewhere' } }), host }),
      (error: unknown) => {
        assert.ok(error instanceof ApprovalRequestError);
        assert.equal(error.kind, 'no-permission');
        return true;
      }
    );
  });

  it('never sends the token in a recorded request', async () => {
    await request();
    assert.ok(stub.requests.length >= 3);
    assert.ok(stub.requests.every((recorded) => recorded.login === 'rita'));
    assert.ok(!JSON.stringify(stub.requests).includes('token-rita'));
  });
});
