/**
 * Seeded mutation fuzzing of the loaders: valid cycle files with lines deleted,
 * duplicated, swapped or re-indented, YAML tokens inserted (anchors, aliases, merge
 * keys, tags, document markers, tabs, quotes, a byte-order mark, CRLF, huge numbers,
 * Unicode) and texts truncated. Each case must load without throwing, and the fast path
 * must agree with `loadYaml`. `npm run fuzz` also fails a case slower than
 * `CASE_TIME_LIMIT_MS`; the unit test leaves timing out, as unit tests assert no times.
 */
import { compareLoaders, type Disagreement } from './differential';
import { generateCycle } from './generate-cycle';
import { loadYaml } from '../../src/core/yaml/load';
import { loadForValidation } from '../../src/core/yaml/located';

export const CASE_TIME_LIMIT_MS = 1000;

/** Mulberry32: a small, fast generator whose sequence depends only on the seed. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOKENS = [
  '&a ', '*a', '<<: *a', '<<: ', '!!str ', '!custom ', '---', '...', '\t', '"', '\'', '\ufeff', '\r\n', '\r',
  '123456789012345678901234567890', '-0', '1e3', '.inf', '.NaN', '0x1F', '0o17', '~', 'null', 'true', 'yes',
  '😀', 'ü', '\u0085', '\u2028', '#', ' # note', ': ', ':', '- ', '-', '? ', '[', ']', '{', '}', '[]', '{}', '|', '|-', '>',
  '%YAML 1.2', ', ', '\\', '\\x41', '\\u00e9', '@', '`', ' ', '  ', '\n', '\n\n', '\n  # comment\n', 'key: value', '- item'
];

/** The texts mutations start from: the given valid cycles and small generated ones. */
export function fuzzBases(cycles: readonly string[]): string[] {
  return [
    ...cycles,
    generateCycle(2),
    generateCycle(5),
    [
      '# Hand-written cycle fragment with comments in odd places.',
      'id: c-1   # trailing',
      'systems:',
      '  # first',
      '  - id: a',
      '    tags: [x, "y", \'z\']',
      '    note: |',
      '      line one',
      '',
      '      line three',
      '    # after note',
      '  - id: b',
      '    empty:',
      '    folded: >',
      '      one',
      '      two',
      '# end of systems',
      'steps:',
      '  identify: {}',
      '  assess:',
      '    status: plain text that',
      '      continues here',
      ''
    ].join('\n')
  ];
}

/** Apply 1 to 3 random mutations to `text`. */
export function mutate(text: string, random: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  let result = text;
  const rounds = 1 + Math.floor(random() * 3);
  for (let round = 0; round < rounds; round++) {
    const lines = result.split('\n');
    const line = Math.floor(random() * lines.length);
    switch (Math.floor(random() * 9)) {
      case 0:
        lines.splice(line, 1);
        break;
      case 1:
        lines.splice(line, 0, lines[line]);
        break;
      case 2: {
        const other = Math.floor(random() * lines.length);
        [lines[line], lines[other]] = [lines[other], lines[line]];
        break;
      }
      case 3: {
        const delta = pick([-2, -1, 1, 2, 4]);
        lines[line] = delta > 0 ? ' '.repeat(delta) + lines[line] : lines[line].slice(Math.min(-delta, lines[line].length - lines[line].trimStart().length));
        break;
      }
      case 4:
      case 5: {
        const column = Math.floor(random() * (lines[line].length + 1));
        lines[line] = lines[line].slice(0, column) + pick(TOKENS) + lines[line].slice(column);
        break;
      }
      case 6:
        lines.splice(line, 0, ' '.repeat(Math.floor(random() * 7)) + pick(['# comment', '', '#', '# key: value']));
        break;
      case 7:
        return lines.join('\n').slice(0, Math.floor(random() * result.length));
      default:
        return pick([() => lines.join('\r\n'), () => '\ufeff' + lines.join('\n'), () => lines.join('\n').trimEnd()])();
    }
    result = lines.join('\n');
  }
  return result;
}

export interface FuzzFailure {
  seed: number;
  index: number;
  reason: string;
  text: string;
  disagreement?: Disagreement;
}

export interface FuzzSummary {
  cases: number;
  fastPathCases: number;
  slowestMs: number;
  /** Seed of the slowest case, to replay it. */
  slowestSeed: number;
  failures: FuzzFailure[];
}

/**
 * Run `count` cases from `seed`. Case `index` uses the generator seeded with
 * `seed + index`, so any failure can be replayed alone with that seed and a count of 1.
 * With `timeLimitMs`, a slower case is a failure.
 */
export function runFuzz(seed: number, count: number, cycles: readonly string[] = [], timeLimitMs?: number, onProgress?: (done: number) => void): FuzzSummary {
  const bases = fuzzBases(cycles);
  const summary: FuzzSummary = { cases: 0, fastPathCases: 0, slowestMs: 0, slowestSeed: seed, failures: [] };
  for (let index = 0; index < count; index++) {
    const random = createRandom(seed + index);
    const text = mutate(bases[Math.floor(random() * bases.length)], random);
    const started = performance.now();
    try {
      loadYaml(text);
      loadForValidation(text);
      const { fastUsed, disagreement } = compareLoaders(text);
      if (fastUsed) {
        summary.fastPathCases++;
      }
      if (disagreement) {
        summary.failures.push({ seed: seed + index, index, reason: `fast path and loadYaml disagree on the ${disagreement.what}`, text, disagreement });
      }
    } catch (error) {
      summary.failures.push({ seed: seed + index, index, reason: `threw ${error instanceof Error ? error.stack ?? error.message : String(error)}`, text });
    }
    const elapsed = performance.now() - started;
    if (elapsed > summary.slowestMs) {
      summary.slowestMs = elapsed;
      summary.slowestSeed = seed + index;
    }
    if (timeLimitMs !== undefined && elapsed > timeLimitMs) {
      summary.failures.push({ seed: seed + index, index, reason: `took ${elapsed.toFixed(0)} ms, over the ${timeLimitMs} ms limit`, text });
    }
    summary.cases++;
    onProgress?.(index + 1);
  }
  return summary;
}
