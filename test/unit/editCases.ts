/**
 * The operation cases of edit.test.ts and operations.test.ts: each runs one or more
 * operations on an input file of test/fixtures/edit/ and must produce the expected file
 * beside it byte for byte.
 */
import { applyEdits } from '../../src/core/diagnostics';
import { advanceStep, checkItem, completeStep, markItemNotApplicable, setField, skipStep, startStep, uncheckItem, type OperationResult } from '../../src/core/operations';

export interface OperationCase {
  input: string;
  expected: string;
  /** False for advancing, which moves on by another step each time it runs. */
  repeatable?: boolean;
  run(text: string): OperationResult;
}

const AT = '2026-12-04T11:00:00+01:00';

/** Run operations in order, each on the previous result. */
function chain(text: string, ...operations: ((text: string) => OperationResult)[]): OperationResult {
  let result: OperationResult = { ok: true, edits: [], text, summary: '' };
  for (const operation of operations) {
    if (!result.ok) {
      return result;
    }
    const next = operation(result.text);
    if (!next.ok) {
      return next;
    }
    // Report the whole chain as edits on the original text, like one operation would.
    result = { ...next, edits: next.edits.length === 0 && result.edits.length === 0 ? [] : [{ offset: 0, length: text.length, text: applyEdits(result.text, next.edits) }] };
  }
  return result;
}

const checkAll = (step: string, items: string[]) => items.map((item) => (text: string) => checkItem(text, { step, item, by: 'dana-weiss', at: AT }));

export const OPERATION_CASES: OperationCase[] = [
  {
    input: 'commented.cycle.yaml',
    expected: 'commented.check-flow-item.yaml',
    run: (text) => checkItem(text, { step: 'identify', item: 'application', by: 'dana-weiss', at: AT })
  },
  {
    input: 'commented.cycle.yaml',
    expected: 'commented.check-with-note.yaml',
    run: (text) => checkItem(text, { step: 'identify', item: 'stored-data', by: 'dana-weiss', at: AT, note: 'DBA confirmed: no schema change' })
  },
  {
    input: 'commented.cycle.yaml',
    expected: 'commented.check-missing-item.yaml',
    run: (text) => checkItem(text, { step: 'identify', item: 'configuration', by: 'dana-weiss', at: AT })
  },
  {
    input: 'commented.cycle.yaml',
    expected: 'commented.not-applicable.yaml',
    run: (text) => markItemNotApplicable(text, { step: 'identify', item: 'user-access', reason: 'No accounts change: the gateway has no local users.', by: 'dana-weiss', at: AT })
  },
  {
    input: 'commented.cycle.yaml',
    expected: 'commented.uncheck.yaml',
    run: (text) => uncheckItem(text, { step: 'identify', item: 'network' })
  },
  {
    input: 'commented.cycle.yaml',
    expected: 'commented.start-step.yaml',
    run: (text) => startStep(text, { step: 'assess', at: AT })
  },
  {
    input: 'commented.cycle.yaml',
    expected: 'commented.skip-step.yaml',
    run: (text) => skipStep(text, { step: 'assess', reason: 'Covered by cycle PC-2026-013', by: 'dana-weiss', at: AT })
  },
  {
    input: 'commented.cycle.yaml',
    expected: 'commented.start-missing-step.yaml',
    run: (text) => startStep(text, { step: 'prioritize', at: AT })
  },
  {
    input: 'commented.cycle.yaml',
    expected: 'commented.complete-step.yaml',
    run: (text) => chain(text, ...checkAll('identify', ['application', 'stored-data', 'configuration', 'user-access']), (t) => completeStep(t, { step: 'identify', by: 'dana-weiss', at: AT, now: new Date('2026-12-04T11:00:00+01:00') }))
  },
  {
    input: 'commented.cycle.yaml',
    expected: 'commented.set-field.yaml',
    run: (text) => chain(text, (t) => setField(t, { path: ['policy', 'version'], value: '3.10' }), (t) => setField(t, { path: ['notify'], value: ['ops-oncall', 'yes'] }))
  },
  {
    input: 'crlf-bom.cycle.yaml',
    expected: 'crlf-bom.check-item.yaml',
    run: (text) => checkItem(text, { step: 'identify', item: 'network', by: 'dana-weiss', at: AT, note: 'on: the\tDMZ' })
  },
  {
    input: 'crlf-bom.cycle.yaml',
    expected: 'crlf-bom.advance.yaml',
    repeatable: false,
    run: (text) =>
      chain(text, ...checkAll('identify', ['network', 'application', 'stored-data', 'configuration', 'user-access']), (t) => advanceStep(t, { by: 'dana-weiss', at: AT, now: new Date('2026-12-04T11:00:00+01:00') }))
  }
];

/** Arguments of the createCycle case; test/fixtures/edit/created.cycle.yaml is its expected output. */
export const CREATE_ARGUMENTS = {
  id: 'PC-2026-020',
  title: 'January core banking patches',
  track: 'emergency' as const,
  requester: 'giulia-rossi',
  securityOfficers: ['marco-bianchi', '@acme/security'],
  created: '2027-01-05',
  policy: { document: 'POL-ICT-07 Patch and update management', version: '1.10' },
  systems: [{ id: 'core-banking', name: 'Core banking', criticalFunction: true, environment: 'production' as const, owner: 'banking-ops', exposure: 'internal' as const }]
};
