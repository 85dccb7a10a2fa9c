/**
 * Turn "text before" and "text after" into minimal TextEdits, so a sequence of edit
 * steps can be reported as one set of edits on the original text. Lines are compared
 * first (longest common subsequence), then each changed hunk is trimmed to the
 * characters that differ.
 */
import type { TextEdit } from '../diagnostics';

/** Above this many line pairs in the changed middle, one edit covers the whole middle. */
const MAX_DIFF_CELLS = 4_000_000;

export function diffEdits(before: string, after: string): TextEdit[] {
  if (before === after) {
    return [];
  }
  const a = splitLines(before);
  const b = splitLines(after);

  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) {
    head++;
  }
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) {
    tail++;
  }

  const middleA = a.slice(head, a.length - tail);
  const middleB = b.slice(head, b.length - tail);
  const startOffset = a.slice(0, head).reduce((sum, line) => sum + line.length, 0);
  const hunks = middleA.length * middleB.length <= MAX_DIFF_CELLS ? lineHunks(middleA, middleB) : [{ a0: 0, a1: middleA.length, b0: 0, b1: middleB.length }];

  const edits: TextEdit[] = [];
  const lineOffsets = [startOffset];
  for (const line of middleA) {
    lineOffsets.push(lineOffsets[lineOffsets.length - 1] + line.length);
  }
  for (const hunk of hunks) {
    const oldText = middleA.slice(hunk.a0, hunk.a1).join('');
    const newText = middleB.slice(hunk.b0, hunk.b1).join('');
    edits.push(trimEdit(lineOffsets[hunk.a0], oldText, newText));
  }
  return edits.filter((edit) => edit.length > 0 || edit.text.length > 0);
}

/** Lines with their line endings, so joining them gives the text back. */
function splitLines(text: string): string[] {
  const lines = text.split(/(?<=\n)/);
  return lines[lines.length - 1] === '' ? lines.slice(0, -1) : lines;
}

interface Hunk {
  a0: number;
  a1: number;
  b0: number;
  b1: number;
}

function lineHunks(a: string[], b: string[]): Hunk[] {
  // lengths[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  const lengths: Uint32Array[] = [];
  for (let i = 0; i <= a.length; i++) {
    lengths.push(new Uint32Array(b.length + 1));
  }
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i][j] = a[i] === b[j] ? lengths[i + 1][j + 1] + 1 : Math.max(lengths[i + 1][j], lengths[i][j + 1]);
    }
  }

  const hunks: Hunk[] = [];
  let current: Hunk | undefined;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      current = undefined;
      i++;
      j++;
      continue;
    }
    if (!current) {
      current = { a0: i, a1: i, b0: j, b1: j };
      hunks.push(current);
    }
    if (j < b.length && (i === a.length || lengths[i][j + 1] >= lengths[i + 1][j])) {
      j++;
      current.b1 = j;
    } else {
      i++;
      current.a1 = i;
    }
  }
  return hunks;
}

function trimEdit(offset: number, oldText: string, newText: string): TextEdit {
  let prefix = 0;
  while (prefix < oldText.length && prefix < newText.length && oldText[prefix] === newText[prefix]) {
    prefix++;
  }
  while (prefix > 0 && splitsPair(oldText, prefix)) {
    prefix--;
  }
  let suffix = 0;
  while (suffix < oldText.length - prefix && suffix < newText.length - prefix && oldText[oldText.length - 1 - suffix] === newText[newText.length - 1 - suffix]) {
    suffix++;
  }
  while (suffix > 0 && splitsPair(oldText, oldText.length - suffix)) {
    suffix--;
  }
  return { offset: offset + prefix, length: oldText.length - prefix - suffix, text: newText.slice(prefix, newText.length - suffix) };
}

/** Check whether a boundary at `index` splits a surrogate pair or a CRLF, where an editor cannot place a position. */
function splitsPair(text: string, index: number): boolean {
  const before = text.charCodeAt(index - 1);
  const after = text.charCodeAt(index);
  const surrogates = before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff;
  return surrogates || (before === 13 && after === 10);
}
