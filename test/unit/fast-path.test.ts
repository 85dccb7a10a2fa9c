import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compareLoaders } from '../support/differential';
import { generateCycle } from '../support/generate-cycle';
import { createRandom, fuzzBases, mutate } from '../support/fuzz-cases';
import { compareValidations, editOneLine } from '../support/incremental-check';
import { createIncrementalValidator, locateByParts } from '../../src/core/incremental';
import { validateCycle } from '../../src/core/validate';

const repoRoot = path.resolve(__dirname, '../..');
const corpus = path.resolve(repoRoot, '../shared/corpus/yaml-edge');
const examples = path.resolve(repoRoot, 'examples/cycles');

function readAll(dir: string, suffix: string): [string, string][] {
  if (!fs.existsSync(dir)) {
    return [];
  }
  return fs.readdirSync(dir).filter((file) => file.endsWith(suffix)).sort().map((file) => [file, fs.readFileSync(path.join(dir, file), 'utf8')]);
}

describe('fast path against loadYaml', () => {
  const corpusFiles = readAll(corpus, '.yaml');

  it('finds the yaml-edge corpus', () => {
    assert.ok(corpusFiles.length >= 40);
  });

  for (const [file, text] of corpusFiles) {
    it(`agrees on ${file}`, () => {
      assert.equal(compareLoaders(text).disagreement, undefined);
    });
  }

  for (const [file, text] of readAll(examples, '.cycle.yaml')) {
    it(`agrees on example ${file}`, () => {
      assert.equal(compareLoaders(text).disagreement, undefined);
    });
  }

  for (const size of [1, 10, 100]) {
    it(`reads a generated ${size}-vulnerability cycle`, () => {
      const text = generateCycle(size);
      const result = compareLoaders(text);
      assert.equal(result.fastUsed, true);
      assert.equal(result.disagreement, undefined);
    });
  }

  it('reads CRLF and a byte-order mark', () => {
    const crlf = compareLoaders(generateCycle(3).replace(/\n/g, '\r\n'));
    assert.equal(crlf.fastUsed, true);
    assert.equal(crlf.disagreement, undefined);
    const bom = compareLoaders('\ufeff' + generateCycle(3));
    assert.equal(bom.fastUsed, true);
    assert.equal(bom.disagreement, undefined);
  });

  it('falls back on anchors, tags and documents', () => {
    for (const text of ['a: &x 1\nb: *x\n', 'a: !!str 1\n', '---\na: 1\n', 'a: 1\n---\nb: 2\n', '? [a]\n: 1\n', 'a: 1\na: 2\n', 'a:\n\t- x\n']) {
      assert.equal(compareLoaders(text).fastUsed, false, JSON.stringify(text));
    }
  });

  it('agrees on 300 mutated cycles', () => {
    const bases = fuzzBases([]);
    for (let seed = 1; seed <= 300; seed++) {
      const random = createRandom(seed);
      const text = mutate(bases[Math.floor(random() * bases.length)], random);
      assert.equal(compareLoaders(text).disagreement, undefined, `seed ${seed}`);
    }
  });
});

describe('incremental validation against full validation', () => {
  const now = new Date('2026-11-05T12:00:00Z');

  it('agrees after 200 one-line edits', () => {
    const base = generateCycle(20);
    const validator = createIncrementalValidator({ now });
    validator.update(base);
    const random = createRandom(99);
    let sectionReads = 0;
    for (let round = 0; round < 200; round++) {
      const text = editOneLine(base, random);
      if (locateByParts(text, new Map(), new Map())) {
        sectionReads++;
      }
      const difference = compareValidations(validator.update(text), validateCycle(text, { now }));
      assert.equal(difference, undefined, `round ${round}`);
    }
    assert.ok(sectionReads > 50, `only ${sectionReads} edits were read by sections`);
  });

  it('returns the cached result for the same text', () => {
    const text = generateCycle(5);
    const validator = createIncrementalValidator({ now });
    assert.equal(validator.update(text), validator.update(text));
  });

  it('agrees on texts outside the fast path', () => {
    const validator = createIncrementalValidator({ now });
    for (const text of ['a: &x 1\nb: *x\n', 'schemaVersion: 1\nschemaVersion: 2\n', '', '# only a comment\n', '  indented: 1\n']) {
      assert.equal(compareValidations(validator.update(text), validateCycle(text, { now })), undefined, JSON.stringify(text));
    }
  });
});
