/**
 * `patch-cycles check` without the I/O: judge every cycle file a pull request changes,
 * from its text at the merge base and at the head.
 */
import type { Diagnostic } from '../diagnostics';
import type { Cycle } from '../model';
import { approvalGateProblems, approvalRecordProblems, type PullRequestContext } from './approval-record';
import { checkTransitions, loadCycleRevision, type CycleRevision } from './transitions';

export interface CycleChange {
  /** Path at the head, or at the base for a deleted file. */
  path: string;
  /** Text at the merge base; undefined for a new file. */
  baseText?: string;
  /** Text at the head; undefined for a deleted file. */
  headText?: string;
}

export interface CheckedCycle {
  path: string;
  diagnostics: Diagnostic[];
}

/** Supplies the pull request and its judged reviews for a cycle, or undefined outside a pull request. */
export type ContextProvider = (cycle: Cycle) => Promise<PullRequestContext | undefined>;

export async function checkChanges(changes: readonly CycleChange[], contextFor?: ContextProvider): Promise<CheckedCycle[]> {
  const results: CheckedCycle[] = [];
  for (const change of changes) {
    const base = change.baseText === undefined ? undefined : loadCycleRevision(change.baseText);
    const head = change.headText === undefined ? undefined : loadCycleRevision(change.headText);
    const diagnostics = checkTransitions(base, head);
    if (head?.cycle) {
      const judged: CycleRevision = { load: head.load, cycle: withBaseApprovers(base?.cycle, head.cycle) };
      const context = contextFor && judged.cycle ? await contextFor(judged.cycle) : undefined;
      diagnostics.push(...approvalRecordProblems(base, judged, context), ...approvalGateProblems(judged, context));
    }
    results.push({ path: change.path, diagnostics: sortByPosition(diagnostics) });
  }
  return results;
}

/**
 * The head cycle with the officers and requester it had at the base, when it existed
 * there: the pull request being judged cannot choose its own approver (PC8011 reports
 * the change itself).
 */
function withBaseApprovers(base: Cycle | undefined, head: Cycle): Cycle {
  return base ? { ...head, securityOfficers: base.securityOfficers, requester: base.requester } : head;
}

function sortByPosition(diagnostics: Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => a.range.start.offset - b.range.start.offset || a.code.localeCompare(b.code));
}
