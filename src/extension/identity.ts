import { execFile } from 'node:child_process';
import * as vscode from 'vscode';
import { LOGIN_PATTERN, loginFromGitSettings } from '../core/identity';
import type { Configuration } from './configuration';


/**
 * The git host login recorded as `by` on a checked item or a completed step: the
 * `patchCycles.identity.login` setting when set, else derived from git's configuration
 * for the cycle file's folder by `loginFromGitSettings`. Git runs
 * only in a trusted workspace, because a workspace's git configuration is not trusted input.
 */
export async function currentIdentity(config: Configuration, fileUri: vscode.Uri): Promise<string | undefined> {
  const configured = config.identityLogin;
  if (configured) {
    return LOGIN_PATTERN.test(configured) ? configured : undefined;
  }
  if (!vscode.workspace.isTrusted || fileUri.scheme !== 'file') {
    return undefined;
  }
  const folder = vscode.Uri.joinPath(fileUri, '..').fsPath;
  const cached = fromGit.get(folder);
  if (cached && Date.now() - cached.readAt < GIT_IDENTITY_TTL_MS) {
    return cached.login;
  }
  const login = loginFromGitSettings({
    githubUser: await gitConfig(folder, 'github.user'),
    email: await gitConfig(folder, 'user.email'),
    name: await gitConfig(folder, 'user.name')
  });
  fromGit.set(folder, { login, readAt: Date.now() });
  return login;
}

/**
 * Logins read from git, by folder. Starting three git processes costs tens of
 * milliseconds on the extension host's thread, too much for every checkbox click.
 */
const fromGit = new Map<string, { login: string | undefined; readAt: number }>();
const GIT_IDENTITY_TTL_MS = 60_000;

/** Ask for the login when neither the setting nor git supplies one. */
export async function requireIdentity(config: Configuration, fileUri: vscode.Uri): Promise<string | undefined> {
  const known = await currentIdentity(config, fileUri);
  if (known) {
    return known;
  }
  const login = await vscode.window.showInputBox({
    title: vscode.l10n.t('Who is recording this?'),
    prompt: vscode.l10n.t('Enter your git host login. Set patchCycles.identity.login to skip this question.'),
    ignoreFocusOut: true,
    validateInput: (value) =>
      LOGIN_PATTERN.test(value.trim()) ? undefined : vscode.l10n.t('A login has letters, digits, ".", "_", "/" or "-", like giulia-rossi.')
  });
  return login?.trim() || undefined;
}

function gitConfig(cwd: string, key: string): Promise<string> {
  return new Promise((resolve) => {
    execFile('git', ['config', '--get', key], { cwd, timeout: 5000 }, (error, stdout) => {
      resolve(error ? '' : stdout.trim());
    });
  });
}

/** ISO 8601 date-time with the local offset (`2026-12-04T21:15:00+01:00`), to the second. */
export function isoNow(date = new Date()): string {
  const pad = (value: number) => String(Math.abs(value)).padStart(2, '0');
  const offset = -date.getTimezoneOffset();
  const zone = offset === 0 ? 'Z' : `${offset > 0 ? '+' : '-'}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`;
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}${zone}`
  );
}
