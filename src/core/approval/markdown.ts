/** Small Markdown writers shared by the pull-request description and the evidence report. */

/** Escape text for a Markdown table cell or paragraph: no HTML, no table breaks, no emphasis. */
export function mdText(value: unknown): string {
  const text = value === undefined || value === null || value === '' ? '—' : String(value);
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\r?\n/g, ' ')
    .replace(/[|*_`[\]<>#~]/g, (character) => `\\${character}`);
}

export function mdTable(header: string[], rows: unknown[][]): string {
  const lines = [`| ${header.map(mdText).join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`];
  for (const row of rows) {
    lines.push(`| ${row.map(mdText).join(' | ')} |`);
  }
  return lines.join('\n');
}
