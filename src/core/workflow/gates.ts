/**
 * Gate rules: the conditions that must hold before a step may be marked done. A template
 * step names its rules in `gates`; `evaluateGate` runs them. Each rule returns unmet
 * conditions (which block the step) and warnings (which do not).
 */
import type { Cycle, Template, Vulnerability } from '../model';
import { WorkflowCodes } from './codes';
import { independenceProblems, isSecurityOfficer } from './approval';
import { expectedItems, findStep, itemSettled, list, stepState } from './items';
import { riskLevel } from './risk';

export type DocumentPath = (string | number)[];

export interface UnmetCondition {
  code: string;
  message: string;
  /** Path of the offending node, so the editor can reveal it. */
  path: DocumentPath;
  /** Text that replaces the scalar at `path` when the fix is mechanical. */
  replacement?: string;
}

export interface GateResult {
  met: boolean;
  unmet: UnmetCondition[];
  /** Conditions worth a warning that do not block the step. */
  warnings: UnmetCondition[];
}

export interface GateContext {
  cycle: Cycle;
  template: Template;
  stepId: string;
  now: Date;
}

interface RuleOutcome {
  unmet: UnmetCondition[];
  warnings: UnmetCondition[];
}

type GateRule = (context: GateContext) => RuleOutcome;

/**
 * Maximum scan age for systems supporting critical or important functions. RTS 2024/1774
 * Art. 10(2)(b) ties the scanning frequency to the asset's classification without a
 * number; 7 days is this product's setting for the highest class.
 */
export const SCAN_MAX_AGE_DAYS = 7;

/** Gate rules that only ever warn; validation runs them for steps in progress too. */
export const WARNING_ONLY_GATES: ReadonlySet<string> = new Set(['recent-scan']);

const DAY_MS = 24 * 60 * 60 * 1000;

export const GATE_RULES: Readonly<Record<string, GateRule>> = {
  'checklist-complete': checklistComplete,
  'recent-scan': recentScan,
  'impact-assessed': impactAssessed,
  prioritized,
  'patch-researched': patchResearched,
  scheduled,
  'backed-up': backedUp,
  deployed,
  verified,
  'monitoring-finished': monitoringFinished,
  'feedback-recorded': feedbackRecorded,
  'independent-approval': independentApproval
};

/**
 * List the parts of a cycle a gate rule reads, as path prefixes. When the schema rejected
 * a value under one of them, the rule would judge data that is not there, so
 * validation leaves that rule out and reports only the schema diagnostic.
 */
export function gateInputs(gate: string, template: Template, stepId: string): DocumentPath[] {
  switch (gate) {
    case 'checklist-complete': {
      const dynamic = findStep(template, stepId)?.dynamicItems;
      if (dynamic === 'patches') {
        return [['steps', stepId], ['patches']];
      }
      if (dynamic === 'monitoring-tools') {
        return [['steps', stepId], ['monitoring', 'tools']];
      }
      return [['steps', stepId]];
    }
    case 'recent-scan':
      return [['systems'], ['scans'], ['steps', stepId]];
    case 'impact-assessed':
    case 'prioritized':
      return [['vulnerabilities']];
    case 'patch-researched':
    case 'verified':
      return [['vulnerabilities'], ['patches']];
    case 'scheduled':
      return [['patches'], ['notify']];
    case 'backed-up':
      return [['vulnerabilities'], ['patches'], ['backups']];
    case 'deployed':
      return [['patches']];
    case 'monitoring-finished':
      return [['monitoring']];
    case 'feedback-recorded':
      return [['feedback']];
    default:
      return [[]];
  }
}

/**
 * Run the gate rules of `stepId`; an unknown rule name or step is an unmet condition.
 * `include` limits the run to some of the step's rules.
 */
export function evaluateGate(cycle: Cycle, template: Template, stepId: string, now: Date, include: (gate: string) => boolean = () => true): GateResult {
  const step = findStep(template, stepId);
  if (!step) {
    const known = template.steps.map((s) => s.id).join(', ');
    return { met: false, unmet: [{ code: WorkflowCodes.unknownStep, message: `Step "${stepId}" is not a step of template "${template.id}" (steps: ${known}).`, path: ['steps', stepId] }], warnings: [] };
  }

  const unmet: UnmetCondition[] = [];
  const warnings: UnmetCondition[] = [];
  for (const gate of step.gates.filter(include)) {
    const rule = GATE_RULES[gate];
    if (!rule) {
      unmet.push({ code: WorkflowCodes.unknownStep, message: `Gate rule "${gate}" of step "${stepId}" is not a built-in rule (rules: ${Object.keys(GATE_RULES).join(', ')}).`, path: ['steps', stepId] });
      continue;
    }
    const outcome = rule({ cycle, template, stepId, now });
    unmet.push(...outcome.unmet);
    warnings.push(...outcome.warnings);
  }
  return { met: unmet.length === 0, unmet, warnings };
}

/**
 * True when the vulnerability still counts for assessment and prioritization: it is
 * reported by the latest scan, or it has a verification. A finding that the latest scan
 * no longer reports (`seenInLatestScan: false`) and that has no verification dropped
 * out before it was handled, so it needs no impact, priority or decision.
 */
export function isTracked(vulnerability: Vulnerability): boolean {
  return vulnerability.seenInLatestScan !== false || vulnerability.verification !== undefined;
}

/** True when the vulnerability is tracked and not verified fixed. */
export function isOpen(vulnerability: Vulnerability): boolean {
  return isTracked(vulnerability) && vulnerability.verification?.result !== 'fixed';
}

function outcome(unmet: UnmetCondition[] = [], warnings: UnmetCondition[] = []): RuleOutcome {
  return { unmet, warnings };
}

function checklistComplete({ cycle, template, stepId }: GateContext): RuleOutcome {
  const states = stepState(cycle, stepId)?.items ?? {};
  const unmet: UnmetCondition[] = [];
  for (const item of expectedItems(cycle, template, stepId)) {
    const state = states[item.id];
    if (itemSettled(state)) {
      continue;
    }
    const blankReason = typeof state?.notApplicable === 'string';
    unmet.push({
      code: WorkflowCodes.itemNotChecked,
      message: blankReason
        ? `Checklist item "${item.id}" (${item.label}) of step "${stepId}" is marked notApplicable with an empty reason. Write the reason, or check the item.`
        : `Checklist item "${item.id}" (${item.label}) of step "${stepId}" is not checked. Set done: true with by and at, or set notApplicable to the reason it does not apply.`,
      path: ['steps', stepId, 'items', item.id]
    });
  }
  return outcome(unmet);
}

/**
 * Warn for each system supporting a critical or important function whose newest scan is
 * older than 7 days. A done step is judged at its `completedAt`, because that is what the
 * team knew then, and an open one at `now`. Scans after that moment do not count.
 */
function recentScan({ cycle, stepId, now }: GateContext): RuleOutcome {
  const state = stepState(cycle, stepId);
  const completedAt = state?.status === 'done' && state.completedAt ? Date.parse(state.completedAt) : NaN;
  const reference = Number.isNaN(completedAt) ? now.getTime() : completedAt;
  const warnings: UnmetCondition[] = [];

  list(cycle.systems).forEach((system, index) => {
    if (system?.criticalFunction !== true) {
      return;
    }
    let newest: { id: string; scannedAt: string; time: number } | undefined;
    for (const scan of list(cycle.scans)) {
      const time = Date.parse(scan?.scannedAt);
      if (list(scan?.systems).includes(system.id) && time <= reference && (!newest || time > newest.time)) {
        newest = { id: scan.id, scannedAt: scan.scannedAt, time };
      }
    }
    const referenceDate = new Date(reference).toISOString().slice(0, 10);
    if (!newest) {
      warnings.push({
        code: WorkflowCodes.staleScan,
        message: `System "${system.id}" supports a critical or important function but no scan in scans covers it. Import a scan of it no older than ${SCAN_MAX_AGE_DAYS} days (RTS 2024/1774 Art. 10(2)(b)).`,
        path: ['systems', index, 'criticalFunction']
      });
    } else if (reference - newest.time > SCAN_MAX_AGE_DAYS * DAY_MS) {
      const ageDays = Math.floor((reference - newest.time) / DAY_MS);
      warnings.push({
        code: WorkflowCodes.staleScan,
        message: `System "${system.id}" supports a critical or important function but its newest scan, "${newest.id}" of ${newest.scannedAt}, was ${ageDays} days old on ${referenceDate}. Scan it again and import the report; the limit is ${SCAN_MAX_AGE_DAYS} days (RTS 2024/1774 Art. 10(2)(b)).`,
        path: ['systems', index, 'criticalFunction']
      });
    }
  });
  return outcome([], warnings);
}

function impactAssessed({ cycle }: GateContext): RuleOutcome {
  const unmet: UnmetCondition[] = [];
  list(cycle.vulnerabilities).forEach((vulnerability, index) => {
    if (isTracked(vulnerability) && !vulnerability.assessment?.impact) {
      unmet.push({
        code: WorkflowCodes.missingImpact,
        message: `Vulnerability ${describe(vulnerability)} has no assessment.impact. Set it to low, moderate, high, critical or catastrophic.`,
        path: ['vulnerabilities', index, 'assessment', 'impact']
      });
    }
  });
  return outcome(unmet);
}

function prioritized({ cycle }: GateContext): RuleOutcome {
  const unmet: UnmetCondition[] = [];
  list(cycle.vulnerabilities).forEach((vulnerability, index) => {
    if (isTracked(vulnerability)) {
      unmet.push(...assessmentProblems(vulnerability, index));
    }
  });
  unmet.push(...duplicatePriorities(cycle));
  return outcome(unmet);
}

/**
 * Check one vulnerability's step 3 fields: likelihood, risk (equal to the matrix value),
 * priority, decision, rationale, and an expiry for accept and defer.
 */
export function assessmentProblems(vulnerability: Vulnerability, index: number): UnmetCondition[] {
  const problems: UnmetCondition[] = [];
  const assessment = vulnerability.assessment ?? {};
  const base: DocumentPath = ['vulnerabilities', index, 'assessment'];
  // Built only for a message: large cycles check thousands of complete assessments.
  const name = (): string => describe(vulnerability);

  if (!assessment.likelihood) {
    problems.push({ code: WorkflowCodes.missingLikelihood, message: `Vulnerability ${name()} has no assessment.likelihood. Set it to rare, unlikely, possible, likely or almost-certain.`, path: [...base, 'likelihood'] });
  }
  if (!assessment.risk) {
    const hint = assessment.impact && assessment.likelihood ? ` The risk matrix gives "${riskLevel(assessment.impact, assessment.likelihood)}" for ${assessment.impact} impact and ${assessment.likelihood} likelihood.` : '';
    problems.push({ code: WorkflowCodes.missingRisk, message: `Vulnerability ${name()} has no assessment.risk.${hint || ' Set impact and likelihood, then the risk the matrix gives for them.'}`, path: [...base, 'risk'] });
  }
  problems.push(...riskMismatch(vulnerability, index));
  if (assessment.priority === undefined) {
    problems.push({ code: WorkflowCodes.missingPriority, message: `Vulnerability ${name()} has no assessment.priority. Give it a priority number not used by another vulnerability (1 is handled first).`, path: [...base, 'priority'] });
  }
  if (!assessment.decision) {
    problems.push({ code: WorkflowCodes.missingDecision, message: `Vulnerability ${name()} has no assessment.decision. Set it to patch, mitigate, accept or defer.`, path: [...base, 'decision'] });
  }
  if (!assessment.rationale) {
    problems.push({ code: WorkflowCodes.missingRationale, message: `Vulnerability ${name()} has no assessment.rationale. Write why this decision and priority were chosen.`, path: [...base, 'rationale'] });
  }
  problems.push(...expiryProblems(vulnerability, index));
  return problems;
}

/** Report a risk that differs from the matrix value, with the matrix value as the mechanical fix. */
export function riskMismatch(vulnerability: Vulnerability, index: number): UnmetCondition[] {
  const assessment = vulnerability.assessment;
  if (!assessment?.risk || !assessment.impact || !assessment.likelihood) {
    return [];
  }
  const expected = riskLevel(assessment.impact, assessment.likelihood);
  if (expected === assessment.risk) {
    return [];
  }
  return [{
    code: WorkflowCodes.riskMismatch,
    message: `Vulnerability ${describe(vulnerability)} has assessment.risk "${assessment.risk}", but the risk matrix gives "${expected}" for ${assessment.impact} impact and ${assessment.likelihood} likelihood. Set risk to "${expected}", or change impact or likelihood.`,
    path: ['vulnerabilities', index, 'assessment', 'risk'],
    replacement: expected
  }];
}

/** Accept and defer are temporary: they need `expires`, the date of the next review. */
export function expiryProblems(vulnerability: Vulnerability, index: number): UnmetCondition[] {
  const decision = vulnerability.assessment?.decision;
  if ((decision === 'accept' || decision === 'defer') && !vulnerability.assessment?.expires) {
    return [{
      code: WorkflowCodes.decisionWithoutExpiry,
      message: `Vulnerability ${describe(vulnerability)} has decision "${decision}" but no assessment.expires. Add expires: YYYY-MM-DD, the date the decision must be reviewed again.`,
      path: ['vulnerabilities', index, 'assessment', 'decision']
    }];
  }
  return [];
}

/** Report every priority number already used by an earlier vulnerability, at the later one. */
export function duplicatePriorities(cycle: Cycle): UnmetCondition[] {
  const firstUse = new Map<number, Vulnerability>();
  const problems: UnmetCondition[] = [];
  list(cycle.vulnerabilities).forEach((vulnerability, index) => {
    const priority = vulnerability?.assessment?.priority;
    if (typeof priority !== 'number') {
      return;
    }
    const earlier = firstUse.get(priority);
    if (earlier) {
      problems.push({
        code: WorkflowCodes.duplicatePriority,
        message: `Vulnerability ${describe(vulnerability)} has assessment.priority ${priority}, which ${describe(earlier)} already has. Priorities are unique; give this one a number no other vulnerability uses.`,
        path: ['vulnerabilities', index, 'assessment', 'priority']
      });
    } else {
      firstUse.set(priority, vulnerability);
    }
  });
  return problems;
}

function patchResearched({ cycle }: GateContext): RuleOutcome {
  const unmet: UnmetCondition[] = [];
  const fixed = new Set(list(cycle.patches).flatMap((patch) => list(patch?.fixes)));
  list(cycle.vulnerabilities).forEach((vulnerability, index) => {
    if (isTracked(vulnerability) && vulnerability.assessment?.decision === 'patch' && !fixed.has(vulnerability.id)) {
      unmet.push({
        code: WorkflowCodes.vulnerabilityWithoutPatch,
        message: `Vulnerability ${describe(vulnerability)} is decided "patch" but no patch lists "${vulnerability.id}" in fixes. Add a patch that fixes it, or change the decision.`,
        path: ['vulnerabilities', index, 'assessment', 'decision']
      });
    }
  });
  list(cycle.patches).forEach((_, index) => unmet.push(...fallbackProblems(cycle, index)));
  return outcome(unmet);
}

/** RTS 2024/1774 Art. 17(1)(e): every patch needs a fall-back plan. */
export function fallbackProblems(cycle: Cycle, index: number): UnmetCondition[] {
  const patch = list(cycle.patches)[index];
  if (!patch || (typeof patch.fallbackPlan === 'string' && patch.fallbackPlan.trim() !== '')) {
    return [];
  }
  return [{
    code: WorkflowCodes.missingFallbackPlan,
    message: `Patch "${patch.id}" has no fallbackPlan. Describe how to return to the previous state if it fails (RTS 2024/1774 Art. 17(1)(e)).`,
    path: ['patches', index, 'fallbackPlan']
  }];
}

function scheduled({ cycle }: GateContext): RuleOutcome {
  const unmet: UnmetCondition[] = [];
  list(cycle.patches).forEach((patch, index) => {
    const base: DocumentPath = ['patches', index];
    if (!patch.window) {
      unmet.push({ code: WorkflowCodes.missingWindow, message: `Patch "${patch.id}" has no window. Add window: { start, end } with the maintenance window of its deployment.`, path: [...base, 'window'] });
    }
    if (!patch.deadline) {
      unmet.push({ code: WorkflowCodes.missingDeadline, message: `Patch "${patch.id}" has no deadline. Add the latest acceptable end of deployment that its priority allows.`, path: [...base, 'deadline'] });
    }
    if (patch.window?.end && patch.deadline && Date.parse(patch.window.end) > Date.parse(patch.deadline)) {
      unmet.push({ code: WorkflowCodes.windowAfterDeadline, message: `Patch "${patch.id}" has window.end ${patch.window.end}, after its deadline ${patch.deadline}. Move the window earlier, or escalate and record a new deadline.`, path: [...base, 'window', 'end'] });
    }
  });
  if (list(cycle.notify).length === 0) {
    unmet.push({ code: WorkflowCodes.nobodyNotified, message: 'notify is empty or missing. List the people or teams told of the deployment schedule.', path: ['notify'] });
  }
  return outcome(unmet);
}

/**
 * Warn for each patch not yet deployed whose deadline has passed, so it is escalated
 * (RTS 2024/1774 Art. 10(4)(d)).
 */
export function passedDeadlines(cycle: Cycle, now: Date): UnmetCondition[] {
  const warnings: UnmetCondition[] = [];
  list(cycle.patches).forEach((patch, index) => {
    const deadline = patch?.deadline ? Date.parse(patch.deadline) : NaN;
    const result = patch?.deployment?.result;
    if (!Number.isNaN(deadline) && deadline < now.getTime() && result !== 'deployed') {
      warnings.push({
        code: WorkflowCodes.deadlinePassed,
        message: `Patch "${patch.id}" is not deployed and its deadline ${patch.deadline} has passed. Escalate it to the ICT risk function and record the new deadline (RTS 2024/1774 Art. 10(4)(d)).`,
        path: ['patches', index, 'deadline']
      });
    }
  });
  return warnings;
}

/** Ids of the systems that a patch of the cycle touches, in order of first mention. */
export function affectedSystems(cycle: Cycle): string[] {
  const systemOf = new Map(list(cycle.vulnerabilities).map((v) => [v?.id, v?.system]));
  const systems = new Set<string>();
  for (const patch of list(cycle.patches)) {
    for (const id of list(patch?.fixes)) {
      const system = systemOf.get(id);
      if (typeof system === 'string') {
        systems.add(system);
      }
    }
  }
  return [...systems];
}

function backedUp({ cycle }: GateContext): RuleOutcome {
  const unmet: UnmetCondition[] = [];
  for (const system of affectedSystems(cycle)) {
    const backups = list(cycle.backups).filter((backup) => backup?.system === system);
    if (backups.some((backup) => backup.integrity === 'verified')) {
      continue;
    }
    const last = list(cycle.backups).lastIndexOf(backups[backups.length - 1]);
    unmet.push({
      code: WorkflowCodes.missingBackup,
      message: backups.length === 0
        ? `System "${system}" is touched by a patch but has no entry in backups. Back it up and record reference, at and integrity: verified.`
        : `System "${system}" has no backup with integrity "verified" (the last one is "${backups[backups.length - 1].integrity}"). Check that the backup restores and set integrity: verified, or take a new backup.`,
      path: backups.length === 0 ? ['backups'] : ['backups', last, 'integrity']
    });
  }
  return outcome(unmet);
}

function deployed({ cycle }: GateContext): RuleOutcome {
  const unmet: UnmetCondition[] = [];
  list(cycle.patches).forEach((patch, index) => {
    const base: DocumentPath = ['patches', index, 'deployment'];
    const deployment = patch.deployment;
    if (!deployment?.result) {
      unmet.push({ code: WorkflowCodes.missingDeploymentResult, message: `Patch "${patch.id}" has no deployment.result. Record deployed, failed or rolled-back.`, path: [...base, 'result'] });
    } else if (deployment.result === 'failed') {
      unmet.push({ code: WorkflowCodes.failedNotRolledBack, message: `Patch "${patch.id}" has deployment.result "failed". Roll it back using its fallbackPlan and set result: rolled-back.`, path: [...base, 'result'] });
    }
    unmet.push(...testProblems(cycle, index));
  });
  return outcome(unmet);
}

/**
 * RTS 2024/1774 Art. 8(2)(b): a patch is tested in a non-production environment first,
 * unless an exception with a reason was approved. Checked once the patch has a result.
 */
export function testProblems(cycle: Cycle, index: number): UnmetCondition[] {
  const patch = list(cycle.patches)[index];
  const deployment = patch?.deployment;
  if (!deployment?.result || deployment.testedIn || (deployment.testException?.reason && deployment.testException.approvedBy)) {
    return [];
  }
  return [{
    code: WorkflowCodes.notTestedFirst,
    message: `Patch "${patch.id}" was deployed without deployment.testedIn. Record the non-production test run, or a testException with reason and approvedBy (RTS 2024/1774 Art. 8(2)(b)).`,
    path: ['patches', index, 'deployment']
  }];
}

function verified({ cycle }: GateContext): RuleOutcome {
  const unmet: UnmetCondition[] = [];
  const patched = new Set(list(cycle.patches).flatMap((patch) => list(patch?.fixes)));
  list(cycle.vulnerabilities).forEach((vulnerability, index) => {
    if (!patched.has(vulnerability.id)) {
      return;
    }
    const verification = vulnerability.verification;
    if (verification?.result === 'fixed' || (verification?.result === 'still-open' && verification.followUp)) {
      return;
    }
    unmet.push({
      code: WorkflowCodes.notVerified,
      message: verification?.result === 'still-open'
        ? `Vulnerability ${describe(vulnerability)} is still open after patching and has no verification.followUp. Name the follow-up cycle or ticket that carries it.`
        : `Vulnerability ${describe(vulnerability)} is fixed by a patch but has no verification. Record result (fixed or still-open), evidence, at and by from the verify scan.`,
      path: ['vulnerabilities', index, 'verification']
    });
  });
  return outcome(unmet);
}

function monitoringFinished({ cycle, now }: GateContext): RuleOutcome {
  const monitoring = cycle.monitoring;
  if (monitoring?.closed) {
    return outcome();
  }
  if (!monitoring?.period) {
    return outcome([{ code: WorkflowCodes.monitoringNotFinished, message: 'monitoring.period is missing. Record the monitoring period (start and end), or close monitoring explicitly with closed: { at, by, reason }.', path: ['monitoring', 'period'] }]);
  }
  if (Date.parse(monitoring.period.end) > now.getTime()) {
    return outcome([{ code: WorkflowCodes.monitoringNotFinished, message: `monitoring.period.end is ${monitoring.period.end}, which has not passed yet. Wait for the period to end, or close it early with closed: { at, by, reason }.`, path: ['monitoring', 'period', 'end'] }]);
  }
  return outcome();
}

function feedbackRecorded({ cycle }: GateContext): RuleOutcome {
  const feedback = cycle.feedback;
  if (list(feedback?.entries).length > 0 || (feedback?.none?.reason ?? '').trim() !== '') {
    return outcome();
  }
  return outcome([{ code: WorkflowCodes.missingFeedback, message: 'feedback has no entries. Add at least one entry { by, at, text }, or declare none: { reason, by, at }.', path: ['feedback'] }]);
}

/** RTS 2024/1774 Art. 17(1)(b): an independent Security Officer approves the change. */
function independentApproval({ cycle }: GateContext): RuleOutcome {
  const approval = cycle.approval;
  const approver = approval?.approvedBy;
  if (!approver) {
    return outcome([{ code: WorkflowCodes.missingApproval, message: 'approval.approvedBy is missing. Open the pull request for the cycle and have an independent Security Officer approve it.', path: ['approval', 'approvedBy'] }]);
  }

  const unmet: UnmetCondition[] = [];
  const path: DocumentPath = ['approval', 'approvedBy'];
  if (!approval?.approvedAt) {
    unmet.push({ code: WorkflowCodes.missingApproval, message: `approval.approvedAt is missing for the approval by ${approver}. Record when the approving review was submitted, as the git host reports it.`, path: ['approval', 'approvedAt'] });
  }
  if (!isSecurityOfficer(cycle, approver)) {
    unmet.push({ code: WorkflowCodes.approverNotOfficer, message: `approval.approvedBy "${approver}" is not listed in securityOfficers (${list(cycle.securityOfficers).join(', ')}). A listed Security Officer must approve the pull request.`, path });
  }
  const conflicts = independenceProblems(cycle, approver).filter((problem) => !problem.includes('securityOfficers'));
  if (conflicts.length > 0) {
    unmet.push({ code: WorkflowCodes.approverNotIndependent, message: `approval.approvedBy "${approver}" is not independent: ${conflicts.join('; ')}. Another Security Officer must approve the pull request (RTS 2024/1774 Art. 17(1)(b)).`, path });
  }
  const reviews = list(approval?.reviews);
  if (reviews.length > 0 && !reviews.some((review) => review?.by?.toLowerCase() === approver.toLowerCase() && review.state === 'approved')) {
    unmet.push({ code: WorkflowCodes.approvalWithoutReview, message: `approval.approvedBy is "${approver}", but approval.reviews has no approved review by ${approver}. Record the approving review as the git host reports it.`, path });
  }
  return outcome(unmet);
}

/** Name a vulnerability in messages: its id, advisory, component and system. */
export function describe(vulnerability: Vulnerability): string {
  return `"${vulnerability?.id}" (${vulnerability?.advisory} in ${vulnerability?.component?.name} on ${vulnerability?.system})`;
}
