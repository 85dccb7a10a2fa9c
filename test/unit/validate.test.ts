import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { applyEdits, type Diagnostic } from '../../src/core/diagnostics';
import { validateCycle, validateLocated } from '../../src/core/validate';
import { loadForValidation } from '../../src/core/yaml/located';

const repoRoot = path.resolve(__dirname, '../..');
const NOW = new Date('2026-12-04T12:00:00Z');
const COMPLETE = readFileSync(path.join(repoRoot, 'examples/cycles/2026-019-buster-log-shipper.cycle.yaml'), 'utf8');

function where(diagnostic: Diagnostic): string {
  return `${diagnostic.range.start.line}:${diagnostic.range.start.column} ${diagnostic.severity} ${diagnostic.code}`;
}

/** Replace one exact occurrence in the complete example; fails when the text is not there exactly once. */
function edit(text: string, search: string, replacement: string): string {
  assert.equal(text.split(search).length, 2, `expected one occurrence of ${JSON.stringify(search)}`);
  return text.replace(search, replacement);
}

function diagnose(text: string): Diagnostic[] {
  return validateCycle(text, { now: NOW }).diagnostics;
}

describe('broken fixture', () => {
  const text = readFileSync(path.join(repoRoot, 'test/fixtures/cycles/broken.cycle.yaml'), 'utf8');

  it('reports all three problems at once', () => {
    const diagnostics = diagnose(text);
    assert.deepEqual(diagnostics.map(where), ['7:1 error PC1002', '26:16 error PC3101', '32:13 error PC2002']);
    assert.equal(diagnostics[0].message, 'Duplicate key "title": the map already has this key. Remove one of them; YAML readers disagree on which one wins.');
    assert.equal(diagnostics[0].range.end.column, 6);
    assert.equal(diagnostics[1].message, 'Step "identify" is marked done, but checklist item "network" (Network vulnerabilities) of step "identify" is not checked. Set done: true with by and at, or set notApplicable to the reason it does not apply.');
    assert.equal(diagnostics[2].message, 'steps.assess.status has the value "finished", which is not allowed. Allowed values: not-started, in-progress, done, skipped.');
  });
});

describe('cycle validation', () => {
  it('accepts the complete example without diagnostics', () => {
    assert.deepEqual(diagnose(COMPLETE), []);
  });

  it('returns the cycle and its template', () => {
    const result = validateCycle(COMPLETE, { now: NOW });
    assert.equal(result.cycle?.id, 'PC-2026-019');
    assert.equal(result.template?.id, 'dora-security-patch');
    assert.equal(result.located.text, COMPLETE);
  });

  it('gives the same result for an already loaded value', () => {
    const text = edit(COMPLETE, '      priority: 4\n', '      priority: 2\n');
    assert.deepEqual(validateLocated(loadForValidation(text), { now: NOW }).diagnostics, diagnose(text));
  });

  it('leaves out the cycle when the schema fails', () => {
    const result = validateCycle(edit(COMPLETE, 'track: standard', 'track: normal'), { now: NOW });
    assert.equal(result.cycle, undefined);
    assert.equal(result.template?.id, 'dora-security-patch');
  });

  it('stops after the loader when no value could be built', () => {
    const result = validateCycle('steps: [unclosed\n', { now: NOW });
    assert.deepEqual(result.diagnostics.map((d) => d.code), ['PC1001']);
    assert.equal(result.cycle, undefined);
  });

  it('reports an unknown template', () => {
    const diagnostics = diagnose(edit(COMPLETE, 'template: dora-security-patch', 'template: dora-patch'));
    assert.deepEqual(diagnostics.map(where), ['7:11 error PC3006']);
    assert.equal(diagnostics[0].message, 'template is "dora-patch", which is not a known template (known: dora-security-patch). Use one of them, or add the template to the repository.');
  });

  it('sorts diagnostics by position', () => {
    const text = edit(edit(COMPLETE, 'track: standard', 'track: normal'), '      priority: 4\n', '      priority: 1\n');
    const offsets = diagnose(text).map((d) => d.range.start.offset);
    assert.deepEqual(offsets, [...offsets].sort((a, b) => a - b));
    assert.equal(offsets.length, 2);
  });
});

describe('workflow rules', () => {
  it('reports a duplicate priority at the second vulnerability', () => {
    const diagnostics = diagnose(edit(COMPLETE, '      priority: 4\n', '      priority: 2\n'));
    assert.deepEqual(diagnostics.map(where), ['135:17 error PC3007']);
    assert.equal(diagnostics[0].message, 'Vulnerability "V-004" has assessment.priority 2, which "V-001" already has. Priorities are unique; give this one a number no other vulnerability uses.');
    assert.deepEqual(diagnostics[0].path, ['vulnerabilities', 3, 'assessment', 'priority']);
  });

  it('reports a risk that differs from the matrix, with a fix', () => {
    const text = edit(COMPLETE, '      likelihood: unlikely\n      risk: medium\n      priority: 4', '      likelihood: unlikely\n      risk: high\n      priority: 4');
    const diagnostics = diagnose(text);
    assert.deepEqual(diagnostics.map(where), ['134:13 error PC3009']);
    assert.equal(diagnostics[0].message, 'Vulnerability "V-004" (CVE-2019-18224 in libidn2-0 on log-shipper) has assessment.risk "high", but the risk matrix gives "medium" for moderate impact and unlikely likelihood. Set risk to "medium", or change impact or likelihood.');
    assert.equal(applyEdits(text, diagnostics[0].fix!.edits), COMPLETE);
  });

  it('reports accept without expires at the decision', () => {
    const diagnostics = diagnose(edit(COMPLETE, '      expires: 2027-03-31\n', ''));
    assert.deepEqual(diagnostics.map(where), ['98:17 error PC3008']);
    assert.equal(diagnostics[0].message, 'Vulnerability "V-002" (CVE-2019-18276 in bash on hr-reporting) has decision "accept" but no assessment.expires. Add expires: YYYY-MM-DD, the date the decision must be reviewed again.');
  });

  it('reports fixes that name an unknown vulnerability', () => {
    const diagnostics = diagnose(edit(COMPLETE, 'fixes: [V-003]', 'fixes: [V-003, V-009]'));
    assert.deepEqual(diagnostics.map(where), ['161:20 error PC3010']);
    assert.equal(diagnostics[0].message, 'Patch "P-002" lists "V-009" in fixes, but no vulnerability has that id (ids: V-001, V-002, V-003, V-004). Use an id from vulnerabilities.');
  });

  it('reports a duplicated vulnerability identity', () => {
    const text = edit(COMPLETE, '  - id: V-004\n    advisory: CVE-2019-18224\n    title: "libidn2: heap-based buffer overflow in idn2_to_ascii_4i in lib/lookup.c"\n    category: network\n    system: log-shipper', '  - id: V-004\n    advisory: CVE-2019-18224\n    title: "libidn2: heap-based buffer overflow in idn2_to_ascii_4i in lib/lookup.c"\n    category: network\n    system: hr-reporting');
    const diagnostics = diagnose(text).filter((d) => d.code === 'PC3011');
    assert.deepEqual(diagnostics.map(where), ['121:15 error PC3011']);
    assert.equal(diagnostics[0].message, 'Vulnerability "V-004" repeats advisory CVE-2019-18224, component libidn2-0 and system hr-reporting of vulnerabilities[0]. Together they identify a vulnerability, so merge the two entries.');
  });

  it('reports a duplicate vulnerability id', () => {
    const diagnostics = diagnose(edit(COMPLETE, '  - id: V-004\n', '  - id: V-003\n'));
    assert.deepEqual(diagnostics.map(where).filter((w) => w.endsWith('PC3014')), ['120:9 error PC3014']);
  });

  it('reports an unknown system', () => {
    const diagnostics = diagnose(edit(COMPLETE, '  - system: log-shipper\n', '  - system: log-shiper\n'));
    assert.deepEqual(diagnostics.map(where), ['176:3 error PC3115', '180:13 error PC3012']);
    assert.equal(diagnostics[1].message, 'Backup "image log-shipper:2026.10.1 and config repo tag pre-PC-2026-019" refers to system "log-shiper", which is not an id in systems (ids: hr-reporting, log-shipper). Did you mean "log-shipper"? Use a listed id, or add the system.');
    assert.match(diagnostics[0].message, /^Step "backup" is marked done, but system "log-shipper" is touched by a patch but has no entry in backups\./);
  });

  it('bounds the unknown system message for many systems', () => {
    const extra = Array.from({ length: 150 }, (_, n) => `  - id: extra-${String(n).padStart(3, '0')}\n    name: Extra ${n}\n    criticalFunction: false\n    environment: test\n    owner: team\n    exposure: internal\n`).join('');
    const text = edit(edit(COMPLETE, 'systems:\n', `systems:\n${extra}`), '  - system: log-shipper\n', '  - system: log-shiper\n');
    const diagnostics = diagnose(text).filter((d) => d.code === 'PC3012');
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].message, 'Backup "image log-shipper:2026.10.1 and config repo tag pre-PC-2026-019" refers to system "log-shiper", which is not an id in systems (ids: extra-000, extra-001, extra-002, extra-003, extra-004 and 147 more). Did you mean "log-shipper"? Use a listed id, or add the system.');
  });

  it('reports an unknown scan', () => {
    const diagnostics = diagnose(edit(COMPLETE, '    source: { kind: scan, scan: S-002 }\n    detected: 2026-10-26\n    cvss:\n      - { source: nvd, vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", version: "3.1", baseScore: 9.8, severity: critical }\n    assessment:\n      impact: high', '    source: { kind: scan, scan: S-020 }\n    detected: 2026-10-26\n    cvss:\n      - { source: nvd, vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", version: "3.1", baseScore: 9.8, severity: critical }\n    assessment:\n      impact: high'));
    assert.deepEqual(diagnostics.map(where), ['107:33 error PC3013']);
    assert.equal(diagnostics[0].message, 'Vulnerability "V-003" has source.scan "S-020", which is not an id in scans (S-001, S-002, S-003). Use the id of the imported scan, or import it.');
  });

  it('reports an unknown step at its key', () => {
    const diagnostics = diagnose(edit(COMPLETE, '  approval:\n    status: in-progress', '  celebrate:\n    status: not-started\n  approval:\n    status: in-progress'));
    assert.deepEqual(diagnostics.map(where), ['285:3 error PC3004']);
    assert.equal(diagnostics[0].message, 'Step "celebrate" is not a step of template "dora-security-patch". Use one of: identify, assess, prioritize, research, schedule, backup, deploy, verify, monitor, feedback, approval.');
  });

  it('reports an unknown item at its key', () => {
    const diagnostics = diagnose(edit(COMPLETE, '      notification: { done: true', '      notify: { done: true'));
    assert.deepEqual(diagnostics.map(where), ['260:5 error PC3101', '263:7 error PC3005']);
    assert.equal(diagnostics[1].message, 'Checklist item "notify" is not an item of step "deploy". Use one of: P-001, P-002, notification.');
  });

  it('reports a checked item without by and at', () => {
    const diagnostics = diagnose(edit(COMPLETE, '      P-002: { done: true, by: sara-galli, at: 2026-11-04T21:15:00+01:00 }', '      P-002: { done: true }'));
    assert.deepEqual(diagnostics.map(where), ['262:22 error PC3001']);
    assert.equal(diagnostics[0].message, 'Checklist item "P-002" of step "deploy" is checked without by and at. Record who checked it (by: login) and when (at: date-time).');
  });

  it('reports a skipped step without reason', () => {
    const diagnostics = diagnose(edit(COMPLETE, '  feedback:\n    status: done', '  feedback:\n    status: skipped'));
    assert.deepEqual(diagnostics.map(where), ['282:13 error PC3003']);
  });

  it('accepts a skipped step with a reason', () => {
    assert.deepEqual(diagnose(edit(COMPLETE, '  feedback:\n    status: done', '  feedback:\n    status: skipped\n    skipReason: Feedback collected in the quarterly service review.')), []);
  });

  it('reports a done step after an open one', () => {
    const diagnostics = diagnose(edit(COMPLETE, '  research:\n    status: done', '  research:\n    status: in-progress'));
    assert.deepEqual(diagnostics.map(where), ['243:13 error PC3002', '247:13 error PC3002', '257:13 error PC3002', '265:13 error PC3002', '275:13 error PC3002', '282:13 error PC3002']);
    assert.equal(diagnostics[0].message, 'Step "schedule" is marked done while the earlier step "research" is neither done nor skipped. Finish or skip the earlier steps first, or set this one back to in-progress.');
  });

  it('makes a missing fall-back plan a warning before research is done', () => {
    const text = edit(COMPLETE, '    fallbackPlan: Roll the deployment back to image tag log-shipper:2026.10.1.\n', '');
    assert.deepEqual(diagnose(text).map(where), ['156:5 error PC3110']);
    const early = edit(text, '  research:\n    status: done', '  research:\n    status: in-progress');
    assert.deepEqual(diagnose(early).filter((d) => d.code === 'PC3110').map(where), ['156:5 warning PC3110']);
  });

  it('warns about a passed deadline of a patch not deployed', () => {
    const text = edit(COMPLETE, '      result: deployed\n      note: First rollout', '      result: failed\n      note: First rollout');
    const diagnostics = diagnose(text);
    assert.deepEqual(diagnostics.map(where), ['165:15 warning PC3016', '170:15 error PC3117']);
    assert.equal(diagnostics[0].message, 'Patch "P-002" is not deployed and its deadline 2026-11-09T23:59:00+01:00 has passed. Escalate it to the ICT risk function and record the new deadline (RTS 2024/1774 Art. 10(4)(d)).');
  });

  it('warns on an emergency cycle deployed before approval', () => {
    const diagnostics = diagnose(edit(COMPLETE, 'track: standard', 'track: emergency'));
    assert.deepEqual(diagnostics.map(where), ['8:8 warning PC3015']);
    assert.equal(diagnostics[0].message, 'Emergency track: patches "P-001", "P-002" are deployed but no Security Officer has approved the cycle yet. Open the pull request and record the retroactive approval (RTS 2024/1774 Art. 17(1)(g)).');
  });

  it('clears the emergency warning once approved', () => {
    const text = edit(edit(COMPLETE, 'track: standard', 'track: emergency'), '  reviews:\n', '  approvedBy: marco-bianchi\n  approvedAt: 2026-11-14T10:00:00+01:00\n  retroactive: true\n  reviews:\n');
    assert.deepEqual(diagnose(text), []);
  });

  it('reports every unmet condition of a done approval step', () => {
    const text = edit(edit(COMPLETE, '  reviews:\n', '  approvedBy: luca-conti\n  approvedAt: 2026-11-14T10:00:00+01:00\n  reviews:\n'), '  approval:\n    status: in-progress', '  approval:\n    status: done');
    const diagnostics = diagnose(text);
    assert.deepEqual(diagnostics.map(where), ['210:15 error PC3123', '210:15 error PC3124', '210:15 error PC3125']);
    assert.match(diagnostics[1].message, /^Step "approval" is marked done, but approval\.approvedBy "luca-conti" is not independent: luca-conti worked on the cycle \(deployed P-001, /);
  });

  it('keeps workflow rules running on a file with schema errors', () => {
    const text = edit(edit(COMPLETE, 'track: standard', 'track: normal'), '      priority: 4\n', '      priority: 2\n');
    assert.deepEqual(diagnose(text).map(where), ['8:8 error PC2002', '135:17 error PC3007']);
  });

  it('leaves out rules on values of the wrong type', () => {
    const text = edit(COMPLETE, 'fixes: [V-003]', 'fixes: V-003');
    assert.deepEqual(diagnose(text).map(where), ['161:12 error PC2003']);
  });
});
