import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadYaml, LoaderCodes } from '../../src/core/yaml/load';

const repoRoot = path.resolve(__dirname, '../..');
const corpus = path.resolve(repoRoot, '../shared/corpus/yaml-edge');

/** Parse the values of a concatenated JSON stream (the YAML test suite's multi-document `in.json`). */
function parseJsonStream(text: string): unknown[] {
  const values: unknown[] = [];
  let start = -1;
  let depth = 0;
  let inString = false;
  for (let i = 0; i <= text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') {
        i++;
      } else if (char === '"') {
        inString = false;
      }
      continue;
    }
    const blank = char === undefined || /\s/.test(char);
    if (start < 0 && !blank) {
      start = i;
    }
    if (char === '"') {
      inString = true;
    } else if (char === '[' || char === '{') {
      depth++;
    } else if (char === ']' || char === '}') {
      depth--;
    }
    const closesValue = depth === 0 && start >= 0 && (blank || char === ']' || char === '}');
    if (closesValue) {
      const end = blank ? i : i + 1;
      values.push(JSON.parse(text.slice(start, end)));
      start = -1;
    }
  }
  return values;
}

function codesAt(file: string): string[] {
  const result = loadYaml(fs.readFileSync(path.join(corpus, file), 'utf8'));
  return result.diagnostics.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.column}`);
}

describe('loadYaml on the yaml-edge corpus', () => {
  const files = fs.readdirSync(corpus).filter((file) => file.endsWith('.yaml')).sort();

  it('finds the corpus', () => {
    assert.ok(files.length >= 40, `expected the yaml-edge corpus at ${corpus}`);
  });

  for (const file of files) {
    const base = file.replace(/\.yaml$/, '');
    const expectedPath = path.join(corpus, `${base}.expected.json`);
    const expectsError = fs.existsSync(path.join(corpus, `${base}.EXPECT-ERROR`));

    it(`${file} meets its expectations`, () => {
      const result = loadYaml(fs.readFileSync(path.join(corpus, file), 'utf8'));
      assert.ok(Array.isArray(result.diagnostics));
      if (expectsError) {
        assert.ok(result.diagnostics.some((d) => d.severity === 'error'), 'expected an error diagnostic');
      }
      if (fs.existsSync(expectedPath)) {
        const expected = parseJsonStream(fs.readFileSync(expectedPath, 'utf8'));
        if (expected.length > 1) {
          assert.ok(result.diagnostics.some((d) => d.code === LoaderCodes.secondDocument), 'expected PC1003 for the second document');
        }
        if (expected.length > 0) {
          assert.deepEqual(result.value, expected[0]);
        }
      }
    });
  }
});

describe('loadYaml diagnostics', () => {
  it('reports tabs as indentation', () => {
    assert.deepEqual(codesAt('yts-4EJS-ERR-tabs-as-indentation.yaml'), ['PC1001@3:1', 'PC1001@4:1']);
  });

  it('reports an alias with properties', () => {
    assert.deepEqual(codesAt('yts-SR86-ERR-anchor-plus-alias.yaml'), ['PC1001@2:10']);
  });

  it('reports duplicate keys at the duplicate', () => {
    assert.deepEqual(codesAt('derived-duplicate-keys.yaml'), ['PC1002@4:1', 'PC1002@8:5']);
    const result = loadYaml(fs.readFileSync(path.join(corpus, 'derived-duplicate-keys.yaml'), 'utf8'));
    assert.equal(result.diagnostics[0].message, 'Duplicate key "id": the map already has this key. Remove one of them; YAML readers disagree on which one wins.');
    assert.equal(result.diagnostics[1].range.end.column, 13);
  });

  it('keeps validating after a duplicate key', () => {
    // The error fails the file whatever the value is, so the schema and workflow checks may
    // still run on it and report the file's other problems in the same pass.
    const result = loadYaml(fs.readFileSync(path.join(corpus, 'derived-duplicate-keys.yaml'), 'utf8'));
    assert.equal((result.value as { title: string }).title, 'January patch cycle');
    assert.equal(Object.getPrototypeOf(result.value), Object.prototype);
  });

  it('reports second documents and keeps the first value', () => {
    assert.deepEqual(codesAt('yts-RZT7-log-file-multidoc.yaml'), ['PC1003@7:1', 'PC1003@13:1']);
  });

  it('reports an empty stream', () => {
    assert.deepEqual(codesAt('yts-AVM7-empty-stream.yaml'), ['PC1007@1:1']);
  });

  it('reports unknown tags and keeps the value', () => {
    assert.deepEqual(codesAt('yts-C4HZ-global-tags.yaml'), ['PC1005@2:5', 'PC1005@5:3', 'PC1005@8:3', 'PC1005@11:3']);
    assert.deepEqual(codesAt('derived-UGM3-invoice-BOM-CRLF.yaml'), ['PC1005@1:5']);
  });

  it('reports non-scalar keys', () => {
    assert.deepEqual(codesAt('yts-M5DY-sequence-as-key.yaml'), ['PC1004@1:3', 'PC1004@6:3']);
    assert.deepEqual(codesAt('eemeli-deep-nested-anchors-jsyaml475.yaml'), ['PC1004@3:3']);
  });

  it('reports circular aliases', () => {
    assert.deepEqual(codesAt('eemeli-circular-alias.yaml'), ['PC1009@1:9']);
    assert.deepEqual(codesAt('eemeli-circular-merge.yaml'), ['PC1009@1:10']);
  });

  it('reports a merge of a non-map at the alias', () => {
    assert.deepEqual(codesAt('eemeli-merge-non-map.yaml'), ['PC1010@2:9']);
  });

  it('reports alias bombs at the alias over the limit', () => {
    assert.deepEqual(codesAt('eemeli-billion-laughs.yaml'), ['PC1006@4:12']);
    assert.deepEqual(codesAt('eemeli-quadratic-aliases.yaml'), ['PC1006@2:5']);
  });

  it('reports an alias without anchor', () => {
    const result = loadYaml('a: *missing\n');
    assert.deepEqual(result.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.column, d.range.end.column]), [['PC1011', 1, 4, 12]]);
    assert.equal(result.value, undefined);
  });

  it('loads !!set as a null-valued map', () => {
    const result = loadYaml(fs.readFileSync(path.join(corpus, 'yts-2XXW-set-tag.yaml'), 'utf8'));
    assert.deepEqual(result.diagnostics, []);
    assert.deepEqual(result.value, { 'Mark McGwire': null, 'Sammy Sosa': null, 'Ken Griff': null });
  });

  it('keeps __proto__ keys as own data', () => {
    const result = loadYaml('"__proto__": {polluted: true}\n');
    const value = result.value as Record<string, unknown>;
    assert.ok(Object.prototype.hasOwnProperty.call(value, '__proto__'));
    assert.equal(Object.getPrototypeOf(value), Object.prototype);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('reads YAML 1.2 core scalars', () => {
    const value = loadYaml(fs.readFileSync(path.join(corpus, 'derived-yaml11-gotchas.yaml'), 'utf8')).value as Record<string, unknown>;
    assert.equal(value.enabled, 'yes');
    assert.equal(value.country, 'NO');
    assert.equal(value.mode, 755);
    assert.equal(value.mode12, 493);
    assert.equal(value.due_ok, '2024-03-01');
    assert.equal(value.time, '12:30:45');
    assert.equal(value.sci, 1000);
    assert.equal(value.empty, null);
  });
});
