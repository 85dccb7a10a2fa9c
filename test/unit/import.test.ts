import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdits } from '../../src/core/diagnostics';
import { parseEpssCsv } from '../../src/core/enrich/epss';
import { parseKevCatalog } from '../../src/core/enrich/kev';
import { parseReport, SUPPORTED_FORMATS } from '../../src/core/import/detect';
import { importReport, targetKeys, type ImportOptions } from '../../src/core/import/merge';
import { ReportError } from '../../src/core/import/types';
import { loadYaml } from '../../src/core/yaml/load';

const repoRoot = path.resolve(__dirname, '../..');
const corpus = path.resolve(repoRoot, '../shared/corpus');
const fixtures = path.join(repoRoot, 'test/fixtures/import');
const baseCycle = fs.readFileSync(path.join(fixtures, 'base.cycle.yaml'), 'utf8');

const REPORT_DIRECTORIES = ['trivy', 'grype', 'sarif', 'osv', 'cyclonedx'];
const corpusReports = REPORT_DIRECTORIES.flatMap((directory) =>
  fs.readdirSync(path.join(corpus, directory)).map((file) => path.join(corpus, directory, file))
);

function options(overrides: Partial<ImportOptions> = {}): ImportOptions {
  return {
    fileName: 'report.json',
    system: 'payments-api',
    phase: 'identify',
    now: '2026-12-04T10:00:00Z',
    fallbackScanTime: '2026-12-04T09:00:00Z',
    ...overrides
  };
}

function importText(cycle: string, reportText: string, overrides: Partial<ImportOptions> = {}) {
  const result = importReport(cycle, parseReport(reportText), options(overrides));
  if (!result.ok) {
    assert.fail(result.message);
  }
  return result;
}

function vulnerabilities(text: string): Record<string, unknown>[] {
  const value = loadYaml(text).value as { vulnerabilities?: Record<string, unknown>[] };
  return value.vulnerabilities ?? [];
}

describe('import: format detection', () => {
  const expected: Record<string, string> = { trivy: 'trivy', grype: 'grype', sarif: 'sarif', osv: 'osv', cyclonedx: 'cyclonedx' };
  for (const file of corpusReports) {
    const directory = path.basename(path.dirname(file));
    it(`detects ${directory}/${path.basename(file)} as ${expected[directory]}`, () => {
      assert.equal(parseReport(fs.readFileSync(file, 'utf8')).format, expected[directory]);
    });
  }

  it('names the expected formats for an unknown JSON object', () => {
    assert.throws(() => parseReport('{"hello": "world"}'), (error: unknown) => {
      assert.ok(error instanceof ReportError);
      assert.equal(error.message, `The report matches no supported format. Expected ${SUPPORTED_FORMATS}.`);
      return true;
    });
  });

  it('rejects text that is not JSON', () => {
    assert.throws(() => parseReport('<html></html>'), (error: unknown) => error instanceof ReportError && error.message.startsWith('The report is not valid JSON'));
  });

  it('rejects a KEV catalog given as a report', () => {
    const kev = fs.readFileSync(path.join(corpus, 'kev/known_exploited_vulnerabilities.json'), 'utf8');
    assert.throws(() => parseReport(kev), ReportError);
  });

  it('rejects SARIF other than 2.1.0', () => {
    assert.throws(() => parseReport('{"version": "2.0.0", "runs": []}'), /SARIF version "2.0.0" is not supported/);
  });
});

describe('import: every corpus report', () => {
  for (const file of corpusReports) {
    const name = `${path.basename(path.dirname(file))}/${path.basename(file)}`;
    it(`imports ${name} and accounts for every finding`, () => {
      const text = fs.readFileSync(file, 'utf8');
      const parsed = parseReport(text);
      const result = importText(baseCycle, text, { fileName: path.basename(file) });
      const mergeSkips = result.summary.skipped.length - parsed.skipped.length;
      assert.equal(result.summary.added.length + mergeSkips, parsed.findings.length);
      assert.equal(vulnerabilities(result.text).length, result.summary.added.length);
      assert.ok(result.text.startsWith('# Patch cycle for December'));
      assert.equal(loadYaml(result.text).diagnostics.filter((d) => d.severity === 'error').length, 0);
    });

    it(`re-imports ${name} without any edit`, () => {
      const text = fs.readFileSync(file, 'utf8');
      const first = importText(baseCycle, text, { fileName: path.basename(file) });
      const second = importText(first.text, text, { fileName: path.basename(file), now: '2026-12-05T11:00:00Z' });
      assert.deepEqual(second.edits, []);
      assert.equal(second.text, first.text);
      assert.equal(second.summary.scanIsNew, false);
      assert.equal(second.summary.added.length, 0);
    });
  }
});

describe('import: Trivy', () => {
  const alpine = fs.readFileSync(path.join(corpus, 'trivy/alpine-310.json'), 'utf8');

  it('maps an OS package finding field by field', () => {
    const result = importText(baseCycle, alpine, { fileName: 'reports/alpine-310.json' });
    const [first] = vulnerabilities(result.text);
    assert.deepEqual(first, {
      id: 'V-001',
      advisory: 'CVE-2019-1549',
      title: 'openssl: information disclosure in fork()',
      category: 'application',
      system: 'payments-api',
      component: { name: 'libcrypto1.1', purl: 'pkg:apk/alpine/libcrypto1.1@1.1.1c-r0?arch=x86_64&distro=3.10.2', installed: '1.1.1c-r0', fixed: '1.1.1d-r0' },
      source: { kind: 'scan', scan: 'S-001' },
      detected: '2021-08-25',
      cvss: [
        { source: 'nvd', vector: 'AV:N/AC:L/Au:N/C:P/I:N/A:N', version: '2.0', baseScore: 5, severity: 'medium' },
        { source: 'nvd', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N', version: '3.1', baseScore: 5.3, severity: 'medium' },
        { source: 'redhat', vector: 'CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:N', version: '3.0', baseScore: 4.8, severity: 'medium' }
      ]
    });
    const scans = (loadYaml(result.text).value as { scans: unknown[] }).scans;
    assert.deepEqual(scans, [
      {
        id: 'S-001',
        file: 'reports/alpine-310.json',
        scanner: 'Trivy dev',
        format: 'trivy',
        scannedAt: '2021-08-25T12:20:30Z',
        importedAt: '2026-12-04T10:00:00Z',
        systems: ['payments-api'],
        phase: 'identify'
      }
    ]);
  });

  it('gives the same CVE in two packages two entries', () => {
    const result = importText(baseCycle, alpine);
    const keys = vulnerabilities(result.text).map((v) => `${v.id} ${v.advisory} ${(v.component as { name: string }).name}`);
    assert.deepEqual(keys, ['V-001 CVE-2019-1549 libcrypto1.1', 'V-002 CVE-2019-1551 libcrypto1.1', 'V-003 CVE-2019-1549 libssl1.1', 'V-004 CVE-2019-1551 libssl1.1']);
  });

  it('leaves the rest of the file byte for byte', () => {
    const result = importText(baseCycle, alpine);
    assert.ok(result.text.startsWith(baseCycle.slice(0, baseCycle.indexOf('    exposure: internal\n') + '    exposure: internal\n'.length)));
    assert.ok(result.text.endsWith('\nsteps:\n  identify:\n    status: in-progress\n'));
  });

  it('imports secrets as user-access without the matched text', () => {
    const result = importText(baseCycle, fs.readFileSync(path.join(corpus, 'trivy/secrets.json'), 'utf8'));
    const entries = vulnerabilities(result.text);
    assert.deepEqual(entries.map((v) => [v.advisory, v.category, (v.component as { name: string }).name]), [
      ['aws-access-key-id', 'user-access', 'deploy.sh:3'],
      ['mysecret', 'user-access', 'deploy.sh:7']
    ]);
    assert.ok(!result.text.includes('AWS_ACCESS_KEY_ID'));
  });

  it('imports a failed misconfiguration as configuration', () => {
    const result = importText(baseCycle, fs.readFileSync(path.join(corpus, 'trivy/dockerfile.json'), 'utf8'));
    const [entry] = vulnerabilities(result.text);
    assert.equal(entry.advisory, 'DS-0002');
    assert.equal(entry.category, 'configuration');
    assert.deepEqual(entry.component, { name: 'Dockerfile' });
  });

  it('reads a Kubernetes report and maps resources to systems', () => {
    const text = fs.readFileSync(path.join(fixtures, 'trivy-k8s.json'), 'utf8');
    const result = importText(baseCycle, text, { system: undefined });
    assert.deepEqual(result.summary.systems, ['payments-api']);
    assert.deepEqual(result.summary.added.map((a) => `${a.advisory} ${a.component}`), ['CVE-2024-2961 libc6', 'AVD-KSV-0001 Deployment/payments-api']);
    assert.deepEqual(result.summary.skipped, [
      { location: 'Resources[0].Results[1].Misconfigurations[1]', reason: 'AVD-KSV-0003: check status is PASS, not FAIL' },
      { location: 'Resources[1].Results', reason: 'Results is a string, not a list' },
      { location: 'Resources[2]', reason: 'the resource is a string, not an object' }
    ]);
    assert.equal(result.summary.scannedAt, '2026-12-03T08:00:00Z');
  });

  it('rejects oversized identifying values', () => {
    const report = {
      SchemaVersion: 2,
      ArtifactName: 'payments-api',
      CreatedAt: '2026-12-02T09:30:00Z',
      Results: [{ Target: 'x', Vulnerabilities: [
        { VulnerabilityID: 'CVE-2024-0001', PkgName: 'p'.repeat(513) },
        { VulnerabilityID: 'CVE-2024-0002', PkgName: 'zlib', InstalledVersion: '1'.repeat(600) },
        { VulnerabilityID: 'CVE-2024-0003', PkgName: 'zlib', VendorIDs: Array.from({ length: 21 }, (_, i) => `DSA-${i}`) },
        { VulnerabilityID: 'CVE-2024-0004', PkgName: 'zlib' }
      ] }]
    };
    const result = importText(baseCycle, JSON.stringify(report));
    assert.deepEqual(result.summary.added.map((a) => a.advisory), ['CVE-2024-0004']);
    assert.deepEqual(result.summary.skipped, [
      { location: 'Results[0].Vulnerabilities[0]', reason: 'the component name is 513 characters long, more than 512' },
      { location: 'Results[0].Vulnerabilities[1]', reason: 'the installed version is 600 characters long, more than 512' },
      { location: 'Results[0].Vulnerabilities[2]', reason: 'CVE-2024-0003 has 21 aliases, more than 20' }
    ]);
  });

  it('skips malformed entries one by one with reasons', () => {
    const text = fs.readFileSync(path.join(fixtures, 'trivy-malformed.json'), 'utf8');
    const result = importText(baseCycle, text);
    assert.deepEqual(result.summary.added.map((a) => a.advisory), ['CVE-2024-9143']);
    assert.deepEqual(result.summary.skipped, [
      { location: 'Results[0].Vulnerabilities[1]', reason: 'VulnerabilityID is missing or not a string' },
      { location: 'Results[0].Vulnerabilities[2]', reason: 'CVE-2024-9143: PkgName is missing or not a string' },
      { location: 'Results[0].Vulnerabilities[3]', reason: 'the entry is a string, not an object' },
      { location: 'Results[0].Vulnerabilities[4]', reason: 'the entry is a null, not an object' },
      { location: 'Results[0].Vulnerabilities[5]', reason: 'CVE-2024-6119: PkgName is missing or not a string' },
      { location: 'Results[0].Secrets', reason: 'expected a list, found a object' },
      { location: 'Results[0].Licenses[0]', reason: 'a license finding is not a security vulnerability' },
      { location: 'Results[1]', reason: 'the result is a number, not an object' }
    ]);
    assert.deepEqual(result.summary.scoreMismatches, [
      { advisory: 'CVE-2024-9143', source: 'nvd', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:L', claimed: 9.9, computed: 6.5 }
    ]);
    assert.equal(result.summary.invalidVectors.length, 1);
    assert.equal(result.summary.invalidVectors[0].reason, 'CVSS 3.1 vector "CVSS:3.1/AV:Q/AC:L": AV:Q is not a valid value (expected one of N, A, L, P)');
    assert.equal(result.summary.scannedAt, '2026-12-02T08:30:00Z');
  });
});

describe('import: other formats', () => {
  it('keeps the computed score when a CycloneDX rating claims another', () => {
    const text = fs.readFileSync(path.join(fixtures, 'cdx-vex-exploitable.cdx.json'), 'utf8');
    const result = importText(baseCycle, text, { system: 'backoffice' });
    assert.deepEqual(result.summary.scoreMismatches, [
      { advisory: 'CVE-2020-25649', source: 'snyk', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N', claimed: 8.2, computed: 7.5 },
      {
        advisory: 'CVE-2020-25649',
        source: 'acme inc',
        vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N/CR:X/IR:X/AR:X/MAV:X/MAC:X/MPR:X/MUI:X/MS:X/MC:N/MI:N/MA:N',
        claimed: 0,
        computed: 7.5
      }
    ]);
    const [entry] = vulnerabilities(result.text);
    assert.deepEqual((entry.cvss as { baseScore: number }[]).map((c) => c.baseScore), [7.5, 7.5, 7.5]);
    assert.deepEqual(entry.component, { name: 'jackson-databind', purl: 'pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0?type=jar', installed: '2.10.0' });
    assert.deepEqual(entry.aliases, ['SNYK-JAVA-COMFASTERXMLJACKSONCORE-1048302']);
  });

  it('skips VEX not_affected with the justification', () => {
    const text = fs.readFileSync(path.join(corpus, 'cyclonedx/bom-examples-CISA-case1-vex-not_affected.cdx.json'), 'utf8');
    const result = importText(baseCycle, text);
    assert.deepEqual(result.summary.skipped, [{ location: 'vulnerabilities[0]', reason: 'CVE-2021-44228: VEX analysis state is not_affected (code_not_present)' }]);
  });

  it('reads osv-scanner output and joins a group into one finding', () => {
    const text = fs.readFileSync(path.join(fixtures, 'osv-scanner.json'), 'utf8');
    const result = importText(baseCycle, text, { system: 'backoffice' });
    const [entry] = vulnerabilities(result.text);
    assert.equal(entry.advisory, 'CVE-2023-32681');
    assert.deepEqual(entry.aliases, ['GHSA-j8r2-6x86-q33q', 'PYSEC-2023-74']);
    assert.deepEqual(entry.component, { name: 'requests', installed: '2.25.1', fixed: '2.31.0' });
    assert.deepEqual(result.summary.skipped, [
      { location: 'results[0].packages[0].vulnerabilities[1]', reason: 'PYSEC-2023-74 is an alias of GHSA-j8r2-6x86-q33q in the same osv-scanner group' }
    ]);
  });

  it('prefers the CVE id of an OSV record with aliases', () => {
    const text = fs.readFileSync(path.join(corpus, 'osv/PYSEC-2023-74.osv.json'), 'utf8');
    const [entry] = vulnerabilities(importText(baseCycle, text).text);
    assert.equal(entry.advisory, 'CVE-2023-32681');
    assert.deepEqual(entry.aliases, ['PYSEC-2023-74', 'GHSA-j8r2-6x86-q33q']);
  });

  it('reads the package from Trivy SARIF messages', () => {
    const text = fs.readFileSync(path.join(corpus, 'sarif/trivy-alpine-310.sarif'), 'utf8');
    const result = importText(baseCycle, text);
    const [entry] = vulnerabilities(result.text);
    assert.deepEqual(entry.component, { name: 'libcrypto1.1', installed: '1.1.1c-r0', fixed: '1.1.1d-r0' });
    assert.equal(entry.advisory, 'CVE-2019-1549');
  });

  it('takes the advisory from Grype SARIF rule ids', () => {
    const text = fs.readFileSync(path.join(corpus, 'sarif/grype-image.sarif'), 'utf8');
    const result = importText(baseCycle, text);
    assert.deepEqual(result.summary.added.map((a) => `${a.advisory} ${a.component}`), ['CVE-1999-0001 package-1', 'CVE-1999-0002 package-2']);
  });

  it('skips every entry of invalid SARIF with a reason', () => {
    const text = fs.readFileSync(path.join(corpus, 'sarif/codeql-action-invalid.sarif'), 'utf8');
    const result = importText(baseCycle, text);
    assert.deepEqual(result.summary.skipped, [{ location: 'runs[0].results', reason: 'results is a number, not a list; the run is invalid SARIF 2.1.0' }]);
  });

  it('skips suppressed SARIF results and keeps rejected suppressions', () => {
    const sarif = JSON.parse(fs.readFileSync(path.join(corpus, 'sarif/sarif-tutorials-Suppressions.sarif'), 'utf8'));
    sarif.runs[0].tool.driver.rules = [{ id: 'TUT1001', properties: { 'security-severity': 'high', tags: ['security'] } }];
    const result = importText(baseCycle, JSON.stringify(sarif));
    const reasons = result.summary.skipped.map((s) => s.reason);
    assert.equal(result.summary.added.length + result.summary.skipped.length, sarif.runs[0].results.length);
    assert.ok(reasons.includes('TUT1001: suppressed (inSource)'));
    assert.ok(reasons.includes('TUT1001: suppressed (external, accepted)'));
  });

  it('uses Grype fix and related CVSS entries', () => {
    const text = fs.readFileSync(path.join(corpus, 'grype/ghsa-java.grype.json'), 'utf8');
    const [entry] = vulnerabilities(importText(baseCycle, text).text);
    assert.equal(entry.advisory, 'CVE-2014-3577');
    assert.deepEqual(entry.aliases, ['GHSA-cfh5-3ghh-wfjx']);
    assert.deepEqual(entry.cvss, [{ source: 'nvd', vector: 'AV:N/AC:M/Au:N/C:P/I:P/A:N', version: '2.0', baseScore: 5.8, severity: 'medium' }]);
  });
});

describe('import: format variants', () => {
  it('reads a Grype matchDetails object and a missing severity', () => {
    const grype = JSON.parse(fs.readFileSync(path.join(corpus, 'grype/image-with-epss-kev.grype.json'), 'utf8'));
    grype.matches[0].matchDetails = grype.matches[0].matchDetails[0];
    delete grype.matches[0].vulnerability.severity;
    const result = importText(baseCycle, JSON.stringify(grype));
    const [entry] = vulnerabilities(result.text);
    assert.deepEqual(entry.component, { name: 'package-1', installed: '1.1.1', fixed: '1.2.1' });
    assert.equal(result.summary.added.length, 2);
  });

  it('finds SARIF rules under tool.extensions', () => {
    const sarif = JSON.parse(fs.readFileSync(path.join(corpus, 'sarif/grype-image.sarif'), 'utf8'));
    const run = sarif.runs[0];
    run.tool.extensions = [{ name: 'grype-rules', rules: run.tool.driver.rules }];
    run.tool.driver.rules = [];
    run.results = run.results.map((result: Record<string, unknown>, index: number) => ({ ...result, rule: { index, toolComponent: { index: 0 } } }));
    const result = importText(baseCycle, JSON.stringify(sarif));
    assert.deepEqual(result.summary.added.map((a) => `${a.advisory} ${a.component}`), ['CVE-1999-0001 package-1', 'CVE-1999-0002 package-2']);
    assert.deepEqual(result.summary.skipped, []);
  });

  it('accepts security-severity as number, numeric string or word', () => {
    for (const value of [8.1, '8.1', 'high']) {
      const sarif = {
        version: '2.1.0',
        runs: [{ tool: { driver: { name: 'scanner', rules: [{ id: 'CVE-2024-0001', properties: { 'security-severity': value } }] } }, results: [{ ruleId: 'CVE-2024-0001', message: { text: 'Package: zlib' } }] }]
      };
      const result = importText(baseCycle, JSON.stringify(sarif));
      assert.deepEqual(result.summary.added.map((a) => `${a.advisory} ${a.component}`), ['CVE-2024-0001 zlib'], String(value));
    }
  });

  it('derives SARIF categories from tags and CWE ids', () => {
    const rules = [
      { id: 'R1', properties: { 'security-severity': '9.1', tags: ['security', 'external/cwe/cwe-798'] } },
      { id: 'R2', properties: { 'security-severity': '5.0', tags: ['security', 'external/cwe/cwe-319'] } },
      { id: 'R3', properties: { 'security-severity': '5.0', tags: ['security'] }, relationships: [{ target: { id: '312', toolComponent: { name: 'CWE' } } }] },
      { id: 'R4', properties: { 'security-severity': '5.0', tags: ['security', 'iac'] } },
      { id: 'R5', properties: { 'security-severity': '5.0', tags: ['security', 'external/cwe/cwe-79'] } }
    ];
    const sarif = {
      version: '2.1.0',
      runs: [{ tool: { driver: { name: 'scanner', rules } }, results: rules.map((rule) => ({ ruleId: rule.id, message: { text: `Package: ${rule.id.toLowerCase()}` } })) }]
    };
    const entries = vulnerabilities(importText(baseCycle, JSON.stringify(sarif)).text);
    assert.deepEqual(entries.map((entry) => entry.category), ['user-access', 'network', 'stored-data', 'configuration', 'application']);
  });

  it('reads a list of OSV records', () => {
    const records = ['osv/GO-2024-2963.osv.json', 'osv/withdrawn-ghsa.osv.json'].map((file) => JSON.parse(fs.readFileSync(path.join(corpus, file), 'utf8')));
    const result = importText(baseCycle, JSON.stringify(records));
    assert.deepEqual(result.summary.added.map((a) => `${a.advisory} ${a.component}`), ['CVE-2024-24791 stdlib']);
    assert.deepEqual(result.summary.skipped, [{ location: '[1]', reason: 'GHSA-35c4-f3rq-f9g3 was withdrawn on 2018-10-11T17:29:49Z' }]);
  });
});

describe('import: systems', () => {
  it('maps an image name to the system with that id', () => {
    assert.deepEqual(targetKeys('ghcr.io/acme/payments-api:1.4'), ['ghcr.io/acme/payments-api:1.4', 'payments-api:1.4', 'payments-api']);
    assert.deepEqual(targetKeys('testdata/fixtures/images/alpine-310.tar.gz'), ['testdata/fixtures/images/alpine-310.tar.gz', 'alpine-310.tar.gz', 'alpine-310']);
  });

  it('explains an unmapped target', () => {
    const result = importReport(baseCycle, parseReport(fs.readFileSync(path.join(corpus, 'trivy/npm.json'), 'utf8')), options({ system: undefined }));
    assert.deepEqual(result, {
      ok: false,
      message:
        'The report\'s target "testdata/fixtures/repo/npm" matches no system id or name in the cycle (systems: payments-api, backoffice). Pass --system <id> to say which system was scanned.'
    });
  });

  it('rejects an unknown --system', () => {
    const result = importReport(baseCycle, parseReport(fs.readFileSync(path.join(corpus, 'trivy/npm.json'), 'utf8')), options({ system: 'mainframe' }));
    assert.deepEqual(result, { ok: false, message: '--system mainframe is not a system of this cycle; use one of: payments-api, backoffice.' });
  });
});

describe('import: newer scans and verification', () => {
  const alpine = JSON.parse(fs.readFileSync(path.join(corpus, 'trivy/alpine-310.json'), 'utf8'));

  function newerScan(): string {
    const newer = structuredClone(alpine);
    newer.CreatedAt = '2026-12-10T06:00:00Z';
    const list = newer.Results[0].Vulnerabilities as { VulnerabilityID: string; PkgName: string; FixedVersion: string }[];
    newer.Results[0].Vulnerabilities = list.filter((v) => !(v.VulnerabilityID === 'CVE-2019-1551' && v.PkgName === 'libssl1.1'));
    newer.Results[0].Vulnerabilities[0].FixedVersion = '1.1.1d-r3';
    return JSON.stringify(newer);
  }

  function withAssessment(text: string): string {
    // A decision written by hand, with a comment, must survive every import.
    return text.replace('  - id: V-004\n', '  - id: V-004\n    # Agreed with the payments team on 2026-12-04.\n    assessment:\n      impact: high\n      decision: patch\n');
  }

  it('updates what changed and marks what disappeared', () => {
    const first = importText(baseCycle, JSON.stringify(alpine), { fileName: 'alpine-1.json' });
    const edited = withAssessment(first.text);
    const second = importText(edited, newerScan(), { fileName: 'alpine-2.json' });
    assert.equal(second.summary.scanId, 'S-002');
    assert.deepEqual(second.summary.updated, [{ id: 'V-001', fields: ['component.fixed'] }]);
    assert.deepEqual(second.summary.notSeen, ['V-004']);
    const entries = vulnerabilities(second.text);
    assert.equal((entries[0].component as { fixed: string }).fixed, '1.1.1d-r3');
    assert.equal(entries[3].seenInLatestScan, false);
    assert.deepEqual(entries[3].assessment, { impact: 'high', decision: 'patch' });
    assert.ok(second.text.includes('    # Agreed with the payments team on 2026-12-04.\n'));
    assert.equal(entries.length, 4);

    const again = importText(second.text, newerScan(), { fileName: 'alpine-2.json' });
    assert.deepEqual(again.edits, []);
  });

  it('does not let an older scan mark anything as gone', () => {
    const newer = importText(baseCycle, newerScan(), { fileName: 'alpine-2.json' });
    const older = importText(newer.text, JSON.stringify(alpine), { fileName: 'alpine-1.json' });
    assert.deepEqual(older.summary.notSeen, []);
    assert.deepEqual(older.summary.added.map((a) => a.id), ['V-004']);
    assert.deepEqual(older.summary.updated, []);
  });

  it('records verification results in phase verify', () => {
    const first = importText(baseCycle, JSON.stringify(alpine), { fileName: 'alpine-1.json' });
    const verify = importText(first.text, newerScan(), { fileName: 'alpine-verify.json', phase: 'verify', verifiedBy: 'carol' });
    assert.deepEqual(verify.summary.verifiedFixed, ['V-004']);
    assert.deepEqual(verify.summary.stillOpen, ['V-001', 'V-002', 'V-003']);
    const entries = vulnerabilities(verify.text);
    assert.deepEqual(entries[3].verification, { result: 'fixed', evidence: 'S-002', at: '2026-12-10T06:00:00Z', by: 'carol' });
    assert.deepEqual(entries[0].verification, { result: 'still-open', evidence: 'S-002', at: '2026-12-10T06:00:00Z', by: 'carol' });
    const scans = (loadYaml(verify.text).value as { scans: { phase: string }[] }).scans;
    assert.equal(scans[1].phase, 'verify');

    const again = importText(verify.text, newerScan(), { fileName: 'alpine-verify.json', phase: 'verify', verifiedBy: 'carol' });
    assert.deepEqual(again.edits, []);
  });

  it('keeps CRLF line endings and a byte-order mark', () => {
    const crlf = `\ufeff${baseCycle.replace(/\n/g, '\r\n')}`;
    const result = importText(crlf, JSON.stringify(alpine));
    assert.ok(result.text.startsWith('\ufeff# Patch cycle'));
    assert.ok(!/[^\r]\n/.test(result.text));
    assert.equal(applyEdits(crlf, result.edits), result.text);
  });
});

describe('import: KEV and EPSS enrichment', () => {
  const kev = parseKevCatalog(fs.readFileSync(path.join(corpus, 'kev/known_exploited_vulnerabilities.json'), 'utf8'));
  const epss = parseEpssCsv(fs.readFileSync(path.join(fixtures, 'epss-sample.csv'), 'utf8'));

  it('adds KEV and EPSS records from the snapshots', () => {
    const text = fs.readFileSync(path.join(corpus, 'trivy/spring4shell-jre8.json'), 'utf8');
    const [entry] = vulnerabilities(importText(baseCycle, text, { kev, epss }).text);
    assert.equal(entry.advisory, 'CVE-2022-22965');
    assert.deepEqual(entry.kev, { dateAdded: '2022-04-04', knownRansomwareCampaignUse: 'Unknown', dueDate: '2022-04-25', catalogVersion: '2025.08.25' });
    assert.deepEqual(entry.epss, { probability: 0.97432, percentile: 0.99961, scoreDate: '2026-12-03', modelVersion: 'v2025.03.14' });
  });

  it('adds KEV to an existing entry when a snapshot is given later', () => {
    const text = fs.readFileSync(path.join(corpus, 'trivy/spring4shell-jre8.json'), 'utf8');
    const first = importText(baseCycle, text);
    const second = importText(first.text, text, { kev });
    assert.deepEqual(second.summary.updated, [{ id: 'V-001', fields: ['kev'] }]);
  });

  it('ignores Grype KEV and EPSS facts without dates', () => {
    const text = fs.readFileSync(path.join(corpus, 'grype/image-with-epss-kev.grype.json'), 'utf8');
    const entries = vulnerabilities(importText(baseCycle, text).text);
    assert.equal(entries[1].kev, undefined);
    assert.equal(entries[1].epss, undefined);
  });
});

describe('import: hostile input', () => {
  // Deterministic mutations of every corpus report: each must parse or fail with ReportError.
  function* mutations(root: unknown, seed: number): Generator<unknown> {
    const replacements: unknown[] = [null, 42, 'text', [], {}, true, -1, [null], { x: 1 }];
    const paths: (string | number)[][] = [];
    const walk = (value: unknown, trail: (string | number)[]): void => {
      if (trail.length > 6 || paths.length > 150) {
        return;
      }
      if (Array.isArray(value)) {
        value.slice(0, 3).forEach((item, index) => { paths.push([...trail, index]); walk(item, [...trail, index]); });
      } else if (value && typeof value === 'object') {
        for (const [key, item] of Object.entries(value)) {
          paths.push([...trail, key]);
          walk(item, [...trail, key]);
        }
      }
    };
    walk(root, []);
    for (let i = 0; i < paths.length; i++) {
      const copy = structuredClone(root) as Record<string | number, unknown>;
      let parent: Record<string | number, unknown> = copy;
      const trail = paths[i];
      for (const key of trail.slice(0, -1)) {
        parent = parent[key] as Record<string | number, unknown>;
      }
      parent[trail[trail.length - 1]] = replacements[(i + seed) % replacements.length];
      yield copy;
    }
  }

  for (const file of corpusReports.filter((f) => fs.statSync(f).size < 40_000)) {
    it(`survives type mutations of ${path.basename(file)}`, () => {
      const root = JSON.parse(fs.readFileSync(file, 'utf8'));
      let count = 0;
      for (const mutated of mutations(root, count)) {
        count++;
        let parsed;
        try {
          parsed = parseReport(JSON.stringify(mutated));
        } catch (error) {
          assert.ok(error instanceof ReportError, `mutation ${count}: ${String(error)}`);
          continue;
        }
        const result = importReport(baseCycle, parsed, options());
        assert.ok(result.ok || typeof result.message === 'string');
      }
      assert.ok(count > 0);
    });
  }
});

describe('import: fields of the wrong type', () => {
  it('lists Grype artifact fields it leaves out', () => {
    const report = parseReport(JSON.stringify({
      matches: [{ vulnerability: { id: 'CVE-2026-0200', description: 7 }, artifact: { name: 'zlib', version: ['1.2'], purl: false } }],
      source: { type: 'image', target: { userInput: 'app' } },
      descriptor: { name: 'grype', version: '0.80.0', timestamp: '2026-11-01T00:00:00Z' }
    }));
    assert.equal(report.findings.length, 1);
    assert.equal(report.findings[0].component.installed, undefined);
    assert.deepEqual(report.notes, [
      '3 fields of the wrong type were left out:',
      'matches[0] (CVE-2026-0200): artifact.purl is a boolean, not a string',
      'matches[0] (CVE-2026-0200): artifact.version is a list, not a string',
      'matches[0] (CVE-2026-0200): vulnerability.description is a number, not a string'
    ]);
  });

  it('reads a lone surrogate in an advisory id as U+FFFD', () => {
    const report = parseReport('{"SchemaVersion": 2, "ArtifactName": "app", "Results": [{"Target": "app", "Vulnerabilities": [{"VulnerabilityID": "CVE-2026-\\udfff1", "PkgName": "a\\ud83d\\ude00b"}]}]}');
    assert.equal(report.findings[0].advisory, 'CVE-2026-\uFFFD1');
    assert.equal(report.findings[0].component.name, 'a\u{1F600}b');
  });
});
