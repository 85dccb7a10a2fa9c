/**
 * When a cycle may go to the Security Officer. On the standard track every step before
 * the approval must be done (or skipped with a reason). On the emergency track
 * (RTS 2024/1774 Art. 10(4)(b)) the approval may follow the deployment, so the steps up
 * to and including `deploy` must be done and a deployment must be recorded; the cycle is
 * then flagged until the retroactive approval is recorded (Art. 17(1)(f)-(g)).
 */
import type { Cycle, Template } from '../model';
import { getTemplate } from '../templates';
import { evaluateGate } from '../workflow/gates';

export const APPROVAL_STEP = 'approval';
export const DEPLOY_STEP = 'deploy';

/** One step that is not ready, with the reason in words a user can act on. */
export interface ReadinessProblem {
  step: string;
  message: string;
}

/**
 * Checks a step's gate rules beyond its status; returns one message per failed rule.
 * The workflow rules supply it; without it only statuses are checked.
 */
export type GateCheck = (cycle: Cycle, stepId: string) => string[];

export function readinessProblems(cycle: Cycle, gateCheck?: GateCheck): ReadinessProblem[] {
  const ids = Object.keys(cycle.steps ?? {});
  const required = requiredSteps(cycle, ids);
  const problems: ReadinessProblem[] = [];

  for (const stepId of required) {
    const step = cycle.steps[stepId];
    if (step.status === 'skipped') {
      if (!step.skipReason?.trim()) {
        problems.push({ step: stepId, message: `Step "${stepId}" is skipped without a skipReason.` });
      }
      continue;
    }
    if (step.status !== 'done') {
      problems.push({ step: stepId, message: `Step "${stepId}" is ${step.status}; complete it before requesting approval.` });
      continue;
    }
    for (const message of gateCheck?.(cycle, stepId) ?? []) {
      problems.push({ step: stepId, message });
    }
  }

  if (cycle.track === 'emergency' && !(cycle.patches ?? []).some((patch) => patch.deployment?.deployedAt)) {
    problems.push({ step: DEPLOY_STEP, message: 'The emergency track asks for approval after deployment, but no patch has deployment.deployedAt.' });
  }
  return problems;
}

export function isReadyForApproval(cycle: Cycle, gateCheck?: GateCheck): boolean {
  return readinessProblems(cycle, gateCheck).length === 0;
}

function requiredSteps(cycle: Cycle, ids: string[]): string[] {
  const before = ids.filter((id) => id !== APPROVAL_STEP);
  if (cycle.track !== 'emergency') {
    return before;
  }
  const deployIndex = before.indexOf(DEPLOY_STEP);
  return deployIndex < 0 ? before : before.slice(0, deployIndex + 1);
}

/** Emergency track with a deployment recorded and no approval yet: flagged until a retroactive approval. */
export function awaitsRetroactiveApproval(cycle: Cycle): boolean {
  return cycle.track === 'emergency' && firstDeployment(cycle) !== undefined && !cycle.approval?.approvedBy;
}

/** Find the earliest `deployedAt` of the cycle's patches. */
export function firstDeployment(cycle: Cycle): string | undefined {
  const times = (cycle.patches ?? []).map((patch) => patch.deployment?.deployedAt).filter((at): at is string => typeof at === 'string');
  return times.sort((a, b) => Date.parse(a) - Date.parse(b))[0];
}

/** Check steps against the gate rules of the cycle's template (the built-in one unless the cycle names another) at `now`. */
export function templateGateCheck(now: Date, templates: readonly Template[] = []): GateCheck {
  return (cycle, stepId) => {
    const template = getTemplate(cycle.template, templates);
    if (!template) {
      return [`Template "${cycle.template}" is not known, so the gates of step "${stepId}" cannot be checked.`];
    }
    return evaluateGate(cycle, template, stepId, now).unmet.map((condition) => condition.message);
  };
}
