/**
 * The approval path on the shipped examples, in a fresh repository with a bare remote and
 * the GitHub stand-in: Request Approval, a refused approval by the requester, a counting
 * approval by an independent Security Officer, `check` before and after, and the
 * evidence pack with its VEX.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { run } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/io';
import { awaitsRetroactiveApproval, readinessProblems, templateGateCheck } from '../../src/core/approval/readiness';
import { requestApproval } from '../../src/core/approval/request';
import { loadApprovalState, recordApprovalEdits } from '../../src/core/approval/state';
import { loadCycleRevision } from '../../src/core/approval/transitions';
import { applyEdits } from '../../src/core/diagnostics';
import { runEdit, type YamlEditor } from '../../src/core/edit';
import type { Cycle } from '../../src/core/model';
import { GitRepository, gitWorkingCopy } from '../../src/node/git';
import { GitHubHost } from '../../src/node/github';
import { makeGitFixture, type GitFixture } from '../support/github-stub/git-fixture';
import { startGitHubStub, type GitHubStub } from '../support/github-stub/server';

const repoRoot = path.resolve(__dirname, '../..');
const examples = path.join(repoRoot, 'examples/cycles');
const COMPLETE = 'cycles/2026-019-buster-log-shipper.cycle.yaml';
const EMERGENCY = 'cycles/2026-027-spring4shell-payments.cycle.yaml';
const REPOSITORY = { owner: 'banca-lumen', name: 'patch-cycles' };
const NOW = new Date('2026-11-14T09:00:00Z');

function edited(text: string, change: (editor: YamlEditor) => void): string {
  const result = runEdit(text, change);
  assert.ok(result.ok, result.ok ? '' : result.message);
  return result.text;
}

function cycleOf(text: string): Cycle {
  const cycle = loadCycleRevision(text).cycle;
  assert.ok(cycle, 'the example loads as a cycle');
  return cycle;
}

async function cli(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  let out = '';
  let err = '';
  const io: CliIo = { out: (text) => (out += text), err: (text) => (err += text), cwd, env, version: '0.1.0' };
  const code = await run(args, io);
  return { code, out, err };
}

describe('approval on the examples', () => {
  let fixture: GitFixture;
  let stub: GitHubStub;

  beforeEach(async () => {
    const files: Record<string, string> = {};
    for (const name of fs.readdirSync(examples)) {
      files[`cycles/${name}`] = fs.readFileSync(path.join(examples, name), 'utf8');
    }
    // The default branch has step 10 still open; the working copy completes it, as the
    // requester does right before asking for approval.
    const complete = files[COMPLETE];
    files[COMPLETE] = edited(complete, (editor) => {
      editor.set(['steps', 'feedback', 'status'], 'in-progress');
      editor.delete(['steps', 'feedback', 'completedAt']);
      editor.delete(['steps', 'feedback', 'completedBy']);
    });
    fixture = makeGitFixture(files);
    fixture.write(COMPLETE, complete);
    stub = await startGitHubStub({
      users: { 'token-giulia': 'giulia-rossi', 'token-ci': 'github-actions' },
      repositories: [{ ...REPOSITORY, defaultBranch: 'main', gitDir: fixture.remote }]
    });
  });

  afterEach(async () => {
    await stub.close();
    fixture.remove();
  });

  it('takes the complete example from request to recorded approval', async () => {
    const text = fixture.read(COMPLETE);
    const cycle = cycleOf(text);
    assert.deepEqual(readinessProblems(cycle, templateGateCheck(NOW)), []);

    const requester = new GitHubHost({ token: 'token-giulia', baseUrl: stub.url });
    const result = await requestApproval({ cycle, cyclePath: COMPLETE, copy: gitWorkingCopy(new GitRepository(fixture.work), { repository: REPOSITORY }), host: requester, gateCheck: templateGateCheck(NOW) });
    assert.equal(result.branch, 'patch-cycle/pc-2026-019');
    assert.equal(result.committed, true);
    assert.equal(execFileSync('git', ['--git-dir', fixture.remote, 'rev-parse', `refs/heads/${result.branch}`], { encoding: 'utf8' }).trim(), fixture.git(['rev-parse', 'HEAD']).trim());
    assert.deepEqual(stub.pulls[0].requestedReviewers, ['marco-bianchi', 'elena-ferri']);

    const eventPath = path.join(fixture.root, 'event.json');
    fs.writeFileSync(eventPath, JSON.stringify({ pull_request: { number: result.pullRequest.number } }));
    const env = { GITHUB_TOKEN: 'token-ci', GITHUB_REPOSITORY: 'banca-lumen/patch-cycles', GITHUB_API_URL: stub.url, GITHUB_EVENT_PATH: eventPath, GITHUB_BASE_REF: 'main' };

    // The requester's approval is refused with the reason.
    stub.addReview(1, 'giulia-rossi', 'APPROVED', { submittedAt: '2026-11-14T08:00:00Z' });
    const refused = await loadApprovalState(requester, REPOSITORY, 1, cycle);
    assert.equal(refused.evaluation.approval, undefined);
    assert.ok(refused.evaluation.verdicts[0].reasons.includes('@giulia-rossi requested the cycle, so the approval does not count.'), refused.evaluation.verdicts[0].reasons.join(' '));
    assert.equal(recordApprovalEdits(text, cycle, refused), undefined);

    const before = await cli(fixture.work, ['check'], env);
    assert.equal(before.code, 1);
    assert.match(before.out, /error PC8008 Cycle "PC-2026-019" completes in pull request #1, .* Approval by @giulia-rossi does not count: .*@giulia-rossi requested the cycle/);

    // An independent Security Officer approves; the tool records it and completes step 11.
    stub.addReview(1, 'marco-bianchi', 'APPROVED', { submittedAt: '2026-11-14T09:30:00Z' });
    const approved = await loadApprovalState(requester, REPOSITORY, 1, cycle);
    assert.equal(approved.evaluation.approval?.review.by, 'marco-bianchi');
    const edits = recordApprovalEdits(text, cycle, approved);
    assert.ok(edits?.ok);
    const recorded = applyEdits(text, edits.edits);
    const recordedCycle = cycleOf(recorded);
    assert.equal(recordedCycle.steps.approval.status, 'done');
    assert.equal(recordedCycle.approval?.approvedBy, 'marco-bianchi');
    assert.equal(recordedCycle.approval?.pullRequest?.number, 1);
    assert.equal(recorded.slice(0, recorded.indexOf('\napproval:')), text.slice(0, text.indexOf('\napproval:')));

    fixture.commit({ [COMPLETE]: recorded }, 'Record the approval of 2026-019', 'giulia-rossi');
    fixture.git(['push', '--quiet', 'origin', result.branch]);
    const after = await cli(fixture.work, ['check'], env);
    assert.equal(after.code, 0, after.out + after.err);

    // The evidence pack of the now complete cycle verifies and its VEX is valid CycloneDX 1.6.
    const outDir = path.join(fixture.root, 'pack');
    const pack = await cli(fixture.work, ['evidence', COMPLETE, '--out', outDir], { GITHUB_TOKEN: 'token-ci', GITHUB_API_URL: stub.url });
    assert.equal(pack.code, 0, pack.err);
    const verified = spawnSync('sha256sum', ['-c', 'manifest.sha256'], { cwd: outDir, encoding: 'utf8' });
    assert.equal(verified.status, 0, verified.stdout + verified.stderr);
    const vex = JSON.parse(fs.readFileSync(path.join(outDir, 'PC-2026-019.vex.cdx.json'), 'utf8')) as unknown;
    const validate = cycloneDxValidator();
    assert.ok(validate(vex), JSON.stringify(validate.errors, null, 2));
    const markdown = fs.readFileSync(path.join(outDir, 'PC-2026-019.evidence.md'), 'utf8');
    assert.match(markdown, /\| marco-bianchi \| approved \| 2026-11-14T09:30:00Z \| yes \| — \|/);
  });

  it('flags the emergency example until its retroactive approval', async () => {
    const cycle = cycleOf(fixture.read(EMERGENCY));
    assert.equal(cycle.track, 'emergency');
    assert.equal(awaitsRetroactiveApproval(cycle), true);
    const validate = await cli(fixture.work, ['validate', EMERGENCY]);
    assert.match(validate.out, /warning PC\d{4} Emergency track: .* no Security Officer has approved the cycle yet/);
  });
});

/** The CycloneDX 1.6 JSON schema as the CycloneDX library ships it, with the schemas it refers to. */
function cycloneDxValidator() {
  const schemaDir = path.join(repoRoot, 'node_modules/@cyclonedx/cyclonedx-library/res/schema');
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const read = (name: string) => JSON.parse(fs.readFileSync(path.join(schemaDir, name), 'utf8')) as Record<string, unknown>;
  for (const name of ['spdx.SNAPSHOT.schema.json', 'jsf-0.82.SNAPSHOT.schema.json', 'cryptography-defs.SNAPSHOT.schema.json']) {
    ajv.addSchema({ ...read(name), $id: `http://cyclonedx.org/schema/${name}` });
  }
  return ajv.compile(read('bom-1.6.SNAPSHOT.schema.json'));
}
