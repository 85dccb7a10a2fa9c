/**
 * Real git, run as a child process, for the CLI and the tests. The extension uses the
 * built-in git extension's API for the same work wherever that API offers it.
 */
import { execFile } from 'node:child_process';
import { repositoryFromRemoteUrl, type RepositoryRef } from '../core/approval/host';
import type { WorkingCopy } from '../core/approval/request';

export class GitError extends Error {
  constructor(
    readonly args: string[],
    readonly exitCode: number | null,
    readonly stderr: string
  ) {
    super(`git ${args.join(' ')} failed (exit ${exitCode ?? 'signal'}): ${stderr.trim() || 'no message'}`);
    this.name = 'GitError';
  }
}

/** One changed file between the merge base and HEAD, as `git diff --name-status` lists it. */
export interface ChangedFile {
  status: 'added' | 'modified' | 'deleted' | 'renamed';
  /** Path at HEAD; for a deleted file, its path at the base. */
  path: string;
  /** Path at the base; differs from `path` for a rename, undefined for an added file. */
  basePath?: string;
}

/** One commit touching a file, newest first. */
export interface FileCommit {
  sha: string;
  authorName: string;
  authorEmail: string;
  authorDate: string;
  committerName: string;
  committerDate: string;
  /** `%G?`: G good, B bad, U good but untrusted, X/Y expired, R revoked, E cannot check, N no signature. */
  signature: string;
  signer: string;
  signingKey: string;
  subject: string;
  /** Path of the file in this commit (it may differ across renames). */
  path: string;
}

/** Cycle files end in `.cycle.yaml` or `.cycle.yml`. */
export function isCycleFile(path: string): boolean {
  return path.endsWith('.cycle.yaml') || path.endsWith('.cycle.yml');
}

export class GitRepository {
  constructor(readonly cwd: string) {}

  /** Run git with prompts disabled; resolves to stdout, rejects with GitError. */
  run(args: string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      execFile('git', args, { cwd: this.cwd, env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
        if (error) {
          reject(new GitError(args, typeof error.code === 'number' ? error.code : null, stderr));
        } else {
          resolve(stdout);
        }
      });
    });
  }

  async root(): Promise<string> {
    return (await this.run(['rev-parse', '--show-toplevel'])).trim();
  }

  async resolve(ref: string): Promise<string> {
    return (await this.run(['rev-parse', '--verify', '--end-of-options', `${ref}^{commit}`])).trim();
  }

  async currentBranch(): Promise<string | undefined> {
    const name = (await this.run(['branch', '--show-current'])).trim();
    return name === '' ? undefined : name;
  }

  async remoteUrl(remote = 'origin'): Promise<string | undefined> {
    try {
      return (await this.run(['remote', 'get-url', remote])).trim();
    } catch (error) {
      if (error instanceof GitError) {
        return undefined;
      }
      throw error;
    }
  }

  /** Find the remote's default branch in `refs/remotes/<remote>/HEAD`, else by asking the remote. */
  async defaultBranch(remote = 'origin'): Promise<string | undefined> {
    try {
      const ref = (await this.run(['symbolic-ref', '--quiet', `refs/remotes/${remote}/HEAD`])).trim();
      return ref.replace(`refs/remotes/${remote}/`, '');
    } catch {
      // Not recorded locally (a fresh `git remote add`); ask the remote below.
    }
    try {
      const output = await this.run(['ls-remote', '--symref', remote, 'HEAD']);
      const advertised = /^ref: refs\/heads\/(\S+)\s+HEAD$/m.exec(output)?.[1];
      if (advertised) {
        return advertised;
      }
    } catch (error) {
      if (!(error instanceof GitError)) {
        throw error;
      }
    }
    // A remote whose HEAD names no existing branch: fall back to the usual names.
    for (const candidate of ['main', 'master']) {
      try {
        await this.run(['rev-parse', '--verify', '--quiet', `refs/remotes/${remote}/${candidate}`]);
        return candidate;
      } catch {
        // Not this name; try the next.
      }
    }
    return undefined;
  }

  /** Cycle files changed between the merge base of `base` and HEAD (`git diff base...HEAD`). */
  async changedCycleFiles(base: string): Promise<ChangedFile[]> {
    const output = await this.run(['diff', '--name-status', '-z', '--find-renames', `${base}...HEAD`, '--']);
    const fields = output.split('\0').filter((field) => field !== '');
    const files: ChangedFile[] = [];
    for (let i = 0; i < fields.length; ) {
      const status = fields[i++];
      if (status.startsWith('R') || status.startsWith('C')) {
        const from = fields[i++];
        const to = fields[i++];
        files.push({ status: status.startsWith('R') ? 'renamed' : 'added', path: to, basePath: status.startsWith('R') ? from : undefined });
      } else {
        const path = fields[i++];
        let kind: ChangedFile['status'] = 'modified';
        if (status === 'A') {
          kind = 'added';
        } else if (status === 'D') {
          kind = 'deleted';
        }
        files.push({ status: kind, path, basePath: kind === 'added' ? undefined : path });
      }
    }
    return files.filter((file) => isCycleFile(file.path) || isCycleFile(file.basePath ?? ''));
  }

  async mergeBase(a: string, b: string): Promise<string> {
    return (await this.run(['merge-base', a, b])).trim();
  }

  /** Read the file's text at `ref`; undefined when the file does not exist there. */
  async show(ref: string, path: string): Promise<string | undefined> {
    try {
      await this.run(['cat-file', '-e', `${ref}:${path}`]);
    } catch (error) {
      if (error instanceof GitError) {
        return undefined;
      }
      throw error;
    }
    return this.run(['show', `${ref}:${path}`]);
  }

  /** Commits that touched `path`, following renames, newest first. */
  async fileHistory(path: string): Promise<FileCommit[]> {
    // Each record starts with a separator, then the fields line, then the file names
    // that --name-only prints for that commit.
    const format = '%x1e' + ['%H', '%an', '%ae', '%aI', '%cn', '%cI', '%G?', '%GS', '%GK', '%s'].join('%x1f');
    const output = await this.run(['log', '--follow', '--name-only', `--format=${format}`, '--', path]);
    const commits: FileCommit[] = [];
    for (const record of output.split('\x1e').slice(1)) {
      const [fieldsLine, ...names] = record.split('\n');
      const [sha, authorName, authorEmail, authorDate, committerName, committerDate, signature, signer, signingKey, subject] = fieldsLine.split('\x1f');
      const recordedPath = names.find((name) => name.trim() !== '') ?? path;
      commits.push({ sha, authorName, authorEmail, authorDate, committerName, committerDate, signature, signer, signingKey, subject, path: recordedPath });
    }
    return commits;
  }

  async createBranch(name: string): Promise<void> {
    await this.run(['switch', '--create', name]);
  }

  /** Stage exactly `paths` and commit them; resolves to the new commit. */
  async commitPaths(paths: string[], message: string): Promise<string> {
    await this.run(['add', '--', ...paths]);
    await this.run(['commit', '--quiet', '--message', message, '--', ...paths]);
    return this.resolve('HEAD');
  }

  async push(remote: string, branch: string): Promise<void> {
    await this.run(['push', '--quiet', '--set-upstream', remote, `refs/heads/${branch}:refs/heads/${branch}`]);
  }
}

/** Request Approval's view of a repository, on real git; `repository` overrides the remote URL's owner/name. */
export function gitWorkingCopy(git: GitRepository, options: { remote?: string; repository?: RepositoryRef } = {}): WorkingCopy {
  const remote = options.remote ?? 'origin';
  return {
    currentBranch: () => git.currentBranch(),
    defaultBranch: () => git.defaultBranch(remote),
    async repository() {
      if (options.repository) {
        return options.repository;
      }
      const url = await git.remoteUrl(remote);
      return url === undefined ? undefined : repositoryFromRemoteUrl(url);
    },
    createBranch: (name) => git.createBranch(name),
    async hasChanges(paths) {
      return (await git.run(['status', '--porcelain', '--', ...paths])).trim() !== '';
    },
    async commit(paths, message) {
      if ((await git.run(['status', '--porcelain', '--', ...paths])).trim() === '') {
        return false;
      }
      await git.commitPaths(paths, message);
      return true;
    },
    push: (branch) => git.push(remote, branch)
  };
}
