/**
 * Compares the fast validation path with `loadYaml` on one text: the same value, the
 * same diagnostics, and the same range for every path in the value, for one missing
 * child of each node, and for each of those with `preferKey`.
 */
import { isDeepStrictEqual } from 'node:util';
import { readFast } from '../../src/core/yaml/fast';
import { loadForValidationSlow, locateFast, type LocatedValue } from '../../src/core/yaml/located';

export interface Disagreement {
  what: string;
  path?: (string | number)[];
  fast: unknown;
  slow: unknown;
}

/** Every path to a node of `value`, the root first, plus one missing child per collection. */
export function pathsOf(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(value)) {
    value.forEach((item, index) => pathsOf(item, [...prefix, index], out));
    out.push([...prefix, value.length]);
  } else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      pathsOf((value as Record<string, unknown>)[key], [...prefix, key], out);
    }
    out.push([...prefix, 'missingField']);
  }
  return out;
}

/**
 * The first disagreement between the two loaders on `text`, or `undefined`. `fastUsed`
 * tells whether the fast path accepted the text; when it falls back there is nothing
 * to compare beyond the fact that both give `loadYaml`'s result.
 */
export function compareLoaders(text: string): { fastUsed: boolean; disagreement?: Disagreement } {
  const fastDocument = readFast(text);
  if (!fastDocument) {
    return { fastUsed: false };
  }
  const fast = locateFast(fastDocument);
  const slow = loadForValidationSlow(text);
  return { fastUsed: true, disagreement: compareLocated(fast, slow) };
}

export function compareLocated(fast: LocatedValue, slow: LocatedValue): Disagreement | undefined {
  if (!isDeepStrictEqual(fast.value, slow.value)) {
    return { what: 'value', fast: fast.value, slow: slow.value };
  }
  const fastDiagnostics = fast.diagnostics.map((d) => [d.code, d.severity, d.range]);
  const slowDiagnostics = slow.diagnostics.map((d) => [d.code, d.severity, d.range]);
  if (!isDeepStrictEqual(fastDiagnostics, slowDiagnostics)) {
    return { what: 'diagnostics', fast: fast.diagnostics, slow: slow.diagnostics };
  }
  for (const path of pathsOf(slow.value)) {
    for (const preferKey of [false, true]) {
      const fastRange = fast.rangeOf(path, preferKey);
      const slowRange = slow.rangeOf(path, preferKey);
      if (!isDeepStrictEqual(fastRange, slowRange)) {
        return { what: preferKey ? 'key range' : 'range', path, fast: fastRange, slow: slowRange };
      }
    }
  }
  return undefined;
}
