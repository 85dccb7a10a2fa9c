/**
 * Snapshot age: KEV and EPSS are read from dated files, so a stale file must be visible.
 * A snapshot is too old when more than `maxAgeDays` whole days lie between its date and `now`.
 */

export interface SnapshotAge {
  kind: 'kev' | 'epss';
  file: string;
  /** `YYYY-MM-DD` the snapshot describes: KEV `dateReleased` (or the catalog version), EPSS `score_date`. */
  date: string;
  ageDays: number;
  tooOld: boolean;
}

const DAY_MS = 86_400_000;

export function snapshotAge(kind: SnapshotAge['kind'], file: string, date: string, now: Date, maxAgeDays: number): SnapshotAge {
  const start = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const ageDays = Math.floor((today - start) / DAY_MS);
  return { kind, file, date, ageDays, tooOld: ageDays > maxAgeDays };
}

/** Return the date a KEV catalog describes: `dateReleased`, else its `catalogVersion` (`2025.08.25`). */
export function kevSnapshotDate(catalog: { released?: string; catalogVersion: string }): string | undefined {
  if (catalog.released) {
    return catalog.released.slice(0, 10);
  }
  const match = /^(\d{4})\.(\d{2})\.(\d{2})$/.exec(catalog.catalogVersion);
  return match ? `${match[1]}-${match[2]}-${match[3]}` : undefined;
}
