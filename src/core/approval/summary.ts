/**
 * Tabular views of a cycle shared by the pull-request description, the evidence report
 * and the approval view: one row per vulnerability, patch and step, as plain strings.
 */
import type { CvssEntry, Cycle, Vulnerability } from '../model';

export interface RiskRow {
  id: string;
  advisory: string;
  title: string;
  system: string;
  component: string;
  cvss: string;
  kev: string;
  epss: string;
  impact: string;
  likelihood: string;
  risk: string;
  priority: string;
  decision: string;
  verification: string;
}

export interface PatchRow {
  id: string;
  title: string;
  version: string;
  fixes: string;
  window: string;
  tested: string;
  deployed: string;
  result: string;
  fallbackPlan: string;
}

export interface StepRow {
  id: string;
  status: string;
  completedAt: string;
  completedBy: string;
  reason: string;
  items: string;
}

export const RISK_HEADER = ['Id', 'Advisory', 'System', 'Component', 'CVSS', 'KEV', 'EPSS', 'Impact', 'Likelihood', 'Risk', 'Priority', 'Decision', 'Verification'];
export const PATCH_HEADER = ['Id', 'Patch', 'Version', 'Fixes', 'Window', 'Tested in', 'Deployed', 'Result', 'Fall-back plan'];
export const STEP_HEADER = ['Step', 'Status', 'Completed at', 'Completed by', 'Reason', 'Checklist'];

/** Vulnerabilities in priority order (unprioritised last, then by id). */
export function riskRows(cycle: Cycle): RiskRow[] {
  const sorted = [...(cycle.vulnerabilities ?? [])].sort((a, b) => (a.assessment?.priority ?? Infinity) - (b.assessment?.priority ?? Infinity) || a.id.localeCompare(b.id));
  return sorted.map((vulnerability) => {
    const assessment = vulnerability.assessment ?? {};
    return {
      id: vulnerability.id,
      advisory: vulnerability.advisory,
      title: vulnerability.title,
      system: vulnerability.system,
      component: componentLabel(vulnerability),
      cvss: cvssLabel(primaryCvss(vulnerability.cvss)),
      kev: vulnerability.kev ? `yes (added ${vulnerability.kev.dateAdded}${vulnerability.kev.dueDate ? `, due ${vulnerability.kev.dueDate}` : ''})` : 'no',
      epss: vulnerability.epss ? `${(vulnerability.epss.probability * 100).toFixed(2)}% (percentile ${(vulnerability.epss.percentile * 100).toFixed(1)})` : '',
      impact: assessment.impact ?? '',
      likelihood: assessment.likelihood ?? '',
      risk: assessment.risk ?? '',
      priority: assessment.priority === undefined ? '' : String(assessment.priority),
      decision: assessment.decision ? `${assessment.decision}${assessment.expires ? ` until ${assessment.expires}` : ''}` : '',
      verification: vulnerability.verification ? `${vulnerability.verification.result} (${vulnerability.verification.evidence}, ${vulnerability.verification.by}, ${vulnerability.verification.at})` : ''
    };
  });
}

export function patchRows(cycle: Cycle): PatchRow[] {
  return (cycle.patches ?? []).map((patch) => {
    const deployment = patch.deployment ?? {};
    const tested = deployment.testedIn ?? (deployment.testException ? `exception: ${deployment.testException.reason} (approved by ${deployment.testException.approvedBy})` : '');
    return {
      id: patch.id,
      title: patch.title,
      version: patch.version,
      fixes: patch.fixes.join(', '),
      window: patch.window ? `${patch.window.start} – ${patch.window.end}` : '',
      tested,
      deployed: deployment.deployedAt ? `${deployment.deployedAt} by ${deployment.deployedBy ?? '(unknown)'}` : '',
      result: deployment.result ?? '',
      fallbackPlan: patch.fallbackPlan ?? ''
    };
  });
}

export function stepRows(cycle: Cycle): StepRow[] {
  return Object.entries(cycle.steps ?? {}).map(([id, step]) => {
    const items = Object.entries(step.items ?? {}).map(([itemId, item]) => {
      if (item.notApplicable) {
        return `${itemId}: not applicable (${item.notApplicable})`;
      }
      return item.done ? `${itemId}: done by ${item.by ?? '?'} at ${item.at ?? '?'}` : `${itemId}: open`;
    });
    return {
      id,
      status: step.status,
      completedAt: step.completedAt ?? '',
      completedBy: step.completedBy ?? '',
      reason: step.skipReason ?? step.reopenReason ?? '',
      items: items.join('; ')
    };
  });
}

export function riskCells(row: RiskRow): string[] {
  return [row.id, row.advisory, row.system, row.component, row.cvss, row.kev, row.epss, row.impact, row.likelihood, row.risk, row.priority, row.decision, row.verification];
}

export function patchCells(row: PatchRow): string[] {
  return [row.id, row.title, row.version, row.fixes, row.window, row.tested, row.deployed, row.result, row.fallbackPlan];
}

export function stepCells(row: StepRow): string[] {
  return [row.id, row.status, row.completedAt, row.completedBy, row.reason, row.items];
}

function componentLabel(vulnerability: Vulnerability): string {
  const { name, installed, fixed } = vulnerability.component;
  return `${name}${installed ? ` ${installed}` : ''}${fixed ? ` (fixed in ${fixed})` : ''}`;
}

/** The vector to show: the newest CVSS version, NVD first among equals. */
export function primaryCvss(entries: CvssEntry[] | undefined): CvssEntry | undefined {
  const order = ['4.0', '3.1', '3.0', '2.0'];
  return [...(entries ?? [])].sort((a, b) => order.indexOf(a.version) - order.indexOf(b.version) || Number(b.source === 'nvd') - Number(a.source === 'nvd'))[0];
}

function cvssLabel(entry: CvssEntry | undefined): string {
  return entry ? `${entry.baseScore.toFixed(1)} ${entry.severity} (CVSS ${entry.version}, ${entry.source})` : '';
}
