/**
 * Approval state of the workspace's cycles: which pull request carries each cycle, its
 * reviews judged by the independence rules, and the recording of a counting approval in
 * the open document. Reads from GitHub are throttled per cycle by `nextRefreshAt` (a
 * minimum interval, and the rate limit's reset when few requests are left).
 */
import * as vscode from 'vscode';
import { formatRepository, parseRepository, type RepositoryRef } from '../../core/approval/host';
import { requestApproval, type ApprovalRequestResult } from '../../core/approval/request';
import { awaitsRetroactiveApproval, readinessProblems, templateGateCheck } from '../../core/approval/readiness';
import { loadApprovalState, nextRefreshAt, recordApprovalEdits, type ApprovalState } from '../../core/approval/state';
import { independenceReasons } from '../../core/approval/independence';
import { loadCycleRevision } from '../../core/approval/transitions';
import type { Cycle } from '../../core/model';
import { implementers } from '../../core/workflow/approval';
import type { GitHubHost } from '../../node/github';
import type { ApprovalViewState } from '../../shared/protocol/approval';
import { applyEdits } from '../editing';
import type { ExtensionServices } from '../services';
import { gitExtensionWorkingCopy, gitRepositoryFor, remoteRepository, type GitRepositoryApi } from './gitApi';
import { apiUrlFor, connectToGitHub } from './hostSession';

interface PullRequestRef {
  repository: RepositoryRef;
  number: number;
}

interface CycleApproval {
  pullRequest?: PullRequestRef;
  state?: ApprovalState;
  lastRefreshAt?: number;
  viewer?: string;
  error?: string;
  busy: boolean;
}

const STORED_PULL_REQUESTS = 'patchCycles.approval.pullRequests';

export class ApprovalService implements vscode.Disposable {
  private readonly cycles = new Map<string, CycleApproval>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private readonly hosts = new Map<string, GitHubHost>();
  private readonly memberships = new Map<string, Promise<boolean>>();
  private readonly disposables: vscode.Disposable[] = [];

  readonly onDidChange = this.changed.event;

  constructor(private readonly services: ExtensionServices) {
    // Window focus is when a review made in the browser most likely happened.
    this.disposables.push(
      vscode.window.onDidChangeWindowState((state) => {
        if (state.focused) {
          for (const key of this.cycles.keys()) {
            void this.refresh(vscode.Uri.parse(key));
          }
        }
      })
    );
  }

  dispose(): void {
    this.changed.dispose();
    for (const disposable of this.disposables.splice(0)) {
      disposable.dispose();
    }
  }

  /** Commit, push and open the pull request of a cycle, with progress in a notification. */
  async requestApproval(uri: vscode.Uri): Promise<ApprovalRequestResult | undefined> {
    const document = await vscode.workspace.openTextDocument(uri);
    const cycle = this.cycleOf(document.getText(), uri);
    const repository = await gitRepositoryFor(uri);
    if (typeof repository === 'string') {
      throw new Error(repository);
    }
    const remote = remoteRepository(repository);
    const apiUrl = apiUrlFor(remote?.url);
    if (!remote || !apiUrl) {
      throw new Error(vscode.l10n.t('The repository has no GitHub remote. Add one with `git remote add origin <url>`, or set patchCycles.github.apiUrl for GitHub Enterprise Server.'));
    }
    this.services.log.info(`Request approval of ${uri.fsPath}: ${formatRepository(remote.repository)} through the GitHub API at ${apiUrl}.`);
    const host = await this.hostFor(apiUrl);
    if (!host) {
      return undefined;
    }
    if (document.isDirty) {
      await document.save();
    }

    const cyclePath = uri.fsPath.slice(repository.rootUri.fsPath.length + 1).split(/[\\/]/).join('/');
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Requesting approval of {0}', cycle.id), cancellable: false },
      (progress) =>
        requestApproval({
          cycle,
          cyclePath,
          copy: gitExtensionWorkingCopy(repository),
          host,
          gateCheck: templateGateCheck(new Date()),
          progress: (message) => {
            progress.report({ message });
            this.services.log.info(`Request approval of ${uri.fsPath}: ${message}.`);
          }
        })
    );
    this.services.log.info(`Request approval of ${uri.fsPath}: pull request #${result.pullRequest.number} on ${formatRepository(remote.repository)}, branch ${result.branch}${result.notRequested.length > 0 ? `; not requested: ${result.notRequested.join(' ')}` : ''}.`);
    await this.remember(uri, { repository: remote.repository, number: result.pullRequest.number });
    await this.refresh(uri, true);
    return result;
  }

  /** Read the pull request and reviews again unless the throttle requires a wait. `force` skips only the minimum interval. */
  async refresh(uri: vscode.Uri, force = false): Promise<void> {
    const entry = this.entry(uri);
    if (entry.busy || Date.now() < nextRefreshAt(force ? undefined : entry.lastRefreshAt, this.anyHost()?.rateLimit)) {
      return;
    }

    entry.busy = true;
    this.changed.fire(uri);
    try {
      const document = await vscode.workspace.openTextDocument(uri);
      const cycle = loadCycleRevision(document.getText()).cycle;
      const connection = cycle ? await this.connectionFor(uri) : undefined;
      if (!cycle || !connection) {
        return;
      }
      entry.lastRefreshAt = Date.now();
      const { host } = connection;
      const reference = entry.pullRequest ?? this.recordedPullRequest(cycle) ?? this.storedPullRequest(uri) ?? (await this.pullRequestOfBranch(connection));
      entry.viewer ??= await host.currentUser();
      entry.error = undefined;
      if (!reference) {
        return;
      }
      entry.pullRequest = reference;
      entry.state = await loadApprovalState(host, reference.repository, reference.number, cycle, { viewer: entry.viewer });
      await this.recordIfApproved(document, cycle, entry.state);
    } catch (error) {
      entry.error = error instanceof Error ? error.message : String(error);
      this.services.log.error(`Approval state of ${uri.fsPath}${entry.pullRequest ? ` (pull request #${entry.pullRequest.number})` : ''}:`, error);
    } finally {
      entry.busy = false;
      this.changed.fire(uri);
    }
  }


  /** Submit the signed-in Security Officer's review; the same pull-request review GitHub's page would create. */
  async submitReview(uri: vscode.Uri, event: 'approve' | 'request-changes', body: string): Promise<void> {
    const entry = this.entry(uri);
    if (!entry.pullRequest) {
      throw new Error(vscode.l10n.t('No pull request is known for this cycle yet. Run Request Approval first.'));
    }
    const connection = await this.connectionFor(uri);
    if (!connection) {
      return;
    }
    const review = await connection.host.submitReview(entry.pullRequest.repository, entry.pullRequest.number, { event, body });
    this.services.log.info(`Review ${review.state} by ${review.by} on pull request #${entry.pullRequest.number} of ${uri.fsPath}.`);
    await this.refresh(uri, true);
  }

  pullRequestUrl(uri: vscode.Uri): string | undefined {
    return this.entry(uri).state?.pullRequest.url;
  }

  /** Build the approval view's state for a cycle document. */
  async viewState(uri: vscode.Uri): Promise<ApprovalViewState> {
    const entry = this.entry(uri);
    const document = await vscode.workspace.openTextDocument(uri);
    const cycle = loadCycleRevision(document.getText()).cycle;
    const base = { documentUri: uri.toString(), file: vscode.workspace.asRelativePath(uri), busy: entry.busy, error: entry.error ?? null };
    if (!cycle) {
      return { ...base, cycleId: '', cycleTitle: '', track: 'standard', awaitingRetroactiveApproval: false, requester: '', securityOfficers: [], steps: [], implementers: [], viewer: null, viewerMayReview: false, viewerReasons: [], pullRequest: null, approvedBy: null, approvedAt: null, nextRefreshAt: 0, error: vscode.l10n.t('The cycle cannot be loaded; fix the errors in the Problems view first.') };
    }

    const problems = readinessProblems(cycle, templateGateCheck(new Date()));
    const steps = Object.entries(cycle.steps).map(([id, step]) => {
      const stepProblems = problems.filter((problem) => problem.step === id).map((problem) => problem.message);
      return { id, status: step.status, ready: stepProblems.length === 0 && (step.status === 'done' || step.status === 'skipped' || id === 'approval'), problems: stepProblems };
    });
    const state = entry.state;
    let viewerReasons: string[] = [];
    if (entry.viewer && state) {
      try {
        viewerReasons = await independenceReasons(entry.viewer, { cycle, pullRequest: state.pullRequest, isTeamMember: (team, login) => this.teamMember(team, login) });
      } catch (error) {
        viewerReasons = [vscode.l10n.t('Your membership in the Security Officers\' team could not be checked: {0}', error instanceof Error ? error.message : String(error))];
      }
    }
    return {
      ...base,
      cycleId: cycle.id,
      cycleTitle: cycle.title,
      track: cycle.track,
      awaitingRetroactiveApproval: awaitsRetroactiveApproval(cycle),
      requester: cycle.requester,
      securityOfficers: cycle.securityOfficers,
      steps,
      implementers: implementers(cycle),
      viewer: entry.viewer ?? null,
      viewerMayReview: Boolean(entry.viewer && state && state.status !== 'merged' && state.status !== 'closed' && viewerReasons.length === 0),
      viewerReasons,
      pullRequest: state
        ? {
            number: state.pullRequest.number,
            url: state.pullRequest.url,
            title: state.pullRequest.title,
            author: state.pullRequest.author,
            status: state.status,
            requestedReviewers: [...state.pullRequest.requestedReviewers, ...state.pullRequest.requestedTeams.map((team) => `team ${team}`)],
            reviews: state.evaluation.verdicts.map((verdict) => ({ by: verdict.review.by, state: verdict.review.state, at: verdict.review.at, counts: verdict.counts, reasons: verdict.reasons }))
          }
        : null,
      approvedBy: cycle.approval?.approvedBy ?? null,
      approvedAt: cycle.approval?.approvedAt ?? null,
      nextRefreshAt: nextRefreshAt(entry.lastRefreshAt, this.anyHost()?.rateLimit)
    };
  }

  private async recordIfApproved(document: vscode.TextDocument, cycle: Cycle, state: ApprovalState): Promise<void> {
    const result = recordApprovalEdits(document.getText(), cycle, state);
    if (!result) {
      return;
    }
    if (!result.ok) {
      throw new Error(vscode.l10n.t('The approval could not be recorded in {0}: {1}', document.uri.fsPath, result.message));
    }
    if (result.edits.length > 0) {
      await applyEdits(this.services, document, result.edits);
      this.services.log.info(`Recorded the approval by ${state.evaluation.approval?.review.by ?? '?'} in ${document.uri.fsPath}; step approval is done.`);
    }
  }

  private cycleOf(text: string, uri: vscode.Uri): Cycle {
    const cycle = loadCycleRevision(text).cycle;
    if (!cycle) {
      throw new Error(vscode.l10n.t('{0} cannot be loaded as a cycle. Fix the errors in the Problems view first.', uri.fsPath));
    }
    return cycle;
  }

  private entry(uri: vscode.Uri): CycleApproval {
    const key = uri.toString();
    let entry = this.cycles.get(key);
    if (!entry) {
      entry = { busy: false, pullRequest: this.storedPullRequest(uri) };
      this.cycles.set(key, entry);
    }
    return entry;
  }

  private recordedPullRequest(cycle: Cycle | undefined): PullRequestRef | undefined {
    const recorded = cycle?.approval?.pullRequest;
    const repository = recorded ? parseRepository(recorded.repository) : undefined;
    return recorded && repository ? { repository, number: recorded.number } : undefined;
  }

  private storedPullRequest(uri: vscode.Uri): PullRequestRef | undefined {
    const stored = this.services.context.workspaceState.get<Record<string, PullRequestRef>>(STORED_PULL_REQUESTS, {});
    return stored[uri.toString()];
  }

  private async remember(uri: vscode.Uri, reference: PullRequestRef): Promise<void> {
    this.entry(uri).pullRequest = reference;
    const stored = this.services.context.workspaceState.get<Record<string, PullRequestRef>>(STORED_PULL_REQUESTS, {});
    await this.services.context.workspaceState.update(STORED_PULL_REQUESTS, { ...stored, [uri.toString()]: reference });
  }

  /** The GitHub client and repository for the cycle's git repository, or undefined when the sign-in was cancelled. */
  private async connectionFor(uri: vscode.Uri): Promise<{ host: GitHubHost; git: GitRepositoryApi; repository: RepositoryRef } | undefined> {
    const git = await gitRepositoryFor(uri);
    if (typeof git === 'string') {
      throw new Error(git);
    }
    const remote = remoteRepository(git);
    const apiUrl = apiUrlFor(remote?.url);
    if (!remote || !apiUrl) {
      throw new Error(vscode.l10n.t('The repository has no GitHub remote. Add one with `git remote add origin <url>`, or set patchCycles.github.apiUrl for GitHub Enterprise Server.'));
    }
    const host = await this.hostFor(apiUrl);
    return host ? { host, git, repository: remote.repository } : undefined;
  }

  /** Find the open pull request of the checked-out branch, for a cycle whose pull request this window did not open. */
  private async pullRequestOfBranch(connection: { host: GitHubHost; git: GitRepositoryApi; repository: RepositoryRef }): Promise<PullRequestRef | undefined> {
    const branch = connection.git.state.HEAD?.name;
    if (!branch) {
      return undefined;
    }
    const found = await connection.host.findOpenPullRequest(connection.repository, branch);
    return found ? { repository: connection.repository, number: found.number } : undefined;
  }

  private async hostFor(apiUrl: string): Promise<GitHubHost | undefined> {
    const known = this.hosts.get(apiUrl);
    if (known) {
      return known;
    }
    const host = await connectToGitHub(apiUrl);
    if (host) {
      this.hosts.set(apiUrl, host);
    }
    return host;
  }

  private anyHost(): GitHubHost | undefined {
    return [...this.hosts.values()][0];
  }

  /**
   * Check team membership once per team and login in this window, because the view
   * state is rebuilt on every edit of the cycle and each check costs an API request.
   */
  private teamMember(team: string, login: string): Promise<boolean> {
    const host = this.anyHost();
    if (!host) {
      return Promise.resolve(false);
    }
    const key = `${team.toLowerCase()} ${login.toLowerCase()}`;
    let membership = this.memberships.get(key);
    if (!membership) {
      membership = host.isTeamMember(team, login);
      // A failed check is not remembered, so the next view state asks again.
      membership.catch(() => this.memberships.delete(key));
      this.memberships.set(key, membership);
    }
    return membership;
  }

}
