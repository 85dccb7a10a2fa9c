import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { scoreVector, scoresDiffer, severityOf } from '../../src/core/cvss';

const corpus = path.resolve(__dirname, '../../../shared/corpus/cvss');

interface OracleRow {
  vector: string;
  expected: number;
  version?: string;
  line: number;
}

function readTsv(): OracleRow[] {
  const lines = fs.readFileSync(path.join(corpus, 'cvss_vectors.tsv'), 'utf8').split('\n');
  return lines
    .slice(1)
    .map((text, index) => ({ text, line: index + 2 }))
    .filter(({ text }) => text.trim().length > 0)
    .map(({ text, line }) => {
      const [vector, expected, version] = text.split('\t');
      return { vector, expected: Number(expected), version, line };
    });
}

/** Oracle lines read `VECTOR - (base, temporal, env)` (v2, v3) or `VECTOR - score` / `VECTOR - (score,)` (v4). */
function readOracle(file: string): OracleRow[] {
  const lines = fs.readFileSync(path.join(corpus, 'oracle', file), 'utf8').split('\n');
  const rows: OracleRow[] = [];
  lines.forEach((text, index) => {
    const match = /^(\S+) - \(?([0-9.]+)/.exec(text.trim());
    if (match) {
      rows.push({ vector: match[1], expected: Number(match[2]), line: index + 1 });
    }
  });
  return rows;
}

describe('cvss', () => {
  it('scores every row of cvss_vectors.tsv as the official calculators do', () => {
    const rows = readTsv();
    assert.equal(rows.length, 67);
    const wrong: string[] = [];
    for (const row of rows) {
      const result = scoreVector(row.vector, row.version);
      if (!result.ok) {
        wrong.push(`line ${row.line}: ${result.reason}`);
      } else if (result.score.baseScore !== row.expected) {
        wrong.push(`line ${row.line}: ${row.vector} scored ${result.score.baseScore}, expected ${row.expected}`);
      } else if (row.version && result.score.version !== row.version) {
        wrong.push(`line ${row.line}: read as ${result.score.version}, expected ${row.version}`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  const oracleFiles: [string, number][] = [
    ['vectors_calculator2.txt', 5],
    ['vectors_calculator3.txt', 2],
    ['vectors_cvsslib3.txt', 29],
    ['vectors_security4.txt', 54],
    ['vectors_simple31.txt', 2592],
    ['vectors_simple4.txt', 1058],
    ['vectors_supplemental4.txt', 576],
    ['vectors_threat4.txt', 6]
  ];
  for (const [file, count] of oracleFiles) {
    it(`scores every vector of oracle ${file}`, () => {
      const rows = readOracle(file);
      assert.equal(rows.length, count);
      const wrong: string[] = [];
      for (const row of rows) {
        const result = scoreVector(row.vector);
        if (!result.ok) {
          wrong.push(`line ${row.line}: ${result.reason}`);
        } else if (result.score.baseScore !== row.expected) {
          wrong.push(`line ${row.line}: ${row.vector} scored ${result.score.baseScore}, expected ${row.expected}`);
        }
      }
      assert.deepEqual(wrong, []);
    });
  }

  it('adds the CVSS:3.1 prefix to a vector without one', () => {
    const result = scoreVector('AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N');
    assert.ok(result.ok);
    assert.equal(result.score.vector, 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N');
    assert.equal(result.score.version, '3.1');
    assert.equal(result.score.baseScore, 7.5);
    assert.equal(result.score.severity, 'high');
  });

  it('reads a prefix-less vector as 3.0 when the hint says so', () => {
    const result = scoreVector('AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'CVSSv3');
    assert.ok(result.ok);
    assert.equal(result.score.vector, 'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H');
    assert.equal(result.score.baseScore, 9.8);
  });

  it('rejects a vector with a missing base metric', () => {
    const result = scoreVector('CVSS:3.1/AV:N/AC:L');
    assert.deepEqual(result, { ok: false, reason: 'CVSS 3.1 vector "CVSS:3.1/AV:N/AC:L": the base metric PR is missing' });
  });

  it('rejects a vector with an invalid value', () => {
    const result = scoreVector('CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H');
    assert.deepEqual(result, { ok: false, reason: 'CVSS 3.1 vector "CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H": AV:Q is not a valid value (expected one of N, A, L, P)' });
  });

  it('rejects a duplicated metric', () => {
    const result = scoreVector('CVSS:3.1/AV:N/AV:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H');
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.reason, /the metric AV appears twice/);
  });

  it('rejects text that is no vector', () => {
    for (const text of ['', 'garbage', 'CVSS:9.9/AV:N', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/junk']) {
      assert.equal(scoreVector(text).ok, false, text);
    }
  });

  it('rates severities on the FIRST scale', () => {
    assert.equal(severityOf(0, '3.1'), 'none');
    assert.equal(severityOf(3.9, '3.1'), 'low');
    assert.equal(severityOf(4, '4.0'), 'medium');
    assert.equal(severityOf(8.9, '3.0'), 'high');
    assert.equal(severityOf(9, '3.1'), 'critical');
    assert.equal(severityOf(10, '2.0'), 'high');
  });

  it('compares claimed and computed scores at one decimal', () => {
    assert.equal(scoresDiffer(8.2, 7.5), true);
    assert.equal(scoresDiffer(7.5, 7.5), false);
    assert.equal(scoresDiffer(5, 5.0), false);
  });
});
