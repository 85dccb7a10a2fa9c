/**
 * Which pull-request reviews count as the Security Officer's sign-off of step 11.
 * RTS 2024/1774 Art. 17(1)(b) asks for a separation between who implements a change and
 * who approves it, so an approval counts only from a Security Officer who is neither the
 * cycle's requester, nor one of its implementers, nor the author of the pull request.
 */
import type { Cycle } from '../model';
import { independenceProblems } from '../workflow/approval';
import { sameLogin, splitOfficers, type PullRequestInfo, type ReviewInfo } from './host';

/** Check whether a login belongs to a team; the host checks it through its API. */
export type TeamMembership = (team: string, login: string) => Promise<boolean>;

export interface ReviewVerdict {
  review: ReviewInfo;
  /** True when this review is an approval that signs off the cycle. */
  counts: boolean;
  /** Reasons the approval does not count; empty when it counts. */
  reasons: string[];
}

export interface ApprovalEvaluation {
  verdicts: ReviewVerdict[];
  /** The latest counting approval, when there is one. */
  approval?: ReviewVerdict;
  /** Logins whose latest review requests changes; they block the sign-off. */
  changesRequestedBy: string[];
}

export interface EvaluationContext {
  cycle: Cycle;
  pullRequest: PullRequestInfo;
  /** Login of whoever requested the approval, when it differs from `cycle.requester`. */
  requester?: string;
  isTeamMember: TeamMembership;
  /**
   * Decides whether an approval given on an earlier commit still covers the head. Without
   * it, only approvals of the head commit count (GitHub's "require approval of the most
   * recent push").
   */
  coversHead?: (commitId: string) => Promise<boolean>;
}

/** Reasons why `login` may not sign off the cycle; empty when they are independent. */
export async function independenceReasons(login: string, context: EvaluationContext): Promise<string[]> {
  const { cycle, pullRequest } = context;
  const reasons: string[] = [];

  if (!(await isSecurityOfficer(cycle, login, context.isTeamMember))) {
    const listed = cycle.securityOfficers.length > 0 ? cycle.securityOfficers.join(', ') : 'nobody';
    reasons.push(`@${login} is not a Security Officer of this cycle (securityOfficers: ${listed}).`);
  }
  // The workflow rules judge requester and implementers; their officer test cannot
  // resolve teams offline, so it is neutralised here and done above through the host.
  for (const conflict of independenceProblems({ ...cycle, securityOfficers: [login] }, login)) {
    reasons.push(`@${conflict}, so the approval does not count.`);
  }
  if (context.requester && !sameLogin(context.requester, cycle.requester) && sameLogin(login, context.requester)) {
    reasons.push(`@${login} requested the approval, so the approval does not count.`);
  }
  if (sameLogin(login, pullRequest.author)) {
    reasons.push(`@${login} opened pull request #${pullRequest.number}, so the approval does not count.`);
  }
  return reasons;
}

export async function isSecurityOfficer(cycle: Cycle, login: string, isTeamMember: TeamMembership): Promise<boolean> {
  const { users, teams } = splitOfficers(cycle.securityOfficers ?? []);
  if (users.some((user) => sameLogin(user, login))) {
    return true;
  }
  for (const team of teams) {
    if (await isTeamMember(team, login)) {
      return true;
    }
  }
  return false;
}

/**
 * Judge every review of the pull request. Like GitHub, only each reviewer's latest
 * approving or change-requesting review is in force; a comment does not replace it.
 */
export async function evaluateReviews(reviews: readonly ReviewInfo[], context: EvaluationContext): Promise<ApprovalEvaluation> {
  const latestDecision = new Map<string, ReviewInfo>();
  for (const review of reviews) {
    if (review.state === 'approved' || review.state === 'changes-requested' || review.state === 'dismissed') {
      latestDecision.set(review.by.toLowerCase(), review);
    }
  }

  const verdicts: ReviewVerdict[] = [];
  for (const review of reviews) {
    verdicts.push({ review, ...(await judge(review, latestDecision.get(review.by.toLowerCase()), context)) });
  }

  const changesRequestedBy = [...latestDecision.values()].filter((review) => review.state === 'changes-requested').map((review) => review.by);
  const counting = verdicts.filter((verdict) => verdict.counts);
  return { verdicts, approval: counting[counting.length - 1], changesRequestedBy };
}

async function judge(review: ReviewInfo, latest: ReviewInfo | undefined, context: EvaluationContext): Promise<{ counts: boolean; reasons: string[] }> {
  if (review.state !== 'approved') {
    return { counts: false, reasons: [`The review is "${review.state}", not an approval.`] };
  }

  const reasons: string[] = [];
  if (latest && latest.id !== review.id) {
    reasons.push(`A later review by @${review.by} (${latest.state}, ${latest.at}) replaces this approval.`);
  }
  if (review.commitId !== context.pullRequest.headSha) {
    const covered = context.coversHead ? await context.coversHead(review.commitId) : false;
    if (!covered) {
      reasons.push(`The approval was given on commit ${review.commitId.slice(0, 12)}, but the pull request now ends at ${context.pullRequest.headSha.slice(0, 12)}. Ask @${review.by} to approve again.`);
    }
  }
  reasons.push(...(await independenceReasons(review.by, context)));
  return { counts: reasons.length === 0, reasons };
}
