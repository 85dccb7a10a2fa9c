/**
 * A fast reader for the block-style YAML that cycle files are written in: block maps and
 * sequences, plain, quoted and block scalars, one-line flow sequences of scalars, empty
 * flow collections and comments. On that subset it builds the same value as `loadYaml`
 * and the same node ranges as the `yaml` package (start, value end and node end),
 * several times faster
 * because it never builds a syntax tree.
 *
 * Anything outside the subset makes `readFast` return `undefined`: anchors, aliases,
 * merge keys, tags, directives, document markers, tabs, complex keys, non-string keys,
 * duplicate keys, multi-line quoted or flow scalars, odd indentation and every syntax
 * error. The caller then uses `loadYaml`, so every diagnostic comes from one loader.
 */
import { LineIndex, type Range } from '../diagnostics';

/**
 * A node with the `yaml` package's three offsets: start, end of the value, end of the
 * node. One class carries every field, so all nodes share one object shape.
 */
export class FastNode {
  constructor(
    readonly start: number,
    readonly valueEnd: number,
    readonly end: number,
    readonly value: unknown,
    /** Keys of a map, in order; `null` for sequences and scalars. */
    readonly keys: string[] | null = null,
    /** Start and end offsets of each key of a map, two numbers per key. */
    readonly keyRanges: number[] | null = null,
    /** Values of a map (in key order) or items of a sequence. */
    readonly children: FastNode[] | null = null
  ) {}

  /** Return the child at `segment`, looked up as `nodeAt` in load.ts does. */
  child(segment: string | number): FastNode | undefined {
    if (this.keys) {
      const index = this.keys.indexOf(String(segment));
      return index < 0 ? undefined : this.children![index];
    }
    return this.children && typeof segment === 'number' ? this.children[segment] : undefined;
  }
}

/** A text read on the fast path; `lines` is built on first use, since many callers never need it. */
export class FastDocument {
  private lineIndex: LineIndex | undefined;

  constructor(
    readonly text: string,
    readonly root: FastNode
  ) {}

  get value(): unknown {
    return this.root.value;
  }

  get lines(): LineIndex {
    this.lineIndex ??= new LineIndex(this.text);
    return this.lineIndex;
  }
}

/** Shared empty gap, so the common case of no comment lines allocates nothing. */
const NO_COMMENTS: readonly GapComment[] = [];

/** Thrown inside the reader when the text leaves the subset; never escapes `readFast`. */
class OutsideSubset extends Error {}

const SPACE = 32;
const NEWLINE = 10;
const RETURN = 13;
const HASH = 35;
const COLON = 58;
const DASH = 45;

/** Characters that end the fast path wherever they appear: controls YAML forbids, NEL, line separators, an inner BOM. */
const UNSUPPORTED_CHARACTERS = /[\t\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x85\u2028\u2029\ufffe\uffff]|\r(?!\n)|(?!^)\ufeff/;

/** First characters that make a plain scalar something else (an indicator) in block context. */
const INDICATORS = new Set([...'-?:,[]{}#&*!|>\'"%@`']);

/** Check whether `text` contains a character that only `loadYaml` handles. */
export function hasUnsupportedCharacters(text: string): boolean {
  return UNSUPPORTED_CHARACTERS.test(text);
}

/**
 * Read `text` on the fast path, or return `undefined` when it leaves the subset. With
 * `nextIndent`, the text is a part of a larger file whose next content line is indented
 * by that many spaces, and the reader decides everything at its end as it would there.
 */
export function readFast(text: string, nextIndent?: number): FastDocument | undefined {
  if (hasUnsupportedCharacters(text)) {
    return undefined;
  }
  try {
    const root = new BlockReader(text, nextIndent).readDocument();
    return new FastDocument(text, root);
  } catch (error) {
    // The reader recurses once per nesting level, so a pathologically deep document can
    // exhaust the stack; `loadYaml` then reads it and reports what it finds.
    if (error instanceof OutsideSubset || error instanceof RangeError) {
      return undefined;
    }
    throw error;
  }
}

/** Find the node at `path`, looked up as `nodeAt` in load.ts does. */
export function fastNodeAt(root: FastNode, path: readonly (string | number)[]): FastNode | undefined {
  let current: FastNode | undefined = root;
  for (const segment of path) {
    current = current?.child(segment);
  }
  return current;
}

/** Compute the range that `rangeAt` in load.ts returns for the same path on the same text. */
export function fastRangeOf(document: FastDocument, path: readonly (string | number)[], preferKey = false): Range {
  const [start, end] = fastOffsetsOf(document.root, path, preferKey, 0) ?? [document.root.start, document.root.valueEnd];
  return document.lines.range(start, end);
}

/**
 * Offsets of the range `rangeAt` gives for `path`, trying prefixes down to
 * `minLength` segments; `undefined` when none of them exists.
 */
export function fastOffsetsOf(root: FastNode, path: readonly (string | number)[], preferKey: boolean, minLength: number): [number, number] | undefined {
  for (let length = path.length; length >= minLength; length--) {
    const prefix = path.slice(0, length);
    if ((preferKey || length < path.length) && length > 0) {
      const parent = fastNodeAt(root, prefix.slice(0, -1));
      const last = prefix[length - 1];
      const keyIndex = parent?.keys ? parent.keys.indexOf(String(last)) : -1;
      if (keyIndex >= 0) {
        return [parent!.keyRanges![2 * keyIndex], parent!.keyRanges![2 * keyIndex + 1]];
      }
      const item = parent && !parent.keys ? parent.child(last) : undefined;
      if (item) {
        return [item.start, item.valueEnd];
      }
    }
    const node = fastNodeAt(root, prefix);
    if (node) {
      return [node.start, node.valueEnd];
    }
  }
  return undefined;
}

/** Resolve a plain scalar with the YAML 1.2 core schema, as the `yaml` package does. */
export function resolvePlainScalar(source: string): unknown {
  const first = source.charCodeAt(0);
  // Only these first characters can start a null, a boolean or a number.
  const maybeTyped = source.length === 0 || first === 126 || first === 110 || first === 78 || first === 116 || first === 84 || first === 102 || first === 70 || first === 43 || first === DASH || first === 46 || (first >= 48 && first <= 57);
  if (!maybeTyped) {
    return source;
  }

  if (/^(?:~|[Nn]ull|NULL)?$/.test(source)) {
    return null;
  }
  if (/^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/.test(source)) {
    return first === 116 || first === 84;
  }

  if (/^0o[0-7]+$/.test(source)) {
    return parseInt(source.substring(2), 8);
  }
  if (/^[-+]?[0-9]+$/.test(source)) {
    return parseInt(source, 10);
  }
  if (/^0x[0-9a-fA-F]+$/.test(source)) {
    return parseInt(source.substring(2), 16);
  }

  if (/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(source)) {
    if (source.slice(-3).toLowerCase() === 'nan') {
      return NaN;
    }
    return source[0] === '-' ? -Infinity : Infinity;
  }
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(source) || /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(source)) {
    return parseFloat(source);
  }
  return source;
}

/** Set a property the way the `yaml` package does, so `__proto__` and `toString` become own keys. */
function setProperty(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key in target) {
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

/** A comment line skipped between two content lines. */
interface GapComment {
  indent: number;
  /** Offset after the comment line's line break. */
  end: number;
}

/**
 * A line-by-line reader. Between nodes its cursor is at the next content line
 * (`lineStart`, `indent`), and it has recorded the comment lines and blank lines it skipped.
 */
class BlockReader {
  private readonly length: number;
  private lineStart = 0;
  private indent = 0;
  private atEnd = false;
  private gapComments: readonly GapComment[] = NO_COMMENTS;
  private gapBlankLines = 0;
  /** Results of `readKey` and `plainEnd`, kept in fields so the hot path allocates nothing. */
  private keyName = '';
  private keyEnd = 0;
  private plainHasComment = false;

  constructor(
    private readonly text: string,
    private readonly nextIndent: number | undefined
  ) {
    this.length = text.length;
  }

  /** True when the text really ends here, rather than before more content of a larger file. */
  private get atTextEnd(): boolean {
    return this.atEnd && this.nextIndent === undefined;
  }

  readDocument(): FastNode {
    const bomLength = this.text.charCodeAt(0) === 0xfeff ? 1 : 0;
    this.skipToContent(bomLength);
    if (this.atEnd || this.indent !== 0) {
      throw new OutsideSubset();
    }
    const root = this.readCollection(this.lineStart, true);
    if (!this.atEnd) {
      throw new OutsideSubset();
    }
    return root;
  }

  private readCollection(position: number, isRoot = false): FastNode {
    if (this.isSequenceEntry(position)) {
      return this.readSequence(position, isRoot);
    }
    if (this.readKey(position)) {
      return this.readMap(position, isRoot);
    }
    throw new OutsideSubset();
  }

  private readMap(position: number, isRoot = false): FastNode {
    const column = position - this.lineStart;
    const keys: string[] = [];
    const keyRanges: number[] = [];
    const children: FastNode[] = [];
    const value: Record<string, unknown> = {};
    let keyPosition = position;
    let last: FastNode | undefined;

    for (;;) {
      if (!this.readKey(keyPosition)) {
        throw new OutsideSubset();
      }
      const key = this.keyName;
      const keyEnd = this.keyEnd;
      if (Object.prototype.hasOwnProperty.call(value, key)) {
        throw new OutsideSubset();
      }
      const node = this.readValue(this.skipSpaces(keyEnd + 1), column, false);
      keys.push(key);
      keyRanges.push(keyPosition, keyEnd);
      children.push(node);
      setProperty(value, key, node.value);
      last = node;

      if (this.atEnd || this.indent < column) {
        break;
      }
      if (this.indent > column) {
        throw new OutsideSubset();
      }
      keyPosition = this.lineStart + column;
    }

    return new FastNode(position, last.end, this.takeGap(last.end, isRoot), value, keys, keyRanges, children);
  }

  private readSequence(position: number, isRoot = false): FastNode {
    const column = position - this.lineStart;
    const items: FastNode[] = [];
    const value: unknown[] = [];
    let dash = position;

    for (;;) {
      const node = this.readValue(this.skipSpaces(dash + 1), column, true);
      items.push(node);
      value.push(node.value);

      if (this.atEnd || this.indent < column) {
        break;
      }
      if (this.indent > column) {
        throw new OutsideSubset();
      }
      dash = this.lineStart + column;
      if (!this.isSequenceEntry(dash)) {
        // A sequence that is a map value at the key's indentation ends at the next key.
        break;
      }
    }

    const lastEnd = items[items.length - 1].end;
    return new FastNode(position, lastEnd, this.takeGap(lastEnd, isRoot), value, null, null, items);
  }

  /**
   * Return the node end of a closing collection. The `yaml` package (2.9) may extend a
   * closing collection's range over the comment lines after its last item, by lexer rules
   * that this reader does not copy. So the reader leaves the subset whenever a comment is
   * indented past the next content line or comes at the end of the text. The root
   * collection never takes comments.
   */
  private takeGap(valueEnd: number, isRoot: boolean): number {
    if (!isRoot && this.gapComments.some((comment) => this.atTextEnd || comment.indent > this.indent)) {
      throw new OutsideSubset();
    }
    return valueEnd;
  }

  /**
   * Leave the subset where the `yaml` package's ranges depend on lexer details that this
   * reader does not copy. These are comment lines after a scalar that are indented past
   * its owner (they extend the scalar's range), comment lines after a block scalar, and
   * comment lines at the end of the text.
   */
  private checkCommentsAfterScalar(ownerColumn: number, isBlockScalar: boolean): void {
    const comments = this.gapComments;
    if (comments.length > 0 && (this.atTextEnd || isBlockScalar || comments.some((comment) => comment.indent > ownerColumn))) {
      throw new OutsideSubset();
    }
  }

  /** Read the value after `key:` or `- `, starting at `position` on the current line. */
  private readValue(position: number, ownerColumn: number, inSequence: boolean): FastNode {
    const text = this.text;
    const code = position < this.length ? text.charCodeAt(position) : NEWLINE;

    if (code === NEWLINE || code === RETURN || code === HASH) {
      return this.readNestedOrEmpty(position, code === HASH, ownerColumn, inSequence);
    }
    if (inSequence) {
      if (this.isSequenceEntry(position)) {
        return this.readSequence(position);
      }
      if (this.readKey(position)) {
        return this.readMap(position);
      }
    }
    if (code === 124 || code === 62) {
      return this.readBlockScalar(position, ownerColumn);
    }
    if (code === 34 || code === 39) {
      const quoted = this.readQuoted(position);
      return this.finishLineScalar(position, quoted.end, quoted.value, ownerColumn);
    }
    if (code === 91 || code === 123) {
      return this.readFlow(position, ownerColumn);
    }
    if (INDICATORS.has(text[position]) && !(code === DASH && !this.isBlankOrEnd(position + 1))) {
      throw new OutsideSubset();
    }
    return this.readPlain(position, ownerColumn);
  }

  /** After `key:` or `-` with nothing else on the line: a nested block, or an empty (null) value. */
  private readNestedOrEmpty(position: number, hasComment: boolean, ownerColumn: number, inSequence: boolean): FastNode {
    this.skipToContent(this.lineEndAfterBreak(position));
    if (!this.atEnd) {
      const start = this.lineStart + this.indent;
      if (this.indent > ownerColumn) {
        return this.readCollection(start);
      }
      if (!inSequence && this.indent === ownerColumn && this.isSequenceEntry(start)) {
        return this.readSequence(start);
      }
    }
    return new FastNode(position, position, this.emptyValueEnd(position, hasComment), null);
  }

  /**
   * Return the node end of an empty value. When a comment follows on its line, the
   * `yaml` package (2.9) ends the node at the next token, after that line's indentation.
   * Comment lines and blank lines after it move the end in ways left to `loadYaml`.
   */
  private emptyValueEnd(position: number, hasComment: boolean): number {
    if (this.gapComments.length > 0 || (hasComment && (this.atTextEnd || this.gapBlankLines > 0))) {
      throw new OutsideSubset();
    }
    return hasComment ? this.lineStart + this.indent : position;
  }

  private readPlain(position: number, ownerColumn: number): FastNode {
    const lineEnd = this.contentEnd(position);
    let valueEnd = this.plainEnd(position, lineEnd);
    const hasComment = this.plainHasComment;
    let value = this.text.slice(position, valueEnd);
    let nodeEnd = this.lineEndAfterBreak(position);
    this.skipToContent(nodeEnd);

    // More-indented lines right after a plain scalar continue it (YAML line folding).
    let folded = false;
    while (!hasComment && !this.atEnd && this.gapComments.length === 0 && this.indent > ownerColumn) {
      const lineStart = this.lineStart + this.indent;
      const lineContentEnd = this.contentEnd(lineStart);
      if (INDICATORS.has(this.text[lineStart])) {
        throw new OutsideSubset();
      }
      const continuationEnd = this.plainEnd(lineStart, lineContentEnd);
      if (this.plainHasComment) {
        throw new OutsideSubset();
      }
      value += (this.gapBlankLines === 0 ? ' ' : '\n'.repeat(this.gapBlankLines)) + this.text.slice(lineStart, continuationEnd);
      valueEnd = continuationEnd;
      nodeEnd = this.lineEndAfterBreak(lineStart);
      folded = true;
      this.skipToContent(nodeEnd);
    }

    this.checkCommentsAfterScalar(ownerColumn, false);
    return new FastNode(position, valueEnd, nodeEnd, folded ? value : resolvePlainScalar(value));
  }

  /**
   * End of a one-line plain scalar, before a comment and trailing spaces; sets
   * `plainHasComment`. A `: ` inside leaves the subset.
   */
  private plainEnd(position: number, lineEnd: number): number {
    const text = this.text;
    let last = position;
    for (let i = position; i < lineEnd; i++) {
      const code = text.charCodeAt(i);
      if (code === SPACE) {
        if (i + 1 < lineEnd && text.charCodeAt(i + 1) === HASH) {
          this.plainHasComment = true;
          return last;
        }
        continue;
      }
      if (code === COLON && (i + 1 === lineEnd || text.charCodeAt(i + 1) === SPACE)) {
        throw new OutsideSubset();
      }
      last = i + 1;
    }
    this.plainHasComment = false;
    return last;
  }

  /** Finish a one-line scalar that ends at `valueEnd`; only spaces and a comment may follow on its line. */
  private finishLineScalar(position: number, valueEnd: number, value: unknown, ownerColumn: number): FastNode {
    this.checkLineRest(valueEnd);
    const end = this.lineEndAfterBreak(valueEnd);
    this.skipToContent(end);
    this.checkCommentsAfterScalar(ownerColumn, false);
    return new FastNode(position, valueEnd, end, value);
  }

  private checkLineRest(position: number): void {
    const lineEnd = this.contentEnd(position);
    let i = position;
    while (i < lineEnd && this.text.charCodeAt(i) === SPACE) {
      i++;
    }
    if (i < lineEnd && !(this.text.charCodeAt(i) === HASH && i > position)) {
      throw new OutsideSubset();
    }
  }

  private readQuoted(position: number): { end: number; value: string } {
    const text = this.text;
    const lineEnd = this.contentEnd(position);
    if (text.charCodeAt(position) === 39) {
      let i = position + 1;
      for (;;) {
        const close = text.indexOf('\'', i);
        if (close < 0 || close >= lineEnd) {
          throw new OutsideSubset();
        }
        if (text.charCodeAt(close + 1) === 39) {
          i = close + 2;
          continue;
        }
        return { end: close + 1, value: text.slice(position + 1, close).replace(/''/g, '\'') };
      }
    }

    let i = position + 1;
    while (i < lineEnd) {
      const code = text.charCodeAt(i);
      if (code === 92) {
        i += 2;
        continue;
      }
      if (code === 34) {
        // Every JSON escape means the same in YAML; YAML-only escapes make JSON.parse throw.
        try {
          return { end: i + 1, value: JSON.parse(text.slice(position, i + 1)) as string };
        } catch {
          throw new OutsideSubset();
        }
      }
      i++;
    }
    throw new OutsideSubset();
  }

  /** Read a flow collection (`[…]` or `{…}`) that closes on its line, as a block value. */
  private readFlow(position: number, ownerColumn: number): FastNode {
    const node = this.readFlowCollection(position, this.contentEnd(position));
    const finished = this.finishLineScalar(position, node.valueEnd, node.value, ownerColumn);
    return withEnd(node, finished.end);
  }

  /**
   * Read a one-line flow collection of scalars and further flow collections. As in the
   * `yaml` package, an entry's node end takes the spaces before a closing bracket. A space
   * before a comma, a trailing comma, an empty entry or a comment leaves the subset.
   */
  private readFlowCollection(position: number, lineEnd: number): FastNode {
    const text = this.text;
    const isMap = text.charCodeAt(position) === 123;
    const close = isMap ? 125 : 93;
    const keys: string[] | null = isMap ? [] : null;
    const keyRanges: number[] | null = isMap ? [] : null;
    const children: FastNode[] = [];
    const mapValue: Record<string, unknown> = {};
    const sequenceValue: unknown[] = [];
    const value = isMap ? mapValue : sequenceValue;

    let i = this.skipSpaces(position + 1);
    if (text.charCodeAt(i) === close) {
      return new FastNode(position, i + 1, i + 1, value, keys, keyRanges, children);
    }
    for (;;) {
      let key = '';
      if (isMap) {
        const keyNode = this.readFlowScalar(i, lineEnd, true);
        key = keyNode.value as string;
        if (text.charCodeAt(keyNode.valueEnd) !== COLON || text.charCodeAt(keyNode.valueEnd + 1) !== SPACE || Object.prototype.hasOwnProperty.call(mapValue, key)) {
          throw new OutsideSubset();
        }
        keys!.push(key);
        keyRanges!.push(keyNode.start, keyNode.valueEnd);
        i = this.skipSpaces(keyNode.valueEnd + 2);
      }

      const code = text.charCodeAt(i);
      let entry = code === 91 || code === 123 ? this.readFlowCollection(i, lineEnd) : this.readFlowScalar(i, lineEnd, false);
      const next = this.skipSpaces(entry.valueEnd);
      if (text.charCodeAt(next) === close) {
        entry = withEnd(entry, next);
      } else if (text.charCodeAt(next) !== 44 || next !== entry.valueEnd) {
        throw new OutsideSubset();
      }
      children.push(entry);
      if (isMap) {
        setProperty(mapValue, key, entry.value);
      } else {
        sequenceValue.push(entry.value);
      }

      if (text.charCodeAt(next) === close) {
        return new FastNode(position, next + 1, next + 1, value, keys, keyRanges, children);
      }
      i = this.skipSpaces(next + 1);
      if (i >= lineEnd || text.charCodeAt(i) === close) {
        throw new OutsideSubset();
      }
    }
  }

  /** Read a quoted or plain scalar inside a flow collection; a key must be a plain string. */
  private readFlowScalar(position: number, lineEnd: number, isKey: boolean): FastNode {
    const text = this.text;
    const code = text.charCodeAt(position);
    if (code === 34 || code === 39) {
      const quoted = this.readQuoted(position);
      return new FastNode(position, quoted.end, quoted.end, quoted.value);
    }
    if (position >= lineEnd || (INDICATORS.has(text[position]) && !(code === DASH && !/[\s,[\]{}]/.test(text[position + 1] ?? ' ')))) {
      throw new OutsideSubset();
    }

    let end = position;
    let valueEnd = position;
    for (; end < lineEnd; end++) {
      const c = text.charCodeAt(end);
      if (c === 44 || c === 91 || c === 93 || c === 123 || c === 125) {
        break;
      }
      if (c === COLON && /[\s,[\]{}]/.test(text[end + 1] ?? ' ')) {
        break;
      }
      if (c === HASH && text.charCodeAt(end - 1) === SPACE) {
        throw new OutsideSubset();
      }
      if (c !== SPACE) {
        valueEnd = end + 1;
      }
    }
    if (end >= lineEnd || (text.charCodeAt(end) === COLON) !== isKey) {
      throw new OutsideSubset();
    }

    const source = text.slice(position, valueEnd);
    const value = resolvePlainScalar(source);
    if (isKey && (typeof value !== 'string' || source === '<<')) {
      throw new OutsideSubset();
    }
    return new FastNode(position, valueEnd, valueEnd, value);
  }

  /** `|` and `>` with clip or strip chomping and detected indentation. */
  private readBlockScalar(position: number, ownerColumn: number): FastNode {
    const text = this.text;
    const folded = text.charCodeAt(position) === 62;
    let headerEnd = position + 1;
    const strip = text.charCodeAt(headerEnd) === DASH;
    if (strip) {
      headerEnd++;
    }
    this.checkLineRest(headerEnd);
    if (headerEnd < this.contentEnd(headerEnd) && text.charCodeAt(headerEnd) !== SPACE) {
      throw new OutsideSubset();
    }

    const lines: string[] = [];
    let lineStart = this.lineEndAfterBreak(position);
    let contentIndent = -1;
    let end = lineStart;
    while (lineStart < this.length) {
      const lineEnd = this.contentEnd(lineStart);
      let indent = 0;
      while (lineStart + indent < lineEnd && text.charCodeAt(lineStart + indent) === SPACE) {
        indent++;
      }
      const blank = lineStart + indent === lineEnd;
      if (blank) {
        if (contentIndent < 0 || indent > contentIndent) {
          // Leading blank lines and blank lines holding spaces past the indentation change the value.
          throw new OutsideSubset();
        }
        lines.push('');
      } else {
        if (contentIndent < 0) {
          if (indent <= ownerColumn) {
            throw new OutsideSubset();
          }
          contentIndent = indent;
        }
        if (indent < contentIndent) {
          break;
        }
        if (folded && indent > contentIndent) {
          throw new OutsideSubset();
        }
        lines.push(text.slice(lineStart + contentIndent, lineEnd));
        end = this.lineEndAfterBreak(lineStart);
      }
      lineStart = this.lineEndAfterBreak(lineStart);
    }
    if (contentIndent < 0) {
      throw new OutsideSubset();
    }
    while (lines[lines.length - 1] === '') {
      lines.pop();
    }

    let value = folded ? foldLines(lines) : lines.join('\n');
    if (!strip) {
      value += '\n';
    }
    this.skipToContent(end);
    this.checkCommentsAfterScalar(ownerColumn, true);
    return new FastNode(position, end, end, value);
  }

  /**
   * Parse an implicit key at `position`: plain or quoted, on one line, followed by `:`
   * and a space or the line end. On success sets `keyName` and `keyEnd` (the colon's offset).
   */
  private readKey(position: number): boolean {
    const text = this.text;
    const code = text.charCodeAt(position);
    if (code === 34 || code === 39) {
      const lineEnd = this.contentEnd(position);
      let close = position + 1;
      // Find the closing quote without decoding, so a quoted plain value is not read twice.
      while (close < lineEnd) {
        const c = text.charCodeAt(close);
        if (c === 92 && code === 34) {
          close += 2;
          continue;
        }
        if (c === code) {
          if (code === 39 && text.charCodeAt(close + 1) === 39) {
            close += 2;
            continue;
          }
          break;
        }
        close++;
      }
      if (close >= lineEnd || text.charCodeAt(close + 1) !== COLON || !this.isBlankOrEnd(close + 2)) {
        return false;
      }
      const key = this.readQuoted(position).value;
      if (key === '<<') {
        throw new OutsideSubset();
      }
      this.keyName = key;
      this.keyEnd = close + 1;
      return true;
    }

    if (position >= this.length || INDICATORS.has(text[position])) {
      if (!(code === DASH || code === 63 || code === COLON) || this.isBlankOrEnd(position + 1)) {
        return false;
      }
    }
    const lineEnd = this.contentEnd(position);
    for (let i = position; i < lineEnd; i++) {
      const c = text.charCodeAt(i);
      if (c === COLON && this.isBlankOrEnd(i + 1)) {
        if (text.charCodeAt(i - 1) === SPACE) {
          throw new OutsideSubset();
        }
        const source = text.slice(position, i);
        if (source === '<<' || typeof resolvePlainScalar(source) !== 'string') {
          throw new OutsideSubset();
        }
        this.keyName = source;
        this.keyEnd = i;
        return true;
      }
      if (c === SPACE && text.charCodeAt(i + 1) === HASH) {
        return false;
      }
    }
    return false;
  }

  private isSequenceEntry(position: number): boolean {
    return this.text.charCodeAt(position) === DASH && this.isBlankOrEnd(position + 1);
  }

  /** Check whether `position` is a space, a line break or the end of the text. */
  private isBlankOrEnd(position: number): boolean {
    if (position >= this.length) {
      return true;
    }
    const code = this.text.charCodeAt(position);
    return code === SPACE || code === NEWLINE || code === RETURN;
  }

  private skipSpaces(position: number): number {
    while (position < this.length && this.text.charCodeAt(position) === SPACE) {
      position++;
    }
    return position;
  }

  /** Return the offset of the line break (or `\r\n`) that ends the line containing `position`. */
  private contentEnd(position: number): number {
    let newline = this.text.indexOf('\n', position);
    if (newline < 0) {
      newline = this.length;
    }
    return newline > position && this.text.charCodeAt(newline - 1) === RETURN ? newline - 1 : newline;
  }

  private lineEndAfterBreak(position: number): number {
    const newline = this.text.indexOf('\n', position);
    return newline < 0 ? this.length : newline + 1;
  }

  /** Move to the next content line at or after the line starting at `lineStart`, recording what was skipped. */
  private skipToContent(lineStart: number): void {
    const text = this.text;
    this.gapComments = NO_COMMENTS;
    this.gapBlankLines = 0;
    while (lineStart < this.length) {
      const indentEnd = this.skipSpaces(lineStart);
      const code = indentEnd < this.length ? text.charCodeAt(indentEnd) : NEWLINE;
      if (code === NEWLINE || code === RETURN) {
        this.gapBlankLines++;
        lineStart = this.lineEndAfterBreak(indentEnd);
        continue;
      }
      if (code === HASH) {
        this.gapComments = [...this.gapComments, { indent: indentEnd - lineStart, end: this.lineEndAfterBreak(indentEnd) }];
        lineStart = this.lineEndAfterBreak(indentEnd);
        continue;
      }
      if (indentEnd === lineStart && (code === 37 || text.startsWith('---', lineStart) || text.startsWith('...', lineStart))) {
        // Directives and document markers are for `loadYaml`.
        throw new OutsideSubset();
      }
      this.lineStart = lineStart;
      this.indent = indentEnd - lineStart;
      return;
    }
    this.atEnd = true;
    // Inside a larger file, the next content line starts right here.
    this.lineStart = this.length;
    this.indent = this.nextIndent ?? -1;
  }
}

/** Copy `node` with another node end. */
function withEnd(node: FastNode, end: number): FastNode {
  return new FastNode(node.start, node.valueEnd, end, node.value, node.keys, node.keyRanges, node.children);
}

/** Fold the lines of a `>` block scalar: a line break between two text lines becomes a space. */
function foldLines(lines: readonly string[]): string {
  let result = '';
  let pendingBreaks = 0;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] === '') {
      pendingBreaks++;
      continue;
    }
    if (result !== '' || i > 0) {
      result += pendingBreaks > 0 ? '\n'.repeat(pendingBreaks) : ' ';
    }
    result += lines[i];
    pendingBreaks = 0;
  }
  return result;
}
