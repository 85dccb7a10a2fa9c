/**
 * Sorting, filtering and heatmap counts of the risk table. Pure functions over the rows
 * the host sends, so the page and the unit tests share them.
 */
import { IMPACTS, LIKELIHOODS, RISK_LEVELS, DECISIONS, type RiskRow } from '../../src/shared/protocol/risk';
import type { Impact, Likelihood } from '../../src/core/model';

export type ColumnId =
  | 'id'
  | 'title'
  | 'system'
  | 'component'
  | 'baseScore'
  | 'kev'
  | 'epss'
  | 'impact'
  | 'likelihood'
  | 'risk'
  | 'decision'
  | 'priority'
  | 'rationale'
  | 'controls';

export const COLUMN_IDS: readonly ColumnId[] = [
  'priority',
  'id',
  'title',
  'system',
  'component',
  'baseScore',
  'kev',
  'epss',
  'impact',
  'likelihood',
  'risk',
  'decision',
  'rationale',
  'controls'
];

export interface SortOrder {
  column: ColumnId;
  descending: boolean;
}

export interface CellFilter {
  impact: Impact;
  likelihood: Likelihood;
}

type SortKey = string | number | null;

function scaleIndex(scale: readonly string[], value: string | null): number | null {
  if (value === null) {
    return null;
  }
  const index = scale.indexOf(value);
  return index < 0 ? null : index;
}

/** Return the value a column sorts by; ordinal scales sort by rank, not by spelling. */
export function sortKey(row: RiskRow, column: ColumnId): SortKey {
  switch (column) {
    case 'id':
      return row.id;
    case 'title':
      return row.title;
    case 'system':
      return row.systemName || row.system;
    case 'component':
      return row.component;
    case 'baseScore':
      return row.baseScore;
    case 'kev':
      return row.kev ? 1 : 0;
    case 'epss':
      return row.epss;
    case 'impact':
      return scaleIndex(IMPACTS, row.impact);
    case 'likelihood':
      return scaleIndex(LIKELIHOODS, row.likelihood);
    case 'risk':
      return scaleIndex(RISK_LEVELS, row.risk);
    case 'decision':
      return scaleIndex(DECISIONS, row.decision);
    case 'priority':
      return row.priority;
    case 'rationale':
      return row.rationale;
    case 'controls':
      return row.controls.join(', ');
  }
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

function compareKeys(a: SortKey, b: SortKey): number {
  if (typeof a === 'number' && typeof b === 'number') {
    return a - b;
  }
  return collator.compare(String(a), String(b));
}

/**
 * Sort rows by one column. Empty values go last in both directions, because a missing
 * impact or priority is what the user has to fill in, not a low value. Ties keep id order
 * so the order is stable across re-renders.
 */
export function sortRows(rows: readonly RiskRow[], order: SortOrder): RiskRow[] {
  const direction = order.descending ? -1 : 1;
  const keyed = rows.map((row) => ({ row, key: sortKey(row, order.column) }));
  keyed.sort((a, b) => {
    const aEmpty = a.key === null || a.key === '';
    const bEmpty = b.key === null || b.key === '';
    if (aEmpty !== bEmpty) {
      return aEmpty ? 1 : -1;
    }
    const byKey = aEmpty ? 0 : compareKeys(a.key, b.key) * direction;
    return byKey !== 0 ? byKey : collator.compare(a.row.id, b.row.id);
  });
  return keyed.map((entry) => entry.row);
}

/** Join the text a row is searched in: every column the table shows, lower-cased. */
function searchText(row: RiskRow): string {
  return [
    row.id,
    row.advisory,
    row.title,
    row.system,
    row.systemName,
    row.component,
    row.severity ?? '',
    row.impact ?? '',
    row.likelihood ?? '',
    row.risk ?? '',
    row.decision ?? '',
    row.rationale,
    ...row.controls,
    row.kev ? 'kev' : ''
  ]
    .join('\u0000')
    .toLowerCase();
}

/**
 * Keep the rows that contain every whitespace-separated word of `query` (case-insensitive)
 * and, when `cell` is set, that sit in that heatmap cell.
 */
export function filterRows(rows: readonly RiskRow[], query: string, cell: CellFilter | null): RiskRow[] {
  const words = query.toLowerCase().split(/\s+/).filter((word) => word.length > 0);
  return rows.filter((row) => {
    if (cell && (row.impact !== cell.impact || row.likelihood !== cell.likelihood)) {
      return false;
    }
    if (words.length === 0) {
      return true;
    }
    const text = searchText(row);
    return words.every((word) => text.includes(word));
  });
}

/** Count rows per heatmap cell: `counts[impactIndex][likelihoodIndex]`; rows missing either value are not counted. */
export function countCells(rows: readonly RiskRow[]): number[][] {
  const counts = IMPACTS.map(() => LIKELIHOODS.map(() => 0));
  for (const row of rows) {
    const impact = scaleIndex(IMPACTS, row.impact);
    const likelihood = scaleIndex(LIKELIHOODS, row.likelihood);
    if (impact !== null && likelihood !== null) {
      counts[impact][likelihood] += 1;
    }
  }
  return counts;
}
