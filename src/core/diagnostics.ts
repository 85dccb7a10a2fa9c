/**
 * Diagnostics shared by the loader, the schema check and the workflow rules. Lines and
 * columns are 1-based, as compilers print them; offsets are 0-based UTF-16 indices into
 * the text that was loaded (a byte-order mark, when present, is offset 0).
 */

export type Severity = 'error' | 'warning' | 'info';

export interface Position {
  line: number;
  column: number;
  offset: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface Diagnostic {
  /** Stable code, `PC` + four digits; docs/diagnostics.md explains each one. */
  code: string;
  severity: Severity;
  message: string;
  range: Range;
  /** Path of the offending node in the document, as keys and sequence indices. */
  path?: (string | number)[];
  /** A mechanical fix the editor may offer as a quick fix. */
  fix?: DiagnosticFix;
}

export interface DiagnosticFix {
  title: string;
  edits: TextEdit[];
}

/** A replacement of `length` UTF-16 code units at `offset` with `text`. */
export interface TextEdit {
  offset: number;
  length: number;
  text: string;
}

/** Map offsets to 1-based line and column; column 1 on line 1 follows a byte-order mark. */
export class LineIndex {
  private readonly lineStarts: number[] = [0];
  private readonly bomLength: number;

  constructor(text: string) {
    this.bomLength = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 10) {
        this.lineStarts.push(i + 1);
      }
    }
  }

  position(offset: number): Position {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.lineStarts[middle] <= offset) {
        low = middle;
      } else {
        high = middle - 1;
      }
    }
    const lineStart = low === 0 ? this.bomLength : this.lineStarts[low];
    return { line: low + 1, column: Math.max(offset - lineStart, 0) + 1, offset };
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(Math.max(start, end)) };
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }
}

/** Apply non-overlapping edits to `text`; the edits may come in any order. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.offset - b.offset);
  let result = '';
  let cursor = 0;
  for (const edit of sorted) {
    if (edit.offset < cursor) {
      throw new RangeError(`Overlapping edits at offset ${edit.offset}.`);
    }
    result += text.slice(cursor, edit.offset) + edit.text;
    cursor = edit.offset + edit.length;
  }
  return result + text.slice(cursor);
}

/** Format a diagnostic the way compilers do: `path:line:col: severity code message`. */
export function formatDiagnostic(file: string, diagnostic: Diagnostic): string {
  const { line, column } = diagnostic.range.start;
  return `${file}:${line}:${column}: ${diagnostic.severity} ${diagnostic.code} ${diagnostic.message}`;
}
