/**
 * Priority reordering: moving a vulnerability in the priority order (by drag and drop,
 * Alt+Up/Down or a typed number) and the priority changes that result.
 *
 * The ranked list is every row that has a priority, ordered by it. Moving a row re-ranks
 * that list as 1..n and returns only the rows whose number changed, so the YAML diff
 * touches only those lines. Moving an unranked row adds it to the ranked list.
 */
import type { PriorityChange, RiskRow } from '../../src/shared/protocol/risk';

/** Row ids ordered by priority (1 first); rows without a priority are left out. */
export function rankedIds(rows: readonly RiskRow[]): string[] {
  return rows
    .filter((row) => row.priority !== null)
    .sort((a, b) => (a.priority as number) - (b.priority as number) || a.id.localeCompare(b.id))
    .map((row) => row.id);
}

/**
 * Put row `id` at 1-based `position` of the ranked list and return the priority changes.
 * A position past the end puts the row last; a position below 1 puts it first.
 */
export function moveToPosition(rows: readonly RiskRow[], id: string, position: number): PriorityChange[] {
  const order = rankedIds(rows).filter((rankedId) => rankedId !== id);
  const index = Math.min(Math.max(Math.trunc(position) - 1, 0), order.length);
  order.splice(index, 0, id);
  return changesFor(rows, order);
}

/** Move row `id` up (`delta` < 0, towards priority 1) or down by `delta` places. */
export function moveBy(rows: readonly RiskRow[], id: string, delta: number): PriorityChange[] {
  const order = rankedIds(rows);
  const current = order.indexOf(id);
  const position = current < 0 ? order.length + 1 : current + 1 + delta;
  return moveToPosition(rows, id, position);
}

/** Move row `id` to where row `targetId` is now, as a drop on that row does. */
export function moveOnto(rows: readonly RiskRow[], id: string, targetId: string): PriorityChange[] {
  const order = rankedIds(rows);
  const target = order.indexOf(targetId);
  if (target < 0) {
    return [];
  }
  return moveToPosition(rows, id, target + 1);
}

function changesFor(rows: readonly RiskRow[], order: readonly string[]): PriorityChange[] {
  const current = new Map(rows.map((row) => [row.id, row.priority]));
  const changes: PriorityChange[] = [];
  order.forEach((id, index) => {
    if (current.get(id) !== index + 1) {
      changes.push({ id, priority: index + 1 });
    }
  });
  return changes;
}

/** Rows whose priority differs from the suggestion and have no rationale yet. */
export function rowsNeedingRationale(rows: readonly RiskRow[], suggested: ReadonlyMap<string, number>): string[] {
  return rows
    .filter((row) => {
      const suggestion = suggested.get(row.id);
      return row.priority !== null && suggestion !== undefined && suggestion !== row.priority && row.rationale.trim() === '';
    })
    .map((row) => row.id);
}
