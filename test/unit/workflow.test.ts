import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Cycle, Impact, Likelihood } from '../../src/core/model';
import { builtInTemplate } from '../../src/core/templates';
import {
  currentStep,
  evaluateGate,
  expectedItems,
  implementers,
  independenceProblems,
  isSkippable,
  riskLevel,
  stepFindings,
  stepProgress,
  type GateResult
} from '../../src/core/workflow';
import { loadYaml } from '../../src/core/yaml/load';

const repoRoot = path.resolve(__dirname, '../..');
const NOW = new Date('2026-12-04T12:00:00Z');

function loadCycle(name: string): Cycle {
  const text = readFileSync(path.join(repoRoot, 'examples/cycles', name), 'utf8');
  return loadYaml(text).value as Cycle;
}

/** Load a fresh copy of the complete example (steps 1 to 10 done), so each test may change it. */
function completeCycle(): Cycle {
  return loadCycle('2026-019-buster-log-shipper.cycle.yaml');
}

function gate(cycle: Cycle, stepId: string, now = NOW): GateResult {
  return evaluateGate(cycle, builtInTemplate, stepId, now);
}

function unmetSummary(result: GateResult): string[] {
  return result.unmet.map((condition) => `${condition.code} ${condition.path.join('.')}`);
}

describe('risk matrix', () => {
  const expected: Record<Impact, Record<Likelihood, string>> = {
    low: { rare: 'low', unlikely: 'low', possible: 'medium', likely: 'medium', 'almost-certain': 'high' },
    moderate: { rare: 'low', unlikely: 'medium', possible: 'high', likely: 'high', 'almost-certain': 'very-high' },
    high: { rare: 'medium', unlikely: 'high', possible: 'high', likely: 'very-high', 'almost-certain': 'very-high' },
    critical: { rare: 'medium', unlikely: 'high', possible: 'very-high', likely: 'very-high', 'almost-certain': 'extreme' },
    catastrophic: { rare: 'high', unlikely: 'very-high', possible: 'very-high', likely: 'extreme', 'almost-certain': 'extreme' }
  };

  for (const [impact, row] of Object.entries(expected)) {
    for (const [likelihood, risk] of Object.entries(row)) {
      it(`gives ${risk} for ${impact} impact, ${likelihood} likelihood`, () => {
        assert.equal(riskLevel(impact as Impact, likelihood as Likelihood), risk);
      });
    }
  }
});

describe('expected checklist items', () => {
  it('lists the five categories for identify', () => {
    const ids = expectedItems(completeCycle(), builtInTemplate, 'identify').map((item) => item.id);
    assert.deepEqual(ids, ['network', 'application', 'stored-data', 'configuration', 'user-access']);
  });

  it('lists one item per patch plus notification for deploy', () => {
    const items = expectedItems(completeCycle(), builtInTemplate, 'deploy');
    assert.deepEqual(items.map((item) => item.id), ['P-001', 'P-002', 'notification']);
    assert.equal(items[0].label, 'Deploy P-001: Debian security update libidn2-0 2.0.5-1+deb10u1');
  });

  it('lists one item per monitoring tool for monitor', () => {
    const items = expectedItems(completeCycle(), builtInTemplate, 'monitor');
    assert.deepEqual(items, [
      { id: 'siem-ingest', label: 'Monitor SIEM ingestion rate dashboard' },
      { id: 'host-alerts', label: 'Monitor Host alerting on both servers' }
    ]);
  });

  it('lists no items for a step without a checklist', () => {
    assert.deepEqual(expectedItems(completeCycle(), builtInTemplate, 'assess'), []);
  });

  it('lists no items for an unknown step', () => {
    assert.deepEqual(expectedItems(completeCycle(), builtInTemplate, 'celebrate'), []);
  });
});

describe('step progress and current step', () => {
  it('counts not-applicable items as done', () => {
    const cycle = loadCycle('2026-031-edge-openssl-jquery.cycle.yaml');
    assert.deepEqual(stepProgress(cycle, builtInTemplate, 'identify'), { done: 5, total: 5 });
  });

  it('counts unchecked dynamic items', () => {
    const cycle = loadCycle('2026-027-spring4shell-payments.cycle.yaml');
    assert.deepEqual(stepProgress(cycle, builtInTemplate, 'deploy'), { done: 2, total: 3 });
  });

  it('does not count a not-applicable item with an empty reason', () => {
    const cycle = completeCycle();
    cycle.steps.identify.items!.network = { done: false, notApplicable: '  ' };
    assert.deepEqual(stepProgress(cycle, builtInTemplate, 'identify'), { done: 4, total: 5 });
  });

  it('finds the first step neither done nor skipped', () => {
    assert.equal(currentStep(loadCycle('2026-031-edge-openssl-jquery.cycle.yaml'), builtInTemplate), 'assess');
    assert.equal(currentStep(loadCycle('2026-027-spring4shell-payments.cycle.yaml'), builtInTemplate), 'deploy');
    assert.equal(currentStep(completeCycle(), builtInTemplate), 'approval');
  });

  it('passes over skipped steps', () => {
    const cycle = loadCycle('2026-031-edge-openssl-jquery.cycle.yaml');
    cycle.steps.assess = { status: 'skipped', skipReason: 'Impact taken from the vendor rating.' };
    assert.equal(currentStep(cycle, builtInTemplate), 'prioritize');
  });

  it('has no current step when every step is closed', () => {
    const cycle = completeCycle();
    cycle.steps.approval = { status: 'done' };
    assert.equal(currentStep(cycle, builtInTemplate), undefined);
  });
});

describe('gates of the complete example', () => {
  for (const stepId of ['identify', 'assess', 'prioritize', 'research', 'schedule', 'backup', 'deploy', 'verify', 'monitor', 'feedback']) {
    it(`holds for ${stepId}`, () => {
      const result = gate(completeCycle(), stepId);
      assert.deepEqual(unmetSummary(result), []);
      assert.equal(result.met, true);
      assert.deepEqual(result.warnings, []);
    });
  }

  it('reports an unknown step', () => {
    const result = gate(completeCycle(), 'celebrate');
    assert.equal(result.met, false);
    assert.deepEqual(unmetSummary(result), ['PC3004 steps.celebrate']);
  });
});

describe('identify gate', () => {
  it('fails on an unchecked category', () => {
    const cycle = completeCycle();
    cycle.steps.identify.items!['stored-data'] = { done: false };
    assert.deepEqual(unmetSummary(gate(cycle, 'identify')), ['PC3101 steps.identify.items.stored-data']);
  });

  it('fails on a not-applicable category without a reason', () => {
    const cycle = completeCycle();
    cycle.steps.identify.items!['stored-data'] = { done: false, notApplicable: '' };
    const result = gate(cycle, 'identify');
    assert.deepEqual(unmetSummary(result), ['PC3101 steps.identify.items.stored-data']);
    assert.match(result.unmet[0].message, /empty reason/);
  });

  it('fails on a missing category', () => {
    const cycle = completeCycle();
    delete cycle.steps.identify.items!['user-access'];
    assert.deepEqual(unmetSummary(gate(cycle, 'identify')), ['PC3101 steps.identify.items.user-access']);
  });

  it('warns when a critical system was scanned more than 7 days before completion', () => {
    const cycle = completeCycle();
    cycle.steps.identify.completedAt = '2026-11-03T02:16:00+01:00';
    const result = gate(cycle, 'identify');
    assert.equal(result.met, true);
    assert.deepEqual(result.warnings.map((w) => `${w.code} ${w.path.join('.')}`), ['PC3102 systems.1.criticalFunction']);
    assert.equal(
      result.warnings[0].message,
      'System "log-shipper" supports a critical or important function but its newest scan, "S-002" of 2026-10-26T02:15:00+01:00, was 8 days old on 2026-11-03. Scan it again and import the report; the limit is 7 days (RTS 2024/1774 Art. 10(2)(b)).'
    );
  });

  it('does not warn at exactly 7 days', () => {
    const cycle = completeCycle();
    cycle.steps.identify.completedAt = '2026-11-02T02:15:00+01:00';
    assert.deepEqual(gate(cycle, 'identify').warnings, []);
  });

  it('measures scan age at now while identify is open', () => {
    const cycle = completeCycle();
    cycle.steps.identify = { status: 'in-progress' };
    cycle.scans = cycle.scans!.filter((scan) => scan.id !== 'S-003');
    const warnings = gate(cycle, 'identify').warnings;
    assert.equal(warnings.length, 1);
    assert.match(warnings[0].message, /was 39 days old on 2026-12-04/);
  });

  it('warns when no scan covers a critical system', () => {
    const cycle = completeCycle();
    cycle.scans = [];
    const warnings = gate(cycle, 'identify').warnings;
    assert.deepEqual(warnings.map((w) => w.code), ['PC3102']);
    assert.match(warnings[0].message, /no scan in scans covers it/);
  });
});

describe('assess gate', () => {
  it('fails on a vulnerability without impact', () => {
    const cycle = completeCycle();
    delete cycle.vulnerabilities![2].assessment!.impact;
    assert.deepEqual(unmetSummary(gate(cycle, 'assess')), ['PC3103 vulnerabilities.2.assessment.impact']);
  });

  it('ignores a finding the latest scan no longer reports', () => {
    const cycle = completeCycle();
    const vulnerability = cycle.vulnerabilities![1];
    delete vulnerability.assessment;
    vulnerability.seenInLatestScan = false;
    assert.equal(gate(cycle, 'assess').met, true);
  });
});

describe('prioritize gate', () => {
  it('fails on each missing field', () => {
    const cycle = completeCycle();
    cycle.vulnerabilities![0].assessment = { impact: 'moderate' };
    assert.deepEqual(unmetSummary(gate(cycle, 'prioritize')), [
      'PC3104 vulnerabilities.0.assessment.likelihood',
      'PC3105 vulnerabilities.0.assessment.risk',
      'PC3106 vulnerabilities.0.assessment.priority',
      'PC3107 vulnerabilities.0.assessment.decision',
      'PC3108 vulnerabilities.0.assessment.rationale'
    ]);
  });

  it('fails on a risk that differs from the matrix', () => {
    const cycle = completeCycle();
    cycle.vulnerabilities![0].assessment!.risk = 'high';
    const result = gate(cycle, 'prioritize');
    assert.deepEqual(unmetSummary(result), ['PC3009 vulnerabilities.0.assessment.risk']);
    assert.equal(result.unmet[0].replacement, 'medium');
  });

  it('fails on a duplicate priority at the later vulnerability', () => {
    const cycle = completeCycle();
    cycle.vulnerabilities![3].assessment!.priority = 2;
    assert.deepEqual(unmetSummary(gate(cycle, 'prioritize')), ['PC3007 vulnerabilities.3.assessment.priority']);
  });

  it('fails on accept without expires', () => {
    const cycle = completeCycle();
    delete cycle.vulnerabilities![1].assessment!.expires;
    assert.deepEqual(unmetSummary(gate(cycle, 'prioritize')), ['PC3008 vulnerabilities.1.assessment.decision']);
  });

  it('fails on defer without expires', () => {
    const cycle = completeCycle();
    cycle.vulnerabilities![1].assessment!.decision = 'defer';
    delete cycle.vulnerabilities![1].assessment!.expires;
    assert.deepEqual(unmetSummary(gate(cycle, 'prioritize')), ['PC3008 vulnerabilities.1.assessment.decision']);
  });

  it('fails on an unchecked checklist item', () => {
    const cycle = completeCycle();
    cycle.steps.prioritize.items!['document-rationale'] = { done: false };
    assert.deepEqual(unmetSummary(gate(cycle, 'prioritize')), ['PC3101 steps.prioritize.items.document-rationale']);
  });
});

describe('research gate', () => {
  it('fails on a vulnerability decided patch that no patch fixes', () => {
    const cycle = completeCycle();
    cycle.patches![0].fixes = ['V-001'];
    assert.deepEqual(unmetSummary(gate(cycle, 'research')), ['PC3109 vulnerabilities.3.assessment.decision']);
  });

  it('fails on a patch without fall-back plan', () => {
    const cycle = completeCycle();
    delete cycle.patches![1].fallbackPlan;
    const result = gate(cycle, 'research');
    assert.deepEqual(unmetSummary(result), ['PC3110 patches.1.fallbackPlan']);
    assert.equal(result.unmet[0].message, 'Patch "P-002" has no fallbackPlan. Describe how to return to the previous state if it fails (RTS 2024/1774 Art. 17(1)(e)).');
  });
});

describe('schedule gate', () => {
  it('fails on a patch without window and deadline', () => {
    const cycle = completeCycle();
    delete cycle.patches![0].window;
    delete cycle.patches![0].deadline;
    assert.deepEqual(unmetSummary(gate(cycle, 'schedule')), ['PC3111 patches.0.window', 'PC3112 patches.0.deadline']);
  });

  it('fails on a window ending after the deadline', () => {
    const cycle = completeCycle();
    cycle.patches![1].deadline = '2026-11-04T21:59:00+01:00';
    assert.deepEqual(unmetSummary(gate(cycle, 'schedule')), ['PC3113 patches.1.window.end']);
  });

  it('compares window and deadline as instants across offsets', () => {
    const cycle = completeCycle();
    cycle.patches![1].deadline = '2026-11-04T21:00:00Z';
    assert.equal(gate(cycle, 'schedule').met, true);
  });

  it('fails when nobody is notified', () => {
    const cycle = completeCycle();
    cycle.notify = [];
    assert.deepEqual(unmetSummary(gate(cycle, 'schedule')), ['PC3114 notify']);
  });
});

describe('backup gate', () => {
  it('fails on an affected system without backup', () => {
    const cycle = completeCycle();
    cycle.backups = cycle.backups!.filter((backup) => backup.system !== 'log-shipper');
    assert.deepEqual(unmetSummary(gate(cycle, 'backup')), ['PC3115 backups']);
  });

  it('fails on a backup whose integrity was not checked', () => {
    const cycle = completeCycle();
    cycle.backups![0].integrity = 'not-checked';
    const result = gate(cycle, 'backup');
    assert.deepEqual(unmetSummary(result), ['PC3115 backups.0.integrity']);
    assert.match(result.unmet[0].message, /System "hr-reporting" has no backup with integrity "verified" \(the last one is "not-checked"\)/);
  });
});

describe('deploy gate', () => {
  it('fails on a patch without result', () => {
    const cycle = completeCycle();
    delete cycle.patches![0].deployment;
    assert.deepEqual(unmetSummary(gate(cycle, 'deploy')), ['PC3116 patches.0.deployment.result']);
  });

  it('fails on a failed patch not rolled back', () => {
    const cycle = completeCycle();
    cycle.patches![1].deployment!.result = 'failed';
    assert.deepEqual(unmetSummary(gate(cycle, 'deploy')), ['PC3117 patches.1.deployment.result']);
  });

  it('holds for a rolled-back patch', () => {
    const cycle = completeCycle();
    cycle.patches![1].deployment!.result = 'rolled-back';
    assert.equal(gate(cycle, 'deploy').met, true);
  });

  it('fails on a patch not tested in non-production', () => {
    const cycle = completeCycle();
    delete cycle.patches![0].deployment!.testedIn;
    assert.deepEqual(unmetSummary(gate(cycle, 'deploy')), ['PC3118 patches.0.deployment']);
  });

  it('holds with an approved test exception', () => {
    const cycle = completeCycle();
    delete cycle.patches![0].deployment!.testedIn;
    cycle.patches![0].deployment!.testException = { reason: 'No staging copy of the HR server.', approvedBy: 'marco-bianchi' };
    assert.equal(gate(cycle, 'deploy').met, true);
  });
});

describe('verify gate', () => {
  it('fails on a patched vulnerability without verification', () => {
    const cycle = completeCycle();
    delete cycle.vulnerabilities![3].verification;
    assert.deepEqual(unmetSummary(gate(cycle, 'verify')), ['PC3119 vulnerabilities.3.verification']);
  });

  it('fails on a still-open vulnerability without follow-up', () => {
    const cycle = completeCycle();
    cycle.vulnerabilities![0].verification!.result = 'still-open';
    assert.deepEqual(unmetSummary(gate(cycle, 'verify')), ['PC3119 vulnerabilities.0.verification']);
  });

  it('holds for a still-open vulnerability carried into a follow-up', () => {
    const cycle = completeCycle();
    cycle.vulnerabilities![0].verification = { ...cycle.vulnerabilities![0].verification!, result: 'still-open', followUp: 'PC-2026-035' };
    assert.equal(gate(cycle, 'verify').met, true);
  });
});

describe('monitor gate', () => {
  it('fails while the period has not ended', () => {
    assert.deepEqual(unmetSummary(gate(completeCycle(), 'monitor', new Date('2026-11-10T12:00:00Z'))), ['PC3120 monitoring.period.end']);
  });

  it('holds when closed early', () => {
    const cycle = completeCycle();
    cycle.monitoring!.closed = { at: '2026-11-08T09:00:00+01:00', by: 'sara-galli', reason: 'Both systems replaced by the new platform.' };
    assert.equal(gate(cycle, 'monitor', new Date('2026-11-10T12:00:00Z')).met, true);
  });

  it('fails without a monitoring period', () => {
    const cycle = completeCycle();
    delete cycle.monitoring!.period;
    assert.deepEqual(unmetSummary(gate(cycle, 'monitor')), ['PC3120 monitoring.period']);
  });

  it('fails on an unchecked monitoring tool', () => {
    const cycle = completeCycle();
    cycle.steps.monitor.items!['host-alerts'] = { done: false };
    assert.deepEqual(unmetSummary(gate(cycle, 'monitor')), ['PC3101 steps.monitor.items.host-alerts']);
  });
});

describe('feedback gate', () => {
  it('fails without entries', () => {
    const cycle = completeCycle();
    cycle.feedback = { lessonsLearned: ['none'] };
    assert.deepEqual(unmetSummary(gate(cycle, 'feedback')), ['PC3121 feedback']);
  });

  it('holds with an explicit no feedback', () => {
    const cycle = completeCycle();
    cycle.feedback = { none: { reason: 'Silent patch; no user-facing change.', by: 'giulia-rossi', at: '2026-11-12T12:00:00+01:00' } };
    assert.equal(gate(cycle, 'feedback').met, true);
  });

  it('fails on no feedback without a reason', () => {
    const cycle = completeCycle();
    cycle.feedback = { none: { reason: ' ', by: 'giulia-rossi', at: '2026-11-12T12:00:00+01:00' } };
    assert.deepEqual(unmetSummary(gate(cycle, 'feedback')), ['PC3121 feedback']);
  });
});

describe('approval gate', () => {
  function approvedBy(login: string): Cycle {
    const cycle = completeCycle();
    cycle.approval!.approvedBy = login;
    cycle.approval!.approvedAt = '2026-11-14T10:00:00+01:00';
    cycle.approval!.reviews!.push({ by: login, state: 'approved', at: '2026-11-14T10:00:00+01:00' });
    return cycle;
  }

  it('holds for an independent Security Officer', () => {
    assert.deepEqual(unmetSummary(gate(approvedBy('marco-bianchi'), 'approval')), []);
  });

  it('compares logins without case', () => {
    assert.equal(gate(approvedBy('Marco-Bianchi'), 'approval').met, true);
  });

  it('fails without an approval', () => {
    assert.deepEqual(unmetSummary(gate(completeCycle(), 'approval')), ['PC3122 approval.approvedBy']);
  });

  it('fails without the approval time', () => {
    const cycle = approvedBy('marco-bianchi');
    delete cycle.approval!.approvedAt;
    assert.deepEqual(unmetSummary(gate(cycle, 'approval')), ['PC3122 approval.approvedAt']);
  });

  it('fails for the requester', () => {
    const cycle = approvedBy('giulia-rossi');
    cycle.securityOfficers.push('giulia-rossi');
    const result = gate(cycle, 'approval');
    assert.deepEqual(unmetSummary(result), ['PC3124 approval.approvedBy']);
    assert.match(result.unmet[0].message, /giulia-rossi requested the cycle; giulia-rossi worked on the cycle \(completed identify, checked identify\.network,/);
  });

  it('fails for an implementer', () => {
    const cycle = approvedBy('luca-conti');
    cycle.securityOfficers.push('luca-conti');
    const result = gate(cycle, 'approval');
    assert.deepEqual(unmetSummary(result), ['PC3124 approval.approvedBy']);
    assert.match(result.unmet[0].message, /luca-conti worked on the cycle \(deployed P-001, checked identify\.configuration,/);
  });

  it('fails for someone who is not a Security Officer', () => {
    assert.deepEqual(unmetSummary(gate(approvedBy('paolo-esposito'), 'approval')), ['PC3123 approval.approvedBy']);
  });

  it('accepts any login when the officers are a team', () => {
    const cycle = approvedBy('paolo-esposito');
    cycle.securityOfficers = ['@banca-lumen/security-officers'];
    assert.equal(gate(cycle, 'approval').met, true);
  });

  it('fails when the reviews hold no approval by the approver', () => {
    const cycle = completeCycle();
    cycle.approval!.approvedBy = 'marco-bianchi';
    cycle.approval!.approvedAt = '2026-11-14T10:00:00+01:00';
    assert.deepEqual(unmetSummary(gate(cycle, 'approval')), ['PC3125 approval.approvedBy']);
  });
});

describe('implementers and independence', () => {
  it('lists deployers and checklist authors', () => {
    assert.deepEqual(implementers(completeCycle()), ['giulia-rossi', 'luca-conti', 'sara-galli']);
  });

  it('leaves out the approval step', () => {
    const cycle = completeCycle();
    cycle.steps.approval.items = { signed: { done: true, by: 'marco-bianchi', at: '2026-11-14T10:00:00+01:00' } };
    assert.deepEqual(implementers(cycle), ['giulia-rossi', 'luca-conti', 'sara-galli']);
  });

  it('counts step completers except approval', () => {
    const cycle = completeCycle();
    cycle.steps.research.completedBy = 'elena-ferri';
    cycle.steps.approval.completedBy = 'marco-bianchi';
    assert.deepEqual(implementers(cycle), ['elena-ferri', 'giulia-rossi', 'luca-conti', 'sara-galli']);
    assert.deepEqual(independenceProblems(cycle, 'elena-ferri'), ['elena-ferri worked on the cycle (completed research)']);
    assert.deepEqual(independenceProblems(cycle, 'marco-bianchi'), []);
  });

  it('finds no problem for an independent officer', () => {
    assert.deepEqual(independenceProblems(completeCycle(), 'elena-ferri'), []);
  });

  it('names every conflict of an implementer', () => {
    assert.deepEqual(independenceProblems(completeCycle(), 'sara-galli'), [
      'sara-galli worked on the cycle (deployed P-002, completed backup, checked backup.identify-systems, checked backup.perform-backups, checked backup.verify-integrity, checked backup.record-completion, checked backup.notify-team, checked deploy.P-002, completed verify, checked verify.confirm-installation, checked verify.run-scans, checked verify.no-new-issues, completed monitor, checked monitor.siem-ingest)',
      'sara-galli is not listed in securityOfficers (marco-bianchi, elena-ferri)'
    ]);
  });
});

describe('steps that cannot be skipped', () => {
  it('marks only the approval step', () => {
    const fixed = builtInTemplate.steps.filter((step) => !isSkippable(step)).map((step) => step.id);
    assert.deepEqual(fixed, ['approval']);
  });

  it('reports a skipped approval step', () => {
    const cycle = completeCycle();
    cycle.steps.approval = { status: 'skipped', skipReason: 'no time', completedBy: 'giulia-rossi', completedAt: '2026-11-14T10:00:00+01:00' };
    const findings = stepFindings(cycle, builtInTemplate, NOW).filter((finding) => finding.code === 'PC3017');
    assert.equal(findings.length, 1);
    assert.deepEqual(findings[0].path, ['steps', 'approval', 'status']);
    assert.equal(findings[0].severity, 'error');
    assert.equal(findings[0].message, 'Step "approval" is skipped, but it cannot be skipped: a Security Officer who did not work on the cycle must approve every cycle (RTS 2024/1774 Art. 17(1)(b)). Set its status to in-progress, remove skipReason, and request the approval.');
  });
});
