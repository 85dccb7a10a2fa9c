import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compareLoaders } from '../support/differential';
import { generateCycle } from '../support/generate-cycle';
import { createRandom, fuzzBases, mutate } from '../support/fuzz-cases';

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
