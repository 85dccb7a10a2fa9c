/**
 * What the approval rules need from a git host, in the host's own terms but without its
 * client library. `src/node/github.ts` fills it with Octokit; a GitLab implementation
 * could fill it with merge requests and approvals.
 */

/** A repository on the host, as `owner/name`. */
export interface RepositoryRef {
  owner: string;
  name: string;
}

export interface PullRequestInfo {
  number: number;
  url: string;
  title: string;
  state: 'open' | 'closed';
  merged: boolean;
  mergedAt?: string;
  /** Login of the account that opened the pull request. */
  author: string;
  headBranch: string;
  headSha: string;
  baseBranch: string;
  requestedReviewers: string[];
  /** Requested teams as `@org/slug`. */
  requestedTeams: string[];
}

export type ReviewState = 'approved' | 'changes-requested' | 'commented' | 'dismissed' | 'pending';

export interface ReviewInfo {
  id: number;
  /** Login of the reviewer. */
  by: string;
  state: ReviewState;
  /** ISO 8601 time the review was submitted. */
  at: string;
  /** Commit the review was given on. */
  commitId: string;
  body: string;
}

export interface RepositoryInfo {
  defaultBranch: string;
  /** True when the authenticated account may change branch protection. */
  admin: boolean;
}

export interface NewPullRequest {
  title: string;
  head: string;
  base: string;
  body: string;
}

/** Branch-protection settings that make a Security Officer's review mandatory. */
export interface ReviewProtection {
  requireCodeOwnerReviews: true;
  requireLastPushApproval: true;
  dismissStaleReviews: true;
  requiredApprovingReviewCount: number;
  /** Status check names that must pass before merging. */
  requiredChecks: string[];
}

export interface PullRequestHost {
  /** Login of the authenticated account. */
  currentUser(): Promise<string>;
  repository(repo: RepositoryRef): Promise<RepositoryInfo>;
  /** The open pull request whose head is `branch` in the same repository, if any. */
  findOpenPullRequest(repo: RepositoryRef, branch: string): Promise<PullRequestInfo | undefined>;
  createPullRequest(repo: RepositoryRef, request: NewPullRequest): Promise<PullRequestInfo>;
  /** Request reviews from users (logins) and teams (`@org/slug`; the org must own the repository). */
  requestReviewers(repo: RepositoryRef, number: number, reviewers: { users: string[]; teams: string[] }): Promise<void>;
  pullRequest(repo: RepositoryRef, number: number): Promise<PullRequestInfo>;
  /** All submitted reviews, oldest first. */
  reviews(repo: RepositoryRef, number: number): Promise<ReviewInfo[]>;
  submitReview(repo: RepositoryRef, number: number, review: { event: 'approve' | 'request-changes'; body: string }): Promise<ReviewInfo>;
  /** True when `login` is an active member of the team `@org/slug`. */
  isTeamMember(team: string, login: string): Promise<boolean>;
  protectBranch(repo: RepositoryRef, branch: string, protection: ReviewProtection): Promise<void>;
}

/** Failure reported by the host, with the HTTP status when there was one. */
export class HostError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined
  ) {
    super(message);
    this.name = 'HostError';
  }
}

/**
 * Parse `owner/name` from a git remote URL of a GitHub-like host: `https://host/owner/name.git`,
 * `git@host:owner/name.git`, `ssh://git@host/owner/name`. Returns undefined for other shapes
 * (a local path, for example).
 */
export function repositoryFromRemoteUrl(url: string): RepositoryRef | undefined {
  const trimmed = url.trim().replace(/\/+$/, '').replace(/\.git$/, '');
  const match = /^(?:https?:\/\/[^/]+|ssh:\/\/[^/]+|[\w.-]+@[\w.-]+:)\/?([\w.-]+)\/([\w.-]+)$/.exec(trimmed);
  if (!match) {
    return undefined;
  }
  return { owner: match[1], name: match[2] };
}

export function parseRepository(text: string): RepositoryRef | undefined {
  const match = /^([\w.-]+)\/([\w.-]+)$/.exec(text.trim());
  return match ? { owner: match[1], name: match[2] } : undefined;
}

export function formatRepository(repo: RepositoryRef): string {
  return `${repo.owner}/${repo.name}`;
}

/** Split `securityOfficers` entries into logins and teams; `@org/slug` is a team, `@login` or `login` a user. */
export function splitOfficers(officers: readonly string[]): { users: string[]; teams: string[] } {
  const users: string[] = [];
  const teams: string[] = [];
  for (const entry of officers) {
    const trimmed = entry.trim();
    if (/^@?[\w.-]+\/[\w.-]+$/.test(trimmed)) {
      teams.push(trimmed.startsWith('@') ? trimmed : `@${trimmed}`);
    } else if (trimmed !== '') {
      users.push(trimmed.replace(/^@/, ''));
    }
  }
  return { users, teams };
}

export function sameLogin(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.replace(/^@/, '').toLowerCase() === b.replace(/^@/, '').toLowerCase();
}
