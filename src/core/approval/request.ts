/**
 * Request Approval: take a ready cycle to its Security Officers as a pull request.
 * The same sequence serves the extension (git through the built-in git extension) and
 * the tests (git as a child process): only `WorkingCopy` differs.
 */
import type { Cycle } from '../model';
import { HostError, splitOfficers, sameLogin, type PullRequestHost, type PullRequestInfo, type RepositoryRef } from './host';
import { pullRequestBody, pullRequestTitle } from './pr-description';
import { readinessProblems, type GateCheck } from './readiness';

/** The local repository that contains the cycle file. */
export interface WorkingCopy {
  /** Checked-out branch; undefined when HEAD is detached. */
  currentBranch(): Promise<string | undefined>;
  /** The remote's default branch, when it is known. */
  defaultBranch(): Promise<string | undefined>;
  /** The repository on the host that the remote points to. */
  repository(): Promise<RepositoryRef | undefined>;
  createBranch(name: string): Promise<void>;
  /** True when the files differ from HEAD (staged or not). */
  hasChanges(paths: string[]): Promise<boolean>;
  /** Commit the files when they have changes; resolves to false when there was nothing to commit. */
  commit(paths: string[], message: string): Promise<boolean>;
  push(branch: string): Promise<void>;
}

export interface ApprovalRequest {
  cycle: Cycle;
  /** Path of the cycle file relative to the repository root, with `/`. */
  cyclePath: string;
  copy: WorkingCopy;
  host: PullRequestHost;
  gateCheck?: GateCheck;
  progress?: (message: string) => void;
}

export interface ApprovalRequestResult {
  branch: string;
  createdBranch: boolean;
  committed: boolean;
  pullRequest: PullRequestInfo;
  createdPullRequest: boolean;
  requestedUsers: string[];
  requestedTeams: string[];
  /** Officers that could not be asked for a review, with the reason. */
  notRequested: string[];
}

/** A failure of Request Approval with the action that resolves it. */
export class ApprovalRequestError extends Error {
  constructor(
    message: string,
    readonly kind: 'not-ready' | 'no-remote' | 'detached' | 'nothing-to-review' | 'push-rejected' | 'no-permission' | 'host'
  ) {
    super(message);
    this.name = 'ApprovalRequestError';
  }
}

export function approvalBranchName(cycle: Cycle): string {
  const slug = cycle.id.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').replace(/\.+$/, '');
  return `patch-cycle/${slug || 'cycle'}`;
}

export async function requestApproval(request: ApprovalRequest): Promise<ApprovalRequestResult> {
  const { cycle, copy, host } = request;
  const progress = request.progress ?? (() => undefined);

  progress('Checking that steps 1–10 pass their gates');
  const problems = readinessProblems(cycle, request.gateCheck);
  if (problems.length > 0) {
    throw new ApprovalRequestError(`Cycle "${cycle.id}" is not ready for approval: ${problems.map((problem) => problem.message).join(' ')}`, 'not-ready');
  }

  const repository = await copy.repository();
  if (!repository) {
    throw new ApprovalRequestError('The repository has no remote "origin" on GitHub. Add one with `git remote add origin <url>` and push the default branch first.', 'no-remote');
  }

  const current = await copy.currentBranch();
  if (!current) {
    throw new ApprovalRequestError('HEAD is detached. Check out a branch before requesting approval.', 'detached');
  }
  const defaultBranch = (await copy.defaultBranch()) ?? (await host.repository(repository)).defaultBranch;
  let branch = current;
  let createdBranch = false;
  if (current === defaultBranch) {
    // A pull request needs at least one commit that the default branch does not have.
    if (!(await copy.hasChanges([request.cyclePath]))) {
      throw new ApprovalRequestError(`${request.cyclePath} has no changes against ${defaultBranch}, so a pull request would be empty. Request approval from the branch that completed the cycle, or record the last step's completion first.`, 'nothing-to-review');
    }
    branch = approvalBranchName(cycle);
    progress(`Creating branch ${branch}`);
    await copy.createBranch(branch);
    createdBranch = true;
  }

  progress(`Committing ${request.cyclePath}`);
  const committed = await copy.commit([request.cyclePath], `Request approval of patch cycle ${cycle.id}\n\n${pullRequestTitle(cycle)}`);

  progress(`Pushing ${branch}`);
  try {
    await copy.push(branch);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new ApprovalRequestError(`Pushing ${branch} failed: ${detail} Pull the remote branch, resolve any conflict, and request approval again.`, 'push-rejected');
  }

  progress('Opening the pull request');
  const { pullRequest, created } = await openPullRequest(request, repository, branch, defaultBranch);

  progress('Requesting reviews from the Security Officers');
  const reviewers = await requestReviews(host, repository, pullRequest, cycle);
  return { branch, createdBranch, committed, pullRequest, createdPullRequest: created, ...reviewers };
}

async function openPullRequest(request: ApprovalRequest, repository: RepositoryRef, branch: string, base: string): Promise<{ pullRequest: PullRequestInfo; created: boolean }> {
  const { host, cycle } = request;
  try {
    const existing = await host.findOpenPullRequest(repository, branch);
    if (existing) {
      return { pullRequest: existing, created: false };
    }
    const pullRequest = await host.createPullRequest(repository, { title: pullRequestTitle(cycle), head: branch, base, body: pullRequestBody(cycle, request.cyclePath) });
    return { pullRequest, created: true };
  } catch (error) {
    throw hostFailure(error, 'Opening the pull request');
  }
}

async function requestReviews(host: PullRequestHost, repository: RepositoryRef, pullRequest: PullRequestInfo, cycle: Cycle): Promise<Pick<ApprovalRequestResult, 'requestedUsers' | 'requestedTeams' | 'notRequested'>> {
  const { users, teams } = splitOfficers(cycle.securityOfficers);
  const notRequested: string[] = [];

  // GitHub rejects a review request to the pull request's author.
  const requestedUsers = users.filter((user) => {
    if (sameLogin(user, pullRequest.author)) {
      notRequested.push(`@${user}: opened the pull request, so their review would not count.`);
      return false;
    }
    return true;
  });
  // Team reviews can be requested only from teams of the organisation that owns the repository.
  const requestedTeams = teams.filter((team) => {
    const org = team.replace(/^@/, '').split('/')[0];
    if (org.toLowerCase() !== repository.owner.toLowerCase()) {
      notRequested.push(`${team}: not a team of ${repository.owner}; ask its members to review.`);
      return false;
    }
    return true;
  });

  if (requestedUsers.length > 0 || requestedTeams.length > 0) {
    try {
      await host.requestReviewers(repository, pullRequest.number, { users: requestedUsers, teams: requestedTeams });
    } catch (error) {
      throw hostFailure(error, `Requesting reviews on pull request #${pullRequest.number}`);
    }
  }
  return { requestedUsers, requestedTeams, notRequested };
}

function hostFailure(error: unknown, action: string): ApprovalRequestError {
  if (error instanceof HostError && (error.status === 403 || error.status === 404)) {
    return new ApprovalRequestError(`${action} failed: ${error.message} The account needs write access to the repository.`, 'no-permission');
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new ApprovalRequestError(`${action} failed: ${detail}`, 'host');
}
