/**
 * Re-validation while a cycle file is being edited. The text is split into top-level
 * sections (one per key at column 0), and a section whose value is a block sequence
 * (`vulnerabilities:` followed by `  - ` items) is split further into its items. Each
 * part is read on the fast path once and kept by its text, so after a one-line edit
 * only the edited part is read again. The result must equal `validateCycle` on the same
 * text (the differential unit test checks this on random one-line edits), so whenever
 * the parts cannot stand for the whole file, the validator reads the whole file instead.
 *
 * Unchanged items keep their value objects, so the schema cache passed to
 * `validateLocated` skips their schema check.
 *
 * NOTE: the workflow rules still run on the whole cycle, because they have no per-item
 * entry point, so the cost of a re-validation still grows with the cycle.
 */
import { LineIndex, type Range } from './diagnostics';
import { createSchemaCache } from './schema';
import { validateLocated, type CycleValidation, type ValidationOptions } from './validate';
import { fastOffsetsOf, hasUnsupportedCharacters, readFast, type FastDocument } from './yaml/fast';
import { loadForValidation, type LocatedValue } from './yaml/located';

export interface IncrementalValidator {
  /** Validate `text`, reusing what did not change since the previous call. */
  update(text: string): CycleValidation;
}

/** Parts read on the fast path, by the indentation of what follows them (-1 for nothing), then by their text. */
type PartCache = Map<number, Map<string, FastDocument>>;

/** A top-level section: its offset in the file, its key, and either its whole text read or its items. */
interface Section {
  base: number;
  key: string;
  keyEnd: number;
  value: unknown;
  /** The section read as one document, when it is not split into items. */
  document?: FastDocument;
  /** The items of a split block sequence, each read as `k:\n` plus the item's lines. */
  items?: Item[];
}

interface Item {
  /** Offset in the file of offset 0 of the item's document, which starts with a three-character header. */
  shift: number;
  document: FastDocument;
}

/** Header put before an item's lines so that it reads as a one-key map holding a sequence. */
const ITEM_HEADER = 'k:\n';

export function createIncrementalValidator(options: ValidationOptions = {}): IncrementalValidator {
  let previousText: string | undefined;
  let previousResult: CycleValidation | undefined;
  let cache: PartCache = new Map();
  const validationOptions: ValidationOptions = { ...options, schemaCache: options.schemaCache ?? createSchemaCache() };

  return {
    update(text: string): CycleValidation {
      if (text === previousText && previousResult) {
        return previousResult;
      }
      const nextCache: PartCache = new Map();
      const located = locateByParts(text, cache, nextCache) ?? loadForValidation(text);
      cache = nextCache;
      previousText = text;
      previousResult = validateLocated(located, validationOptions);
      return previousResult;
    }
  };
}

/**
 * Read `text` part by part, taking unchanged parts from `cache` and putting every part
 * read into `nextCache`. Returns `undefined` when the fast path cannot read the text
 * this way, so the caller reads it whole.
 */
export function locateByParts(text: string, cache: PartCache, nextCache: PartCache): LocatedValue | undefined {
  const starts = sectionStarts(text);
  if (!starts || starts.length === 0 || hasUnsupportedCharacters(text.slice(0, starts[0]))) {
    return undefined;
  }
  const read = (partText: string, nextIndent: number | undefined, header = ''): FastDocument | undefined => {
    const indentKey = nextIndent ?? -1;
    let next = nextCache.get(indentKey);
    if (!next) {
      next = new Map();
      nextCache.set(indentKey, next);
    }
    const document = cache.get(indentKey)?.get(partText) ?? next.get(partText) ?? readFast(header + partText, nextIndent);
    if (document) {
      next.set(partText, document);
    }
    return document;
  };

  const sections: Section[] = [];
  const value: Record<string, unknown> = {};
  for (let index = 0; index < starts.length; index++) {
    const isLast = index === starts.length - 1;
    const section = readSection(text, starts[index], isLast ? text.length : starts[index + 1], isLast ? undefined : 0, read);
    if (!section || Object.prototype.hasOwnProperty.call(value, section.key)) {
      return undefined;
    }
    sections.push(section);
    Object.defineProperty(value, section.key, { value: section.value, writable: true, enumerable: true, configurable: true });
  }

  return partsLocated(text, sections, value);
}

/** Read a part, or take it from the cache; `header` goes before the text when it is read. */
type ReadPart = (partText: string, nextIndent: number | undefined, header?: string) => FastDocument | undefined;

function readSection(text: string, start: number, end: number, nextIndent: number | undefined, read: ReadPart): Section | undefined {
  const items = itemStarts(text, start, end);
  if (!items) {
    const document = read(text.slice(start, end), nextIndent);
    const keys = document?.root.keys;
    if (!document || !keys || keys.length !== 1) {
      return undefined;
    }
    return { base: start, key: keys[0], keyEnd: start + document.root.keyRanges![1], value: document.root.children![0].value, document };
  }

  const keyEnd = text.indexOf(':', start);
  const key = text.slice(start, keyEnd);
  const parts: Item[] = [];
  const values: unknown[] = [];
  for (let index = 0; index < items.length; index++) {
    const isLast = index === items.length - 1;
    const itemEnd = isLast ? end : items[index + 1];
    const document = read(text.slice(items[index], itemEnd), isLast ? nextIndent : 2, ITEM_HEADER);
    const sequence = document?.root.children?.[0];
    if (!document || !sequence || document.root.keys?.length !== 1 || sequence.keys || sequence.children?.length !== 1) {
      return undefined;
    }
    parts.push({ shift: items[index] - ITEM_HEADER.length, document });
    values.push(sequence.children[0].value);
  }
  return { base: start, key, keyEnd, value: values, items: parts };
}

/**
 * Offsets of the items of a section written as `key:` on its own line followed at once
 * by `  - ` items at column 2, or `undefined` for any other section. A plain key of
 * letters, digits, `_` and `-` keeps the header the same as a parsed one.
 */
function itemStarts(text: string, start: number, end: number): number[] | undefined {
  const headerEnd = text.indexOf('\n', start);
  if (headerEnd < 0 || headerEnd + 1 >= end || !/^[A-Za-z][\w-]*:\r?$/.test(text.slice(start, headerEnd))) {
    return undefined;
  }
  const starts: number[] = [];
  let lineStart = headerEnd + 1;
  while (lineStart < end) {
    if (text.startsWith('  -', lineStart) && (text.charCodeAt(lineStart + 3) === 32 || text.charCodeAt(lineStart + 3) === 10 || text.charCodeAt(lineStart + 3) === 13)) {
      starts.push(lineStart);
    } else if (starts.length === 0) {
      return undefined;
    }
    const newline = text.indexOf('\n', lineStart);
    lineStart = newline < 0 ? end : newline + 1;
  }
  return starts.length > 0 ? starts : undefined;
}

/**
 * Offsets of the lines that start a top-level key, or `undefined` when the text contains
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

/** Build a located value over the parts, with ranges shifted to offsets in the whole text. */
function partsLocated(text: string, sections: readonly Section[], value: Record<string, unknown>): LocatedValue {
  const byKey = new Map(sections.map((section) => [section.key, section]));
  const rootStart = sections[0].base;
  const rootEnd = sectionEnd(sections[sections.length - 1]);
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
      const offsets = section ? sectionOffsets(section, path.slice(1), preferKey) : undefined;
      return offsets ? lineIndex().range(offsets[0], offsets[1]) : lineIndex().range(rootStart, rootEnd);
    }
  };
}

/** Offset where the root map's value ends: the end of its last section's value node. */
function sectionEnd(section: Section): number {
  if (section.document) {
    return section.base + section.document.root.valueEnd;
  }
  const last = section.items![section.items!.length - 1];
  return last.shift + last.document.root.valueEnd;
}

/**
 * Compute the file offsets of the range that `rangeAt` returns for `[section.key, ...rest]`,
 * trying prefixes down to the section's own key or value. Returns `undefined` when the
 * root's range applies.
 */
function sectionOffsets(section: Section, rest: readonly (string | number)[], preferKey: boolean): [number, number] | undefined {
  if (section.document) {
    const offsets = fastOffsetsOf(section.document.root, [section.key, ...rest], preferKey, 1);
    return offsets && [section.base + offsets[0], section.base + offsets[1]];
  }

  const items = section.items!;
  const index = rest[0];
  const item = rest.length > 0 && typeof index === 'number' ? items[index] : undefined;
  if (item) {
    const offsets = fastOffsetsOf(item.document.root, ['k', 0, ...rest.slice(1)], preferKey, 2);
    if (offsets) {
      return [item.shift + offsets[0], item.shift + offsets[1]];
    }
  }
  if (preferKey || rest.length > 0) {
    return [section.base, section.keyEnd];
  }
  const first = items[0];
  const last = items[items.length - 1];
  const firstSequence = first.document.root.children![0];
  const lastSequence = last.document.root.children![0];
  return [first.shift + firstSequence.start, last.shift + lastSequence.valueEnd];
}
