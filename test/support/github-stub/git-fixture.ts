/**
 * Real git repositories for tests: a bare repository in a temporary directory as the
 * remote, and a clone with the given files committed on `main` and pushed.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface GitFixture {
  root: string;
  /** The bare repository that plays the remote. */
  remote: string;
  /** The working copy. */
  work: string;
  git(args: string[], options?: { author?: string }): string;
  write(relativePath: string, text: string): void;
  read(relativePath: string): string;
  /** Write, stage and commit files; returns the new commit. */
  commit(files: Record<string, string>, message: string, author?: string): string;
  remove(): void;
}

export function makeGitFixture(files: Record<string, string>): GitFixture {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'patch-cycles-git-'));
  const remote = path.join(root, 'remote.git');
  const work = path.join(root, 'work');
  const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: path.join(root, 'gitconfig'), GIT_TERMINAL_PROMPT: '0' };
  fs.writeFileSync(env.GIT_CONFIG_GLOBAL, '[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n');

  const run = (cwd: string, args: string[], author = 'rita'): string =>
    execFileSync('git', args, {
      cwd,
      encoding: 'utf8',
      env: { ...env, GIT_AUTHOR_NAME: author, GIT_AUTHOR_EMAIL: `${author}@example.test`, GIT_COMMITTER_NAME: author, GIT_COMMITTER_EMAIL: `${author}@example.test` }
    });

  run(root, ['init', '--quiet', '--bare', '--initial-branch', 'main', remote]);
  fs.mkdirSync(work);
  run(work, ['init', '--quiet', '--initial-branch', 'main']);
  run(work, ['remote', 'add', 'origin', remote]);
  // The code under test runs git with the process environment, so the identity is set in the clone.
  run(work, ['config', 'user.name', 'rita']);
  run(work, ['config', 'user.email', 'rita@example.test']);
  run(work, ['config', 'commit.gpgsign', 'false']);

  const fixture: GitFixture = {
    root,
    remote,
    work,
    git: (args, options = {}) => run(work, args, options.author),
    write(relativePath, text) {
      const target = path.join(work, relativePath);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, text);
    },
    read: (relativePath) => fs.readFileSync(path.join(work, relativePath), 'utf8'),
    commit(changes, message, author = 'rita') {
      for (const [relativePath, text] of Object.entries(changes)) {
        fixture.write(relativePath, text);
      }
      run(work, ['add', '--', ...Object.keys(changes)], author);
      run(work, ['commit', '--quiet', '--message', message], author);
      return run(work, ['rev-parse', 'HEAD']).trim();
    },
    remove: () => fs.rmSync(root, { recursive: true, force: true })
  };

  fixture.commit(files, 'Add the cycle');
  run(work, ['push', '--quiet', '--set-upstream', 'origin', 'main']);
  return fixture;
}
