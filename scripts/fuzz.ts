/**
 * `npm run fuzz -- [--seed N] [--count N]`: seeded mutation fuzzing of the YAML loaders
 * (by default 100,000 cases from seed 1). A case fails when it throws, when the fast path
 * and `loadYaml` disagree, or when it takes over 1 s. Exits 1 on any failure and prints
 * each failing case's seed, which replays it alone with `--seed <seed> --count 1`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CASE_TIME_LIMIT_MS, runFuzz } from '../test/support/fuzz-cases';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  if (index < 0) {
    return fallback;
  }
  const value = Number(process.argv[index + 1]);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`--${name} needs a whole number, got "${process.argv[index + 1]}".`);
  }
  return value;
}

const seed = option('seed', 1);
const count = option('count', 100000);
const examples = path.resolve(__dirname, '../examples/cycles');
const cycles = fs.existsSync(examples)
  ? fs.readdirSync(examples).filter((file) => file.endsWith('.cycle.yaml')).map((file) => fs.readFileSync(path.join(examples, file), 'utf8'))
  : [];

const summary = runFuzz(seed, count, cycles, CASE_TIME_LIMIT_MS, (done) => {
  if (done % 10000 === 0) {
    console.log(`${done} cases`);
  }
});
console.log(`${summary.cases} cases from seed ${seed}, ${summary.fastPathCases} on the fast path, slowest ${summary.slowestMs.toFixed(1)} ms (seed ${summary.slowestSeed}), ${summary.failures.length} failures`);
for (const failure of summary.failures.slice(0, 20)) {
  console.log(`seed ${failure.seed}: ${failure.reason}\n  text: ${JSON.stringify(failure.text.slice(0, 300))}`);
}
process.exitCode = summary.failures.length > 0 ? 1 : 0;
