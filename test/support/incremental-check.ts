/**
 * Compares incremental re-validation with a full validation of the same text: the same
 * value, the same diagnostics (code, severity, message, range, path) and, for the located
 * value, the same range for every path.
 */
import { isDeepStrictEqual } from 'node:util';
import type { CycleValidation } from '../../src/core/validate';
import { pathsOf } from './differential';

export function compareValidations(incremental: CycleValidation, full: CycleValidation): string | undefined {
  if (!isDeepStrictEqual(incremental.located.value, full.located.value)) {
    return 'value';
  }
  const summarize = (result: CycleValidation): unknown[] => result.diagnostics.map((d) => [d.code, d.severity, d.message, d.range, d.path]);
  if (!isDeepStrictEqual(summarize(incremental), summarize(full))) {
    return `diagnostics ${JSON.stringify(summarize(incremental)).slice(0, 300)} vs ${JSON.stringify(summarize(full)).slice(0, 300)}`;
  }
  for (const path of pathsOf(full.located.value)) {
    for (const preferKey of [false, true]) {
      if (!isDeepStrictEqual(incremental.located.rangeOf(path, preferKey), full.located.rangeOf(path, preferKey))) {
        return `range of ${JSON.stringify(path)}${preferKey ? ' (key)' : ''}`;
      }
    }
  }
  return undefined;
}

/** Replace, insert or delete one line of `text`, chosen by `random`. */
export function editOneLine(text: string, random: () => number): string {
  const lines = text.split('\n');
  const line = Math.floor(random() * lines.length);
  const replacements = ['    title: changed title', '  - id: V-999', 'notify: [someone]', '# a comment', '', '      impact: high', 'steps: {}', '    status: done', lines[line].replace(/\w+$/, 'edited')];
  const choice = Math.floor(random() * 3);
  if (choice === 0) {
    lines[line] = replacements[Math.floor(random() * replacements.length)];
  } else if (choice === 1) {
    lines.splice(line, 0, replacements[Math.floor(random() * replacements.length)]);
  } else {
    lines.splice(line, 1);
  }
  return lines.join('\n');
}
