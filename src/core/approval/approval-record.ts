/**
 * Rules for the `approval` block of a cycle, which only the tool writes (from the pull
 * request's reviews) and which `patch-cycles check` compares with the host.
 *
 * "Approval data edited by hand" (PC8006) is defined as follows. When a pull request
 * changes `approval` or `steps.approval.status`, the head must satisfy all of:
 *
 * 1. `steps.approval.status: done` only with `approval.approvedBy` and `approval.approvedAt`;
 * 2. `approvedBy` has an entry in `approval.reviews` with state `approved` at `approvedAt`;
 * 3. `retroactive: true` exactly when the track is emergency and a deployment was
 *    recorded (`deployedAt`) before `approvedAt` (RTS 2024/1774 Art. 17(1)(g));
 * 4. with the host at hand (in CI): `approval.pullRequest` names the pull request being
 *    checked, every entry of `approval.reviews` is a review of that pull request (same
 *    login, state and submission time; an approval dismissed later still matches), and
 *    `approvedBy` approved at `approvedAt` and has an approval that counts now under the
 *    independence rules.
 *
 * Without the host, rule 4 is reported as not verified (PC8010, a warning).
 */
import type { Diagnostic } from '../diagnostics';
import type { Approval, Cycle, Review } from '../model';
import { formatRepository, sameLogin, type PullRequestInfo, type RepositoryRef, type ReviewInfo } from './host';
import type { ApprovalEvaluation } from './independence';
import { APPROVAL_STEP, firstDeployment, isReadyForApproval } from './readiness';
import { CheckCodes, problem, type CycleRevision } from './transitions';

/** The pull request and its judged reviews, when `check` can reach the host. */
export interface PullRequestContext {
  repository: RepositoryRef;
  pullRequest: PullRequestInfo;
  reviews: ReviewInfo[];
  evaluation: ApprovalEvaluation;
}

export function toRecordedReview(review: ReviewInfo): Review {
  const state = review.state === 'pending' ? 'commented' : review.state;
  return { by: review.by, state, at: review.at };
}

/** Build the `approval` block the tool records for a counting approval. */
export function approvalRecord(cycle: Cycle, context: PullRequestContext): Approval | undefined {
  const approval = context.evaluation.approval;
  if (!approval) {
    return undefined;
  }
  const approvedAt = approval.review.at;
  const deployed = firstDeployment(cycle);
  const record: Approval = {
    pullRequest: { number: context.pullRequest.number, url: context.pullRequest.url, repository: formatRepository(context.repository) },
    reviews: context.reviews.filter((review) => review.state !== 'pending').map(toRecordedReview),
    approvedBy: approval.review.by,
    approvedAt
  };
  if (cycle.track === 'emergency' && deployed !== undefined && Date.parse(deployed) < Date.parse(approvedAt)) {
    record.retroactive = true;
  }
  return record;
}

export function approvalChanged(base: Cycle | undefined, head: Cycle): boolean {
  const before = JSON.stringify(base?.approval ?? null) + String(base?.steps[APPROVAL_STEP]?.status);
  const after = JSON.stringify(head.approval ?? null) + String(head.steps[APPROVAL_STEP]?.status);
  return before !== after;
}

/** PC8006 and PC8010 for one cycle; see the file comment for the rules. */
export function approvalRecordProblems(base: CycleRevision | undefined, head: CycleRevision, context: PullRequestContext | undefined): Diagnostic[] {
  const cycle = head.cycle;
  if (!cycle || !approvalChanged(base?.cycle, cycle)) {
    return [];
  }
  const load = head.load;
  const approval = cycle.approval ?? {};
  const diagnostics: Diagnostic[] = [];
  const fail = (path: (string | number)[], message: string): void => {
    diagnostics.push(problem(load, path, CheckCodes.approvalRecord, 'error', message));
  };

  if (cycle.steps[APPROVAL_STEP]?.status === 'done' && (!approval.approvedBy || !approval.approvedAt)) {
    fail(['steps', APPROVAL_STEP, 'status'], 'Step "approval" is done but approval.approvedBy or approval.approvedAt is missing. The step completes only when the tool records an approving review; set the status back and use Request Approval.');
  }
  if (approval.approvedBy) {
    const recorded = (approval.reviews ?? []).find((review) => sameLogin(review.by, approval.approvedBy) && review.state === 'approved' && sameTime(review.at, approval.approvedAt));
    if (!recorded) {
      fail(['approval', 'approvedBy'], `approval.approvedBy is "${approval.approvedBy}" at ${approval.approvedAt ?? '(no approvedAt)'}, but approval.reviews has no approved review by that login at that time. The block was edited by hand; record it again from the pull request.`);
    }
  }
  if (approval.approvedAt) {
    const deployed = firstDeployment(cycle);
    const expected = cycle.track === 'emergency' && deployed !== undefined && Date.parse(deployed) < Date.parse(approval.approvedAt);
    if ((approval.retroactive ?? false) !== expected) {
      const why = expected ? `the emergency deployment at ${deployed} came before the approval at ${approval.approvedAt}` : 'no deployment of an emergency cycle came before the approval';
      fail(['approval', 'retroactive'], `approval.retroactive must be ${String(expected)} because ${why}.`);
    }
  }

  if (!context) {
    diagnostics.push(problem(load, ['approval'], CheckCodes.approvalNotVerified, 'warning', 'The approval block changed, but it was not compared with the pull request\'s reviews because no pull request is known. In GitHub Actions, pass GITHUB_TOKEN so `check` can read the reviews.'));
    return diagnostics;
  }
  diagnostics.push(...hostProblems(head, approval, context));
  return diagnostics;
}

function hostProblems(head: CycleRevision, approval: Approval, context: PullRequestContext): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const fail = (path: (string | number)[], message: string): void => {
    diagnostics.push(problem(head.load, path, CheckCodes.approvalRecord, 'error', message));
  };
  const { pullRequest, repository } = context;

  const recordedPull = approval.pullRequest;
  if (recordedPull && (recordedPull.number !== pullRequest.number || recordedPull.repository.toLowerCase() !== formatRepository(repository).toLowerCase())) {
    fail(['approval', 'pullRequest'], `approval.pullRequest names ${recordedPull.repository}#${recordedPull.number}, but this is ${formatRepository(repository)}#${pullRequest.number}. Record the approval from this pull request.`);
  }
  (approval.reviews ?? []).forEach((recorded, index) => {
    const match = context.reviews.find((review) => sameLogin(review.by, recorded.by) && sameTime(review.at, recorded.at) && sameRecordedState(review, recorded.state));
    if (!match) {
      fail(['approval', 'reviews', index], `approval.reviews[${index}] (${recorded.by}, ${recorded.state}, ${recorded.at}) is not a review of pull request #${pullRequest.number}. The block was edited by hand; record it again from the pull request.`);
    }
  });
  if (approval.approvedBy) {
    const recordedReview = context.reviews.find((review) => sameLogin(review.by, approval.approvedBy) && sameTime(review.at, approval.approvedAt) && sameRecordedState(review, 'approved'));
    const counting = context.evaluation.verdicts.some((verdict) => verdict.counts && sameLogin(verdict.review.by, approval.approvedBy));
    if (!recordedReview || !counting) {
      fail(['approval', 'approvedBy'], `approval.approvedBy is "${approval.approvedBy}", but pull request #${pullRequest.number} has no counting approval by that login at ${approval.approvedAt ?? '(no approvedAt)'}. ${reasonsOf(context, approval.approvedBy)}`);
    }
  }
  return diagnostics;
}

/** PC8008: a pull request that completes a cycle needs an independent Security Officer's approval. */
export function approvalGateProblems(head: CycleRevision, context: PullRequestContext | undefined): Diagnostic[] {
  const cycle = head.cycle;
  if (!cycle || !isReadyForApproval(cycle)) {
    return [];
  }
  if (!context) {
    return [problem(head.load, ['steps', APPROVAL_STEP], CheckCodes.approvalNotVerified, 'warning', `Cycle "${cycle.id}" is ready for approval, but no pull request is known, so the Security Officer's approval was not checked. In GitHub Actions, pass GITHUB_TOKEN so \`check\` can read the reviews.`)];
  }
  if (context.evaluation.approval) {
    return [];
  }

  const { pullRequest } = context;
  const judged = context.evaluation.verdicts.filter((verdict) => verdict.review.state === 'approved');
  const explanation = judged.length === 0 ? 'It has no approving review yet.' : judged.map((verdict) => `Approval by @${verdict.review.by} does not count: ${verdict.reasons.join(' ')}`).join(' ');
  const officers = cycle.securityOfficers.join(', ');
  return [problem(head.load, ['steps', APPROVAL_STEP], CheckCodes.approvalMissing, 'error', `Cycle "${cycle.id}" completes in pull request #${pullRequest.number}, which needs an approving review by an independent Security Officer (${officers}). ${explanation}`)];
}

function reasonsOf(context: PullRequestContext, login: string): string {
  const latest = [...context.evaluation.verdicts].reverse().find((candidate) => sameLogin(candidate.review.by, login) && candidate.review.state !== 'commented');
  if (latest?.review.state === 'dismissed') {
    return `The approval by @${login} was dismissed (a later push makes approvals stale); ask @${login} to approve the pull request again.`;
  }
  return latest?.review.state === 'approved' ? latest.reasons.join(' ') : `@${login} has not approved it.`;
}

/**
 * Compare a recorded review state with the host's. They match when equal, and when an
 * approval was dismissed after it was recorded. With "dismiss stale approvals" on, pushing
 * the record dismisses the approval, and the Security Officer approves the head once more.
 */
function sameRecordedState(review: ReviewInfo, recorded: Review['state']): boolean {
  const state = toRecordedReview(review).state;
  return state === recorded || (recorded === 'approved' && state === 'dismissed');
}

function sameTime(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && Date.parse(a) === Date.parse(b);
}

/**
 * True when two versions of a cycle differ at most in `approval` and `steps.approval`,
 * as after the tool records an approval. An approval given before such a commit still
 * covers the change the Security Officer reviewed.
 */
export function differsOnlyInApproval(before: Cycle, after: Cycle): boolean {
  const strip = (cycle: Cycle): string => {
    const { approval: _approval, steps, ...rest } = cycle;
    const { [APPROVAL_STEP]: _step, ...otherSteps } = steps ?? {};
    return JSON.stringify({ ...rest, steps: otherSteps });
  };
  return strip(before) === strip(after);
}
