/**
 * A local stand-in for the part of the GitHub REST API that the approval features use,
 * listening on 127.0.0.1 only. It keeps repositories, pull requests, reviews and team
 * memberships in memory, reads head commits from a bare git repository on disk, and
 * records every request (method, path, query, body and the acting login; never the token).
 *
 * Tokens map to logins through `users`; a request without a known token gets 401, as
 * GitHub answers "Bad credentials".
 */
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StubRepository {
  owner: string;
  name: string;
  defaultBranch: string;
  /** Bare repository whose branches give pull-request head commits. */
  gitDir?: string;
  /** Logins with admin rights; others get push rights only. */
  admins?: string[];
}

export interface StubPull {
  number: number;
  owner: string;
  repo: string;
  title: string;
  body: string;
  head: string;
  base: string;
  author: string;
  state: 'open' | 'closed';
  merged: boolean;
  mergedAt: string | null;
  requestedReviewers: string[];
  requestedTeams: string[];
  /** Fixed head commit, for repositories without `gitDir`. */
  headSha?: string;
}

export interface StubReview {
  id: number;
  pull: number;
  owner: string;
  repo: string;
  user: string;
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED';
  body: string;
  submittedAt: string;
  commitId: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  /** Login the token belongs to, or undefined for an unknown token. */
  login: string | undefined;
}

export interface StubOptions {
  /** Token → login. */
  users: Record<string, string>;
  repositories: StubRepository[];
  /** `org/slug` → member logins. */
  teams?: Record<string, string[]>;
  /** Requests left before the stand-in responds 403 with x-ratelimit-remaining: 0. */
  rateLimit?: number;
  /** Seconds since the epoch sent as x-ratelimit-reset. */
  rateLimitReset?: number;
}

export interface GitHubStub {
  /** Base URL for Octokit, e.g. `http://127.0.0.1:41234`. */
  url: string;
  requests: RecordedRequest[];
  pulls: StubPull[];
  reviews: StubReview[];
  protection: Map<string, unknown>;
  /** Add a review as if `login` submitted it on GitHub. */
  addReview(pull: number, login: string, state: StubReview['state'], options?: { commitId?: string; submittedAt?: string; owner?: string; repo?: string }): StubReview;
  merge(pull: number): void;
  close(): Promise<void>;
}

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    message: string
  ) {
    super(message);
  }
}

export async function startGitHubStub(options: StubOptions): Promise<GitHubStub> {
  const pulls: StubPull[] = [];
  const reviews: StubReview[] = [];
  const requests: RecordedRequest[] = [];
  const protection = new Map<string, unknown>();
  let rateLeft = options.rateLimit ?? 5000;
  let reviewIds = 1000;
  let clock = Date.parse('2026-12-01T10:00:00Z');

  const nextTime = (): string => {
    clock += 60_000;
    return new Date(clock).toISOString().replace('.000Z', 'Z');
  };
  const findRepository = (owner: string, name: string): StubRepository => {
    const repository = options.repositories.find((candidate) => candidate.owner.toLowerCase() === owner.toLowerCase() && candidate.name.toLowerCase() === name.toLowerCase());
    if (!repository) {
      throw new HttpFailure(404, 'Not Found');
    }
    return repository;
  };
  const findPull = (owner: string, repo: string, number: number): StubPull => {
    const pull = pulls.find((candidate) => candidate.owner === owner && candidate.repo === repo && candidate.number === number);
    if (!pull) {
      throw new HttpFailure(404, 'Not Found');
    }
    return pull;
  };
  const headSha = (pull: StubPull): string => {
    const repository = findRepository(pull.owner, pull.repo);
    if (repository.gitDir) {
      return execFileSync('git', ['--git-dir', repository.gitDir, 'rev-parse', `refs/heads/${pull.head}`], { encoding: 'utf8' }).trim();
    }
    return pull.headSha ?? '0'.repeat(40);
  };

  const pullJson = (pull: StubPull, base: string): Record<string, unknown> => ({
    number: pull.number,
    html_url: `https://github.example/${pull.owner}/${pull.repo}/pull/${pull.number}`,
    url: `${base}/repos/${pull.owner}/${pull.repo}/pulls/${pull.number}`,
    title: pull.title,
    body: pull.body,
    state: pull.state,
    merged: pull.merged,
    merged_at: pull.mergedAt,
    user: { login: pull.author },
    head: { ref: pull.head, sha: headSha(pull), repo: { full_name: `${pull.owner}/${pull.repo}` } },
    base: { ref: pull.base, repo: { full_name: `${pull.owner}/${pull.repo}` } },
    requested_reviewers: pull.requestedReviewers.map((login) => ({ login })),
    requested_teams: pull.requestedTeams.map((slug) => ({ slug }))
  });
  const reviewJson = (review: StubReview): Record<string, unknown> => ({
    id: review.id,
    user: { login: review.user },
    state: review.state,
    body: review.body,
    submitted_at: review.submittedAt,
    commit_id: review.commitId
  });

  const addReview: GitHubStub['addReview'] = (number, login, state, extra = {}) => {
    const pull = pulls.find((candidate) => candidate.number === number && (!extra.owner || candidate.owner === extra.owner) && (!extra.repo || candidate.repo === extra.repo));
    if (!pull) {
      throw new Error(`The stand-in has no pull request #${number}.`);
    }
    const review: StubReview = {
      id: reviewIds++,
      pull: number,
      owner: pull.owner,
      repo: pull.repo,
      user: login,
      state,
      body: '',
      submittedAt: extra.submittedAt ?? nextTime(),
      commitId: extra.commitId ?? headSha(pull)
    };
    reviews.push(review);
    return review;
  };

  const route = (method: string, path: string, query: Record<string, string>, body: Record<string, unknown>, login: string, base: string): [number, unknown] => {
    let match: RegExpExecArray | null;
    if (method === 'GET' && path === '/user') {
      return [200, { login }];
    }
    if ((match = /^\/repos\/([^/]+)\/([^/]+)$/.exec(path)) && method === 'GET') {
      const repository = findRepository(match[1], match[2]);
      const admin = (repository.admins ?? []).includes(login);
      return [200, { full_name: `${repository.owner}/${repository.name}`, default_branch: repository.defaultBranch, permissions: { admin, push: true, pull: true } }];
    }
    if ((match = /^\/repos\/([^/]+)\/([^/]+)\/pulls$/.exec(path))) {
      const repository = findRepository(match[1], match[2]);
      if (method === 'GET') {
        const head = query.head?.split(':').pop();
        const state = query.state ?? 'open';
        const found = pulls.filter((pull) => pull.owner === repository.owner && pull.repo === repository.name && (!head || pull.head === head) && (state === 'all' || pull.state === state));
        return [200, found.map((pull) => pullJson(pull, base))];
      }
      if (method === 'POST') {
        const head = String(body.head ?? '');
        if (pulls.some((pull) => pull.owner === repository.owner && pull.repo === repository.name && pull.head === head && pull.state === 'open')) {
          throw new HttpFailure(422, `A pull request already exists for ${repository.owner}:${head}.`);
        }
        if (repository.gitDir) {
          try {
            execFileSync('git', ['--git-dir', repository.gitDir, 'rev-parse', '--verify', `refs/heads/${head}`], { stdio: 'ignore' });
          } catch {
            throw new HttpFailure(422, `Validation Failed: head ${head} does not exist`);
          }
          const base = String(body.base ?? repository.defaultBranch);
          const tips = [head, base].map((branch) => execFileSync('git', ['--git-dir', repository.gitDir as string, 'rev-parse', `refs/heads/${branch}`], { encoding: 'utf8' }).trim());
          if (tips[0] === tips[1]) {
            throw new HttpFailure(422, `Validation Failed: No commits between ${base} and ${head}`);
          }
        }
        const pull: StubPull = {
          number: pulls.length + 1,
          owner: repository.owner,
          repo: repository.name,
          title: String(body.title ?? ''),
          body: String(body.body ?? ''),
          head,
          base: String(body.base ?? repository.defaultBranch),
          author: login,
          state: 'open',
          merged: false,
          mergedAt: null,
          requestedReviewers: [],
          requestedTeams: []
        };
        pulls.push(pull);
        return [201, pullJson(pull, base)];
      }
    }
    if ((match = /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)$/.exec(path)) && method === 'GET') {
      return [200, pullJson(findPull(match[1], match[2], Number(match[3])), base)];
    }
    if ((match = /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)\/requested_reviewers$/.exec(path)) && method === 'POST') {
      const pull = findPull(match[1], match[2], Number(match[3]));
      const users = (body.reviewers as string[] | undefined) ?? [];
      if (users.some((user) => user.toLowerCase() === pull.author.toLowerCase())) {
        throw new HttpFailure(422, 'Review cannot be requested from pull request author.');
      }
      pull.requestedReviewers.push(...users.filter((user) => !pull.requestedReviewers.includes(user)));
      const teams = (body.team_reviewers as string[] | undefined) ?? [];
      pull.requestedTeams.push(...teams.filter((team) => !pull.requestedTeams.includes(team)));
      return [201, pullJson(pull, base)];
    }
    if ((match = /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)\/reviews$/.exec(path))) {
      const pull = findPull(match[1], match[2], Number(match[3]));
      if (method === 'GET') {
        return [200, reviews.filter((review) => review.owner === pull.owner && review.repo === pull.repo && review.pull === pull.number).map(reviewJson)];
      }
      if (method === 'POST') {
        const event = String(body.event ?? '');
        const events: Record<string, StubReview['state']> = { APPROVE: 'APPROVED', REQUEST_CHANGES: 'CHANGES_REQUESTED', COMMENT: 'COMMENTED' };
        const state = events[event] as StubReview['state'] | undefined;
        if (!state) {
          throw new HttpFailure(422, `Unknown review event "${event}".`);
        }
        if (state !== 'COMMENTED' && login.toLowerCase() === pull.author.toLowerCase()) {
          throw new HttpFailure(422, event === 'APPROVE' ? 'Can not approve your own pull request' : 'Can not request changes on your own pull request');
        }
        const review = addReview(pull.number, login, state, { owner: pull.owner, repo: pull.repo });
        review.body = String(body.body ?? '');
        return [200, reviewJson(review)];
      }
    }
    if ((match = /^\/orgs\/([^/]+)\/teams\/([^/]+)\/memberships\/([^/]+)$/.exec(path)) && method === 'GET') {
      const members = options.teams?.[`${match[1]}/${match[2]}`] ?? [];
      if (!members.some((member) => member.toLowerCase() === match![3].toLowerCase())) {
        throw new HttpFailure(404, 'Not Found');
      }
      return [200, { state: 'active', role: 'member' }];
    }
    if ((match = /^\/repos\/([^/]+)\/([^/]+)\/branches\/([^/]+)\/protection(\/required_pull_request_reviews)?$/.exec(path))) {
      const repository = findRepository(match[1], match[2]);
      if (!(repository.admins ?? []).includes(login)) {
        throw new HttpFailure(403, 'Resource not accessible by integration');
      }
      const key = `${repository.owner}/${repository.name}:${match[3]}`;
      if (method === 'PUT' && !match[4]) {
        protection.set(key, body);
        return [200, body];
      }
      if (method === 'PATCH' && match[4]) {
        const current = protection.get(key) as Record<string, unknown> | undefined;
        if (!current) {
          throw new HttpFailure(404, 'Branch not protected');
        }
        current.required_pull_request_reviews = { ...(current.required_pull_request_reviews as object), ...body };
        return [200, current.required_pull_request_reviews];
      }
    }
    throw new HttpFailure(404, 'Not Found');
  };

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const query = Object.fromEntries(url.searchParams.entries());
      const text = Buffer.concat(chunks).toString('utf8');
      let body: Record<string, unknown> = {};
      try {
        body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      } catch {
        body = {};
      }
      const token = /^(?:token|bearer)\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1];
      const login = token === undefined ? undefined : options.users[token];
      requests.push({ method: request.method ?? 'GET', path: url.pathname, query, body, login });

      const send = (status: number, payload: unknown): void => {
        response.writeHead(status, {
          'content-type': 'application/json; charset=utf-8',
          'x-ratelimit-limit': '5000',
          'x-ratelimit-remaining': String(Math.max(rateLeft, 0)),
          'x-ratelimit-reset': String(options.rateLimitReset ?? Math.floor(Date.now() / 1000) + 3600)
        });
        response.end(JSON.stringify(payload));
      };

      rateLeft -= 1;
      if (rateLeft < 0) {
        send(403, { message: 'API rate limit exceeded' });
        return;
      }
      if (login === undefined) {
        send(401, { message: 'Bad credentials' });
        return;
      }
      try {
        const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        const [status, payload] = route(request.method ?? 'GET', url.pathname, query, body, login, base);
        send(status, payload);
      } catch (error) {
        if (error instanceof HttpFailure) {
          send(error.status, { message: error.message });
        } else {
          send(500, { message: error instanceof Error ? error.message : String(error) });
        }
      }
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    pulls,
    reviews,
    protection,
    addReview,
    merge(number) {
      const pull = pulls.find((candidate) => candidate.number === number);
      if (pull) {
        pull.state = 'closed';
        pull.merged = true;
        pull.mergedAt = nextTime();
      }
    },
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())))
  };
}
