/**
 * Request Approval's git work through the built-in git extension (`vscode.git`, API
 * version 1), so the Source Control view shows the same branch, commit and push. Only the
 * part of that API used here is declared, following the extension's published git.d.ts.
 */
import * as vscode from 'vscode';
import { repositoryFromRemoteUrl, type RepositoryRef } from '../../core/approval/host';
import type { WorkingCopy } from '../../core/approval/request';

interface GitChange {
  readonly uri: vscode.Uri;
}

interface GitRepositoryState {
  readonly HEAD: { readonly name?: string; readonly commit?: string } | undefined;
  readonly remotes: readonly { readonly name: string; readonly fetchUrl?: string; readonly pushUrl?: string }[];
  readonly workingTreeChanges: readonly GitChange[];
  readonly indexChanges: readonly GitChange[];
}

export interface GitRepositoryApi {
  readonly rootUri: vscode.Uri;
  readonly state: GitRepositoryState;
  createBranch(name: string, checkout: boolean, ref?: string): Promise<void>;
  add(paths: string[]): Promise<void>;
  commit(message: string): Promise<void>;
  push(remoteName?: string, branchName?: string, setUpstream?: boolean): Promise<void>;
  status(): Promise<void>;
}

interface GitApi {
  getRepository(uri: vscode.Uri): GitRepositoryApi | null;
}

interface GitExtension {
  readonly enabled: boolean;
  getAPI(version: 1): GitApi;
}

/** Find the git repository that contains `uri`; a string is the message explaining why there is none. */
export async function gitRepositoryFor(uri: vscode.Uri): Promise<GitRepositoryApi | string> {
  const extension = vscode.extensions.getExtension<GitExtension>('vscode.git');
  if (!extension) {
    return vscode.l10n.t('The built-in Git extension is not available. Enable it and try again.');
  }
  const exports = extension.isActive ? extension.exports : await extension.activate();
  if (!exports.enabled) {
    return vscode.l10n.t('Git is disabled (git.enabled is false). Enable it to request approval.');
  }
  const repository = exports.getAPI(1).getRepository(uri);
  if (!repository) {
    return vscode.l10n.t('{0} is not inside a git repository. Initialise one and add a remote first.', uri.fsPath);
  }
  return repository;
}

/** Parse the host repository that `origin` (or the first remote) points to. */
export function remoteRepository(repository: GitRepositoryApi, remote = 'origin'): { repository: RepositoryRef; url: string } | undefined {
  const candidate = repository.state.remotes.find((entry) => entry.name === remote) ?? repository.state.remotes[0];
  const url = candidate?.pushUrl ?? candidate?.fetchUrl;
  const parsed = url ? repositoryFromRemoteUrl(url) : undefined;
  return parsed && url ? { repository: parsed, url } : undefined;
}

/** `WorkingCopy` on the git extension; `override` names the host repository when the remote URL does not. */
export function gitExtensionWorkingCopy(repository: GitRepositoryApi, override?: RepositoryRef): WorkingCopy {
  const remoteName = repository.state.remotes.some((entry) => entry.name === 'origin') ? 'origin' : repository.state.remotes[0]?.name;
  return {
    currentBranch: () => Promise.resolve(repository.state.HEAD?.name),
    // The git extension's API does not expose the remote's HEAD; the host's default branch is used.
    defaultBranch: () => Promise.resolve(undefined),
    repository: () => Promise.resolve(override ?? remoteRepository(repository)?.repository),
    createBranch: (name) => repository.createBranch(name, true),
    async hasChanges(paths) {
      await repository.status();
      const wanted = new Set(paths.map((relative) => vscode.Uri.joinPath(repository.rootUri, relative).fsPath));
      return [...repository.state.workingTreeChanges, ...repository.state.indexChanges].some((change) => wanted.has(change.uri.fsPath));
    },
    async commit(paths, message) {
      await repository.status();
      const wanted = new Set(paths.map((relative) => vscode.Uri.joinPath(repository.rootUri, relative).fsPath));
      const changed = [...repository.state.workingTreeChanges, ...repository.state.indexChanges].some((change) => wanted.has(change.uri.fsPath));
      if (!changed) {
        return false;
      }
      // The git extension commits everything staged, so other staged files would ride along.
      const others = repository.state.indexChanges.filter((change) => !wanted.has(change.uri.fsPath));
      if (others.length > 0) {
        throw new Error(vscode.l10n.t('Other files are staged ({0}). Unstage or commit them first, so the approval commit contains only the cycle file.', others.map((change) => vscode.workspace.asRelativePath(change.uri)).join(', ')));
      }
      await repository.add([...wanted]);
      await repository.commit(message);
      return true;
    },
    async push(branch) {
      if (!remoteName) {
        throw new Error(vscode.l10n.t('The repository has no remote to push to.'));
      }
      await repository.push(remoteName, branch, true);
    }
  };
}
