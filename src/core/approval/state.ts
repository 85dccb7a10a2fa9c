/**
 * The approval state of a cycle's pull request, and the `approval` block the tool writes
 * once an approval counts (through the edit layer, so the rest of the file is untouched).
 */
import { runEdit, type EditResult, type PlainValue } from '../edit';
import type { Cycle } from '../model';
import type { PullRequestHost, PullRequestInfo, RepositoryRef, ReviewInfo } from './host';
import { evaluateReviews, type ApprovalEvaluation } from './independence';
import { approvalRecord, type PullRequestContext } from './approval-record';
import { APPROVAL_STEP } from './readiness';

export type ApprovalStatus = 'awaiting-review' | 'changes-requested' | 'approved' | 'merged' | 'closed';

export interface ApprovalState extends PullRequestContext {
  status: ApprovalStatus;
  /** Login of the account that asked, for the requester rule. */
  viewer?: string;
}

/** Read the pull request and its reviews and judge them against the cycle. */
export async function loadApprovalState(host: PullRequestHost, repository: RepositoryRef, number: number, cycle: Cycle, options: { viewer?: string; coversHead?: (commitId: string) => Promise<boolean> } = {}): Promise<ApprovalState> {
  const pullRequest = await host.pullRequest(repository, number);
  const reviews = await host.reviews(repository, number);
  const evaluation = await evaluateReviews(reviews, {
    cycle,
    pullRequest,
    isTeamMember: (team, login) => host.isTeamMember(team, login),
    coversHead: options.coversHead
  });
  return { repository, pullRequest, reviews, evaluation, status: statusOf(pullRequest, evaluation), viewer: options.viewer };
}

export function statusOf(pullRequest: PullRequestInfo, evaluation: ApprovalEvaluation): ApprovalStatus {
  if (pullRequest.merged) {
    return 'merged';
  }
  if (pullRequest.state === 'closed') {
    return 'closed';
  }
  if (evaluation.changesRequestedBy.length > 0) {
    return 'changes-requested';
  }
  return evaluation.approval ? 'approved' : 'awaiting-review';
}

/**
 * Edits that record the counting approval in the cycle text and complete step 11.
 * Applying them to a text that already holds the same record changes nothing. Returns
 * undefined when no approval counts yet.
 */
export function recordApprovalEdits(text: string, cycle: Cycle, state: PullRequestContext): EditResult | undefined {
  const record = approvalRecord(cycle, state);
  if (!record || !record.approvedBy || !record.approvedAt) {
    return undefined;
  }
  const approvedBy = record.approvedBy;
  const approvedAt = record.approvedAt;
  return runEdit(text, (editor) => {
    editor.set(['approval'], toPlain(record));
    editor.set(['steps', APPROVAL_STEP, 'status'], 'done');
    editor.set(['steps', APPROVAL_STEP, 'completedAt'], approvedAt);
    editor.set(['steps', APPROVAL_STEP, 'completedBy'], approvedBy);
  });
}

function toPlain(value: unknown): PlainValue {
  return JSON.parse(JSON.stringify(value)) as PlainValue;
}

/** Reviews in the order they were submitted, for display. */
export function sortedReviews(reviews: readonly ReviewInfo[]): ReviewInfo[] {
  return [...reviews].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/** How often the approval state may be read from the host. */
export interface RefreshPolicy {
  /** Minimum time between two refreshes, in milliseconds. */
  minIntervalMs: number;
  /** Requests one refresh needs (pull request, reviews, team checks), kept in reserve. */
  requestsPerRefresh: number;
}

export const DEFAULT_REFRESH_POLICY: RefreshPolicy = { minIntervalMs: 30_000, requestsPerRefresh: 4 };

/**
 * When the next refresh may run, in milliseconds since the epoch: not before the minimum
 * interval has passed and, when the rate limit has fewer requests left than a refresh
 * needs, not before the limit resets.
 */
export function nextRefreshAt(lastRefreshAt: number | undefined, rate: { remaining: number; resetAt: number } | undefined, policy: RefreshPolicy = DEFAULT_REFRESH_POLICY): number {
  let next = lastRefreshAt === undefined ? 0 : lastRefreshAt + policy.minIntervalMs;
  if (rate && rate.remaining < policy.requestsPerRefresh) {
    next = Math.max(next, rate.resetAt);
  }
  return next;
}
