import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runFuzz } from '../support/fuzz-cases';

const examples = path.resolve(__dirname, '../../examples/cycles');

describe('loader fuzzing', function () {
  this.timeout(600000);

  it('passes 2,000 seeded cases', () => {
    const cycles = fs.existsSync(examples)
      ? fs.readdirSync(examples).filter((file) => file.endsWith('.cycle.yaml')).map((file) => fs.readFileSync(path.join(examples, file), 'utf8'))
      : [];
    const summary = runFuzz(20261204, 2000, cycles);
    assert.equal(summary.cases, 2000);
    assert.ok(summary.fastPathCases > 0, 'no case took the fast path');
    assert.deepEqual(summary.failures.map((failure) => `seed ${failure.seed}: ${failure.reason}`), []);
  });
});
