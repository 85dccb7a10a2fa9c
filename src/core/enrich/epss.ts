/**
 * The FIRST EPSS daily CSV (https://www.first.org/epss/data_stats) as published: a first
 * line `#model_version:v2025.03.14,score_date:2025-08-25T00:00:00Z`, a header
 * `cve,epss,percentile`, then one row per CVE. Read offline; malformed rows are skipped and
 * counted.
 */
import type { EpssRecord } from '../model';
import type { SkippedEntry } from '../import/types';
import { toDate } from '../import/time';
import { SnapshotError } from './kev';

export interface EpssSnapshot {
  modelVersion: string;
  /** `YYYY-MM-DD`. */
  scoreDate: string;
  entries: Map<string, EpssRecord>;
  skipped: SkippedEntry[];
}

export function parseEpssCsv(text: string): EpssSnapshot {
  const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(/\r?\n/);
  const meta = lines[0]?.startsWith('#') ? parseMeta(lines[0].slice(1)) : undefined;
  const modelVersion = meta?.get('model_version');
  const scoreDate = toDate(meta?.get('score_date'));
  if (!modelVersion || !scoreDate) {
    throw new SnapshotError('The EPSS file must start with the published metadata line `#model_version:…,score_date:…`; download the CSV from FIRST unchanged.');
  }

  const header = (lines[1] ?? '').split(',').map((cell) => cell.trim().toLowerCase());
  const cveColumn = header.indexOf('cve');
  const epssColumn = header.indexOf('epss');
  const percentileColumn = header.indexOf('percentile');
  if (cveColumn < 0 || epssColumn < 0 || percentileColumn < 0) {
    throw new SnapshotError(`Line 2 of the EPSS file must be the header \`cve,epss,percentile\`; found ${JSON.stringify(lines[1] ?? '')}.`);
  }

  const entries = new Map<string, EpssRecord>();
  const skipped: SkippedEntry[] = [];
  for (let index = 2; index < lines.length; index++) {
    const line = lines[index];
    if (line.trim() === '' || line.startsWith('#')) {
      continue;
    }
    const cells = line.split(',');
    const cve = cells[cveColumn]?.trim() ?? '';
    const probability = Number(cells[epssColumn]);
    const percentile = Number(cells[percentileColumn]);
    if (!/^CVE-\d{4}-\d{4,}$/.test(cve)) {
      skipped.push({ location: `line ${index + 1}`, reason: `${JSON.stringify(cve)} is not a CVE id` });
      continue;
    }
    if (!isProbability(cells[epssColumn], probability) || !isProbability(cells[percentileColumn], percentile)) {
      skipped.push({ location: `line ${index + 1}`, reason: `${cve}: epss and percentile must be numbers from 0 to 1` });
      continue;
    }
    entries.set(cve, { probability, percentile, scoreDate, modelVersion });
  }
  return { modelVersion, scoreDate, entries, skipped };
}

function parseMeta(text: string): Map<string, string> {
  const meta = new Map<string, string>();
  for (const part of text.split(',')) {
    const colon = part.indexOf(':');
    if (colon > 0) {
      meta.set(part.slice(0, colon).trim(), part.slice(colon + 1).trim());
    }
  }
  return meta;
}

function isProbability(cell: string | undefined, value: number): boolean {
  return cell !== undefined && cell.trim() !== '' && Number.isFinite(value) && value >= 0 && value <= 1;
}

/** Return the EPSS record of the first of `ids` that the snapshot scores. */
export function lookupEpss(snapshot: EpssSnapshot, ids: readonly string[]): EpssRecord | undefined {
  for (const id of ids) {
    const record = snapshot.entries.get(id);
    if (record) {
      return record;
    }
  }
  return undefined;
}
