import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { run } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/io';
import { CODEOWNERS_BEGIN, mergeCodeowners } from '../../src/core/approval/setup';
import { makeGitFixture, type GitFixture } from '../support/github-stub/git-fixture';
import { READY_CYCLE, READY_CYCLE_PATH } from '../support/github-stub/cycle-fixture';
import { startGitHubStub, type GitHubStub } from '../support/github-stub/server';

async function setup(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  let out = '';
  let err = '';
  const io: CliIo = { out: (text) => (out += text), err: (text) => (err += text), cwd, env, version: '0.1.0' };
  const code = await run(['setup', ...args], io);
  return { code, out, err };
}

const OWNERS_BLOCK = `${CODEOWNERS_BEGIN}\n**/*.cycle.yaml @acme/security-officers @sofia\n**/*.cycle.yml @acme/security-officers @sofia\n# END patch-cycles\n`;

describe('mergeCodeowners', () => {
  it('creates the block in an empty file', () => {
    assert.equal(mergeCodeowners(undefined, ['@acme/security-officers', 'sofia']), OWNERS_BLOCK);
  });

  it('keeps existing entries and appends last', () => {
    const existing = '# Owners\n*       @acme/platform\n/docs/  @acme/writers';
    assert.equal(mergeCodeowners(existing, ['@acme/security-officers', 'sofia']), `${existing}\n\n${OWNERS_BLOCK}`);
  });

  it('replaces its own block only', () => {
    const once = mergeCodeowners('* @acme/platform\n', ['@acme/security-officers', 'sofia']);
    const twice = mergeCodeowners(once, ['@acme/security-officers', 'sofia']);
    assert.equal(twice, once);
    const changed = mergeCodeowners(once, ['@acme/ciso']);
    assert.equal(changed, `* @acme/platform\n\n${CODEOWNERS_BEGIN}\n**/*.cycle.yaml @acme/ciso\n**/*.cycle.yml @acme/ciso\n# END patch-cycles\n`);
  });

  it('moves the block after later entries', () => {
    const once = mergeCodeowners('* @acme/platform\n', ['@acme/security-officers', 'sofia']);
    const withLater = `${once}cycles/ @acme/payments\n`;
    assert.equal(mergeCodeowners(withLater, ['@acme/security-officers', 'sofia']), `* @acme/platform\ncycles/ @acme/payments\n\n${OWNERS_BLOCK}`);
  });

  it('keeps CRLF line endings', () => {
    const merged = mergeCodeowners('* @acme/platform\r\n', ['@sofia']);
    assert.equal(merged, `* @acme/platform\r\n\r\n${CODEOWNERS_BEGIN}\r\n**/*.cycle.yaml @sofia\r\n**/*.cycle.yml @sofia\r\n# END patch-cycles\r\n`);
  });
});

describe('patch-cycles setup', () => {
  let fixture: GitFixture;

  beforeEach(() => {
    fixture = makeGitFixture({ [READY_CYCLE_PATH]: READY_CYCLE, CODEOWNERS: '* @acme/platform\n' });
  });

  afterEach(() => {
    fixture.remove();
  });

  it('writes the files on a fresh repository', async () => {
    const outcome = await setup(fixture.work, ['--cli-version', '0.3.1']);
    assert.equal(outcome.code, 0, outcome.err);
    assert.equal(
      outcome.out,
      [
        'updated CODEOWNERS',
        'created .github/workflows/patch-cycles.yml',
        'created .github/pull_request_template.md',
        '',
        'Branch protection for main (Settings → Branches → Branch protection rules):',
        '  - Require a pull request before merging',
        '  - Require review from Code Owners',
        '  - Require approval of the most recent reviewable push',
        '  - Dismiss stale pull request approvals when new commits are pushed',
        '  - Require status checks to pass: patch-cycles',
        'Run setup again with --apply-protection to set them through the API (admin rights needed).',
        ''
      ].join('\n')
    );
    assert.equal(fixture.read('CODEOWNERS'), `* @acme/platform\n\n${CODEOWNERS_BEGIN}\n**/*.cycle.yaml @sofia @acme/security-officers\n**/*.cycle.yml @sofia @acme/security-officers\n# END patch-cycles\n`);

    const workflow = parse(fixture.read('.github/workflows/patch-cycles.yml')) as { on: Record<string, unknown>; jobs: Record<string, { steps: { run?: string; env?: Record<string, string> }[] }> };
    assert.deepEqual(Object.keys(workflow.on), ['pull_request', 'pull_request_review']);
    const runs = workflow.jobs['patch-cycles'].steps.map((step) => step.run).filter((line): line is string => line !== undefined);
    assert.deepEqual(runs, ['npx --yes --package=dora-patch-cycles@0.3.1 -- patch-cycles validate --format github', 'npx --yes --package=dora-patch-cycles@0.3.1 -- patch-cycles check --format github']);
    assert.equal(workflow.jobs['patch-cycles'].steps[3].env?.GITHUB_TOKEN, '${{ secrets.PATCH_CYCLES_TOKEN || github.token }}');
  });

  it('changes nothing when run again', async () => {
    await setup(fixture.work, ['--officers', '@acme/security-officers']);
    const second = await setup(fixture.work, ['--officers', '@acme/security-officers']);
    assert.match(second.out, /^unchanged CODEOWNERS\nunchanged \.github\/workflows\/patch-cycles\.yml\nunchanged \.github\/pull_request_template\.md\n/);
  });

  it('keeps an existing pull request template', async () => {
    fixture.write('.github/PULL_REQUEST_TEMPLATE.md', 'Our template\n');
    const outcome = await setup(fixture.work, ['--officers', 'sofia']);
    assert.match(outcome.out, /created \.github\/PULL_REQUEST_TEMPLATE\/patch-cycle\.md\n/);
    assert.equal(fixture.read('.github/PULL_REQUEST_TEMPLATE.md'), 'Our template\n');
  });

  it('rejects an officer that is not a login', async () => {
    const outcome = await setup(fixture.work, ['--officers', 'sofia;rm -rf']);
    assert.equal(outcome.code, 2);
    assert.equal(outcome.err, 'patch-cycles setup: --officers sofia;rm -rf is not a GitHub login or @org/team.\n');
  });

  it('rejects a version range', async () => {
    const outcome = await setup(fixture.work, ['--cli-version', '^0.3']);
    assert.equal(outcome.code, 2);
    assert.match(outcome.err, /is not an exact version/);
  });

  describe('with --apply-protection', () => {
    let stub: GitHubStub;
    let env: NodeJS.ProcessEnv;

    beforeEach(async () => {
      stub = await startGitHubStub({ users: { 'token-admin': 'ada', 'token-dev': 'dev' }, repositories: [{ owner: 'acme', name: 'patching', defaultBranch: 'main', admins: ['ada'] }] });
      env = { GITHUB_TOKEN: 'token-admin', GITHUB_API_URL: stub.url };
    });

    afterEach(async () => {
      await stub.close();
    });

    it('protects an unprotected branch', async () => {
      const outcome = await setup(fixture.work, ['--apply-protection', '--repository', 'acme/patching'], env);
      assert.equal(outcome.code, 0, outcome.err);
      assert.match(outcome.out, /Branch protection of acme\/patching:main now requires code-owner review/);
      const calls = stub.requests.map((recorded) => `${recorded.method} ${recorded.path}`);
      assert.deepEqual(calls, ['GET /repos/acme/patching', 'PATCH /repos/acme/patching/branches/main/protection/required_pull_request_reviews', 'PUT /repos/acme/patching/branches/main/protection']);
      assert.deepEqual(stub.protection.get('acme/patching:main'), {
        required_status_checks: { strict: false, contexts: ['patch-cycles'] },
        enforce_admins: false,
        required_pull_request_reviews: { require_code_owner_reviews: true, require_last_push_approval: true, dismiss_stale_reviews: true, required_approving_review_count: 1 },
        restrictions: null
      });
    });

    it('keeps other settings of a protected branch', async () => {
      stub.protection.set('acme/patching:main', { enforce_admins: true, required_pull_request_reviews: { required_approving_review_count: 2 } });
      const outcome = await setup(fixture.work, ['--apply-protection', '--repository', 'acme/patching'], env);
      assert.equal(outcome.code, 0, outcome.err);
      assert.deepEqual(stub.protection.get('acme/patching:main'), {
        enforce_admins: true,
        required_pull_request_reviews: { required_approving_review_count: 1, require_code_owner_reviews: true, require_last_push_approval: true, dismiss_stale_reviews: true }
      });
    });

    it('refuses without admin rights', async () => {
      const outcome = await setup(fixture.work, ['--apply-protection', '--repository', 'acme/patching'], { ...env, GITHUB_TOKEN: 'token-dev' });
      assert.equal(outcome.code, 1);
      assert.equal(outcome.err, 'The account has no admin rights on acme/patching, so branch protection was not changed. Ask an administrator to turn on the settings above.\n');
      assert.equal(stub.protection.size, 0);
    });
  });
});

describe('setup fixture files', () => {
  it('leaves no file outside the repository', () => {
    const fixture = makeGitFixture({ 'README.md': 'x\n' });
    try {
      assert.deepEqual(fs.readdirSync(fixture.root).sort(), ['gitconfig', 'remote.git', 'work'].sort());
      assert.ok(fs.existsSync(path.join(fixture.work, '.git')));
    } finally {
      fixture.remove();
    }
  });
});
