import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { run } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/io';
import { runEdit, type YamlEditor } from '../../src/core/edit';
import type { Cycle } from '../../src/core/model';
import { cycleVex } from '../../src/core/approval/vex';
import { loadYaml } from '../../src/core/yaml/load';
import { makeGitFixture, type GitFixture } from '../support/github-stub/git-fixture';
import { READY_CYCLE, READY_CYCLE_PATH } from '../support/github-stub/cycle-fixture';
import { startGitHubStub, type GitHubStub } from '../support/github-stub/server';

const SCHEMA_DIR = path.resolve(__dirname, '../../node_modules/@cyclonedx/cyclonedx-library/res/schema');

/** The CycloneDX 1.6 JSON schema as the CycloneDX library ships it, with the schemas it refers to. */
function cycloneDxValidator() {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const read = (name: string) => JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, name), 'utf8')) as Record<string, unknown>;
  // bom-1.6 refers to its neighbours by their file names, relative to its own $id.
  ajv.addSchema({ ...read('spdx.SNAPSHOT.schema.json'), $id: 'http://cyclonedx.org/schema/spdx.SNAPSHOT.schema.json' });
  ajv.addSchema({ ...read('jsf-0.82.SNAPSHOT.schema.json'), $id: 'http://cyclonedx.org/schema/jsf-0.82.SNAPSHOT.schema.json' });
  ajv.addSchema({ ...read('cryptography-defs.SNAPSHOT.schema.json'), $id: 'http://cyclonedx.org/schema/cryptography-defs.SNAPSHOT.schema.json' });
  return ajv.compile(read('bom-1.6.SNAPSHOT.schema.json'));
}

function edit(text: string, change: (editor: YamlEditor) => void): string {
  const result = runEdit(text, change);
  assert.ok(result.ok, result.ok ? '' : result.message);
  return result.text;
}

const APPROVED_CYCLE = edit(READY_CYCLE, (editor) => {
  editor.set(['approval'], {
    pullRequest: { number: 1, url: 'https://github.example/acme/patching/pull/1', repository: 'acme/patching' },
    reviews: [
      { by: 'ivan', state: 'approved', at: '2026-12-04T11:00:00Z' },
      { by: 'sofia', state: 'approved', at: '2026-12-04T12:00:00Z' }
    ],
    approvedBy: 'sofia',
    approvedAt: '2026-12-04T12:00:00Z'
  });
  editor.set(['steps', 'approval', 'status'], 'done');
});

async function evidence(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  let out = '';
  let err = '';
  const io: CliIo = { out: (text) => (out += text), err: (text) => (err += text), cwd, env, version: '0.1.0' };
  const code = await run(['evidence', ...args], io);
  return { code, out, err };
}

describe('patch-cycles evidence', () => {
  let fixture: GitFixture;
  let outDir: string;

  beforeEach(() => {
    fixture = makeGitFixture({ [READY_CYCLE_PATH]: READY_CYCLE });
    fixture.commit({ [READY_CYCLE_PATH]: APPROVED_CYCLE }, 'Record the approval of PC-2026-012', 'sofia');
    outDir = path.join(fixture.root, 'pack');
  });

  afterEach(() => {
    fixture.remove();
  });

  it('writes a pack whose manifest verifies', async () => {
    const outcome = await evidence(fixture.work, [READY_CYCLE_PATH, '--out', outDir]);
    assert.equal(outcome.code, 0, outcome.err);
    assert.deepEqual(fs.readdirSync(outDir).sort(), ['2026-12-log4j.cycle.yaml', 'PC-2026-012.evidence.html', 'PC-2026-012.evidence.md', 'PC-2026-012.vex.cdx.json', 'manifest.sha256']);

    const verified = spawnSync('sha256sum', ['-c', 'manifest.sha256'], { cwd: outDir, encoding: 'utf8' });
    assert.equal(verified.status, 0, verified.stderr);
    assert.equal(verified.stdout, ['2026-12-log4j.cycle.yaml: OK', 'PC-2026-012.evidence.md: OK', 'PC-2026-012.evidence.html: OK', 'PC-2026-012.vex.cdx.json: OK', ''].join('\n'));
    assert.equal(fs.readFileSync(path.join(outDir, '2026-12-log4j.cycle.yaml'), 'utf8'), APPROVED_CYCLE);

    fs.appendFileSync(path.join(outDir, 'PC-2026-012.evidence.md'), 'tampered\n');
    const tampered = spawnSync('sha256sum', ['-c', 'manifest.sha256'], { cwd: outDir, encoding: 'utf8' });
    assert.equal(tampered.status, 1);
    assert.match(tampered.stdout, /PC-2026-012\.evidence\.md: FAILED/);
  });

  it('writes a VEX valid against CycloneDX 1.6', async () => {
    await evidence(fixture.work, [READY_CYCLE_PATH, '--out', outDir]);
    const vex = JSON.parse(fs.readFileSync(path.join(outDir, 'PC-2026-012.vex.cdx.json'), 'utf8')) as { vulnerabilities: { id: string; analysis: { state: string; response?: string[] }; ratings: { method: string; score: number }[]; affects: { ref: string }[] }[]; components: { 'bom-ref': string }[] };
    const validate = cycloneDxValidator();
    assert.ok(validate(vex), JSON.stringify(validate.errors, null, 2));
    assert.deepEqual(vex.vulnerabilities.map((vulnerability) => [vulnerability.id, vulnerability.analysis.state, vulnerability.analysis.response]), [
      ['CVE-2021-44228', 'resolved', ['update']],
      ['CVE-2023-44487', 'resolved', ['update']]
    ]);
    assert.deepEqual(vex.vulnerabilities[0].ratings, [{ source: { name: 'nvd' }, score: 10, severity: 'critical', method: 'CVSSv31', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H' }]);
    assert.equal(vex.vulnerabilities[0].affects[0].ref, 'pay-gw/pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1');
    assert.ok(vex.components.some((component) => component['bom-ref'] === vex.vulnerabilities[0].affects[0].ref));
  });

  it('reports history, steps and sources', async () => {
    await evidence(fixture.work, [READY_CYCLE_PATH, '--out', outDir]);
    const markdown = fs.readFileSync(path.join(outDir, 'PC-2026-012.evidence.md'), 'utf8');
    const commits = fixture.git(['log', '--format=%H', '--', READY_CYCLE_PATH]).trim().split('\n');
    assert.equal(commits.length, 2);
    for (const sha of commits) {
      assert.ok(markdown.includes(`| ${sha} |`), `commit ${sha} is missing`);
    }
    assert.match(markdown, /\| sofia \\<sofia@example\.test\\> \| \d{4}-\d\d-\d\dT[^|]+ \| sofia \| not signed \| Record the approval of PC-2026-012 \|/);
    assert.match(markdown, /\| deploy \| done \| 2026-12-01T21:30:00Z \| ivan \| — \| P-1: done by ivan at 2026-12-01T20:30:00Z; P-2: done by ivan at 2026-12-01T21:00:00Z; notification: done by ivan at 2026-12-01T21:30:00Z \|/);
    assert.match(markdown, /\| CISA KEV catalog \| 2026\.11\.28 \| V-001 \|/);
    assert.match(markdown, /\| FIRST EPSS \| model v2025\.03\.14, scores of 2026-11-29 \| V-001 \|/);
    assert.match(markdown, /- \*\*Approved by:\*\* sofia/);
    assert.match(markdown, /taken from the approval block of the cycle file; the API was not reached/);
    const references = [...markdown.matchAll(/^\*Evidences: (.+)\*$/gm)].map((match) => match[1]);
    assert.equal(references.length, 11);
    assert.ok(references.includes('RTS 2024/1774 Art. 17(1)(b); emergency track Art. 17(1)(f) and (g)'));
  });

  it('escapes every string in the HTML report', async () => {
    const hostile = edit(APPROVED_CYCLE, (editor) => {
      editor.set(['title'], '<script>alert("x")</script> & <img src=https://attacker.example/x.png>');
      editor.set(['vulnerabilities', 0, 'assessment', 'rationale'], '"><iframe src=//attacker.example>');
    });
    fixture.commit({ [READY_CYCLE_PATH]: hostile }, 'Retitle the cycle', 'rita');
    await evidence(fixture.work, [READY_CYCLE_PATH, '--out', outDir]);
    const html = fs.readFileSync(path.join(outDir, 'PC-2026-012.evidence.html'), 'utf8');

    assert.ok(html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=https://attacker.example/x.png&gt;'));
    assert.ok(html.includes('&quot;&gt;&lt;iframe src=//attacker.example&gt;'));
    assert.doesNotMatch(html, /<script|<img|<iframe|<link|<[a-z][^>]*\s(?:src|href)=/i);
    assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`));
  });

  it('reads the reviews from the API', async () => {
    const stub: GitHubStub = await startGitHubStub({ users: { 'token-ci': 'auditor' }, repositories: [{ owner: 'acme', name: 'patching', defaultBranch: 'main' }] });
    try {
      stub.pulls.push({ number: 1, owner: 'acme', repo: 'patching', title: 'Patch cycle PC-2026-012', body: '', head: 'patch-cycle/pc-2026-012', base: 'main', author: 'rita', state: 'closed', merged: true, mergedAt: '2026-12-04T13:00:00Z', requestedReviewers: [], requestedTeams: [] });
      stub.addReview(1, 'ivan', 'APPROVED', { submittedAt: '2026-12-04T11:00:00Z' });
      stub.addReview(1, 'sofia', 'APPROVED', { submittedAt: '2026-12-04T12:00:00Z' });
      const outcome = await evidence(fixture.work, [READY_CYCLE_PATH, '--out', outDir], { GITHUB_TOKEN: 'token-ci', GITHUB_API_URL: stub.url });
      assert.equal(outcome.code, 0, outcome.err);
      const markdown = fs.readFileSync(path.join(outDir, 'PC-2026-012.evidence.md'), 'utf8');
      assert.match(markdown, /- \*\*State:\*\* merged/);
      assert.match(markdown, /\| sofia \| approved \| 2026-12-04T12:00:00Z \| yes \| — \|/);
      assert.match(markdown, /\| ivan \| approved \| 2026-12-04T11:00:00Z \| no \| @ivan is not a Security Officer/);
    } finally {
      await stub.close();
    }
  });

  it('escapes odd names in the manifest', async () => {
    const odd = 'cycles/line\nbreak\\slash.cycle.yaml';
    fixture.commit({ [odd]: APPROVED_CYCLE }, 'Add a cycle with an odd name', 'rita');
    const outcome = await evidence(fixture.work, [odd, '--out', outDir]);
    assert.equal(outcome.code, 0, outcome.err);

    const manifest = fs.readFileSync(path.join(outDir, 'manifest.sha256'), 'utf8');
    const first = manifest.split('\n')[0];
    assert.match(first, /^\\[0-9a-f]{64} {2}line\\nbreak\\\\slash\.cycle\.yaml$/);
    const verified = spawnSync('sha256sum', ['-c', 'manifest.sha256'], { cwd: outDir, encoding: 'utf8' });
    assert.equal(verified.status, 0, verified.stdout + verified.stderr);
    assert.equal(verified.stdout.split('\n')[0], '\\line\\nbreak\\\\slash.cycle.yaml: OK');
  });

  it('replaces symlinks in the output folder', async () => {
    fs.mkdirSync(outDir);
    const victim = path.join(fixture.root, 'victim.txt');
    fs.writeFileSync(victim, 'keep\n');
    fs.symlinkSync(victim, path.join(outDir, 'PC-2026-012.evidence.md'));
    fs.symlinkSync(path.join(fixture.root, 'absent.txt'), path.join(outDir, 'manifest.sha256'));

    const outcome = await evidence(fixture.work, [READY_CYCLE_PATH, '--out', outDir]);
    assert.equal(outcome.code, 0, outcome.err);
    assert.equal(fs.readFileSync(victim, 'utf8'), 'keep\n');
    assert.equal(fs.existsSync(path.join(fixture.root, 'absent.txt')), false);
    assert.ok(fs.lstatSync(path.join(outDir, 'PC-2026-012.evidence.md')).isFile());
    assert.ok(fs.lstatSync(path.join(outDir, 'manifest.sha256')).isFile());
    const verified = spawnSync('sha256sum', ['-c', 'manifest.sha256'], { cwd: outDir, encoding: 'utf8' });
    assert.equal(verified.status, 0, verified.stdout + verified.stderr);
  });

  it('warns about a cycle that fails validation', async () => {
    const invalid = edit(APPROVED_CYCLE, (editor) => editor.delete(['steps', 'deploy', 'items', 'P-1', 'by']));
    fixture.commit({ [READY_CYCLE_PATH]: invalid }, 'Lose who deployed P-1', 'rita');
    const outcome = await evidence(fixture.work, [READY_CYCLE_PATH, '--out', outDir]);
    assert.equal(outcome.code, 0, outcome.err);
    assert.equal(outcome.err, `Warning: ${READY_CYCLE_PATH} fails validation with 1 error; the pack was written with a notice saying so. Run \`patch-cycles validate ${READY_CYCLE_PATH}\` and fix it before handing the pack to an auditor.\n`);

    const markdown = fs.readFileSync(path.join(outDir, 'PC-2026-012.evidence.md'), 'utf8');
    assert.match(markdown, /^# Evidence: patch cycle PC-2026-012\n\n> \*\*Warning:\*\* The cycle file failed validation with 1 error when this pack was generated \(PC3001 at line \d+\)\. The records below may be incomplete or inconsistent\.\n/);
    const html = fs.readFileSync(path.join(outDir, 'PC-2026-012.evidence.html'), 'utf8');
    assert.match(html, /<h1>Evidence: patch cycle PC-2026-012<\/h1>\n<p class="notice" role="alert"><strong>Warning:<\/strong> The cycle file failed validation with 1 error when this pack was generated \(PC3001 at line \d+\)\./);
  });

  it('adds no notice for a valid cycle', async () => {
    const outcome = await evidence(fixture.work, [READY_CYCLE_PATH, '--out', outDir]);
    assert.equal(outcome.err, '');
    const markdown = fs.readFileSync(path.join(outDir, 'PC-2026-012.evidence.md'), 'utf8');
    assert.doesNotMatch(markdown, /Warning/);
  });

  it('needs a git repository', async () => {
    const loose = path.join(fixture.root, 'loose.cycle.yaml');
    fs.writeFileSync(loose, APPROVED_CYCLE);
    const outcome = await evidence(fixture.root, [loose, '--out', outDir]);
    assert.equal(outcome.code, 2);
    assert.match(outcome.err, /must be inside a git repository to export its history/);
  });

  it('reads signatures with git log', () => {
    // The %G? placeholder is what the history section shows; git prints N for an unsigned commit.
    assert.equal(execFileSync('git', ['log', '-1', '--format=%G?'], { cwd: fixture.work, encoding: 'utf8' }).trim(), 'N');
  });
});

describe('cycleVex', () => {
  const validate = cycloneDxValidator();
  const options = { serialNumber: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79', timestamp: '2026-12-04T12:00:00Z', toolVersion: '0.1.0' };

  function vexOf(text: string) {
    const vex = cycleVex(loadYaml(text).value as Cycle, options) as { vulnerabilities: { analysis: { state: string; response?: string[]; detail: string } }[] };
    assert.ok(validate(vex), JSON.stringify(validate.errors, null, 2));
    return vex.vulnerabilities[0].analysis;
  }

  function decided(decision: string, extra: (editor: YamlEditor) => void = () => undefined): string {
    return edit(READY_CYCLE, (editor) => {
      editor.delete(['vulnerabilities', 0, 'verification']);
      editor.set(['vulnerabilities', 0, 'assessment', 'decision'], decision);
      extra(editor);
    });
  }

  it('maps a patch decision to exploitable with update', () => {
    assert.deepEqual(vexOf(decided('patch')), { state: 'exploitable', response: ['update'], detail: 'Decision: patch with P-1. Rationale: Exploited in the wild and reachable from the internet.' });
  });

  it('maps mitigate to a workaround', () => {
    assert.deepEqual(vexOf(decided('mitigate')).response, ['workaround_available']);
  });

  it('maps accept to will not fix', () => {
    const analysis = vexOf(decided('accept', (editor) => editor.set(['vulnerabilities', 0, 'assessment', 'expires'], '2027-03-01')));
    assert.deepEqual(analysis, { state: 'exploitable', response: ['will_not_fix'], detail: 'Decision: accept the risk until 2027-03-01. Rationale: Exploited in the wild and reachable from the internet.' });
  });

  it('maps defer to a later update', () => {
    assert.equal(vexOf(decided('defer')).state, 'exploitable');
  });

  it('maps no decision to in triage', () => {
    const text = edit(READY_CYCLE, (editor) => {
      editor.delete(['vulnerabilities', 0, 'verification']);
      editor.delete(['vulnerabilities', 0, 'assessment']);
    });
    assert.deepEqual(vexOf(text), { state: 'in_triage', detail: 'No decision recorded yet.' });
  });

  it('maps still open to exploitable with the follow-up', () => {
    const text = edit(READY_CYCLE, (editor) => {
      editor.set(['vulnerabilities', 0, 'verification', 'result'], 'still-open');
      editor.set(['vulnerabilities', 0, 'verification', 'followUp'], 'PC-2027-001');
    });
    assert.equal(vexOf(text).detail, 'Still open after deployment, verified by ivan at 2026-12-02T16:10:00Z (evidence S-2). Carried into PC-2027-001.');
  });
});
