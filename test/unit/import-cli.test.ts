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

  it('changes nothing when a report repeats a name with a lone surrogate', async () => {
    const directory = workspace();
    // JSON allows a lone UTF-16 surrogate; the cycle file is UTF-8 and stores U+FFFD instead.
    fs.writeFileSync(path.join(directory, 'reports/surrogate.json'), '{"SchemaVersion": 2, "ArtifactName": "app", "CreatedAt": "2026-11-01T00:00:00Z", "Results": [{"Target": "app", "Vulnerabilities": [{"VulnerabilityID": "CVE-2026-0001", "PkgName": "lib\\ud800x", "InstalledVersion": "1.0", "Title": "t\\udc00"}]}]}');
    const args = ['import', 'reports/surrogate.json', '--cycle', 'december.cycle.yaml', '--system', 'payments-api'];
    assert.equal(await run(args, captureIo(directory)), 0);
    const first = fs.readFileSync(path.join(directory, 'december.cycle.yaml'), 'utf8');
    assert.match(first, /name: lib\uFFFDx\n/);
    const io = captureIo(directory);
    assert.equal(await run(args, io), 0);
    assert.equal(fs.readFileSync(path.join(directory, 'december.cycle.yaml'), 'utf8'), first);
    assert.match(io.stdout, /added: 0; updated: 0; not seen any more: 0/);
  });

  it('refuses a report whose scan time is not a date-time', async () => {
    const directory = workspace();
    const before = fs.readFileSync(path.join(directory, 'december.cycle.yaml'), 'utf8');
    fs.writeFileSync(path.join(directory, 'reports/bad-time.json'), '{"SchemaVersion": 2, "ArtifactName": "app", "CreatedAt": "2019-01-01T99:99:99Z", "Results": [{"Target": "app", "Vulnerabilities": [{"VulnerabilityID": "CVE-2026-0001", "PkgName": "lib"}]}]}');
    const io = captureIo(directory);
    assert.equal(await run(['import', 'reports/bad-time.json', '--cycle', 'december.cycle.yaml', '--system', 'payments-api'], io), 1);
    assert.equal(io.stderr, 'reports/bad-time.json: The scan time CreatedAt "2019-01-01T99:99:99Z" is not a valid ISO 8601 date-time, so the age of the scan is unknown; fix the report or scan again.\ndecember.cycle.yaml: no changes.\n');
    assert.equal(fs.readFileSync(path.join(directory, 'december.cycle.yaml'), 'utf8'), before);
  });

  it('lists every field it leaves out because of its type', async () => {
    const directory = workspace();
    fs.writeFileSync(path.join(directory, 'reports/types.json'), JSON.stringify({
      SchemaVersion: 2, ArtifactName: 'app', CreatedAt: '2026-11-01T00:00:00Z',
      Results: [{ Target: 'app', Vulnerabilities: [
        { VulnerabilityID: 'CVE-2026-0100', PkgName: 'p0', InstalledVersion: null, FixedVersion: 1, Title: [], CVSS: { nvd: null, ghsa: 'x' } },
        { VulnerabilityID: 'CVE-2026-0101', PkgName: 'p1', InstalledVersion: { a: 1 }, FixedVersion: true, Title: 'ok' }
      ] }]
    }));
    const io = captureIo(directory);
    assert.equal(await run(['import', 'reports/types.json', '--cycle', 'december.cycle.yaml', '--system', 'payments-api'], io), 0);
    const notes = io.stdout.split('\n').filter((line) => line.startsWith('  note: '));
    assert.deepEqual(notes, [
      '  note: 7 fields of the wrong type were left out:',
      '  note: Results[0].Vulnerabilities[0] (CVE-2026-0100): InstalledVersion is null, not a string',
      '  note: Results[0].Vulnerabilities[0] (CVE-2026-0100): FixedVersion is a number, not a string',
      '  note: Results[0].Vulnerabilities[0] (CVE-2026-0100): Title is a list, not a string',
      '  note: Results[0].Vulnerabilities[0] (CVE-2026-0100): CVSS.nvd is null, not an object',
      '  note: Results[0].Vulnerabilities[0] (CVE-2026-0100): CVSS.ghsa is a string, not an object',
      '  note: Results[0].Vulnerabilities[1] (CVE-2026-0101): InstalledVersion is an object, not a string',
      '  note: Results[0].Vulnerabilities[1] (CVE-2026-0101): FixedVersion is a boolean, not a string'
    ]);
  });

  it('lists skipped KEV entries, the first five and a count of the rest', async () => {
    const directory = workspace();
    const vulnerabilities = Array.from({ length: 7 }, (_, index) => ({ cveID: `bad-${index}`, dateAdded: '2026-01-01' }));
    fs.writeFileSync(path.join(directory, 'kev.json'), JSON.stringify({ catalogVersion: '2026.11.01', dateReleased: '2026-11-01T00:00:00.000Z', vulnerabilities }));
    const io = captureIo(directory);
    assert.equal(await run(['import', 'reports/alpine-310.json', '--cycle', 'december.cycle.yaml', '--system', 'payments-api', '--kev', 'kev.json', '--dry-run'], io), 0);
    assert.equal(io.stderr.split('\n').slice(0, 7).join('\n'), [
      'KEV catalog: 7 entries skipped:',
      '  vulnerabilities[0]: cveID "bad-0" is not a CVE id',
      '  vulnerabilities[1]: cveID "bad-1" is not a CVE id',
      '  vulnerabilities[2]: cveID "bad-2" is not a CVE id',
      '  vulnerabilities[3]: cveID "bad-3" is not a CVE id',
      '  vulnerabilities[4]: cveID "bad-4" is not a CVE id',
      '  and 2 more.'
    ].join('\n'));
  });

  it('escapes control characters of report values in the summary', async () => {
    const directory = workspace();
    fs.writeFileSync(path.join(directory, 'reports/escapes.json'), '{"SchemaVersion": 2, "ArtifactName": "app", "CreatedAt": "2026-11-01T00:00:00Z", "Results": [{"Target": "app", "Vulnerabilities": [{"VulnerabilityID": "CVE-2026-0002", "PkgName": "pkg\\u001b[2J\\u009bred\\u2028x", "InstalledVersion": "1", "Title": "t"}]}]}');
    const io = captureIo(directory);
    assert.equal(await run(['import', 'reports/escapes.json', '--cycle', 'december.cycle.yaml', '--system', 'payments-api'], io), 0);
    assert.match(io.stdout, /\n  added V-001 CVE-2026-0002 in pkg\\u001b\[2J\\u009bred\\u2028x on payments-api\n/);
    assert.doesNotMatch(io.stdout, /[\u001b\u009b\u2028]/);
  });

  it('exits 2 on usage and I/O errors', async () => {
    const directory = workspace();
    assert.equal(await run(['import', 'reports/alpine-310.json'], captureIo(directory)), 2);
    assert.equal(await run(['import', '--cycle', 'december.cycle.yaml'], captureIo(directory)), 2);
    assert.equal(await run(['import', 'missing.json', '--cycle', 'december.cycle.yaml'], captureIo(directory)), 2);
    assert.equal(await run(['import', 'reports/alpine-310.json', '--cycle', 'december.cycle.yaml', '--phase', 'deploy'], captureIo(directory)), 2);
  });
});
