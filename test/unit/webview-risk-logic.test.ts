import assert from 'node:assert/strict';
import type { RiskRow } from '../../src/shared/protocol/risk';
import { computeWindow, scrollTopToReveal } from '../../webview/shared/virtualWindow';
import { countCells, filterRows, sortRows } from '../../webview/risk/table';
import { moveBy, moveOnto, moveToPosition, rankedIds, rowsNeedingRationale } from '../../webview/risk/reorder';

function row(id: string, fields: Partial<RiskRow> = {}): RiskRow {
  return {
    id,
    advisory: `CVE-2026-${id.slice(2)}`,
    title: `Title of ${id}`,
    description: '',
    system: 'core-banking',
    systemName: 'Core banking',
    criticalFunction: true,
    component: 'openssl',
    baseScore: null,
    severity: null,
    kev: false,
    epss: null,
    impact: null,
    likelihood: null,
    risk: null,
    decision: null,
    priority: null,
    rationale: '',
    controls: [],
    expires: null,
    ...fields
  };
}

const ids = (rows: RiskRow[]) => rows.map((r) => r.id);

describe('webview risk table sorting', () => {
  const rows = [
    row('V-003', { baseScore: 9.8, impact: 'high', priority: 2 }),
    row('V-001', { baseScore: 5.3, impact: 'catastrophic', priority: null }),
    row('V-010', { baseScore: null, impact: 'low', priority: 1 }),
    row('V-002', { baseScore: 9.8, impact: null, priority: 3 })
  ];

  it('sorts ids in numeric order', () => {
    assert.deepEqual(ids(sortRows(rows, { column: 'id', descending: false })), ['V-001', 'V-002', 'V-003', 'V-010']);
  });

  it('puts empty scores last when descending', () => {
    assert.deepEqual(ids(sortRows(rows, { column: 'baseScore', descending: true })), ['V-002', 'V-003', 'V-001', 'V-010']);
  });

  it('puts empty scores last when ascending', () => {
    assert.deepEqual(ids(sortRows(rows, { column: 'baseScore', descending: false })), ['V-001', 'V-002', 'V-003', 'V-010']);
  });

  it('sorts impact by rank, not spelling', () => {
    assert.deepEqual(ids(sortRows(rows, { column: 'impact', descending: true })), ['V-001', 'V-003', 'V-010', 'V-002']);
  });

  it('sorts priority with unranked rows last', () => {
    assert.deepEqual(ids(sortRows(rows, { column: 'priority', descending: false })), ['V-010', 'V-003', 'V-002', 'V-001']);
  });
});

describe('webview risk table filtering', () => {
  const rows = [
    row('V-001', { title: 'Heap overflow in OpenSSL', impact: 'high', likelihood: 'likely', controls: ['WAF rule 12'] }),
    row('V-002', { title: 'SQL injection', component: 'pgjdbc', impact: 'high', likelihood: 'rare', kev: true }),
    row('V-003', { title: '<script>window.__pwned=1</script>', impact: 'low', likelihood: 'likely' })
  ];

  it('matches every word case-insensitively', () => {
    assert.deepEqual(ids(filterRows(rows, '  openssl   HEAP ', null)), ['V-001']);
  });

  it('searches controls and the KEV flag', () => {
    assert.deepEqual(ids(filterRows(rows, 'waf', null)), ['V-001']);
    assert.deepEqual(ids(filterRows(rows, 'kev', null)), ['V-002']);
  });

  it('treats markup in a query as plain text', () => {
    assert.deepEqual(ids(filterRows(rows, '<script>', null)), ['V-003']);
  });

  it('restricts to one heatmap cell', () => {
    assert.deepEqual(ids(filterRows(rows, '', { impact: 'high', likelihood: 'likely' })), ['V-001']);
    assert.deepEqual(ids(filterRows(rows, 'sql', { impact: 'high', likelihood: 'likely' })), []);
  });

  it('returns every row for an empty query', () => {
    assert.deepEqual(ids(filterRows(rows, '', null)), ['V-001', 'V-002', 'V-003']);
  });
});

describe('webview risk heatmap counts', () => {
  it('counts rows per impact and likelihood cell', () => {
    const counts = countCells([
      row('V-001', { impact: 'low', likelihood: 'rare' }),
      row('V-002', { impact: 'catastrophic', likelihood: 'almost-certain' }),
      row('V-003', { impact: 'catastrophic', likelihood: 'almost-certain' }),
      row('V-004', { impact: 'high', likelihood: null }),
      row('V-005', { impact: null, likelihood: 'likely' })
    ]);
    assert.equal(counts.length, 5);
    assert.deepEqual(counts[0], [1, 0, 0, 0, 0]);
    assert.deepEqual(counts[4], [0, 0, 0, 0, 2]);
    assert.equal(counts.flat().reduce((a, b) => a + b, 0), 3);
  });
});

describe('webview virtual window', () => {
  it('renders only the visible rows plus overscan', () => {
    assert.deepEqual(computeWindow(0, 300, 24, 10000, 5), { start: 0, end: 19, offsetTop: 0, totalHeight: 240000 });
  });

  it('windows the middle of a long list', () => {
    assert.deepEqual(computeWindow(24000, 300, 24, 10000, 5), { start: 995, end: 1019, offsetTop: 23880, totalHeight: 240000 });
  });

  it('clamps a scroll position past the end', () => {
    assert.deepEqual(computeWindow(1e9, 300, 24, 10000, 5), { start: 9982, end: 10000, offsetTop: 239568, totalHeight: 240000 });
  });

  it('handles an empty list', () => {
    assert.deepEqual(computeWindow(100, 300, 24, 0), { start: 0, end: 0, offsetTop: 0, totalHeight: 0 });
  });

  it('handles a list shorter than the viewport', () => {
    assert.deepEqual(computeWindow(0, 300, 24, 3, 5), { start: 0, end: 3, offsetTop: 0, totalHeight: 72 });
  });

  it('scrolls just enough to reveal a row', () => {
    assert.equal(scrollTopToReveal(50, 0, 240, 24), 984);
    assert.equal(scrollTopToReveal(2, 240, 240, 24), 48);
    assert.equal(scrollTopToReveal(12, 240, 240, 24), 240);
  });
});

describe('webview priority reordering', () => {
  const rows = [
    row('V-001', { priority: 1 }),
    row('V-002', { priority: 2 }),
    row('V-003', { priority: 3 }),
    row('V-004', { priority: null })
  ];

  it('lists ranked rows by priority', () => {
    assert.deepEqual(rankedIds(rows), ['V-001', 'V-002', 'V-003']);
  });

  it('moves a row up by swapping two priorities', () => {
    assert.deepEqual(moveBy(rows, 'V-003', -1), [
      { id: 'V-003', priority: 2 },
      { id: 'V-002', priority: 3 }
    ]);
  });

  it('leaves the first row in place when moved up', () => {
    assert.deepEqual(moveBy(rows, 'V-001', -1), []);
  });

  it('sets a typed position and shifts the rows between', () => {
    assert.deepEqual(moveToPosition(rows, 'V-003', 1), [
      { id: 'V-003', priority: 1 },
      { id: 'V-001', priority: 2 },
      { id: 'V-002', priority: 3 }
    ]);
  });

  it('ranks an unranked row moved up after the last', () => {
    assert.deepEqual(moveBy(rows, 'V-004', -1), [{ id: 'V-004', priority: 4 }]);
  });

  it('clamps a position past the end', () => {
    assert.deepEqual(moveToPosition(rows, 'V-001', 99), [
      { id: 'V-002', priority: 1 },
      { id: 'V-003', priority: 2 },
      { id: 'V-001', priority: 3 }
    ]);
  });

  it('closes gaps and duplicates in the ranking', () => {
    const gappy = [row('V-001', { priority: 5 }), row('V-002', { priority: 5 }), row('V-003', { priority: 9 })];
    assert.deepEqual(moveBy(gappy, 'V-003', 0), [
      { id: 'V-001', priority: 1 },
      { id: 'V-002', priority: 2 },
      { id: 'V-003', priority: 3 }
    ]);
  });

  it('drops a row onto another row', () => {
    assert.deepEqual(moveOnto(rows, 'V-001', 'V-003'), [
      { id: 'V-002', priority: 1 },
      { id: 'V-003', priority: 2 },
      { id: 'V-001', priority: 3 }
    ]);
    assert.deepEqual(moveOnto(rows, 'V-001', 'V-004'), []);
  });

  it('asks for a rationale where the priority differs from the suggestion', () => {
    const ranked = [row('V-001', { priority: 1 }), row('V-002', { priority: 2, rationale: 'Compensating control in place' }), row('V-003', { priority: 3 })];
    const suggested = new Map([['V-001', 1], ['V-002', 3], ['V-003', 2]]);
    assert.deepEqual(rowsNeedingRationale(ranked, suggested), ['V-003']);
  });
});
