import assert from 'node:assert/strict';
import { setValue } from '../../src/core/edit';
import { applyEdits } from '../../src/core/diagnostics';
import type { Cycle } from '../../src/core/model';
import { loadApprovalState, nextRefreshAt, recordApprovalEdits } from '../../src/core/approval/state';
import { loadYaml } from '../../src/core/yaml/load';
import { GitHubHost } from '../../src/node/github';
import { READY_CYCLE } from '../support/github-stub/cycle-fixture';
import { startGitHubStub, type GitHubStub } from '../support/github-stub/server';

const ACME = { owner: 'acme', name: 'patching' };
const HEAD = 'a'.repeat(40);

function cycleOf(text: string): Cycle {
  return loadYaml(text).value as Cycle;
}

describe('approval independence', () => {
  let stub: GitHubStub;

  beforeEach(async () => {
    stub = await startGitHubStub({
      users: { 'token-paula': 'paula', 'token-sofia': 'sofia', 'token-rita': 'rita' },
      repositories: [{ ...ACME, defaultBranch: 'main' }],
      teams: { 'acme/security-officers': ['tomas'] }
    });
    // Opened by paula, who is neither requester, implementer nor officer.
    stub.pulls.push({ number: 1, owner: 'acme', repo: 'patching', title: 'Patch cycle PC-2026-012', body: '', head: 'patch-cycle/pc-2026-012', base: 'main', author: 'paula', state: 'open', merged: false, mergedAt: null, requestedReviewers: [], requestedTeams: [], headSha: HEAD });
  });

  afterEach(async () => {
    await stub.close();
  });

  async function stateFor(text = READY_CYCLE) {
    const host = new GitHubHost({ token: 'token-paula', baseUrl: stub.url });
    return loadApprovalState(host, ACME, 1, cycleOf(text));
  }

  async function onlyVerdict(login: string, text = READY_CYCLE) {
    stub.addReview(1, login, 'APPROVED');
    const state = await stateFor(text);
    assert.equal(state.evaluation.verdicts.length, 1);
    return { state, verdict: state.evaluation.verdicts[0] };
  }

  it('refuses the requester', async () => {
    const { verdict, state } = await onlyVerdict('rita');
    assert.equal(verdict.counts, false);
    assert.deepEqual(verdict.reasons, [
      '@rita is not a Security Officer of this cycle (securityOfficers: sofia, @acme/security-officers).',
      '@rita requested the cycle, so the approval does not count.',
      '@rita worked on the cycle (completed identify, checked identify.network, checked identify.application, checked identify.configuration, checked identify.user-access, completed assess, completed prioritize, checked prioritize.confirm-risk-levels, checked prioritize.evaluate-threats, checked prioritize.identify-controls, checked prioritize.assign-priorities, checked prioritize.document-rationale, completed feedback), so the approval does not count.'
    ]);
    assert.equal(state.status, 'awaiting-review');
  });

  it('refuses the requester who is an officer', async () => {
    const text = setValueOrFail(READY_CYCLE, ['requester'], 'sofia');
    const { verdict } = await onlyVerdict('sofia', text);
    assert.equal(verdict.counts, false);
    assert.deepEqual(verdict.reasons, ['@sofia requested the cycle, so the approval does not count.']);
  });

  it('refuses an implementer', async () => {
    const text = setValueOrFail(READY_CYCLE, ['securityOfficers'], ['sofia', 'ivan']);
    const { verdict } = await onlyVerdict('ivan', text);
    assert.equal(verdict.counts, false);
    assert.equal(verdict.reasons.length, 1);
    assert.match(verdict.reasons[0], /^@ivan worked on the cycle \(deployed P-1, deployed P-2, completed research, completed schedule, completed backup, checked backup\.identify-systems, .*\), so the approval does not count\.$/);
  });

  it('refuses the pull request author', async () => {
    const text = setValueOrFail(READY_CYCLE, ['securityOfficers'], ['sofia', 'paula']);
    const { verdict } = await onlyVerdict('paula', text);
    assert.equal(verdict.counts, false);
    assert.deepEqual(verdict.reasons, ['@paula opened pull request #1, so the approval does not count.']);
  });

  it('refuses a login that is not an officer', async () => {
    const { verdict } = await onlyVerdict('nina');
    assert.equal(verdict.counts, false);
    assert.deepEqual(verdict.reasons, ['@nina is not a Security Officer of this cycle (securityOfficers: sofia, @acme/security-officers).']);
    const membership = stub.requests.filter((recorded) => recorded.path === '/orgs/acme/teams/security-officers/memberships/nina');
    assert.equal(membership.length, 1);
  });

  it('counts a member of the officers team', async () => {
    const { verdict, state } = await onlyVerdict('tomas');
    assert.equal(verdict.counts, true);
    assert.deepEqual(verdict.reasons, []);
    assert.equal(state.status, 'approved');
    assert.ok(stub.requests.some((recorded) => recorded.method === 'GET' && recorded.path === '/orgs/acme/teams/security-officers/memberships/tomas'));
  });

  it('counts a listed officer', async () => {
    const { verdict, state } = await onlyVerdict('sofia');
    assert.equal(verdict.counts, true);
    assert.equal(state.evaluation.approval?.review.by, 'sofia');
  });

  it('refuses an approval of an earlier commit', async () => {
    stub.addReview(1, 'sofia', 'APPROVED', { commitId: 'b'.repeat(40) });
    const state = await stateFor();
    assert.deepEqual(state.evaluation.verdicts[0].reasons, ['The approval was given on commit bbbbbbbbbbbb, but the pull request now ends at aaaaaaaaaaaa. Ask @sofia to approve again.']);
  });

  it('lets a later change request replace an approval', async () => {
    stub.addReview(1, 'sofia', 'APPROVED');
    stub.addReview(1, 'sofia', 'CHANGES_REQUESTED');
    const state = await stateFor();
    assert.equal(state.evaluation.approval, undefined);
    assert.deepEqual(state.evaluation.changesRequestedBy, ['sofia']);
    assert.equal(state.status, 'changes-requested');
    assert.match(state.evaluation.verdicts[0].reasons[0], /^A later review by @sofia \(changes-requested, 2026-12-01T10:02:00Z\) replaces this approval\.$/);
  });

  it('submits a review through the API', async () => {
    const sofia = new GitHubHost({ token: 'token-sofia', baseUrl: stub.url });
    const review = await sofia.submitReview(ACME, 1, { event: 'approve', body: 'Evidence complete.' });
    assert.equal(review.state, 'approved');
    assert.equal(review.by, 'sofia');
    assert.equal(review.commitId, HEAD);
    const posted = stub.requests.find((recorded) => recorded.method === 'POST' && recorded.path === '/repos/acme/patching/pulls/1/reviews');
    assert.deepEqual(posted?.body, { event: 'APPROVE', body: 'Evidence complete.' });
    assert.equal((await stateFor()).status, 'approved');
  });

  it('reports the merged state', async () => {
    stub.addReview(1, 'sofia', 'APPROVED');
    stub.merge(1);
    assert.equal((await stateFor()).status, 'merged');
  });

  it('records a counting approval once', async () => {
    stub.addReview(1, 'nina', 'APPROVED');
    stub.addReview(1, 'sofia', 'APPROVED');
    const state = await stateFor();
    const result = recordApprovalEdits(READY_CYCLE, cycleOf(READY_CYCLE), state);
    assert.ok(result?.ok);

    const recorded = applyEdits(READY_CYCLE, result.edits);
    assert.equal(recorded, result.text);
    const cycle = cycleOf(recorded);
    assert.deepEqual(cycle.approval, {
      pullRequest: { number: 1, url: 'https://github.example/acme/patching/pull/1', repository: 'acme/patching' },
      reviews: [
        { by: 'nina', state: 'approved', at: '2026-12-01T10:01:00Z' },
        { by: 'sofia', state: 'approved', at: '2026-12-01T10:02:00Z' }
      ],
      approvedBy: 'sofia',
      approvedAt: '2026-12-01T10:02:00Z'
    });
    assert.deepEqual(cycle.steps.approval, { status: 'done', completedAt: '2026-12-01T10:02:00Z', completedBy: 'sofia' });
    assert.ok(recorded.startsWith('# Patch cycle for the December 2026 Java library advisories.\n'));
    const stepsAt = READY_CYCLE.indexOf('\nsteps:');
    assert.equal(recorded.slice(0, stepsAt), READY_CYCLE.slice(0, stepsAt));
    assert.ok(recorded.includes("\n  approval: { status: done, completedAt: '2026-12-01T10:02:00Z', completedBy: sofia }\napproval:\n  pullRequest:\n"), recorded.slice(stepsAt));

    const again = recordApprovalEdits(recorded, cycle, state);
    assert.ok(again?.ok);
    assert.deepEqual(again.edits, []);
  });

  it('records nothing without a counting approval', async () => {
    stub.addReview(1, 'rita', 'APPROVED');
    const state = await stateFor();
    assert.equal(recordApprovalEdits(READY_CYCLE, cycleOf(READY_CYCLE), state), undefined);
  });

  it('marks an emergency approval retroactive', async () => {
    const emergency = setValueOrFail(READY_CYCLE, ['track'], 'emergency');
    stub.addReview(1, 'sofia', 'APPROVED', { submittedAt: '2026-12-05T09:00:00Z' });
    const state = await stateFor(emergency);
    const result = recordApprovalEdits(emergency, cycleOf(emergency), state);
    assert.ok(result?.ok);
    assert.equal(cycleOf(result.text).approval?.retroactive, true);
  });

  it('keeps an approval before deployment not retroactive', async () => {
    const emergency = setValueOrFail(READY_CYCLE, ['track'], 'emergency');
    stub.addReview(1, 'sofia', 'APPROVED', { submittedAt: '2026-12-01T18:00:00Z' });
    const result = recordApprovalEdits(emergency, cycleOf(emergency), await stateFor(emergency));
    assert.ok(result?.ok);
    assert.equal(cycleOf(result.text).approval?.retroactive, undefined);
  });
});

describe('GitHub rate limit', () => {
  it('tracks the rate limit headers', async () => {
    const stub = await startGitHubStub({ users: { 'token-paula': 'paula' }, repositories: [{ ...ACME, defaultBranch: 'main' }], rateLimit: 3, rateLimitReset: 1_796_000_000 });
    try {
      const host = new GitHubHost({ token: 'token-paula', baseUrl: stub.url });
      assert.equal(host.rateLimit, undefined);
      await host.currentUser();
      assert.deepEqual(host.rateLimit, { remaining: 2, resetAt: 1_796_000_000_000 });
      assert.equal(nextRefreshAt(undefined, host.rateLimit), 1_796_000_000_000);

      await host.currentUser();
      await host.currentUser();
      await assert.rejects(host.currentUser(), { name: 'HostError', status: 403, message: 'The GitHub API rate limit is used up until 2026-11-30T00:53:20.000Z. Try again after that time.' });
    } finally {
      await stub.close();
    }
  });
});

describe('approval refresh timing', () => {
  it('waits the minimum interval', () => {
    assert.equal(nextRefreshAt(1_000_000, { remaining: 4000, resetAt: 9_000_000 }), 1_030_000);
  });

  it('waits for the rate limit reset', () => {
    assert.equal(nextRefreshAt(1_000_000, { remaining: 3, resetAt: 9_000_000 }), 9_000_000);
  });

  it('refreshes at once the first time', () => {
    assert.equal(nextRefreshAt(undefined, undefined), 0);
  });
});

function setValueOrFail(text: string, path: (string | number)[], value: string | string[]): string {
  const result = setValue(text, path, value);
  assert.ok(result.ok, result.ok ? '' : result.message);
  return result.text;
}
