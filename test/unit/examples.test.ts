import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { scoreVector } from '../../src/core/cvss';
import type { Cycle } from '../../src/core/model';
import { builtInTemplate } from '../../src/core/templates';
import { validateCycle } from '../../src/core/validate';
import { currentStep, evaluateGate, riskLevel } from '../../src/core/workflow';

const repoRoot = path.resolve(__dirname, '../..');
const examplesRoot = path.join(repoRoot, 'examples');
const NOW = new Date('2026-12-04T12:00:00Z');

function cycleFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const full = path.join(folder, name);
    if (statSync(full).isDirectory()) {
      return cycleFiles(full);
    }
    return /\.cycle\.ya?ml$/.test(name) ? [full] : [];
  });
}

function validated(name: string) {
  return validateCycle(readFileSync(path.join(examplesRoot, 'cycles', name), 'utf8'), { now: NOW });
}

function summary(name: string): string[] {
  return validated(name).diagnostics.map((d) => `${d.range.start.line}:${d.range.start.column} ${d.severity} ${d.code}`);
}

describe('example repository', () => {
  const files = cycleFiles(examplesRoot);

  it('holds at least three cycles', () => {
    assert.ok(files.length >= 3, files.join(', '));
  });

  for (const file of files) {
    const name = path.relative(examplesRoot, file);

    it(`${name} has no errors at a fixed date`, () => {
      const errors = validateCycle(readFileSync(file, 'utf8'), { now: NOW }).diagnostics.filter((d) => d.severity === 'error');
      assert.deepEqual(errors.map((d) => d.message), []);
    });

    it(`${name} has no errors today`, () => {
      const errors = validateCycle(readFileSync(file, 'utf8')).diagnostics.filter((d) => d.severity === 'error');
      assert.deepEqual(errors.map((d) => d.message), []);
    });

    it(`${name} carries computed CVSS scores and matrix risks`, () => {
      const cycle = validateCycle(readFileSync(file, 'utf8'), { now: NOW }).cycle!;
      for (const vulnerability of cycle.vulnerabilities ?? []) {
        for (const entry of vulnerability.cvss ?? []) {
          const result = scoreVector(entry.vector, entry.version);
          assert.ok(result.ok, `${vulnerability.id} ${entry.vector}`);
          assert.equal(entry.baseScore, result.score.baseScore, `${vulnerability.id} ${entry.vector}`);
          assert.equal(entry.severity, result.score.severity, `${vulnerability.id} ${entry.vector}`);
        }
        const assessment = vulnerability.assessment;
        if (assessment?.risk) {
          assert.equal(assessment.risk, riskLevel(assessment.impact!, assessment.likelihood!), vulnerability.id);
        }
      }
    });
  }

  it('passes patch-cycles validate with exit code 0', () => {
    const cli = path.join(repoRoot, 'dist/cli.js');
    assert.ok(existsSync(cli), 'dist/cli.js is missing: run npm run build first');
    const run = spawnSync(process.execPath, [path.join(repoRoot, 'bin/patch-cycles.js'), 'validate', 'examples'], { cwd: repoRoot, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stdout + run.stderr);
  });
});

describe('identified example', () => {
  const name = '2026-031-edge-openssl-jquery.cycle.yaml';

  it('stands at assess', () => {
    assert.equal(currentStep(validated(name).cycle!, builtInTemplate), 'assess');
  });

  it('warns about the old scan of the edge proxy', () => {
    assert.deepEqual(summary(name), ['18:23 warning PC3102']);
    assert.match(validated(name).diagnostics[0].message, /"edge-proxy" .* newest scan, "S-001" of 2026-11-19T02:10:00\+01:00, was 11 days old on 2026-11-30/);
  });
});

describe('emergency example', () => {
  const name = '2026-027-spring4shell-payments.cycle.yaml';

  it('stands at deploy', () => {
    assert.equal(currentStep(validated(name).cycle!, builtInTemplate), 'deploy');
  });

  it('warns until the retroactive approval', () => {
    assert.deepEqual(summary(name), ['9:8 warning PC3015']);
  });

  it('holds the gates of every done step', () => {
    const cycle = validated(name).cycle!;
    for (const stepId of ['identify', 'assess', 'prioritize', 'research', 'schedule', 'backup']) {
      assert.deepEqual(evaluateGate(cycle, builtInTemplate, stepId, NOW).unmet, [], stepId);
    }
  });

  it('does not yet hold the deploy gate', () => {
    const unmet = evaluateGate(validated(name).cycle!, builtInTemplate, 'deploy', NOW).unmet;
    assert.deepEqual(unmet.map((condition) => `${condition.code} ${condition.path.join('.')}`), ['PC3101 steps.deploy.items.P-002', 'PC3116 patches.1.deployment.result']);
  });
});

describe('complete example', () => {
  const name = '2026-019-buster-log-shipper.cycle.yaml';

  it('has no diagnostics', () => {
    assert.deepEqual(summary(name), []);
  });

  it('waits for approval', () => {
    assert.equal(currentStep(validated(name).cycle!, builtInTemplate), 'approval');
  });

  it('completes once an independent Security Officer approves', () => {
    const cycle: Cycle = structuredClone(validated(name).cycle!);
    cycle.approval = { ...cycle.approval, approvedBy: 'elena-ferri', approvedAt: '2026-11-16T09:00:00+01:00', reviews: [...(cycle.approval?.reviews ?? []), { by: 'elena-ferri', state: 'approved', at: '2026-11-16T09:00:00+01:00' }] };
    for (const step of builtInTemplate.steps) {
      assert.deepEqual(evaluateGate(cycle, builtInTemplate, step.id, NOW).unmet, [], step.id);
    }
  });
});
