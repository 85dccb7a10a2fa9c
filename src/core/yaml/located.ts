/**
 * What validation needs from a loaded text: the plain value, the loader's diagnostics
 * and a way to find the range of any path. Two loaders produce it: `loadYaml` (the
 * `yaml` Document API, which edits also use) and the faster validation path, which
 * must agree with it value for value and diagnostic for diagnostic.
 */
import type { Diagnostic, LineIndex, Range } from '../diagnostics';
import { fastRangeOf, readFast, type FastDocument } from './fast';
import { loadYaml, rangeAt, type LoadResult } from './load';

export interface LocatedValue {
  text: string;
  value: unknown;
  diagnostics: Diagnostic[];
  lines: LineIndex;
  /**
   * Range of the node at `path`; with `preferKey`, of its key. A missing node gives the
   * range of the closest existing ancestor's key, so a missing field points at its parent.
   */
  rangeOf(path: readonly (string | number)[], preferKey?: boolean): Range;
}

export function locate(result: LoadResult): LocatedValue {
  return {
    text: result.text,
    value: result.value,
    diagnostics: result.diagnostics,
    lines: result.lines,
    rangeOf: (path, preferKey) => rangeAt(result, path, preferKey)
  };
}

/** Wrap a fast-path result. It has no loader diagnostics, because anything doubtful goes to `loadYaml`. */
export function locateFast(document: FastDocument): LocatedValue {
  return {
    text: document.text,
    value: document.value,
    diagnostics: [],
    get lines() {
      return document.lines;
    },
    rangeOf: (path, preferKey) => fastRangeOf(document, path, preferKey)
  };
}

/** The loading entry point of validation: the fast path when the text allows it, else `loadYaml`. */
export function loadForValidation(text: string): LocatedValue {
  const fast = readFast(text);
  return fast ? locateFast(fast) : locate(loadYaml(text));
}

/** Always `loadYaml`, for comparisons and for callers that need its exact behaviour. */
export function loadForValidationSlow(text: string): LocatedValue {
  return locate(loadYaml(text));
}
