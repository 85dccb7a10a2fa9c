import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CliIo } from '../../src/cli/io';
import { run } from '../../src/cli/main';

const repoRoot = path.resolve(__dirname, '../..');
const corpus = path.resolve(repoRoot, '../shared/corpus');
const fixtures = path.join(repoRoot, 'test/fixtures/import');

function captureIo(cwd: string): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    out(text: string) { io.stdout += text; },
    err(text: string) { io.stderr += text; },
    cwd,
    env: {},
    version: 'test'
  };
  return io;
}

function workspace(): string {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'import-cli-'));
  fs.copyFileSync(path.join(fixtures, 'base.cycle.yaml'), path.join(directory, 'december.cycle.yaml'));
  fs.mkdirSync(path.join(directory, 'reports'));
  for (const file of ['trivy/alpine-310.json', 'trivy/spring4shell-jre8.json', 'cyclonedx/bom-examples-CISA-case1-vex-not_affected.cdx.json', 'grype/empty.grype.json']) {
    fs.copyFileSync(path.join(corpus, file), path.join(directory, 'reports', path.basename(file)));
  }
  fs.writeFileSync(path.join(directory, 'reports/notes.json'), '{"meeting": "Tuesday"}');
  return directory;
}

describe('import command', () => {
  it('imports, writes the file and prints the summary', async () => {
    const directory = workspace();
    const io = captureIo(directory);
    const code = await run(['import', 'reports/alpine-310.json', '--cycle', 'december.cycle.yaml', '--system', 'payments-api'], io);
    assert.equal(code, 0, io.stderr);
    assert.match(io.stdout, /^reports\/alpine-310\.json: trivy report from Trivy dev, scanned 2021-08-25T12:20:30Z, scan S-001 \(new\), systems payments-api\n/);
    assert.match(io.stdout, /\n  findings read: 4; added: 4; updated: 0; not seen any more: 0; skipped: 0\n/);
    assert.match(io.stdout, /\n  added V-004 CVE-2019-1551 in libssl1\.1 on payments-api\n/);
    assert.equal(io.stderr, 'Updated december.cycle.yaml.\n');
    const text = fs.readFileSync(path.join(directory, 'december.cycle.yaml'), 'utf8');
    assert.match(text, /\n    file: reports\/alpine-310\.json\n/);
  });

  it('changes nothing on a second run', async () => {
    const directory = workspace();
    const args = ['import', 'reports/alpine-310.json', 'reports/empty.grype.json', '--cycle', 'december.cycle.yaml', '--system', 'payments-api'];
    assert.equal(await run(args, captureIo(directory)), 0);
    const before = fs.readFileSync(path.join(directory, 'december.cycle.yaml'));
    const io = captureIo(directory);
    assert.equal(await run(args, io), 0);
    assert.deepEqual(fs.readFileSync(path.join(directory, 'december.cycle.yaml')), before);
    assert.equal(io.stderr, 'december.cycle.yaml: no changes.\n');
  });

  it('enriches with KEV and EPSS snapshots', async () => {
    const directory = workspace();
    const io = captureIo(directory);
    const kev = path.join(corpus, 'kev/known_exploited_vulnerabilities.json');
    const epss = path.join(fixtures, 'epss-sample.csv');
    assert.equal(await run(['import', 'reports/spring4shell-jre8.json', '--cycle', 'december.cycle.yaml', '--system', 'payments-api', '--kev', kev, '--epss', epss], io), 0);
    const text = fs.readFileSync(path.join(directory, 'december.cycle.yaml'), 'utf8');
    assert.ok(text.includes("    kev:\n      dateAdded: '2022-04-04'\n      knownRansomwareCampaignUse: Unknown\n      dueDate: '2022-04-25'\n      catalogVersion: 2025.08.25\n"), text);
    assert.ok(text.includes('    epss:\n      probability: 0.97432\n      percentile: 0.99961\n'), text);
  });

  it('does not write in a dry run', async () => {
    const directory = workspace();
    const before = fs.readFileSync(path.join(directory, 'december.cycle.yaml'), 'utf8');
    const io = captureIo(directory);
    assert.equal(await run(['import', 'reports/alpine-310.json', '--cycle', 'december.cycle.yaml', '--system', 'payments-api', '--dry-run'], io), 0);
    assert.equal(fs.readFileSync(path.join(directory, 'december.cycle.yaml'), 'utf8'), before);
    assert.equal(io.stderr, 'Dry run: the cycle file was not written.\n');
  });

  it('exits 0 when every entry was skipped for a stated reason', async () => {
    const directory = workspace();
    const io = captureIo(directory);
    assert.equal(await run(['import', 'reports/bom-examples-CISA-case1-vex-not_affected.cdx.json', '--cycle', 'december.cycle.yaml', '--system', 'payments-api'], io), 0);
    assert.match(io.stdout, /\n  skipped vulnerabilities\[0\]: CVE-2021-44228: VEX analysis state is not_affected \(code_not_present\)\n/);
  });

  it('exits 1 for an unsupported file', async () => {
    const directory = workspace();
    const io = captureIo(directory);
    assert.equal(await run(['import', 'reports/notes.json', 'reports/alpine-310.json', '--cycle', 'december.cycle.yaml', '--system', 'payments-api'], io), 1);
    assert.match(io.stderr, /^reports\/notes\.json: The report matches no supported format\. Expected Trivy JSON, Grype JSON, SARIF 2\.1\.0/);
    assert.match(fs.readFileSync(path.join(directory, 'december.cycle.yaml'), 'utf8'), /advisory: CVE-2019-1549/);
  });

  it('exits 1 when no system matches', async () => {
    const directory = workspace();
    const io = captureIo(directory);
    assert.equal(await run(['import', 'reports/alpine-310.json', '--cycle', 'december.cycle.yaml'], io), 1);
    assert.match(io.stderr, /matches no system id or name in the cycle \(systems: payments-api, backoffice\)\. Pass --system <id>/);
  });

  it('exits 2 on usage and I/O errors', async () => {
    const directory = workspace();
    assert.equal(await run(['import', 'reports/alpine-310.json'], captureIo(directory)), 2);
    assert.equal(await run(['import', '--cycle', 'december.cycle.yaml'], captureIo(directory)), 2);
    assert.equal(await run(['import', 'missing.json', '--cycle', 'december.cycle.yaml'], captureIo(directory)), 2);
    assert.equal(await run(['import', 'reports/alpine-310.json', '--cycle', 'december.cycle.yaml', '--phase', 'deploy'], captureIo(directory)), 2);
  });
});
