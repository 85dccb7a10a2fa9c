/**
 * The import summary as text, one fact per line, for the CLI and the extension's log.
 */
import type { ImportSummary } from './merge';

/** Format the summary of one report; `report` is how the caller names the file. */
export function formatSummary(report: string, summary: ImportSummary): string {
  const lines = [
    `${report}: ${summary.format} report from ${summary.scanner}, scanned ${summary.scannedAt}, scan ${summary.scanId}${summary.scanIsNew ? ' (new)' : ' (already recorded)'}, systems ${summary.systems.join(', ')}`,
    `  findings read: ${summary.findingCount}; added: ${summary.added.length}; updated: ${summary.updated.length}; not seen any more: ${summary.notSeen.length}; skipped: ${summary.skipped.length}`
  ];

  for (const added of summary.added) {
    lines.push(`  added ${added.id} ${added.advisory} in ${added.component} on ${added.system}`);
  }
  for (const updated of summary.updated) {
    lines.push(`  updated ${updated.id}: ${updated.fields.join(', ')}`);
  }
  if (summary.notSeen.length > 0) {
    lines.push(`  not seen in this scan (seenInLatestScan: false): ${summary.notSeen.join(', ')}`);
  }
  if (summary.seenAgain.length > 0) {
    lines.push(`  seen again: ${summary.seenAgain.join(', ')}`);
  }
  if (summary.verifiedFixed.length > 0) {
    lines.push(`  verified fixed: ${summary.verifiedFixed.join(', ')}`);
  }
  if (summary.stillOpen.length > 0) {
    lines.push(`  still open: ${summary.stillOpen.join(', ')}`);
  }

  for (const skipped of summary.skipped) {
    lines.push(`  skipped ${skipped.location}: ${skipped.reason}`);
  }
  for (const mismatch of summary.scoreMismatches) {
    lines.push(`  score mismatch ${mismatch.advisory} (${mismatch.source}): the report claims ${mismatch.claimed}, the vector ${mismatch.vector} scores ${mismatch.computed}; kept ${mismatch.computed}`);
  }
  for (const invalid of summary.invalidVectors) {
    lines.push(`  invalid CVSS vector for ${invalid.advisory} (${invalid.source}): ${invalid.reason}; not recorded`);
  }

  for (const note of summary.notes) {
    lines.push(`  note: ${note}`);
  }
  return `${lines.join('\n')}\n`;
}
