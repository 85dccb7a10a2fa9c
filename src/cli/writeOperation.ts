/**
 * Running a core operation on a cycle file from the CLI: read the file, run the
 * operation on its text, write the result in place, print what changed.
 */
import * as path from 'node:path';
import type { OperationResult } from '../core/operations';
import { LineIndex, type TextEdit } from '../core/diagnostics';
import { loadForValidation } from '../core/yaml/located';
import { displayPath, readText, writeTextAtomic } from '../node/files';
import { gitIdentity, localDateTime } from '../node/identity';
import { checkDateTime, checkLogin } from './args';
import { CliUsageError, type CliIo } from './io';
import { printable } from './printable';

/** Read a cycle file; a missing or unreadable file is an I/O error (exit 2). */
export async function readCycleFile(file: string, io: CliIo): Promise<string> {
  try {
    return await readText(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : error instanceof Error ? error.message : String(error);
    throw new CliUsageError(`${displayPath(file, io.cwd)}: cannot be read (${reason}).`);
  }
}

/** Return `--by`, or else the git identity of the repository that contains the file. */
export async function resolveBy(given: string | undefined, file: string): Promise<string> {
  if (given !== undefined) {
    return checkLogin(given, 'by');
  }
  const identity = await gitIdentity(file);
  if (!identity) {
    throw new CliUsageError(`no --by given and git has neither github.user nor user.name for ${path.dirname(file)}; pass --by <login> or run \`git config github.user <login>\`.`);
  }
  return identity;
}

/** Return `--at`, or else the current time with the local offset. */
export function resolveAt(given: string | undefined): string {
  return given !== undefined ? checkDateTime(given, 'at') : localDateTime();
}

/**
 * Write the operation's result and report it. A rejected operation prints its reason and
 * each unmet gate condition with its line and column, and returns exit code 1.
 */
export async function finishOperation(file: string, before: string, result: OperationResult, io: CliIo): Promise<number> {
  // Step and item ids come from the command line, values and lines from the file; either may hold control characters.
  const shown = printable(displayPath(file, io.cwd));
  if (!result.ok) {
    io.err(`${shown}: ${printable(result.message)}\n`);
    if (result.unmet && result.unmet.length > 0) {
      const located = loadForValidation(before);
      for (const condition of result.unmet) {
        const { line, column } = located.rangeOf(condition.path).start;
        io.err(`  ${shown}:${line}:${column}: ${condition.code} ${printable(condition.message)}\n`);
      }
    }
    return 1;
  }

  if (result.edits.length > 0) {
    await writeTextAtomic(file, result.text);
  }
  io.out(`${shown}: ${printable(result.summary)}\n`);
  io.out(describeEdits(before, result.text, result.edits));
  return 0;
}

/** List the changed lines as `-`/`+` lines with their numbers in the old and the new text. */
export function describeEdits(before: string, after: string, edits: readonly TextEdit[]): string {
  const oldIndex = new LineIndex(before);
  const newIndex = new LineIndex(after);
  let shift = 0;
  const output: string[] = [];
  for (const edit of [...edits].sort((a, b) => a.offset - b.offset)) {
    const removed = before.slice(edit.offset, edit.offset + edit.length);
    // An edit that starts a line and adds or removes whole lines leaves the lines around it alone.
    const wholeLines = (edit.offset === 0 || before[edit.offset - 1] === '\n') && [removed, edit.text].every((part) => part === '' || part.endsWith('\n'));
    for (const line of touchedLines(before, oldIndex, edit.offset, removed, wholeLines)) {
      output.push(`  -${line.number}: ${line.text}`);
    }
    for (const line of touchedLines(after, newIndex, edit.offset + shift, edit.text, wholeLines)) {
      output.push(`  +${line.number}: ${line.text}`);
    }
    shift += edit.text.length - edit.length;
  }
  return output.map((line) => `${printable(line)}\n`).join('');
}

function touchedLines(text: string, index: LineIndex, offset: number, part: string, wholeLines: boolean): { number: number; text: string }[] {
  if (wholeLines && part === '') {
    return [];
  }
  const first = index.position(offset).line;
  const last = index.position(wholeLines ? offset + part.length - 1 : offset + part.length).line;
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const result: { number: number; text: string }[] = [];
  for (let number = first; number <= last && number <= lines.length; number++) {
    result.push({ number, text: lines[number - 1] });
  }
  return result;
}
