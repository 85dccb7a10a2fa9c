import assert from 'node:assert/strict';
import { applyEdits } from '../../src/core/diagnostics';
import { buildRiskState, changeEdits, ChangeRejected, coreSuggester, findStepKeyLine, prioritizeConditions, staleChangeReason } from '../../src/extension/webviews/risk/riskModel';
import { loadYaml } from '../../src/core/yaml/load';
import type { Cycle } from '../../src/core/model';

const CYCLE = `schemaVersion: 1
id: PC-2026-014
title: "December patch cycle"   # monthly run
template: dora-security-patch
track: standard
requester: alice
securityOfficers: [carol]
created: 2026-12-01
policy: { document: Patch policy, version: "3.2" }
systems:
  - id: core-banking
    name: Core banking
    criticalFunction: true
    environment: production
    owner: payments-ops
vulnerabilities:
  - id: V-001
    advisory: CVE-2024-3094
    title: '<img src=x onerror="window.__pwned=1">'
    category: application
    system: core-banking
    component: { name: xz-utils, installed: 5.6.0 }
    source: { kind: scan, scan: S-1 }
    detected: 2026-12-01
    cvss:
      - { source: nvd, vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", version: "3.1", baseScore: 10, severity: critical }
    kev: { dateAdded: 2024-04-01, knownRansomwareCampaignUse: Unknown, catalogVersion: 2026.12.01 }
    epss: { probability: 0.8512, percentile: 0.99, scoreDate: 2026-12-01, modelVersion: v4 }
    assessment:
      impact: critical   # confirmed with the system owner
      likelihood: likely
      risk: very-high
      priority: 1
  - id: V-002
    advisory: CVE-2023-44487
    title: HTTP/2 rapid reset
    category: network
    system: core-banking
    component: { name: nginx }
    source: { kind: scan }
    detected: 2026-12-01
    assessment:
      impact: high
      priority: 2

  - id: V-003
    advisory: GHSA-xxxx-yyyy-zzzz
    title: Fixed already
    category: application
    system: core-banking
    component: { name: lib }
    source: { kind: manual }
    detected: 2026-11-01
    verification: { result: fixed, evidence: S-2, at: 2026-12-02T10:00:00Z, by: bob }
steps:
  identify: { status: done }
  prioritize:
    status: in-progress
    items:
      evaluate-threats: { done: false }
`;

/** The same cycle with every prioritize item already checked, so an edit adds no checklist lines. */
const CHECKED = CYCLE.replace(
  '      evaluate-threats: { done: false }\n',
  ['confirm-risk-levels', 'evaluate-threats', 'identify-controls', 'assign-priorities', 'document-rationale'].map((id) => `      ${id}: { done: true, by: alice, at: 2026-12-03T09:00:00Z }\n`).join('')
);

const now = new Date('2026-12-04T21:00:00.000Z');
const document = { text: CYCLE, version: 7, documentUri: 'file:///ws/dec.cycle.yaml', file: 'cycles/dec.cycle.yaml' };

function apply(text: string, message: Parameters<typeof changeEdits>[1]): string {
  return applyEdits(text, changeEdits(text, message, { now, user: 'alice' }));
}

/** Lines removed (`-`) and added (`+`) between two texts, from a longest-common-subsequence line diff. */
function changedLines(before: string, after: string): string[] {
  const a = before.split('\n');
  const b = after.split('\n');
  const common: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      common[i][j] = a[i] === b[j] ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
    }
  }
  const changes: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      i++;
      j++;
    } else if (i < a.length && (j === b.length || common[i + 1][j] >= common[i][j + 1])) {
      changes.push(`-${a[i++]}`);
    } else {
      changes.push(`+${b[j++]}`);
    }
  }
  return changes;
}

describe('webview risk model state', () => {
  const state = buildRiskState(document, undefined);

  it('lists only open vulnerabilities', () => {
    assert.deepEqual(state.rows.map((row) => row.id), ['V-001', 'V-002']);
  });

  it('keeps markup in a title as plain data', () => {
    assert.equal(state.rows[0].title, '<img src=x onerror="window.__pwned=1">');
  });

  it('maps scores, KEV, EPSS and the system', () => {
    const row = state.rows[0];
    assert.equal(row.baseScore, 10);
    assert.equal(row.severity, 'critical');
    assert.equal(row.kev, true);
    assert.equal(row.epss, 0.8512);
    assert.equal(row.systemName, 'Core banking');
    assert.equal(row.criticalFunction, true);
    assert.equal(row.component, 'xz-utils 5.6.0');
    assert.equal(state.rows[1].kev, false);
    assert.equal(state.rows[1].likelihood, null);
  });

  it('shows the five prioritize checklist items', () => {
    assert.deepEqual(state.checklist.map((item) => item.id), ['confirm-risk-levels', 'evaluate-threats', 'identify-controls', 'assign-priorities', 'document-rationale']);
    assert.deepEqual(state.checklist.map((item) => item.done), [false, false, false, false, false]);
    assert.deepEqual(state.checklist.map((item) => item.conditionMet), [false, false, false, true, false]);
  });

  it('carries the matrix and the document version', () => {
    assert.equal(state.version, 7);
    assert.equal(state.matrix[4][4], 'extreme');
    assert.equal(state.matrix[0][0], 'low');
  });

  it('reports a YAML error instead of rows', () => {
    const broken = buildRiskState({ ...document, text: 'id: [unclosed\n' }, undefined);
    assert.deepEqual(broken.rows, []);
    assert.equal(broken.problems.length, 1);
    assert.match(broken.problems[0], /^cycles\/dec\.cycle\.yaml:\d+:\d+: /);
  });
});

describe('webview risk model edits', () => {
  it('sets likelihood and the matching risk only', () => {
    const after = apply(CHECKED, { type: 'setField', requestId: 1, version: 7, id: 'V-002', field: 'likelihood', value: 'possible' });
    assert.deepEqual(changedLines(CHECKED, after), ['+      likelihood: possible', '+      risk: high']);
  });

  it('keeps the comment on a changed impact', () => {
    const after = apply(CHECKED, { type: 'setField', requestId: 1, version: 7, id: 'V-001', field: 'impact', value: 'catastrophic' });
    assert.deepEqual(changedLines(CHECKED, after), [
      '-      impact: critical   # confirmed with the system owner',
      '+      impact: catastrophic   # confirmed with the system owner',
      '-      risk: very-high',
      '+      risk: extreme'
    ]);
  });

  it('swaps two priorities in two lines', () => {
    const after = apply(CHECKED, { type: 'setPriorities', requestId: 1, version: 7, changes: [{ id: 'V-002', priority: 1 }, { id: 'V-001', priority: 2 }] });
    assert.deepEqual(changedLines(CHECKED, after), ['-      priority: 1', '+      priority: 2', '-      priority: 2', '+      priority: 1']);
  });

  it('writes nothing when applied twice', () => {
    const message = { type: 'setField', requestId: 1, version: 7, id: 'V-002', field: 'decision', value: 'patch' } as const;
    const once = apply(CHECKED, message);
    assert.deepEqual(changeEdits(once, message, { now, user: 'alice' }), []);
  });

  it('stores a rationale with markup as a quoted string', () => {
    const after = apply(CHECKED, { type: 'setField', requestId: 1, version: 7, id: 'V-002', field: 'rationale', value: '<script>window.__pwned=1</script>: urgent' });
    const cycle = loadYaml(after).value as Cycle;
    assert.equal(cycle.vulnerabilities?.[1].assessment?.rationale, '<script>window.__pwned=1</script>: urgent');
  });

  it('removes risk when likelihood is cleared', () => {
    const after = apply(CHECKED, { type: 'setField', requestId: 1, version: 7, id: 'V-001', field: 'likelihood', value: null });
    assert.deepEqual(changedLines(CHECKED, after), ['-      likelihood: likely', '-      risk: very-high']);
  });

  it('rejects a change to a closed vulnerability', () => {
    assert.throws(() => changeEdits(CYCLE, { type: 'setField', requestId: 1, version: 7, id: 'V-003', field: 'impact', value: 'low' }, { now }), ChangeRejected);
  });

  it('rejects suggested order without suggestions', () => {
    assert.throws(() => changeEdits(CYCLE, { type: 'applySuggestedOrder', requestId: 1, version: 7 }, { now }), /No suggested order/);
  });

  it('applies a suggested order', () => {
    const suggest = () => [{ id: 'V-002', priority: 1, reasons: ['KEV'] }, { id: 'V-001', priority: 2, reasons: [] }];
    const after = applyEdits(CYCLE, changeEdits(CYCLE, { type: 'applySuggestedOrder', requestId: 1, version: 7 }, { now, suggest }));
    const cycle = loadYaml(after).value as Cycle;
    assert.deepEqual(cycle.vulnerabilities?.map((v) => v.assessment?.priority), [2, 1, undefined]);
  });

  it('checks an item once its condition is met', () => {
    const after = apply(CYCLE, { type: 'setField', requestId: 1, version: 7, id: 'V-002', field: 'likelihood', value: 'rare' });
    assert.equal(prioritizeConditions(loadYaml(after).value as Cycle)['evaluate-threats'], true);
    const items = (loadYaml(after).value as Cycle).steps.prioritize.items ?? {};
    assert.deepEqual(items['evaluate-threats'], { done: true, by: 'alice', at: '2026-12-04T21:00:00Z' });
    assert.equal(items['confirm-risk-levels']?.done, true);
    assert.equal(items['assign-priorities']?.done, true);
    assert.equal(items['identify-controls'], undefined);
  });

  it('keeps CRLF line endings', () => {
    const crlf = CHECKED.replace(/\n/g, '\r\n');
    const after = apply(crlf, { type: 'setControls', requestId: 1, version: 7, id: 'V-001', controls: ['WAF rule 12'] });
    assert.equal(after.replace(/\r\n/g, '').includes('\n'), false);
    assert.deepEqual(changedLines(crlf, after), ['+      controls:\r', '+        - WAF rule 12\r']);
    assert.deepEqual((loadYaml(after).value as Cycle).vulnerabilities?.[0].assessment?.controls, ['WAF rule 12']);
  });
});

describe('webview risk model versions', () => {
  it('accepts a change based on the current version', () => {
    assert.equal(staleChangeReason('cycles/dec.cycle.yaml', 7, 7), undefined);
  });

  it('rejects a change based on an older version', () => {
    assert.equal(
      staleChangeReason('cycles/dec.cycle.yaml', 7, 9),
      'Not applied: cycles/dec.cycle.yaml changed since the view was drawn (view version 7, document version 9). The view now shows the current text; make the change again.'
    );
  });
});

describe('webview risk CodeLens line', () => {
  it('finds the prioritize key under steps', () => {
    assert.equal(findStepKeyLine(CYCLE, 'prioritize'), CYCLE.split('\n').indexOf('  prioritize:'));
  });

  it('ignores a prioritize key outside steps', () => {
    assert.equal(findStepKeyLine('notes:\n  prioritize: later\nsteps:\n  identify: { status: done }\n', 'prioritize'), undefined);
  });

  it('skips comments and deeper keys', () => {
    assert.equal(findStepKeyLine('steps:  # per step\n  # prioritize: not this\n  assess:\n    prioritize: no\n  "prioritize": { status: in-progress }\r\n', 'prioritize'), 4);
  });

  it('returns nothing for flow-style steps', () => {
    assert.equal(findStepKeyLine('steps: { prioritize: { status: done } }\n', 'prioritize'), undefined);
  });
});

describe('webview risk core suggestion', () => {
  it('puts the KEV-listed vulnerability first with its reasons', () => {
    const state = buildRiskState(document, coreSuggester);
    assert.deepEqual(state.suggestions.map((suggestion) => [suggestion.id, suggestion.priority]), [['V-001', 1], ['V-002', 2]]);
    assert.ok(state.suggestions[0].reasons.length > 0);
  });

  it('writes nothing when the priorities already follow it', () => {
    assert.deepEqual(changeEdits(CHECKED, { type: 'applySuggestedOrder', requestId: 1, version: 7 }, { now, user: 'alice', suggest: coreSuggester }), []);
  });
});
