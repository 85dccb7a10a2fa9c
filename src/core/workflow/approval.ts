import type { Cycle, TemplateStep } from '../model';
import { list } from './items';

/** The gate that makes a step the Security Officer's sign-off, which every cycle needs. */
export const APPROVAL_GATE = 'independent-approval';

/** Reason, used in messages, that a step with the approval gate may not be skipped. */
export const APPROVAL_REQUIRED = 'a Security Officer who did not work on the cycle must approve every cycle (RTS 2024/1774 Art. 17(1)(b))';

/**
 * Tell whether a template step may be skipped. A step gated by the independent approval
 * may not: skipping it would close the cycle without the sign-off.
 */
export function isSkippable(step: TemplateStep): boolean {
  return !step.gates.includes(APPROVAL_GATE);
}

/**
 * List the logins that worked on the cycle: every patch's `deployedBy`, every step's
 * `completedBy` and every checklist item's `by`. None of them may approve it (RTS 2024/1774 Art. 17(1)(b): the
 * approval is independent of the implementation).
 */
export function implementers(cycle: Cycle): string[] {
  const logins = new Set<string>();
  for (const patch of list(cycle.patches)) {
    addLogin(logins, patch?.deployment?.deployedBy);
  }
  for (const [stepId, step] of Object.entries(cycle.steps ?? {})) {
    // The approval step records the approver's own actions, which are not implementation.
    if (stepId === 'approval') {
      continue;
    }
    addLogin(logins, step?.completedBy);
    for (const item of Object.values(step?.items ?? {})) {
      addLogin(logins, item?.by);
    }
  }
  return [...logins].sort();
}

/**
 * Explain why `login` may not approve the cycle: it is the requester, an implementer,
 * or not one of the Security Officers. Logins compare case-insensitively, as on GitHub.
 * An `@org/team` entry in `securityOfficers` cannot be resolved offline, so any login
 * passes the Security Officer test then; the git host's review rules check membership.
 */
export function independenceProblems(cycle: Cycle, login: string): string[] {
  const problems: string[] = [];
  const normalized = login.toLowerCase();

  if (typeof cycle.requester === 'string' && cycle.requester.toLowerCase() === normalized) {
    problems.push(`${login} requested the cycle`);
  }

  const implementer = implementers(cycle).find((name) => name.toLowerCase() === normalized);
  if (implementer) {
    problems.push(`${login} worked on the cycle (${implementationRoles(cycle, normalized).join(', ')})`);
  }

  if (!isSecurityOfficer(cycle, login)) {
    problems.push(`${login} is not listed in securityOfficers (${list(cycle.securityOfficers).join(', ')})`);
  }
  return problems;
}

/** True when `login` is listed in `securityOfficers`, or that list names a team. */
export function isSecurityOfficer(cycle: Cycle, login: string): boolean {
  const officers = list(cycle.securityOfficers).filter((entry): entry is string => typeof entry === 'string');
  if (officers.some((entry) => entry.startsWith('@') && entry.includes('/'))) {
    return true;
  }
  return officers.some((entry) => entry.replace(/^@/, '').toLowerCase() === login.toLowerCase());
}

function implementationRoles(cycle: Cycle, normalized: string): string[] {
  const roles: string[] = [];
  for (const patch of list(cycle.patches)) {
    if (patch?.deployment?.deployedBy?.toLowerCase() === normalized) {
      roles.push(`deployed ${patch.id}`);
    }
  }
  for (const [stepId, step] of Object.entries(cycle.steps ?? {})) {
    if (stepId === 'approval') {
      continue;
    }
    if (typeof step?.completedBy === 'string' && step.completedBy.toLowerCase() === normalized) {
      roles.push(`completed ${stepId}`);
    }
    for (const [itemId, item] of Object.entries(step?.items ?? {})) {
      if (item?.by?.toLowerCase() === normalized) {
        roles.push(`checked ${stepId}.${itemId}`);
      }
    }
  }
  return roles;
}

function addLogin(logins: Set<string>, login: unknown): void {
  if (typeof login === 'string' && login !== '') {
    logins.add(login);
  }
}
