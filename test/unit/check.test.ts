import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { run } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/io';
import { runEdit } from '../../src/core/edit';
import type { YamlEditor } from '../../src/core/edit';
import { makeGitFixture, type GitFixture } from '../support/github-stub/git-fixture';
import { READY_CYCLE, READY_CYCLE_PATH } from '../support/github-stub/cycle-fixture';
import { startGitHubStub, type GitHubStub } from '../support/github-stub/server';

interface Outcome {
  code: number;
  out: string;
  err: string;
}

async function check(cwd: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<Outcome> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (text) => (out += text), err: (text) => (err += text), cwd, env, version: '0.0.0-test' };
  const code = await run(['check', ...args], io);
  return { code, out, err };
}

function edit(text: string, change: (editor: YamlEditor) => void): string {
  const result = runEdit(text, change);
  assert.ok(result.ok, result.ok ? '' : result.message);
  return result.text;
}

/** 1-based line and column of the `occurrence`-th match of `needle`. */
function positionOf(text: string, needle: string, occurrence = 1): string {
  let offset = -1;
  for (let i = 0; i < occurrence; i++) {
    offset = text.indexOf(needle, offset + 1);
  }
  assert.ok(offset >= 0, `"${needle}" not found`);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `${line}:${offset - before.lastIndexOf('\n')}`;
}

const BASE_CYCLE = edit(READY_CYCLE, (editor) => {
  editor.set(['steps', 'monitor', 'status'], 'in-progress');
  editor.set(['steps', 'feedback', 'status'], 'not-started');
});

describe('patch-cycles check', () => {
  let fixture: GitFixture;

  beforeEach(() => {
    fixture = makeGitFixture({ [READY_CYCLE_PATH]: BASE_CYCLE });
    fixture.git(['switch', '--quiet', '--create', 'feature']);
  });

  afterEach(() => {
    fixture.remove();
  });

  function change(text: string, author = 'ivan'): void {
    fixture.commit({ [READY_CYCLE_PATH]: text }, 'Change the cycle', author);
  }

  it('passes a forward transition', async () => {
    change(edit(BASE_CYCLE, (editor) => editor.set(['steps', 'monitor', 'status'], 'done')));
    const outcome = await check(fixture.work);
    assert.equal(outcome.code, 0, outcome.out + outcome.err);
    assert.equal(outcome.out, '');
    assert.match(outcome.err, /Compared with origin\/main\. 1 file checked: 0 errors, 0 warnings\.\n$/);
  });

  it('rejects a done step reopened without a reason', async () => {
    const head = edit(BASE_CYCLE, (editor) => editor.set(['steps', 'deploy', 'status'], 'in-progress'));
    change(head);
    const outcome = await check(fixture.work);
    assert.equal(outcome.code, 1);
    const at = positionOf(head, 'status: in-progress');
    assert.equal(outcome.out, `${READY_CYCLE_PATH}:${at}: error PC8001 Step "deploy" was done at the base and is "in-progress" now, without a new reopenReason. Add steps.deploy.reopenReason saying why the step is open again.\n`);
  });

  it('accepts a reopen with a reason', async () => {
    change(edit(BASE_CYCLE, (editor) => {
      editor.set(['steps', 'deploy', 'status'], 'in-progress');
      editor.set(['steps', 'deploy', 'reopenReason'], 'P-2 failed in the monitoring period.');
    }));
    const outcome = await check(fixture.work);
    assert.equal(outcome.code, 0, outcome.out);
  });

  it('rejects a rewritten checklist by', async () => {
    const head = edit(BASE_CYCLE, (editor) => editor.set(['steps', 'backup', 'items', 'perform-backups', 'by'], 'sofia'));
    change(head);
    const outcome = await check(fixture.work);
    assert.equal(outcome.code, 1);
    const at = positionOf(head, 'by: sofia');
    assert.equal(outcome.out, `${READY_CYCLE_PATH}:${at}: error PC8002 Checklist item "perform-backups" of step "backup" was checked by ivan at 2026-12-01T19:00:00Z; its by is changed to "sofia". Restore by: "ivan"; recorded checks are never rewritten.\n`);
  });

  it('rejects a removed checklist item', async () => {
    change(edit(BASE_CYCLE, (editor) => editor.delete(['steps', 'verify', 'items', 'check-logs'])));
    const outcome = await check(fixture.work);
    assert.equal(outcome.code, 1);
    assert.match(outcome.out, /: error PC8002 Checklist item "check-logs" of step "verify" was checked by ivan at 2026-12-02T16:10:00Z at the base and is missing now\./);
  });

  it('rejects an unchecked item', async () => {
    change(edit(BASE_CYCLE, (editor) => editor.set(['steps', 'verify', 'items', 'check-logs', 'done'], false)));
    const outcome = await check(fixture.work);
    assert.equal(outcome.code, 1);
    assert.match(outcome.out, /: error PC8003 Checklist item "check-logs" of step "verify" was checked by ivan at 2026-12-02T16:10:00Z and is unchecked now/);
  });

  it('rejects a step skipped without a reason', async () => {
    const head = edit(BASE_CYCLE, (editor) => editor.set(['steps', 'monitor', 'status'], 'skipped'));
    change(head);
    const outcome = await check(fixture.work);
    assert.equal(outcome.code, 1);
    assert.equal(outcome.out, `${READY_CYCLE_PATH}:${positionOf(head, 'status: skipped')}: error PC8004 Step "monitor" is skipped without a reason. Add steps.monitor.skipReason saying why the step does not apply.\n`);
  });

  it('rejects a step done before an open one', async () => {
    const head = edit(BASE_CYCLE, (editor) => editor.set(['steps', 'feedback', 'status'], 'done'));
    change(head);
    const outcome = await check(fixture.work);
    assert.equal(outcome.code, 1);
    assert.match(outcome.out, /error PC8005 Step "feedback" is done while earlier steps monitor are neither done nor skipped\./);
  });

  it('rejects a rewritten step completion', async () => {
    const head = edit(BASE_CYCLE, (editor) => {
      editor.set(['steps', 'research', 'completedBy'], 'sofia');
      editor.set(['steps', 'research', 'completedAt'], '2026-11-29T12:00:00Z');
    });
    change(head);
    const outcome = await check(fixture.work);
    assert.equal(outcome.code, 1);
    assert.equal(
      outcome.out,
      `${READY_CYCLE_PATH}:${positionOf(head, "completedAt: '2026-11-29")}: error PC8002 Step "research" was completed by ivan at 2026-11-30T12:00:00Z at the base; its completedAt is changed to "2026-11-29T12:00:00Z". Restore completedAt: "2026-11-30T12:00:00Z"; recorded completions are never rewritten.\n` +
        `${READY_CYCLE_PATH}:${positionOf(head, 'completedBy: sofia')}: error PC8002 Step "research" was completed by ivan at 2026-11-30T12:00:00Z at the base; its completedBy is changed to "sofia". Restore completedBy: "ivan"; recorded completions are never rewritten.\n`
    );
  });

  it('accepts a reopen that clears completion', async () => {
    change(edit(BASE_CYCLE, (editor) => {
      editor.set(['steps', 'deploy', 'status'], 'in-progress');
      editor.set(['steps', 'deploy', 'reopenReason'], 'P-2 failed in the monitoring period.');
      editor.delete(['steps', 'deploy', 'completedAt']);
      editor.delete(['steps', 'deploy', 'completedBy']);
    }));
    const outcome = await check(fixture.work);
    assert.equal(outcome.code, 0, outcome.out);
  });

  it('rejects a deleted cycle file', async () => {
    fixture.git(['rm', '--quiet', READY_CYCLE_PATH]);
    fixture.git(['commit', '--quiet', '--message', 'Remove the cycle']);
    const outcome = await check(fixture.work);
    assert.equal(outcome.code, 1);
    assert.match(outcome.out, new RegExp(`^${READY_CYCLE_PATH}:1:1: error PC8007 The cycle file was deleted although steps identify, assess, prioritize, research, schedule, backup, deploy, verify were done`));
  });

  it('rejects an approval block written by hand', async () => {
    const head = edit(BASE_CYCLE, (editor) => {
      editor.set(['approval'], { approvedBy: 'sofia', approvedAt: '2026-12-04T10:00:00Z' });
      editor.set(['steps', 'approval', 'status'], 'done');
    });
    change(head);
    const outcome = await check(fixture.work);
    assert.equal(outcome.code, 1);
    const lines = outcome.out.trimEnd().split('\n');
    assert.equal(lines.length, 3, outcome.out);
    assert.match(lines[0], /error PC8005 Step "approval" is done while earlier steps monitor, feedback are neither done nor skipped\./);
    assert.match(lines[1], /warning PC8010 The approval block changed, but it was not compared with the pull request's reviews/);
    assert.match(lines[2], /error PC8006 approval\.approvedBy is "sofia" at 2026-12-04T10:00:00Z, but approval\.reviews has no approved review by that login at that time\./);
  });

  it('writes GitHub annotations', async () => {
    const head = edit(BASE_CYCLE, (editor) => editor.set(['steps', 'monitor', 'status'], 'skipped'));
    change(head);
    const outcome = await check(fixture.work, ['--format', 'github']);
    const [line, column] = positionOf(head, 'status: skipped').split(':');
    assert.equal(outcome.out, `::error file=${READY_CYCLE_PATH},line=${line},col=${column},endLine=${line},endColumn=${Number(column) + 6},title=PC8004::Step "monitor" is skipped without a reason. Add steps.monitor.skipReason saying why the step does not apply.\n`);
  });

  it('rejects an unknown base', async () => {
    const outcome = await check(fixture.work, ['--base', 'origin/nowhere']);
    assert.equal(outcome.code, 2);
    assert.match(outcome.err, /^patch-cycles check: the base "origin\/nowhere" is not a commit/);
  });
});

describe('patch-cycles check with pull request reviews', () => {
  let fixture: GitFixture;
  let stub: GitHubStub;
  let env: NodeJS.ProcessEnv;
  const completed = edit(BASE_CYCLE, (editor) => {
    editor.set(['steps', 'monitor', 'status'], 'done');
    editor.set(['steps', 'feedback', 'status'], 'done');
  });

  beforeEach(async () => {
    fixture = makeGitFixture({ [READY_CYCLE_PATH]: BASE_CYCLE });
    fixture.git(['switch', '--quiet', '--create', 'patch-cycle/pc-2026-012']);
    fixture.commit({ [READY_CYCLE_PATH]: completed }, 'Complete steps 9 and 10', 'rita');
    fixture.git(['push', '--quiet', 'origin', 'patch-cycle/pc-2026-012']);
    stub = await startGitHubStub({
      users: { 'token-ci': 'github-actions', 'token-rita': 'rita' },
      repositories: [{ owner: 'acme', name: 'patching', defaultBranch: 'main', gitDir: fixture.remote }],
      teams: { 'acme/security-officers': ['tomas'] }
    });
    stub.pulls.push({ number: 7, owner: 'acme', repo: 'patching', title: 'Patch cycle PC-2026-012', body: '', head: 'patch-cycle/pc-2026-012', base: 'main', author: 'rita', state: 'open', merged: false, mergedAt: null, requestedReviewers: ['sofia'], requestedTeams: [] });
    const eventPath = path.join(fixture.root, 'event.json');
    fs.writeFileSync(eventPath, JSON.stringify({ pull_request: { number: 7 } }));
    env = { GITHUB_TOKEN: 'token-ci', GITHUB_REPOSITORY: 'acme/patching', GITHUB_API_URL: stub.url, GITHUB_EVENT_PATH: eventPath, GITHUB_BASE_REF: 'main' };
  });

  afterEach(async () => {
    await stub.close();
    fixture.remove();
  });

  it('fails until an independent officer approves', async () => {
    const before = await check(fixture.work, [], env);
    assert.equal(before.code, 1);
    assert.match(before.out, /error PC8008 Cycle "PC-2026-012" completes in pull request #7, which needs an approving review by an independent Security Officer \(sofia, @acme\/security-officers\)\. It has no approving review yet\.\n$/);

    stub.addReview(7, 'ivan', 'APPROVED');
    const refused = await check(fixture.work, [], env);
    assert.equal(refused.code, 1);
    assert.match(refused.out, /Approval by @ivan does not count: @ivan is not a Security Officer of this cycle .* @ivan worked on the cycle \(deployed P-1/);

    stub.addReview(7, 'tomas', 'APPROVED');
    const after = await check(fixture.work, [], env);
    assert.equal(after.code, 0, after.out);
    assert.equal(after.out, '');
    assert.match(after.err, /Pull request #7 \(open\) by @rita: 2 review\(s\)\./);
  });

  it('reads the pull request number from GITHUB_REF', async () => {
    const fromRef = { ...env, GITHUB_EVENT_PATH: undefined, GITHUB_REF: 'refs/pull/7/merge' };
    const outcome = await check(fixture.work, [], fromRef);
    assert.equal(outcome.code, 1);
    assert.match(outcome.out, /PC8008 .* pull request #7/);
  });

  it('accepts the recorded approval commit', async () => {
    stub.addReview(7, 'sofia', 'APPROVED', { submittedAt: '2026-12-04T12:00:00Z' });
    const recorded = edit(completed, (editor) => {
      editor.set(['approval'], {
        pullRequest: { number: 7, url: 'https://github.example/acme/patching/pull/7', repository: 'acme/patching' },
        reviews: [{ by: 'sofia', state: 'approved', at: '2026-12-04T12:00:00Z' }],
        approvedBy: 'sofia',
        approvedAt: '2026-12-04T12:00:00Z'
      });
      editor.set(['steps', 'approval', 'status'], 'done');
    });
    fixture.commit({ [READY_CYCLE_PATH]: recorded }, 'Record the approval of PC-2026-012', 'rita');
    fixture.git(['push', '--quiet', 'origin', 'patch-cycle/pc-2026-012']);

    const outcome = await check(fixture.work, [], env);
    assert.equal(outcome.code, 0, outcome.out);
  });

  it('accepts a re-approval after the record dismissed it', async () => {
    const first = stub.addReview(7, 'sofia', 'APPROVED', { submittedAt: '2026-12-04T12:00:00Z' });
    const recorded = edit(completed, (editor) => {
      editor.set(['approval'], {
        pullRequest: { number: 7, url: 'https://github.example/acme/patching/pull/7', repository: 'acme/patching' },
        reviews: [{ by: 'sofia', state: 'approved', at: '2026-12-04T12:00:00Z' }],
        approvedBy: 'sofia',
        approvedAt: '2026-12-04T12:00:00Z'
      });
      editor.set(['steps', 'approval', 'status'], 'done');
    });
    fixture.commit({ [READY_CYCLE_PATH]: recorded }, 'Record the approval of PC-2026-012', 'rita');
    fixture.git(['push', '--quiet', 'origin', 'patch-cycle/pc-2026-012']);
    // Branch protection's "dismiss stale approvals" dismisses the review on that push.
    first.state = 'DISMISSED';

    const dismissed = await check(fixture.work, [], env);
    assert.equal(dismissed.code, 1);
    assert.match(dismissed.out, /error PC8006 approval\.approvedBy is "sofia", but pull request #7 has no counting approval by that login at 2026-12-04T12:00:00Z\. The approval by @sofia was dismissed \(a later push makes approvals stale\); ask @sofia to approve the pull request again\./);

    stub.addReview(7, 'sofia', 'APPROVED', { submittedAt: '2026-12-04T12:30:00Z' });
    const again = await check(fixture.work, [], env);
    assert.equal(again.code, 0, again.out);
  });

  it('rejects a recorded review the pull request does not have', async () => {
    stub.addReview(7, 'sofia', 'APPROVED', { submittedAt: '2026-12-04T12:00:00Z' });
    const forged = edit(completed, (editor) => {
      editor.set(['approval'], {
        pullRequest: { number: 7, url: 'https://github.example/acme/patching/pull/7', repository: 'acme/patching' },
        reviews: [{ by: 'tomas', state: 'approved', at: '2026-12-04T11:00:00Z' }],
        approvedBy: 'tomas',
        approvedAt: '2026-12-04T11:00:00Z'
      });
      editor.set(['steps', 'approval', 'status'], 'done');
    });
    fixture.commit({ [READY_CYCLE_PATH]: forged }, 'Record an approval', 'rita');
    fixture.git(['push', '--quiet', 'origin', 'patch-cycle/pc-2026-012']);

    const outcome = await check(fixture.work, [], env);
    assert.equal(outcome.code, 1);
    assert.match(outcome.out, /error PC8006 approval\.reviews\[0\] \(tomas, approved, 2026-12-04T11:00:00Z\) is not a review of pull request #7\./);
    assert.match(outcome.out, /error PC8006 approval\.approvedBy is "tomas", but pull request #7 has no counting approval by that login at 2026-12-04T11:00:00Z\./);
  });

  it('accepts a retroactive emergency approval', async () => {
    // Emergency track: deployed, verification and later steps still open, approval after deployment.
    const emergency = edit(BASE_CYCLE, (editor) => {
      editor.set(['track'], 'emergency');
      editor.set(['steps', 'verify', 'status'], 'in-progress');
    });
    fixture.git(['switch', '--quiet', 'main']);
    fixture.commit({ [READY_CYCLE_PATH]: emergency }, 'Emergency cycle on main', 'rita');
    fixture.git(['push', '--quiet', 'origin', 'main']);
    fixture.git(['switch', '--quiet', '--create', 'patch-cycle/emergency']);
    const requested = edit(emergency, (editor) => editor.set(['steps', 'approval', 'status'], 'in-progress'));
    fixture.commit({ [READY_CYCLE_PATH]: requested }, 'Request the retroactive approval', 'rita');
    fixture.git(['push', '--quiet', 'origin', 'patch-cycle/emergency']);
    stub.pulls.push({ number: 8, owner: 'acme', repo: 'patching', title: 'Emergency patch cycle PC-2026-012', body: '', head: 'patch-cycle/emergency', base: 'main', author: 'rita', state: 'open', merged: false, mergedAt: null, requestedReviewers: ['sofia'], requestedTeams: [] });
    const pr8 = { ...env, GITHUB_EVENT_PATH: undefined, GITHUB_REF: 'refs/pull/8/merge' };

    const before = await check(fixture.work, [], pr8);
    assert.equal(before.code, 1);
    assert.match(before.out, /error PC8008 Cycle "PC-2026-012" completes in pull request #8/);

    stub.addReview(8, 'sofia', 'APPROVED', { submittedAt: '2026-12-02T08:00:00Z' });
    const approvedAt = '2026-12-02T08:00:00Z';
    const record = (retroactive: boolean) =>
      edit(requested, (editor) => {
        editor.set(['approval'], {
          pullRequest: { number: 8, url: 'https://github.example/acme/patching/pull/8', repository: 'acme/patching' },
          reviews: [{ by: 'sofia', state: 'approved', at: approvedAt }],
          approvedBy: 'sofia',
          approvedAt,
          ...(retroactive ? { retroactive: true } : {})
        });
        editor.set(['steps', 'approval', 'status'], 'done');
      });

    fixture.commit({ [READY_CYCLE_PATH]: record(false) }, 'Record the approval without the flag', 'rita');
    fixture.git(['push', '--quiet', 'origin', 'patch-cycle/emergency']);
    const unflagged = await check(fixture.work, [], pr8);
    assert.equal(unflagged.code, 1);
    assert.match(unflagged.out, /error PC8006 approval\.retroactive must be true because the emergency deployment at 2026-12-01T20:30:00Z came before the approval at 2026-12-02T08:00:00Z\./);

    fixture.commit({ [READY_CYCLE_PATH]: record(true) }, 'Record the retroactive approval', 'rita');
    fixture.git(['push', '--quiet', 'origin', 'patch-cycle/emergency']);
    const after = await check(fixture.work, [], pr8);
    assert.equal(after.code, 0, after.out);
  });

  it('judges officers as at the base', async () => {
    const widened = edit(completed, (editor) => editor.set(['securityOfficers'], ['sofia', '@acme/security-officers', 'eve']));
    fixture.commit({ [READY_CYCLE_PATH]: widened }, 'Add an officer', 'rita');
    fixture.git(['push', '--quiet', 'origin', 'patch-cycle/pc-2026-012']);
    stub.addReview(7, 'eve', 'APPROVED');

    const outcome = await check(fixture.work, [], env);
    assert.equal(outcome.code, 1);
    const lines = outcome.out.trimEnd().split('\n');
    assert.equal(lines.length, 2, outcome.out);
    assert.equal(lines[0], `${READY_CYCLE_PATH}:${positionOf(widened, 'securityOfficers:')}: error PC8011 securityOfficers changed in this pull request from [sofia, @acme/security-officers] to [sofia, @acme/security-officers, eve]. Who may approve a cycle and who requested it are fixed once the cycle exists; revert securityOfficers and change it in a pull request of its own, which the current Security Officers approve.`);
    assert.match(lines[1], /error PC8008 Cycle "PC-2026-012" completes in pull request #7, which needs an approving review by an independent Security Officer \(sofia, @acme\/security-officers\)\. Approval by @eve does not count: @eve is not a Security Officer of this cycle \(securityOfficers: sofia, @acme\/security-officers\)\.$/);
  });

  it('judges the requester as at the base', async () => {
    // At the base, sofia requested the cycle; the pull request names rita instead.
    const sofiaRequests = edit(BASE_CYCLE, (editor) => editor.set(['requester'], 'sofia'));
    fixture.git(['switch', '--quiet', 'main']);
    fixture.commit({ [READY_CYCLE_PATH]: sofiaRequests }, 'Cycle requested by sofia', 'sofia');
    fixture.git(['push', '--quiet', 'origin', 'main']);
    fixture.git(['switch', '--quiet', '--create', 'patch-cycle/handover']);
    const handedOver = edit(sofiaRequests, (editor) => {
      editor.set(['requester'], 'rita');
      editor.set(['steps', 'monitor', 'status'], 'done');
      editor.set(['steps', 'feedback', 'status'], 'done');
    });
    fixture.commit({ [READY_CYCLE_PATH]: handedOver }, 'Hand the cycle over', 'rita');
    fixture.git(['push', '--quiet', 'origin', 'patch-cycle/handover']);
    stub.pulls.push({ number: 9, owner: 'acme', repo: 'patching', title: 'Patch cycle PC-2026-012', body: '', head: 'patch-cycle/handover', base: 'main', author: 'rita', state: 'open', merged: false, mergedAt: null, requestedReviewers: ['sofia'], requestedTeams: [] });
    stub.addReview(9, 'sofia', 'APPROVED');

    const outcome = await check(fixture.work, [], { ...env, GITHUB_EVENT_PATH: undefined, GITHUB_REF: 'refs/pull/9/merge' });
    assert.equal(outcome.code, 1);
    const lines = outcome.out.trimEnd().split('\n');
    assert.equal(lines.length, 2, outcome.out);
    assert.equal(lines[0], `${READY_CYCLE_PATH}:${positionOf(handedOver, 'requester: rita')}: error PC8011 requester changed in this pull request from sofia to rita. Who may approve a cycle and who requested it are fixed once the cycle exists; revert requester and change it in a pull request of its own, which the current Security Officers approve.`);
    assert.match(lines[1], /error PC8008 Cycle "PC-2026-012" completes in pull request #9, .* Approval by @sofia does not count: @sofia requested the cycle, so the approval does not count\.$/);
  });

  it('requires GITHUB_API_URL with a token', async () => {
    const outcome = await check(fixture.work, [], { ...env, GITHUB_API_URL: undefined });
    assert.equal(outcome.code, 2);
    assert.equal(outcome.err, 'patch-cycles check: GITHUB_TOKEN is set but GITHUB_API_URL is not; set it to the REST API root of the GitHub server.\n');
  });
});
