/**
 * `patch-cycles check`: guard a pull request's changes to cycle files. It compares each
 * changed cycle between the merge base and HEAD with real git and, inside a GitHub
 * Actions pull-request run, reads the pull request's reviews to require an independent
 * Security Officer's approval of a pull request that completes a cycle.
 */
import * as fs from 'node:fs';
import { checkChanges, type CycleChange } from '../../core/approval/check';
import { differsOnlyInApproval, type PullRequestContext } from '../../core/approval/approval-record';
import { parseRepository, type RepositoryRef } from '../../core/approval/host';
import { evaluateReviews } from '../../core/approval/independence';
import { loadCycleRevision } from '../../core/approval/transitions';
import type { Cycle } from '../../core/model';
import { GitError, GitRepository, isCycleFile } from '../../node/git';
import { GitHubHost } from '../../node/github';
import { choiceOption, parseOptions, stringOption } from '../args';
import { CliUsageError, type CliCommand, type CliIo } from '../io';
import { countDiagnostics, formatGithub, formatSummary, formatText, type FileReport } from '../report';

const HELP = `Usage: patch-cycles check [--base <ref>] [--format text|github]

Check the cycle files changed between the merge base of <ref> and HEAD (git diff
<ref>...HEAD) for transitions that rewrite recorded history:
  PC8001 a done step reopened without a new reopenReason
  PC8002 a checked checklist item removed, or its by/at changed; or the
         completedAt/completedBy of a step that stays done changed
  PC8003 a checked item unchecked without reopening its step
  PC8004 a step skipped without a skipReason
  PC8005 a step done while an earlier step is still open
  PC8006 the approval block edited by hand (not matching the pull request's reviews)
  PC8007 a cycle file with completed steps deleted
  PC8008 a pull request completes a cycle without an independent Security Officer's approval
  PC8011 securityOfficers or requester of an existing cycle changed; approvals are
         judged against the officers and the requester at the base

Inside GitHub Actions, with GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_API_URL and a pull
request (GITHUB_REF refs/pull/N/merge, or the pull_request in GITHUB_EVENT_PATH), the
reviews are read from the API. A token that can read the organisation's teams is needed
when securityOfficers names a team.

Options:
  --base <ref>       base to compare with (default: origin/$GITHUB_BASE_REF, else the
                     default branch of origin)
  --format <format>  text (default) or github (workflow annotations; the default when
                     GITHUB_ACTIONS=true)

Exit codes: 0 no errors, 1 a rule failed, 2 usage, git or API error.
`;

export const checkCommand: CliCommand = {
  name: 'check',
  summary: 'Check a pull request\'s cycle changes and its Security Officer approval',
  help: HELP,
  run: runCheck
};

interface PullRequestEnvironment {
  token: string;
  apiUrl: string;
  repository: RepositoryRef;
  number: number;
}

async function runCheck(args: string[], io: CliIo): Promise<number> {
  const parsed = parseOptions(args, { base: { type: 'string' }, format: { type: 'string' } }, 'check');
  const format = choiceOption(stringOption(parsed, 'format'), ['text', 'github'] as const, io.env.GITHUB_ACTIONS === 'true' ? 'github' : 'text', 'format');
  if (parsed.positionals.length > 0) {
    throw new CliUsageError(`unexpected argument "${parsed.positionals[0]}"; check takes no file names, it reads the changes from git.`);
  }

  const git = new GitRepository(io.cwd);
  const root = await gitRoot(git);
  const repository = new GitRepository(root);
  const base = stringOption(parsed, 'base') ?? (await defaultBase(repository, io.env));
  const changes = await readChanges(repository, base);
  const environment = pullRequestEnvironment(io.env);

  let contextFor: ((cycle: Cycle) => Promise<PullRequestContext | undefined>) | undefined;
  if (environment) {
    contextFor = await hostContext(environment, repository, io);
  } else if (io.env.GITHUB_TOKEN === undefined) {
    io.err('No GITHUB_TOKEN, so pull-request reviews were not read; approval rules that need them are reported as warnings.\n');
  }

  const checked = await checkChanges(changes, contextFor);
  const reports: FileReport[] = checked.map((result) => ({ path: result.path, diagnostics: result.diagnostics }));
  io.out(format === 'github' ? formatGithub(reports) : formatText(reports));
  const counts = countDiagnostics(reports);
  io.err(`Compared with ${base}. ${formatSummary(counts)}`);
  return counts.errors > 0 ? 1 : 0;
}

async function gitRoot(git: GitRepository): Promise<string> {
  try {
    return await git.root();
  } catch (error) {
    if (error instanceof GitError) {
      throw new CliUsageError(`${git.cwd} is not inside a git repository; run check in the repository that contains the cycle files.`);
    }
    throw error;
  }
}

async function defaultBase(git: GitRepository, env: NodeJS.ProcessEnv): Promise<string> {
  if (env.GITHUB_BASE_REF) {
    return `origin/${env.GITHUB_BASE_REF}`;
  }
  const branch = await git.defaultBranch('origin');
  if (!branch) {
    throw new CliUsageError('the default branch of origin is unknown; pass --base <ref>.');
  }
  return `origin/${branch}`;
}

async function readChanges(git: GitRepository, base: string): Promise<CycleChange[]> {
  let mergeBase: string;
  try {
    mergeBase = await git.mergeBase(await git.resolve(base), 'HEAD');
  } catch (error) {
    if (error instanceof GitError) {
      throw new CliUsageError(`the base "${base}" is not a commit with history shared with HEAD (${error.stderr.trim() || 'no merge base'}). Fetch it (actions/checkout with fetch-depth: 0) or pass --base.`);
    }
    throw error;
  }
  const files = await git.changedCycleFiles(base);
  const changes: CycleChange[] = [];
  for (const file of files) {
    const headText = file.status === 'deleted' || !isCycleFile(file.path) ? undefined : await git.show('HEAD', file.path);
    const baseText = file.basePath === undefined ? undefined : await git.show(mergeBase, file.basePath);
    changes.push({ path: file.path, baseText, headText });
  }
  return changes;
}

/** Read the pull request of a GitHub Actions run from the environment, when it names one. */
export function pullRequestEnvironment(env: NodeJS.ProcessEnv): PullRequestEnvironment | undefined {
  const token = env.GITHUB_TOKEN;
  if (!token) {
    return undefined;
  }
  const repository = env.GITHUB_REPOSITORY ? parseRepository(env.GITHUB_REPOSITORY) : undefined;
  const number = pullRequestNumber(env);
  if (!repository || number === undefined) {
    return undefined;
  }
  // No built-in default: the API URL always comes from the run's environment.
  const apiUrl = env.GITHUB_API_URL;
  if (!apiUrl) {
    throw new CliUsageError('GITHUB_TOKEN is set but GITHUB_API_URL is not; set it to the REST API root of the GitHub server.');
  }
  return { token, apiUrl, repository, number };
}

function pullRequestNumber(env: NodeJS.ProcessEnv): number | undefined {
  const fromRef = /^refs\/pull\/(\d+)\/(?:merge|head)$/.exec(env.GITHUB_REF ?? '');
  if (fromRef) {
    return Number(fromRef[1]);
  }
  if (env.GITHUB_EVENT_PATH) {
    try {
      const event = JSON.parse(fs.readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as { pull_request?: { number?: unknown } };
      const number = event.pull_request?.number;
      return typeof number === 'number' ? number : undefined;
    } catch (error) {
      throw new CliUsageError(`GITHUB_EVENT_PATH ${env.GITHUB_EVENT_PATH} could not be read as JSON: ${error instanceof Error ? error.message : String(error)}.`);
    }
  }
  return undefined;
}

async function hostContext(environment: PullRequestEnvironment, git: GitRepository, io: CliIo): Promise<(cycle: Cycle) => Promise<PullRequestContext>> {
  const host = new GitHubHost({ token: environment.token, baseUrl: environment.apiUrl });
  const pullRequest = await host.pullRequest(environment.repository, environment.number);
  const reviews = await host.reviews(environment.repository, environment.number);
  io.err(`Pull request #${pullRequest.number} (${pullRequest.state}${pullRequest.merged ? ', merged' : ''}) by @${pullRequest.author}: ${reviews.length} review(s).\n`);
  const coversHead = (commitId: string) => approvalOnlyChangesSince(git, commitId, pullRequest.headSha);

  return async (cycle) => {
    const evaluation = await evaluateReviews(reviews, { cycle, pullRequest, isTeamMember: (team, login) => host.isTeamMember(team, login), coversHead });
    return { repository: environment.repository, pullRequest, reviews, evaluation };
  };
}

/**
 * True when every change from `commitId` to `headSha` is an approval record: only cycle
 * files changed, and only in `approval` and `steps.approval`. Commits missing from the
 * clone (a shallow checkout) count as not covered.
 */
async function approvalOnlyChangesSince(git: GitRepository, commitId: string, headSha: string): Promise<boolean> {
  let names: string[];
  try {
    names = (await git.run(['diff', '--name-only', '-z', commitId, headSha, '--'])).split('\0').filter((name) => name !== '');
  } catch (error) {
    if (error instanceof GitError) {
      return false;
    }
    throw error;
  }
  for (const name of names) {
    if (!isCycleFile(name)) {
      return false;
    }
    const before = await git.show(commitId, name);
    const after = await git.show(headSha, name);
    const beforeCycle = before === undefined ? undefined : loadCycleRevision(before).cycle;
    const afterCycle = after === undefined ? undefined : loadCycleRevision(after).cycle;
    if (!beforeCycle || !afterCycle || !differsOnlyInApproval(beforeCycle, afterCycle)) {
      return false;
    }
  }
  return true;
}
