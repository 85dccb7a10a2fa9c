import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { applyEdits } from '../../src/core/diagnostics';
import { checkItem, completeStep, createCycle, markItemNotApplicable, setField, skipStep, startStep, uncheckItem, type OperationResult } from '../../src/core/operations';
import { builtInTemplate } from '../../src/core/templates';
import { expectedItems, isSkippable } from '../../src/core/workflow';
import { validateCycle } from '../../src/core/validate';
import { loadYaml } from '../../src/core/yaml/load';
import { generateCycle } from '../support/generate-cycle';
import { CREATE_ARGUMENTS, OPERATION_CASES } from './editCases';

const FIXTURES = path.resolve(__dirname, '../fixtures/edit');
const AT = '2026-12-04T11:00:00+01:00';

function fixture(name: string): string {
  return readFileSync(path.join(FIXTURES, name), 'utf8');
}

function succeeded(result: OperationResult): Extract<OperationResult, { ok: true }> {
  assert.ok(result.ok, result.ok ? '' : result.message);
  return result;
}

function rejected(result: OperationResult): Extract<OperationResult, { ok: false }> {
  assert.equal(result.ok, false, 'the operation should have been rejected');
  return result as Extract<OperationResult, { ok: false }>;
}

describe('operations: expected files', () => {
  for (const testCase of OPERATION_CASES) {
    it(`${testCase.expected} byte for byte`, () => {
      const input = fixture(testCase.input);
      const expected = fixture(testCase.expected);
      const result = succeeded(testCase.run(input));
      assert.equal(result.text, expected);
      assert.equal(applyEdits(input, result.edits), expected);
    });

    if (testCase.repeatable === false) {
      continue;
    }
    it(`${testCase.expected} a second time changes nothing`, () => {
      const expected = fixture(testCase.expected);
      const again = succeeded(testCase.run(expected));
      assert.deepEqual(again.edits, []);
      assert.equal(again.text, expected);
    });
  }

  it('keeps the byte-order mark and CRLF of the Windows fixture', () => {
    const text = fixture('crlf-bom.check-item.yaml');
    assert.equal(text.charCodeAt(0), 0xfeff);
    assert.equal(text.split('\r\n').length - 1, text.split('\n').length - 1);
  });

  it('writes the expected new cycle', () => {
    const result = createCycle({ ...CREATE_ARGUMENTS, template: builtInTemplate });
    assert.ok(result.ok, result.ok ? '' : result.message);
    assert.equal(result.text, fixture('created.cycle.yaml'));
  });

  it('writes a new cycle that validates without errors', () => {
    const text = fixture('created.cycle.yaml');
    const errors = validateCycle(text, { now: new Date('2027-01-05T12:00:00Z') }).diagnostics.filter((d) => d.severity === 'error');
    assert.deepEqual(errors, []);
  });

  it('writes a new cycle with CRLF line endings when asked', () => {
    const result = createCycle({ ...CREATE_ARGUMENTS, template: builtInTemplate }, '\r\n');
    assert.ok(result.ok);
    assert.equal(result.text, fixture('created.cycle.yaml').replace(/\n/g, '\r\n'));
  });
});

describe('operations: completing a step', () => {
  it('returns the unmet gate conditions and no edits', () => {
    const result = rejected(completeStep(fixture('commented.cycle.yaml'), { step: 'identify', by: 'dana-weiss', at: AT }));
    assert.equal(result.message, 'Step "identify" cannot be completed: 4 gate conditions are unmet.');
    assert.deepEqual(
      result.unmet?.map((condition) => [condition.code, condition.path.join('.')]),
      [
        ['PC3101', 'steps.identify.items.application'],
        ['PC3101', 'steps.identify.items.stored-data'],
        ['PC3101', 'steps.identify.items.configuration'],
        ['PC3101', 'steps.identify.items.user-access']
      ]
    );
  });

  it('rejects a step whose earlier step is open', () => {
    const result = rejected(completeStep(fixture('commented.cycle.yaml'), { step: 'assess', by: 'dana-weiss', at: AT }));
    assert.equal(result.message, 'Step "assess" cannot be completed while the earlier step "identify" is neither done nor skipped. Complete or skip it first.');
  });

  it('rejects a skipped step', () => {
    const skipped = succeeded(skipStep(fixture('commented.cycle.yaml'), { step: 'assess', reason: 'Not needed', by: 'dana-weiss', at: AT }));
    const result = rejected(completeStep(skipped.text, { step: 'assess', by: 'dana-weiss', at: AT }));
    assert.match(result.message, /^Step "assess" is skipped \(Not needed\); a skipped step is not completed\./);
  });
});

describe('operations: rejections', () => {
  const text = fixture('commented.cycle.yaml');

  it('rejects an unknown step', () => {
    const result = rejected(startStep(text, { step: 'identfy', at: AT }));
    assert.equal(result.message, 'Step "identfy" is not a step of template "dora-security-patch". Use one of: identify, assess, prioritize, research, schedule, backup, deploy, verify, monitor, feedback, approval.');
  });

  it('rejects an unknown item', () => {
    const result = rejected(checkItem(text, { step: 'identify', item: 'printer', by: 'dana-weiss', at: AT }));
    assert.equal(result.message, 'Item "printer" is not a checklist item of step "identify". Use one of: network, application, stored-data, configuration, user-access.');
  });

  it('rejects an item of a step without a checklist', () => {
    const result = rejected(checkItem(text, { step: 'assess', item: 'x', by: 'dana-weiss', at: AT }));
    assert.equal(result.message, 'Step "assess" has no checklist items, so "x" cannot be checked.');
  });

  it('rejects checking an item of a done step', () => {
    const done = fixture('commented.complete-step.yaml');
    const result = rejected(uncheckItem(done, { step: 'identify', item: 'network' }));
    assert.equal(result.message, 'Step "identify" is done, so this operation cannot uncheck an item of it. Set its status back to in-progress with a reopenReason first.');
  });

  it('rejects not applicable without a reason', () => {
    const result = rejected(markItemNotApplicable(text, { step: 'identify', item: 'configuration', reason: '', by: 'dana-weiss', at: AT }));
    assert.equal(result.message, 'Marking item "configuration" of step "identify" not applicable needs a reason: say why the item does not apply to this cycle.');
  });

  it('rejects not applicable for a checked item', () => {
    const result = rejected(markItemNotApplicable(text, { step: 'identify', item: 'network', reason: 'No network', by: 'dana-weiss', at: AT }));
    assert.equal(result.message, 'Item "network" of step "identify" is checked; uncheck it before marking it not applicable.');
  });

  it('rejects a skip without a reason', () => {
    const result = rejected(skipStep(text, { step: 'assess', reason: '  ', by: 'dana-weiss', at: AT }));
    assert.equal(result.message, 'Skipping step "assess" needs a reason: say why the step does not apply to this cycle.');
  });

  it('rejects skipping the approval step', () => {
    const result = rejected(skipStep(text, { step: 'approval', reason: 'no time', by: 'dana-weiss', at: AT }));
    assert.equal(result.message, 'Step "approval" cannot be skipped: a Security Officer who did not work on the cycle must approve every cycle (RTS 2024/1774 Art. 17(1)(b)). Complete the earlier steps and request the approval.');
  });

  it('rejects a time without an offset', () => {
    const result = rejected(startStep(text, { step: 'assess', at: '2026-12-04T11:00:00' }));
    assert.equal(result.message, 'at "2026-12-04T11:00:00" is not an ISO 8601 date-time with an offset; write it like 2026-11-30T09:15:00+01:00.');
  });

  it('rejects a file with a duplicate key', () => {
    const broken = text.replace('track: standard\n', 'track: standard\ntrack: emergency\n');
    const result = rejected(startStep(broken, { step: 'assess', at: AT }));
    assert.match(result.message, /^The file has an error at line 9, column 1 \(PC1002: /);
  });

  it('rejects an unknown template', () => {
    const result = rejected(startStep(text.replace('template: dora-security-patch', 'template: in-house'), { step: 'assess', at: AT }));
    assert.equal(result.message, 'The cycle names the template "in-house", which is not a known template. Set `template: dora-security-patch` or pass the template.');
  });

  it('rejects an invalid new cycle id', () => {
    const result = createCycle({ ...CREATE_ARGUMENTS, id: 'PC 1', template: builtInTemplate });
    assert.equal(result.ok, false);
    assert.equal(result.ok ? '' : result.message, 'The cycle id "PC 1" is invalid: use letters, digits, ".", "_" and "-", starting with a letter or digit (e.g. PC-2026-001).');
  });
});

describe('operations: no-ops', () => {
  const text = fixture('commented.cycle.yaml');

  it('leaves a checked item as it is', () => {
    const result = succeeded(checkItem(text, { step: 'identify', item: 'network', by: 'someone-else', at: AT }));
    assert.deepEqual(result.edits, []);
    assert.equal(result.summary, 'Item "network" of step "identify" is already checked by giulia-rossi; nothing changed.');
  });

  it('leaves an unchecked item as it is', () => {
    const result = succeeded(uncheckItem(text, { step: 'identify', item: 'stored-data' }));
    assert.deepEqual(result.edits, []);
  });

  it('leaves a started step as it is', () => {
    const result = succeeded(startStep(text, { step: 'identify', at: AT }));
    assert.deepEqual(result.edits, []);
  });

  it('sets a field to its current value without edits', () => {
    const result = succeeded(setField(text, { path: ['policy', 'version'], value: '3.2' }));
    assert.deepEqual(result.edits, []);
    assert.equal(result.summary, 'policy.version already has this value; nothing changed.');
  });
});

describe('operations: generated cycle', () => {
  const text = generateCycle(100);
  const original = loadYaml(text).value as { steps: Record<string, { status: string; items?: Record<string, unknown> }> };

  /** The cycle's value with one step left out, to compare everything an operation must not touch. */
  function withoutStep(value: unknown, stepId: string): unknown {
    const copy = structuredClone(value) as { steps: Record<string, unknown> };
    delete copy.steps[stepId];
    return copy;
  }

  function reload(result: OperationResult): { steps: Record<string, { status: string; startedAt?: string; items?: Record<string, { done: boolean; by?: string; at?: string }> }> } {
    const ok = succeeded(result);
    const loaded = loadYaml(ok.text);
    assert.deepEqual(loaded.diagnostics.filter((d) => d.severity === 'error'), []);
    return loaded.value as ReturnType<typeof reload>;
  }

  for (const step of builtInTemplate.steps) {
    for (const item of step.items ?? []) {
      it(`checks ${step.id}.${item.id} and nothing else`, () => {
        const result = checkItem(text, { step: step.id, item: item.id, by: 'dana-weiss', at: AT });
        const status = original.steps[step.id]?.status;
        if (status === 'done' || status === 'skipped') {
          const settled = (original.steps[step.id]?.items?.[item.id] as { done?: boolean } | undefined)?.done === true;
          assert.equal(result.ok, settled, 'a closed step only accepts a no-op');
          return;
        }
        const after = reload(result);
        assert.deepEqual(withoutStep(after, step.id), withoutStep(original, step.id));
        assert.equal(after.steps[step.id].status, 'in-progress');
        assert.equal(after.steps[step.id].items?.[item.id]?.done, true);
      });
    }

    it(`starts and skips ${step.id} and nothing else`, () => {
      const status = original.steps[step.id]?.status;
      const started = startStep(text, { step: step.id, at: AT });
      const skipped = skipStep(text, { step: step.id, reason: 'Not part of this cycle', by: 'dana-weiss', at: AT });
      if (status === 'done') {
        assert.equal(started.ok, false, 'a done step cannot be started');
        assert.equal(skipped.ok, false, 'a done step cannot be skipped');
        return;
      }
      const afterStart = reload(started);
      assert.deepEqual(withoutStep(afterStart, step.id), withoutStep(original, step.id));
      assert.equal(afterStart.steps[step.id].status, 'in-progress');
      if (!isSkippable(step)) {
        assert.equal(skipped.ok, false, `step ${step.id} cannot be skipped`);
        return;
      }
      const afterSkip = reload(skipped);
      assert.deepEqual(withoutStep(afterSkip, step.id), withoutStep(original, step.id));
      assert.equal(afterSkip.steps[step.id].status, 'skipped');
    });
  }
});

describe('operations: example cycles', () => {
  const EXAMPLES = path.resolve(__dirname, '../../examples/cycles');
  const NOW = new Date('2026-12-04T10:00:00Z');
  const files = readdirSync(EXAMPLES).filter((name) => name.endsWith('.cycle.yaml'));

  /** Loader and schema diagnostics: what an operation's own writing could break. */
  function structuralProblems(text: string): string[] {
    return validateCycle(text, { now: NOW })
      .diagnostics.filter((d) => d.code.startsWith('PC1') || d.code.startsWith('PC2'))
      .map((d) => `${d.code} ${d.range.start.line}:${d.range.start.column} ${d.message}`);
  }

  it('finds the example cycles', () => {
    assert.ok(files.length >= 4, `only ${files.length} example cycles in ${EXAMPLES}`);
  });

  for (const name of files) {
    it(`keeps ${name} schema-valid`, () => {
      const text = readFileSync(path.join(EXAMPLES, name), 'utf8');
      assert.deepEqual(structuralProblems(text), []);
      const cycle = validateCycle(text, { now: NOW }).located.value as Parameters<typeof expectedItems>[0];
      let applied = 0;
      for (const step of builtInTemplate.steps) {
        const items = expectedItems(cycle, builtInTemplate, step.id);
        const results = [
          ...items.map((item) => checkItem(text, { step: step.id, item: item.id, by: 'dana-weiss', at: AT })),
          ...items.map((item) => markItemNotApplicable(text, { step: step.id, item: item.id, reason: 'Not in scope: test', by: 'dana-weiss', at: AT })),
          startStep(text, { step: step.id, at: AT }),
          skipStep(text, { step: step.id, reason: 'Not in scope', by: 'dana-weiss', at: AT }),
          completeStep(text, { step: step.id, by: 'dana-weiss', at: AT, now: NOW })
        ];
        for (const result of results.filter((candidate) => candidate.ok)) {
          applied++;
          assert.deepEqual(structuralProblems((result as { text: string }).text), [], `${step.id}: ${(result as { summary: string }).summary}`);
        }
      }
      assert.ok(applied > 0, 'no operation applied');
    });
  }
});
