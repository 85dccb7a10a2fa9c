import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { run } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/io';
import { kevSnapshotDate, snapshotAge } from '../../src/core/enrich/age';
import { parseEpssCsv } from '../../src/core/enrich/epss';
import { parseKevCatalog, SnapshotError } from '../../src/core/enrich/kev';

const repoRoot = path.resolve(__dirname, '../..');
const corpus = path.resolve(repoRoot, '../shared/corpus');
const kevFile = path.join(corpus, 'kev/known_exploited_vulnerabilities.json');
const epssFile = path.join(repoRoot, 'test/fixtures/import/epss-sample.csv');

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

describe('KEV catalog', () => {
  const catalog = parseKevCatalog(fs.readFileSync(kevFile, 'utf8'));

  it('reads every entry of the published catalog', () => {
    assert.equal(catalog.catalogVersion, '2025.08.25');
    assert.equal(catalog.entries.size, 1404);
    assert.deepEqual(catalog.skipped, []);
    assert.equal(catalog.released, '2025-08-25T17:04:19Z');
  });

  it('records dates, ransomware use and the catalog version', () => {
    assert.deepEqual(catalog.entries.get('CVE-2021-44228'), { dateAdded: '2021-12-10', knownRansomwareCampaignUse: 'Known', dueDate: '2021-12-24', catalogVersion: '2025.08.25' });
  });

  it('tolerates new fields and skips malformed entries with reasons', () => {
    const text = JSON.stringify({
      catalogVersion: '2026.12.01',
      newTopLevelField: { nested: true },
      vulnerabilities: [
        { cveID: 'CVE-2026-0001', dateAdded: '2026-11-30', knownRansomwareCampaignUse: 'Unknown', futureField: [1] },
        { cveID: 'not-a-cve', dateAdded: '2026-11-30' },
        { cveID: 'CVE-2026-0002', dateAdded: 'yesterday' },
        'garbage',
        null
      ]
    });
    const parsed = parseKevCatalog(text);
    assert.deepEqual([...parsed.entries.keys()], ['CVE-2026-0001']);
    assert.equal(parsed.released, undefined);
    assert.deepEqual(parsed.skipped, [
      { location: 'vulnerabilities[1]', reason: 'cveID "not-a-cve" is not a CVE id' },
      { location: 'vulnerabilities[2]', reason: 'CVE-2026-0002: dateAdded "yesterday" is not a date' },
      { location: 'vulnerabilities[3]', reason: 'the entry is a string, not an object' },
      { location: 'vulnerabilities[4]', reason: 'the entry is a null, not an object' }
    ]);
  });

  it('rejects a file that is not the catalog', () => {
    assert.throws(() => parseKevCatalog('{"vulnerabilities": []}'), SnapshotError);
    assert.throws(() => parseKevCatalog('not json'), SnapshotError);
  });
});

describe('EPSS CSV', () => {
  it('reads the metadata line and the rows', () => {
    const snapshot = parseEpssCsv(fs.readFileSync(epssFile, 'utf8'));
    assert.equal(snapshot.modelVersion, 'v2025.03.14');
    assert.equal(snapshot.scoreDate, '2026-12-03');
    assert.equal(snapshot.entries.size, 7);
    assert.deepEqual(snapshot.entries.get('CVE-2022-22965'), { probability: 0.97432, percentile: 0.99961, scoreDate: '2026-12-03', modelVersion: 'v2025.03.14' });
    assert.deepEqual(snapshot.skipped, [
      { location: 'line 10', reason: '"not-a-cve" is not a CVE id' },
      { location: 'line 11', reason: 'CVE-2024-0001: epss and percentile must be numbers from 0 to 1' }
    ]);
  });

  it('accepts CRLF line endings', () => {
    const snapshot = parseEpssCsv('#model_version:v2023.03.01,score_date:2023-03-07T00:00:00+0000\r\ncve,epss,percentile\r\nCVE-1999-0001,0.0109,0.8308\r\n');
    assert.deepEqual(snapshot.entries.get('CVE-1999-0001'), { probability: 0.0109, percentile: 0.8308, scoreDate: '2023-03-07', modelVersion: 'v2023.03.01' });
  });

  it('rejects a CSV without the metadata line', () => {
    assert.throws(() => parseEpssCsv('cve,epss,percentile\nCVE-1999-0001,0.1,0.2\n'), /must start with the published metadata line/);
  });
});

describe('snapshot age', () => {
  it('counts whole days between the snapshot date and now', () => {
    const now = new Date('2026-12-04T23:59:00Z');
    assert.deepEqual(snapshotAge('epss', 'e.csv', '2026-12-03', now, 7), { kind: 'epss', file: 'e.csv', date: '2026-12-03', ageDays: 1, tooOld: false });
    assert.equal(snapshotAge('kev', 'k.json', '2026-11-27', now, 7).tooOld, false);
    assert.equal(snapshotAge('kev', 'k.json', '2026-11-26', now, 7).tooOld, true);
  });

  it('dates a KEV catalog by dateReleased, else by its version', () => {
    assert.equal(kevSnapshotDate({ released: '2025-08-25T17:04:19Z', catalogVersion: 'x' }), '2025-08-25');
    assert.equal(kevSnapshotDate({ catalogVersion: '2025.08.25' }), '2025-08-25');
    assert.equal(kevSnapshotDate({ catalogVersion: 'v7' }), undefined);
  });
});

describe('snapshots command', () => {
  it('exits 1 when the KEV catalog is older than the limit', async () => {
    const io = captureIo(repoRoot);
    const code = await run(['snapshots', '--kev', kevFile, '--max-age-days', '7', '--json'], io);
    assert.equal(code, 1);
    const result = JSON.parse(io.stdout) as { maxAgeDays: number; snapshots: { kind: string; date: string; tooOld: boolean }[] };
    assert.equal(result.maxAgeDays, 7);
    assert.deepEqual(result.snapshots.map((s) => [s.kind, s.date, s.tooOld]), [['kev', '2025-08-25', true]]);
  });

  it('exits 0 when every snapshot is within the limit', async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'snapshots-'));
    const today = new Date().toISOString().slice(0, 10);
    fs.writeFileSync(path.join(directory, 'epss.csv'), `#model_version:v2025.03.14,score_date:${today}T00:00:00+0000\ncve,epss,percentile\nCVE-2022-22965,0.97,0.99\n`);
    const io = captureIo(directory);
    assert.equal(await run(['snapshots', '--epss', 'epss.csv', '--max-age-days', '0'], io), 0);
    assert.equal(io.stdout, `epss.csv: EPSS snapshot of ${today}, 0 days old: ok\n`);
  });

  it('exits 2 on a missing file or a bad limit', async () => {
    assert.equal(await run(['snapshots', '--kev', 'missing.json'], captureIo(repoRoot)), 2);
    assert.equal(await run(['snapshots', '--kev', kevFile, '--max-age-days', 'soon'], captureIo(repoRoot)), 2);
    assert.equal(await run(['snapshots'], captureIo(repoRoot)), 2);
  });
});
