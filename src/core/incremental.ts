/**
 * Re-validation while a cycle file is being edited. The text is split into top-level
 * sections (one per key at column 0), each section is read on the fast path once and
 * kept by its text, so after a one-line edit only the edited section is read again.
 * The result always equals `validateCycle` on the same text: whenever the sections
 * cannot stand for the whole file, the validator reads the whole file instead.
 *
 * NOTE: validation itself (schema and workflow rules) still runs on the whole cycle,
 * because `validateLocated` has no per-section entry point, so it dominates the time
 * of a re-validation on large cycles.
 */
import type { Range } from './diagnostics';
import { validateLocated, type CycleValidation, type ValidationOptions } from './validate';
import { fastOffsetsOf, hasUnsupportedCharacters, readFast, type FastDocument } from './yaml/fast';
import { loadForValidation, type LocatedValue } from './yaml/located';
import { LineIndex } from './diagnostics';

export interface IncrementalValidator {
  /** Validate `text`, reusing what did not change since the previous call. */
  update(text: string): CycleValidation;
}

/** One top-level section: its offset in the file and its text read on its own. */
interface Section {
  base: number;
  key: string;
  document: FastDocument;
}

export function createIncrementalValidator(options: ValidationOptions = {}): IncrementalValidator {
  let previousText: string | undefined;
  let previousResult: CycleValidation | undefined;
  let cache = new Map<string, FastDocument>();

  return {
    update(text: string): CycleValidation {
      if (text === previousText && previousResult) {
        return previousResult;
      }
      const nextCache = new Map<string, FastDocument>();
      const located = locateBySections(text, cache, nextCache) ?? loadForValidation(text);
      cache = nextCache;
      previousText = text;
      previousResult = validateLocated(located, options);
      return previousResult;
    }
  };
}

/**
 * Read `text` section by section, taking unchanged sections from `cache` and putting
 * every section read into `nextCache`. Returns `undefined` when the fast path cannot
 * read the text this way, so the caller reads it whole.
 */
export function locateBySections(text: string, cache: ReadonlyMap<string, FastDocument>, nextCache: Map<string, FastDocument>): LocatedValue | undefined {
  const starts = sectionStarts(text);
  if (!starts || starts.length === 0 || hasUnsupportedCharacters(text.slice(0, starts[0]))) {
    return undefined;
  }

  const sections: Section[] = [];
  const value: Record<string, unknown> = {};
  for (let index = 0; index < starts.length; index++) {
    const base = starts[index];
    const isLast = index === starts.length - 1;
    const sectionText = text.slice(base, isLast ? text.length : starts[index + 1]);
    const document = cache.get(sectionText) ?? nextCache.get(sectionText) ?? readFast(sectionText, !isLast);
    const keys = document?.root.keys;
    if (!document || !keys || keys.length !== 1 || Object.prototype.hasOwnProperty.call(value, keys[0])) {
      return undefined;
    }
    nextCache.set(sectionText, document);
    sections.push({ base, key: keys[0], document });
    Object.defineProperty(value, keys[0], { value: document.root.children![0].value, writable: true, enumerable: true, configurable: true });
  }

  return sectionsLocated(text, sections, value);
}

/**
 * Offsets of the lines that start a top-level key, or `undefined` when the text holds
 * anything before the first key except comments and blank lines.
 */
function sectionStarts(text: string): number[] | undefined {
  const starts: number[] = [];
  let lineStart = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (lineStart < text.length) {
    const code = text.charCodeAt(lineStart);
    const startsKey = code !== 32 && code !== 35 && code !== 45 && code !== 10 && code !== 13;
    if (startsKey) {
      starts.push(lineStart);
    } else if (starts.length === 0 && !isCommentOrBlank(text, lineStart)) {
      return undefined;
    }
    const newline = text.indexOf('\n', lineStart);
    lineStart = newline < 0 ? text.length : newline + 1;
  }
  return starts;
}

function isCommentOrBlank(text: string, lineStart: number): boolean {
  let i = lineStart;
  while (text.charCodeAt(i) === 32) {
    i++;
  }
  const code = text.charCodeAt(i);
  return i >= text.length || code === 35 || code === 10 || code === 13;
}

/** A located value over the sections, with ranges shifted to offsets in the whole text. */
function sectionsLocated(text: string, sections: readonly Section[], value: Record<string, unknown>): LocatedValue {
  const byKey = new Map(sections.map((section) => [section.key, section]));
  const last = sections[sections.length - 1];
  const rootStart = sections[0].base;
  const rootEnd = last.base + last.document.root.valueEnd;
  let lines: LineIndex | undefined;
  const lineIndex = (): LineIndex => (lines ??= new LineIndex(text));

  return {
    text,
    value,
    diagnostics: [],
    get lines() {
      return lineIndex();
    },
    rangeOf(path: readonly (string | number)[], preferKey = false): Range {
      const section = path.length > 0 ? byKey.get(String(path[0])) : undefined;
      const offsets = section ? fastOffsetsOf(section.document.root, path, preferKey, 1) : undefined;
      if (section && offsets) {
        return lineIndex().range(section.base + offsets[0], section.base + offsets[1]);
      }
      return lineIndex().range(rootStart, rootEnd);
    }
  };
}
