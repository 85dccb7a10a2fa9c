/**
 * Workflow rules of a cycle file, beyond what the JSON Schema can express: references between
 * sections, uniqueness, step order and status, and the gates of done steps. Each section
 * has its own function so an incremental validator can re-run only what changed; all of
 * them take a `CycleIndex` built once per cycle.
 */
import type { Severity } from '../diagnostics';
import type { Cycle, Template, Vulnerability } from '../model';
import { nearest } from '../schema/suggest';
import { APPROVAL_REQUIRED, isSkippable } from './approval';
import { WorkflowCodes } from './codes';
import { evaluateGate, expiryProblems, gateInputs, WARNING_ONLY_GATES, fallbackProblems, passedDeadlines, riskMismatch, type DocumentPath, type UnmetCondition } from './gates';
import { expectedItems, findStep, isClosed, list, stepState } from './items';

export interface WorkflowFinding {
  code: string;
  severity: Severity;
  message: string;
  path: DocumentPath;
  /** Point at the key of the node at `path` rather than its value (unknown or duplicate keys). */
  atKey?: boolean;
  /** Text that replaces the scalar at `path` when the fix is mechanical. */
  replacement?: string;
}

/** Lookups shared by the per-section rules. */
export interface CycleIndex {
  systemIds: Set<string>;
  scanIds: Set<string>;
  vulnerabilityIds: Set<string>;
  /** Index of the first vulnerability with each identity (advisory + component + system). */
  firstByIdentity: Map<string, number>;
  firstByVulnerabilityId: Map<string, number>;
  firstByPriority: Map<number, number>;
  firstByPatchId: Map<string, number>;
}

export function indexCycle(cycle: Cycle): CycleIndex {
  const index: CycleIndex = {
    systemIds: new Set(),
    scanIds: new Set(),
    vulnerabilityIds: new Set(),
    firstByIdentity: new Map(),
    firstByVulnerabilityId: new Map(),
    firstByPriority: new Map(),
    firstByPatchId: new Map()
  };
  for (const system of list(cycle.systems)) {
    addString(index.systemIds, system?.id);
  }
  for (const scan of list(cycle.scans)) {
    addString(index.scanIds, scan?.id);
  }
  const vulnerabilities = list(cycle.vulnerabilities);
  for (let position = 0; position < vulnerabilities.length; position++) {
    const vulnerability = vulnerabilities[position];
    addString(index.vulnerabilityIds, vulnerability?.id);
    setFirst(index.firstByIdentity, identityOf(vulnerability), position);
    setFirst(index.firstByVulnerabilityId, vulnerability?.id, position);
    const priority = vulnerability?.assessment?.priority;
    if (typeof priority === 'number') {
      setFirst(index.firstByPriority, priority, position);
    }
  }
  const patches = list(cycle.patches);
  for (let position = 0; position < patches.length; position++) {
    setFirst(index.firstByPatchId, patches[position]?.id, position);
  }
  return index;
}

/**
 * Build the identity key of a vulnerability from its advisory id, component name and
 * system. Importing the same report twice finds the existing entry through this key.
 */
export function identityOf(vulnerability: Vulnerability): string {
  return `${vulnerability?.advisory}\u0000${vulnerability?.component?.name}\u0000${vulnerability?.system}`;
}

/**
 * Run every workflow rule; findings are deduplicated by code and path, the error kept
 * over a warning. `invalidPaths` are values the schema rejected (and the caller
 * removed); gate rules that read them are left out.
 */
export function workflowFindings(cycle: Cycle, template: Template, now: Date, invalidPaths: readonly DocumentPath[] = []): WorkflowFinding[] {
  const index = indexCycle(cycle);
  const findings: WorkflowFinding[] = [];

  findings.push(...cycleFindings(cycle, index, now));
  list(cycle.vulnerabilities).forEach((_, position) => findings.push(...vulnerabilityFindings(cycle, position, index)));
  list(cycle.patches).forEach((_, position) => findings.push(...patchFindings(cycle, position, index)));
  findings.push(...stepFindings(cycle, template, now, invalidPaths));

  return deduplicate(findings);
}

/** Rules on systems, scans, backups, monitoring tools, deadlines and the emergency track. */
export function cycleFindings(cycle: Cycle, index: CycleIndex, now: Date): WorkflowFinding[] {
  const findings: WorkflowFinding[] = [];

  findings.push(...duplicateIds(list(cycle.systems).map((system) => system?.id), ['systems'], 'system'));
  findings.push(...duplicateIds(list(cycle.scans).map((scan) => scan?.id), ['scans'], 'scan'));
  findings.push(...duplicateIds(list(cycle.monitoring?.tools).map((tool) => tool?.id), ['monitoring', 'tools'], 'monitoring tool'));

  list(cycle.scans).forEach((scan, position) => {
    list(scan?.systems).forEach((system, systemPosition) => {
      if (!index.systemIds.has(system)) {
        findings.push(unknownSystem(system, ['scans', position, 'systems', systemPosition], index, `Scan "${scan.id}"`));
      }
    });
  });
  list(cycle.backups).forEach((backup, position) => {
    if (typeof backup?.system === 'string' && !index.systemIds.has(backup.system)) {
      findings.push(unknownSystem(backup.system, ['backups', position, 'system'], index, `Backup "${backup.reference}"`));
    }
  });

  findings.push(...passedDeadlines(cycle, now).map((condition) => fromCondition(condition, 'warning')));
  findings.push(...emergencyFindings(cycle));
  return findings;
}

/**
 * Emergency track: deployment may come before the approval, but the cycle stays flagged
 * until a retroactive approval is recorded (RTS 2024/1774 Art. 10(4)(b), Art. 17(1)(f) and (g)).
 */
export function emergencyFindings(cycle: Cycle): WorkflowFinding[] {
  if (cycle.track !== 'emergency' || cycle.approval?.approvedBy) {
    return [];
  }
  const deployedPatches = list(cycle.patches).filter((patch) => patch?.deployment?.result === 'deployed').map((patch) => patch.id);
  if (deployedPatches.length === 0 && stepState(cycle, 'deploy')?.status !== 'done') {
    return [];
  }
  const quoted = deployedPatches.map((id) => `"${id}"`).join(', ');
  let deployedState = `patches ${quoted} are deployed`;
  if (deployedPatches.length === 0) {
    deployedState = 'step "deploy" is done';
  } else if (deployedPatches.length === 1) {
    deployedState = `patch ${quoted} is deployed`;
  }
  return [{
    code: WorkflowCodes.awaitingRetroactiveApproval,
    severity: 'warning',
    message: `Emergency track: ${deployedState} but no Security Officer has approved the cycle yet. Open the pull request and record the retroactive approval (RTS 2024/1774 Art. 17(1)(g)).`,
    path: ['track']
  }];
}

/** Rules on one vulnerability: references, identity, risk, expiry and priority uniqueness. */
export function vulnerabilityFindings(cycle: Cycle, position: number, index: CycleIndex): WorkflowFinding[] {
  const vulnerability = list(cycle.vulnerabilities)[position];
  if (!vulnerability || typeof vulnerability !== 'object') {
    return [];
  }
  const base: DocumentPath = ['vulnerabilities', position];
  const findings: WorkflowFinding[] = [];

  const firstWithId = index.firstByVulnerabilityId.get(vulnerability.id);
  if (firstWithId !== undefined && firstWithId !== position) {
    findings.push({ code: WorkflowCodes.duplicateId, severity: 'error', message: `Vulnerability id "${vulnerability.id}" is already used by vulnerabilities[${firstWithId}]. Give this vulnerability an id no other one uses.`, path: [...base, 'id'] });
  }
  const firstWithIdentity = index.firstByIdentity.get(identityOf(vulnerability));
  if (firstWithIdentity !== undefined && firstWithIdentity !== position) {
    findings.push({
      code: WorkflowCodes.duplicateIdentity,
      severity: 'error',
      message: `Vulnerability "${vulnerability.id}" repeats advisory ${vulnerability.advisory}, component ${vulnerability.component?.name} and system ${vulnerability.system} of vulnerabilities[${firstWithIdentity}]. Together they identify a vulnerability, so merge the two entries.`,
      path: [...base, 'advisory']
    });
  }
  if (typeof vulnerability.system === 'string' && !index.systemIds.has(vulnerability.system)) {
    findings.push(unknownSystem(vulnerability.system, [...base, 'system'], index, `Vulnerability "${vulnerability.id}"`));
  }
  const scan = vulnerability.source?.scan;
  if (typeof scan === 'string' && !index.scanIds.has(scan)) {
    findings.push({ code: WorkflowCodes.unknownScan, severity: 'error', message: `Vulnerability "${vulnerability.id}" has source.scan "${scan}", which is not an id in scans (${[...index.scanIds].join(', ') || 'none'}). Use the id of the imported scan, or import it.`, path: [...base, 'source', 'scan'] });
  }

  findings.push(...riskMismatch(vulnerability, position).map((condition) => fromCondition(condition, 'error')));
  findings.push(...expiryProblems(vulnerability, position).map((condition) => fromCondition(condition, 'error')));

  const priority = vulnerability.assessment?.priority;
  const firstWithPriority = typeof priority === 'number' ? index.firstByPriority.get(priority) : undefined;
  if (firstWithPriority !== undefined && firstWithPriority !== position) {
    const earlier = list(cycle.vulnerabilities)[firstWithPriority];
    findings.push({
      code: WorkflowCodes.duplicatePriority,
      severity: 'error',
      message: `Vulnerability "${vulnerability.id}" has assessment.priority ${priority}, which "${earlier.id}" already has. Priorities are unique; give this one a number no other vulnerability uses.`,
      path: [...base, 'assessment', 'priority']
    });
  }
  return findings;
}

/** Rules on one patch: id uniqueness, `fixes` references and the fall-back plan. */
export function patchFindings(cycle: Cycle, position: number, index: CycleIndex): WorkflowFinding[] {
  const patch = list(cycle.patches)[position];
  if (!patch || typeof patch !== 'object') {
    return [];
  }
  const findings: WorkflowFinding[] = [];

  const first = index.firstByPatchId.get(patch.id);
  if (first !== undefined && first !== position) {
    findings.push({ code: WorkflowCodes.duplicateId, severity: 'error', message: `Patch id "${patch.id}" is already used by patches[${first}]. Give this patch an id no other one uses.`, path: ['patches', position, 'id'] });
  }
  list(patch.fixes).forEach((id, fixPosition) => {
    if (!index.vulnerabilityIds.has(id)) {
      const known = [...index.vulnerabilityIds].join(', ') || 'none';
      findings.push({ code: WorkflowCodes.unknownVulnerability, severity: 'error', message: `Patch "${patch.id}" lists "${id}" in fixes, but no vulnerability has that id (ids: ${known}). Use an id from vulnerabilities.`, path: ['patches', position, 'fixes', fixPosition] });
    }
  });
  // Before step "research" is done a missing fall-back plan is only a reminder; its gate makes it an error.
  findings.push(...fallbackProblems(cycle, position).map((condition) => fromCondition(condition, 'warning')));
  return findings;
}

/** Rules on `steps`: ids, items, status, order, and the gate of every done step. */
export function stepFindings(cycle: Cycle, template: Template, now: Date, invalidPaths: readonly DocumentPath[] = []): WorkflowFinding[] {
  const findings: WorkflowFinding[] = [];
  const steps = cycle.steps && typeof cycle.steps === 'object' ? cycle.steps : {};
  const knownSteps = template.steps.map((step) => step.id);

  for (const [stepId, state] of Object.entries(steps)) {
    if (!findStep(template, stepId)) {
      findings.push({ code: WorkflowCodes.unknownStep, severity: 'error', message: `Step "${stepId}" is not a step of template "${template.id}". Use one of: ${knownSteps.join(', ')}.`, path: ['steps', stepId], atKey: true });
      continue;
    }
    findings.push(...itemFindings(cycle, template, stepId));
    if (state?.status === 'skipped' && !(typeof state.skipReason === 'string' && state.skipReason.trim() !== '')) {
      findings.push({ code: WorkflowCodes.skipWithoutReason, severity: 'error', message: `Step "${stepId}" is skipped without skipReason. Add skipReason with why the step does not apply to this cycle.`, path: ['steps', stepId, 'status'] });
    }
    const templateStep = findStep(template, stepId);
    if (state?.status === 'skipped' && templateStep && !isSkippable(templateStep)) {
      findings.push({ code: WorkflowCodes.stepNotSkippable, severity: 'error', message: `Step "${stepId}" is skipped, but it cannot be skipped: ${APPROVAL_REQUIRED}. Set its status to in-progress, remove skipReason, and request the approval.`, path: ['steps', stepId, 'status'] });
    }
  }

  template.steps.forEach((step, position) => {
    const state = stepState(cycle, step.id);
    if (state?.status === 'done') {
      const open = template.steps.slice(0, position).filter((earlier) => !isClosed(stepState(cycle, earlier.id))).map((earlier) => `"${earlier.id}"`);
      if (open.length > 0) {
        findings.push({ code: WorkflowCodes.stepOutOfOrder, severity: 'error', message: `Step "${step.id}" is marked done while the earlier ${open.length === 1 ? 'step' : 'steps'} ${open.join(', ')} ${open.length === 1 ? 'is' : 'are'} neither done nor skipped. Finish or skip the earlier steps first, or set this one back to in-progress.`, path: ['steps', step.id, 'status'] });
      }
    }
    if (state?.status !== 'done' && state?.status !== 'in-progress') {
      return;
    }
    const readsValidData = (gateName: string): boolean => !gateInputs(gateName, template, step.id).some((prefix) => invalidPaths.some((invalid) => startsWith(invalid, prefix)));
    // A step in progress only gets the warnings, so the rules that can block are not run for it.
    const relevant = state.status === 'done' ? readsValidData : (gateName: string) => WARNING_ONLY_GATES.has(gateName) && readsValidData(gateName);
    const gate = evaluateGate(cycle, template, step.id, now, relevant);
    if (state.status === 'done') {
      findings.push(...gate.unmet.map((condition) => fromCondition({ ...condition, message: `Step "${step.id}" is marked done, but ${lowerFirst(condition.message)}` }, 'error')));
    }
    findings.push(...gate.warnings.map((condition) => fromCondition(condition, 'warning')));
  });
  return findings;
}

/** Report unknown item ids, and checked items without `by` and `at`, which are the checklist's audit trail. */
export function itemFindings(cycle: Cycle, template: Template, stepId: string): WorkflowFinding[] {
  const items = stepState(cycle, stepId)?.items;
  if (!items || typeof items !== 'object') {
    return [];
  }
  const expected = expectedItems(cycle, template, stepId).map((item) => item.id);
  const findings: WorkflowFinding[] = [];
  for (const [itemId, item] of Object.entries(items)) {
    const path: DocumentPath = ['steps', stepId, 'items', itemId];
    if (!expected.includes(itemId)) {
      const hint = expected.length > 0 ? `Use one of: ${expected.join(', ')}.` : 'This step has no checklist items; remove it.';
      findings.push({ code: WorkflowCodes.unknownItem, severity: 'error', message: `Checklist item "${itemId}" is not an item of step "${stepId}". ${hint}`, path, atKey: true });
      continue;
    }
    if (item?.done === true && (!item.by || !item.at)) {
      const missing = [!item.by ? 'by' : undefined, !item.at ? 'at' : undefined].filter(isString).join(' and ');
      findings.push({ code: WorkflowCodes.itemWithoutWho, severity: 'error', message: `Checklist item "${itemId}" of step "${stepId}" is checked without ${missing}. Record who checked it (by: login) and when (at: date-time).`, path: [...path, 'done'] });
    }
  }
  return findings;
}

/** System ids a PC3012 message lists; a file with thousands of systems would otherwise repeat them all per finding. */
const LISTED_SYSTEM_IDS = 5;
/**
 * Above this many systems no typo suggestion is computed: one edit distance per system for
 * every unknown reference would grow with the product of both counts.
 */
const SUGGESTION_MAX_SYSTEMS = 200;

function unknownSystem(system: string, path: DocumentPath, index: CycleIndex, owner: string): WorkflowFinding {
  const ids = [...index.systemIds];
  const listed = ids.slice(0, LISTED_SYSTEM_IDS).join(', ');
  const known = ids.length === 0 ? 'none' : ids.length > LISTED_SYSTEM_IDS ? `${listed} and ${ids.length - LISTED_SYSTEM_IDS} more` : listed;
  const suggestion = ids.length <= SUGGESTION_MAX_SYSTEMS ? nearest(system, ids) : undefined;
  const hint = suggestion ? ` Did you mean "${suggestion}"?` : '';
  return { code: WorkflowCodes.unknownSystem, severity: 'error', message: `${owner} refers to system "${system}", which is not an id in systems (ids: ${known}).${hint} Use a listed id, or add the system.`, path };
}

function duplicateIds(ids: unknown[], base: DocumentPath, kind: string): WorkflowFinding[] {
  const seen = new Map<string, number>();
  const findings: WorkflowFinding[] = [];
  ids.forEach((id, position) => {
    if (typeof id !== 'string') {
      return;
    }
    const first = seen.get(id);
    if (first === undefined) {
      seen.set(id, position);
    } else {
      findings.push({ code: WorkflowCodes.duplicateId, severity: 'error', message: `The ${kind} id "${id}" is already used by ${base.join('.')}[${first}]. Give each ${kind} its own id.`, path: [...base, position, 'id'] });
    }
  });
  return findings;
}

function fromCondition(condition: UnmetCondition, severity: Severity): WorkflowFinding {
  const finding: WorkflowFinding = { code: condition.code, severity, message: condition.message, path: condition.path };
  if (condition.replacement !== undefined) {
    finding.replacement = condition.replacement;
  }
  return finding;
}

function deduplicate(findings: WorkflowFinding[]): WorkflowFinding[] {
  const byKey = new Map<string, WorkflowFinding>();
  for (const finding of findings) {
    const key = `${finding.code}\u0000${JSON.stringify(finding.path)}`;
    const existing = byKey.get(key);
    if (!existing || (existing.severity !== 'error' && finding.severity === 'error')) {
      byKey.set(key, finding);
    }
  }
  return [...byKey.values()];
}

function startsWith(path: readonly (string | number)[], prefix: readonly (string | number)[]): boolean {
  return prefix.length <= path.length && prefix.every((segment, index) => path[index] === segment);
}

function addString(set: Set<string>, value: unknown): void {
  if (typeof value === 'string') {
    set.add(value);
  }
}

function setFirst<K>(map: Map<K, number>, key: K | undefined, position: number): void {
  if (key !== undefined && !map.has(key)) {
    map.set(key, position);
  }
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}
