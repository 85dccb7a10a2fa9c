/**
 * The rules `patch-cycles check` applies to a cycle file between the base of a pull
 * request and its head. Git history is the audit trail (DORA Art. 9(4)(e): every change
 * recorded, approved and verified), so a pull request may move a cycle forward but may
 * not rewrite what was already recorded:
 *
 * - PC8001: a step that was `done` at the base is open again at the head without a new
 *   `reopenReason` (one that differs from the base's).
 * - PC8002: a checklist item that was checked at the base lost its item, its `by` or its
 *   `at`, or got a different `by` or `at`. The same code covers a step that is done at
 *   base and head but lost or changed its `completedAt` or `completedBy`.
 * - PC8003: a checked item was unchecked while its step carries no new `reopenReason`.
 * - PC8004: a step is `skipped` without a `skipReason`.
 * - PC8005: a step became `done` while an earlier step is neither done nor skipped
 *   (on the emergency track, the approval needs only the steps up to `deploy`).
 * - PC8007: a cycle file that had completed steps was deleted.
 * - PC8009: the file cannot be loaded at the head (or the base), so it was not compared.
 * - PC8011: `securityOfficers` or `requester` of a cycle that exists at the base changed.
 *   Otherwise a pull request could name its own approver; `check` judges the approval
 *   against the base's officers and requester anyway.
 *
 * The approval block has its own rules in `approval-record.ts` (PC8006).
 */
import type { Diagnostic, Range } from '../diagnostics';
import type { ChecklistItemState, Cycle, StepState } from '../model';
import { loadYaml, rangeAt, type LoadResult } from '../yaml/load';
import { APPROVAL_STEP, DEPLOY_STEP } from './readiness';

export const CheckCodes = {
  reopenedWithoutReason: 'PC8001',
  checklistRewritten: 'PC8002',
  itemUnchecked: 'PC8003',
  skippedWithoutReason: 'PC8004',
  stepJumped: 'PC8005',
  approvalRecord: 'PC8006',
  cycleDeleted: 'PC8007',
  approvalMissing: 'PC8008',
  notLoadable: 'PC8009',
  approvalNotVerified: 'PC8010',
  approversChanged: 'PC8011'
} as const;

/** A cycle file as loaded at one revision. */
export interface CycleRevision {
  load: LoadResult;
  cycle: Cycle | undefined;
}

export function loadCycleRevision(text: string): CycleRevision {
  const load = loadYaml(text);
  const value = load.value;
  const usable = !load.diagnostics.some((d) => d.severity === 'error') && isCycleShaped(value);
  return { load, cycle: usable ? (value as Cycle) : undefined };
}

function isCycleShaped(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const steps = (value as { steps?: unknown }).steps;
  return typeof steps === 'object' && steps !== null && !Array.isArray(steps);
}

/**
 * Compare one cycle file between base and head. `base` is undefined for a new file,
 * `head` for a deleted one.
 */
export function checkTransitions(base: CycleRevision | undefined, head: CycleRevision | undefined): Diagnostic[] {
  if (!head) {
    return checkDeleted(base);
  }
  if (!head.cycle) {
    const first = head.load.diagnostics.find((d) => d.severity === 'error');
    const detail = first ? `${first.code} ${first.message}` : 'it has no `steps` map';
    return [problem(head.load, [], CheckCodes.notLoadable, 'error', `The cycle could not be loaded at the head of the pull request, so its transitions were not checked: ${detail} Run \`patch-cycles validate\` and fix the file.`)];
  }
  if (base && !base.cycle) {
    return [problem(head.load, [], CheckCodes.notLoadable, 'warning', 'The cycle could not be loaded at the base revision, so it was checked as a new file.')];
  }

  const diagnostics: Diagnostic[] = base?.cycle ? checkApprovers(head.load, base.cycle, head.cycle) : [];
  const headSteps = head.cycle.steps;
  const baseSteps = base?.cycle?.steps ?? {};
  for (const [stepId, step] of Object.entries(headSteps)) {
    diagnostics.push(...checkStep(head.load, stepId, baseSteps[stepId], step));
  }
  for (const [stepId, step] of Object.entries(baseSteps)) {
    if (!(stepId in headSteps) && step.status === 'done') {
      diagnostics.push(problem(head.load, ['steps'], CheckCodes.reopenedWithoutReason, 'error', `Step "${stepId}" was done at the base but is missing from steps at the head. Restore steps.${stepId}; to reopen a step, set its status and a reopenReason.`));
    }
  }
  diagnostics.push(...checkOrder(head.load, head.cycle.track, baseSteps, headSteps));
  return diagnostics;
}

function checkDeleted(base: CycleRevision | undefined): Diagnostic[] {
  const steps = base?.cycle?.steps ?? {};
  const done = Object.entries(steps).filter(([, step]) => step.status === 'done').map(([id]) => id);
  if (!base || done.length === 0) {
    return [];
  }
  const range = base.load.lines.range(0, 0);
  return [{ code: CheckCodes.cycleDeleted, severity: 'error', message: `The cycle file was deleted although steps ${done.join(', ')} were done; its history is audit evidence. Restore the file, or archive it under another path with \`git mv\`.`, range }];
}

function checkStep(head: LoadResult, stepId: string, before: StepState | undefined, after: StepState): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const path = ['steps', stepId];
  const newReopenReason = hasText(after.reopenReason) && after.reopenReason !== before?.reopenReason;

  if (after.status === 'skipped' && !hasText(after.skipReason)) {
    diagnostics.push(problem(head, [...path, 'status'], CheckCodes.skippedWithoutReason, 'error', `Step "${stepId}" is skipped without a reason. Add steps.${stepId}.skipReason saying why the step does not apply.`));
  }

  if (before?.status === 'done' && after.status !== 'done' && !newReopenReason) {
    diagnostics.push(problem(head, [...path, 'status'], CheckCodes.reopenedWithoutReason, 'error', `Step "${stepId}" was done at the base and is "${after.status}" now, without a new reopenReason. Add steps.${stepId}.reopenReason saying why the step is open again.`));
  }

  if (before?.status === 'done' && after.status === 'done') {
    diagnostics.push(...checkCompletion(head, stepId, before, after));
  }

  const beforeItems = before?.items ?? {};
  const afterItems = after.items ?? {};
  for (const [itemId, item] of Object.entries(beforeItems)) {
    if (!item.done) {
      continue;
    }
    diagnostics.push(...checkItem(head, [...path, 'items', itemId], stepId, itemId, item, afterItems[itemId], newReopenReason));
  }
  return diagnostics;
}

function checkItem(head: LoadResult, path: (string | number)[], stepId: string, itemId: string, before: ChecklistItemState, after: ChecklistItemState | undefined, reopened: boolean): Diagnostic[] {
  const recorded = `checked by ${before.by ?? '(nobody)'} at ${before.at ?? '(no time)'}`;
  if (!after) {
    return [problem(head, path, CheckCodes.checklistRewritten, 'error', `Checklist item "${itemId}" of step "${stepId}" was ${recorded} at the base and is missing now. Restore steps.${stepId}.items.${itemId}; recorded checks are never removed.`)];
  }

  const diagnostics: Diagnostic[] = [];
  for (const field of ['by', 'at'] as const) {
    if (before[field] !== undefined && after[field] !== before[field]) {
      const now = after[field] === undefined ? 'removed' : `changed to "${after[field]}"`;
      diagnostics.push(problem(head, [...path, field], CheckCodes.checklistRewritten, 'error', `Checklist item "${itemId}" of step "${stepId}" was ${recorded}; its ${field} is ${now}. Restore ${field}: "${before[field]}"; recorded checks are never rewritten.`));
    }
  }
  if (!after.done && !reopened) {
    diagnostics.push(problem(head, [...path, 'done'], CheckCodes.itemUnchecked, 'error', `Checklist item "${itemId}" of step "${stepId}" was ${recorded} and is unchecked now, but the step has no new reopenReason. Set done: true again, or reopen the step with steps.${stepId}.reopenReason.`));
  }
  return diagnostics;
}

/** Report PC8002 for a step that stayed done while its recorded completion changed. */
function checkCompletion(head: LoadResult, stepId: string, before: StepState, after: StepState): Diagnostic[] {
  const recorded = `completed by ${before.completedBy ?? '(nobody)'} at ${before.completedAt ?? '(no time)'}`;
  const diagnostics: Diagnostic[] = [];
  for (const field of ['completedAt', 'completedBy'] as const) {
    if (before[field] !== undefined && after[field] !== before[field]) {
      const now = after[field] === undefined ? 'removed' : `changed to "${after[field]}"`;
      diagnostics.push(problem(head, ['steps', stepId, field], CheckCodes.checklistRewritten, 'error', `Step "${stepId}" was ${recorded} at the base; its ${field} is ${now}. Restore ${field}: "${before[field]}"; recorded completions are never rewritten.`));
    }
  }
  return diagnostics;
}

/**
 * Report PC8011. The officers and the requester decide who may approve (RTS 2024/1774
 * Art. 17(1)(b)), so the pull request being judged may not change them.
 */
function checkApprovers(head: LoadResult, base: Cycle, after: Cycle): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const fix = (field: string) => `Who may approve a cycle and who requested it are fixed once the cycle exists; revert ${field} and change it in a pull request of its own, which the current Security Officers approve.`;
  const before = officerList(base.securityOfficers);
  const now = officerList(after.securityOfficers);
  if (normalizedLogins(before) !== normalizedLogins(now)) {
    diagnostics.push(problem(head, ['securityOfficers'], CheckCodes.approversChanged, 'error', `securityOfficers changed in this pull request from [${before.join(', ')}] to [${now.join(', ')}]. ${fix('securityOfficers')}`));
  }
  const requesterBefore = typeof base.requester === 'string' ? base.requester : '';
  const requesterNow = typeof after.requester === 'string' ? after.requester : '';
  if (requesterBefore.toLowerCase() !== requesterNow.toLowerCase()) {
    diagnostics.push(problem(head, ['requester'], CheckCodes.approversChanged, 'error', `requester changed in this pull request from ${requesterBefore || '(none)'} to ${requesterNow || '(none)'}. ${fix('requester')}`));
  }
  return diagnostics;
}

function officerList(value: unknown): string[] {
  return Array.isArray(value) ? value.map((entry) => String(entry)) : [];
}

/** Order and letter case do not change who is an officer (logins compare case-insensitively on GitHub). */
function normalizedLogins(logins: readonly string[]): string {
  return JSON.stringify(logins.map((login) => login.replace(/^@/, '').toLowerCase()).sort());
}

/**
 * Report steps completed before an earlier step (template order) is done or skipped.
 * On the emergency track the approval may follow the deployment directly
 * (RTS 2024/1774 Art. 10(4)(b)), so it needs only the steps up to `deploy`.
 */
function checkOrder(head: LoadResult, track: Cycle['track'], baseSteps: Record<string, StepState>, headSteps: Record<string, StepState>): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const ids = Object.keys(headSteps);
  ids.forEach((stepId, index) => {
    const becameDone = headSteps[stepId].status === 'done' && baseSteps[stepId]?.status !== 'done';
    if (!becameDone) {
      return;
    }
    const deployIndex = ids.indexOf(DEPLOY_STEP);
    const last = track === 'emergency' && stepId === APPROVAL_STEP && deployIndex >= 0 ? deployIndex + 1 : index;
    const open = ids.slice(0, last).filter((earlier) => headSteps[earlier].status !== 'done' && headSteps[earlier].status !== 'skipped');
    if (open.length > 0) {
      diagnostics.push(problem(head, ['steps', stepId, 'status'], CheckCodes.stepJumped, 'error', `Step "${stepId}" is done while earlier steps ${open.join(', ')} are neither done nor skipped. Complete them first, or set them to skipped with a skipReason.`));
    }
  });
  return diagnostics;
}

export function problem(load: LoadResult, path: (string | number)[], code: string, severity: Diagnostic['severity'], message: string): Diagnostic {
  const range: Range = rangeAt(load, path, true);
  return { code, severity, message, range, path };
}

function hasText(value: string | undefined): value is string {
  return typeof value === 'string' && value.trim() !== '';
}
