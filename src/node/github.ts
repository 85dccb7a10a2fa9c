/**
 * The GitHub implementation of `PullRequestHost`, on Octokit. `baseUrl` is the REST API
 * root: `https://api.github.com` for github.com, `https://HOST/api/v3` for GitHub
 * Enterprise Server, or the local stand-in in tests. The token is handed to Octokit and
 * never stored elsewhere, logged or put into an error message.
 */
import { Octokit } from '@octokit/rest';
import {
  HostError,
  type NewPullRequest,
  type PullRequestHost,
  type PullRequestInfo,
  type RepositoryInfo,
  type RepositoryRef,
  type ReviewInfo,
  type ReviewProtection,
  type ReviewState
} from '../core/approval/host';

export interface GitHubHostOptions {
  token: string;
  baseUrl: string;
  userAgent?: string;
}

/** Rate-limit headers of the last response. */
export interface RateLimitState {
  remaining: number;
  /** When the limit resets, in milliseconds since the epoch. */
  resetAt: number;
}

interface RawPull {
  number: number;
  html_url: string;
  title: string;
  state: string;
  merged?: boolean | null;
  merged_at?: string | null;
  user?: { login: string } | null;
  head: { ref: string; sha: string };
  base: { ref: string };
  requested_reviewers?: ({ login: string } | null)[] | null;
  requested_teams?: ({ slug: string } | null)[] | null;
}

interface RawReview {
  id: number;
  user?: { login: string } | null;
  state: string;
  submitted_at?: string | null;
  commit_id?: string | null;
  body?: string | null;
}

export class GitHubHost implements PullRequestHost {
  private readonly octokit: Octokit;
  private rate: RateLimitState | undefined;

  constructor(options: GitHubHostOptions) {
    this.octokit = new Octokit({
      auth: options.token,
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
      userAgent: options.userAgent ?? 'patch-cycles',
      // Octokit's default logger writes to the console; callers report errors themselves.
      log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined }
    });
    this.octokit.hook.after('request', (response) => this.noteRateLimit(response.headers));
    this.octokit.hook.error('request', (error) => {
      const response = (error as { response?: { headers: Record<string, unknown> } }).response;
      if (response) {
        this.noteRateLimit(response.headers);
      }
      throw this.toHostError(error);
    });
  }

  /** The rate limit as of the last response, or undefined before the first request. */
  get rateLimit(): RateLimitState | undefined {
    return this.rate;
  }

  async currentUser(): Promise<string> {
    const { data } = await this.octokit.rest.users.getAuthenticated();
    return data.login;
  }

  async repository(repo: RepositoryRef): Promise<RepositoryInfo> {
    const { data } = await this.octokit.rest.repos.get({ owner: repo.owner, repo: repo.name });
    return { defaultBranch: data.default_branch, admin: data.permissions?.admin === true };
  }

  async findOpenPullRequest(repo: RepositoryRef, branch: string): Promise<PullRequestInfo | undefined> {
    const { data } = await this.octokit.rest.pulls.list({ owner: repo.owner, repo: repo.name, head: `${repo.owner}:${branch}`, state: 'open' });
    const found = (data as RawPull[]).find((pull) => pull.head.ref === branch);
    return found ? toPullRequest(found) : undefined;
  }

  async createPullRequest(repo: RepositoryRef, request: NewPullRequest): Promise<PullRequestInfo> {
    const { data } = await this.octokit.rest.pulls.create({ owner: repo.owner, repo: repo.name, ...request });
    return toPullRequest(data as RawPull);
  }

  async requestReviewers(repo: RepositoryRef, number: number, reviewers: { users: string[]; teams: string[] }): Promise<void> {
    // The API takes team slugs of the organisation that owns the repository.
    const teamSlugs = reviewers.teams.map((team) => team.replace(/^@/, '').split('/')[1]);
    await this.octokit.rest.pulls.requestReviewers({ owner: repo.owner, repo: repo.name, pull_number: number, reviewers: reviewers.users, team_reviewers: teamSlugs });
  }

  async pullRequest(repo: RepositoryRef, number: number): Promise<PullRequestInfo> {
    const { data } = await this.octokit.rest.pulls.get({ owner: repo.owner, repo: repo.name, pull_number: number });
    return toPullRequest(data as RawPull);
  }

  async reviews(repo: RepositoryRef, number: number): Promise<ReviewInfo[]> {
    const data = await this.octokit.paginate(this.octokit.rest.pulls.listReviews, { owner: repo.owner, repo: repo.name, pull_number: number, per_page: 100 });
    return (data as RawReview[]).map(toReview);
  }

  async submitReview(repo: RepositoryRef, number: number, review: { event: 'approve' | 'request-changes'; body: string }): Promise<ReviewInfo> {
    const event = review.event === 'approve' ? 'APPROVE' : 'REQUEST_CHANGES';
    const { data } = await this.octokit.rest.pulls.createReview({ owner: repo.owner, repo: repo.name, pull_number: number, event, body: review.body });
    return toReview(data as RawReview);
  }

  async isTeamMember(team: string, login: string): Promise<boolean> {
    const [org, slug] = team.replace(/^@/, '').split('/');
    try {
      const { data } = await this.octokit.rest.teams.getMembershipForUserInOrg({ org, team_slug: slug, username: login });
      return data.state === 'active';
    } catch (error) {
      if (error instanceof HostError && error.status === 404) {
        return false;
      }
      throw error;
    }
  }

  /**
   * Turn on the review settings on `branch`. An already protected branch keeps its other
   * settings (only the pull-request review part is patched); an unprotected one gets a
   * protection with these review settings and the required checks.
   */
  async protectBranch(repo: RepositoryRef, branch: string, protection: ReviewProtection): Promise<void> {
    const reviews = {
      require_code_owner_reviews: protection.requireCodeOwnerReviews,
      require_last_push_approval: protection.requireLastPushApproval,
      dismiss_stale_reviews: protection.dismissStaleReviews,
      required_approving_review_count: protection.requiredApprovingReviewCount
    };
    try {
      await this.octokit.rest.repos.updatePullRequestReviewProtection({ owner: repo.owner, repo: repo.name, branch, ...reviews });
      return;
    } catch (error) {
      if (!(error instanceof HostError && error.status === 404)) {
        throw error;
      }
    }
    await this.octokit.rest.repos.updateBranchProtection({
      owner: repo.owner,
      repo: repo.name,
      branch,
      required_status_checks: { strict: false, contexts: protection.requiredChecks },
      enforce_admins: false,
      required_pull_request_reviews: reviews,
      restrictions: null
    });
  }

  private noteRateLimit(headers: Record<string, unknown>): void {
    const remaining = Number(headers['x-ratelimit-remaining']);
    const reset = Number(headers['x-ratelimit-reset']);
    if (Number.isFinite(remaining) && Number.isFinite(reset)) {
      this.rate = { remaining, resetAt: reset * 1000 };
    }
  }

  private toHostError(error: unknown): HostError {
    const status = (error as { status?: number }).status;
    const apiMessage = (error as { response?: { data?: { message?: string } } }).response?.data?.message;
    const detail = apiMessage ?? (error instanceof Error ? error.message : String(error));
    if (status === 401) {
      return new HostError(`GitHub rejected the credentials (401 ${detail}). Sign in to GitHub again.`, status);
    }
    if (status === 403 && this.rate?.remaining === 0) {
      const reset = new Date(this.rate.resetAt).toISOString();
      return new HostError(`The GitHub API rate limit is used up until ${reset}. Try again after that time.`, status);
    }
    if (status === 403) {
      return new HostError(`GitHub rejected the request (403 ${detail}). The account needs write access to the repository, and admin rights for branch protection.`, status);
    }
    if (status === undefined) {
      return new HostError(`The GitHub API could not be reached: ${detail}. Check patchCycles.github.apiUrl or GITHUB_API_URL and the network.`, status);
    }
    return new HostError(`GitHub returned ${status}: ${detail}.`, status);
  }
}

function toPullRequest(pull: RawPull): PullRequestInfo {
  return {
    number: pull.number,
    url: pull.html_url,
    title: pull.title,
    state: pull.state === 'closed' ? 'closed' : 'open',
    merged: pull.merged === true || Boolean(pull.merged_at),
    mergedAt: pull.merged_at ?? undefined,
    author: pull.user?.login ?? '',
    headBranch: pull.head.ref,
    headSha: pull.head.sha,
    baseBranch: pull.base.ref,
    requestedReviewers: (pull.requested_reviewers ?? []).flatMap((user) => (user ? [user.login] : [])),
    requestedTeams: (pull.requested_teams ?? []).flatMap((team) => (team ? [team.slug] : []))
  };
}

const REVIEW_STATES: Record<string, ReviewState> = {
  APPROVED: 'approved',
  CHANGES_REQUESTED: 'changes-requested',
  COMMENTED: 'commented',
  DISMISSED: 'dismissed',
  PENDING: 'pending'
};

function toReview(review: RawReview): ReviewInfo {
  return {
    id: review.id,
    by: review.user?.login ?? '',
    state: REVIEW_STATES[review.state] ?? 'commented',
    at: review.submitted_at ?? '',
    commitId: review.commit_id ?? '',
    body: review.body ?? ''
  };
}
