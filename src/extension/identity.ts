import { execFile } from 'node:child_process';
import * as vscode from 'vscode';
import type { Configuration } from './configuration';

/**
 * Who is recorded as `by` on a checked item or a completed step: the
 * `patchCycles.identity.*` settings when set, else git's `user.name` and `user.email`
 * for the cycle file's folder. Git runs only in a trusted workspace, because a
 * workspace's git configuration is not trusted input.
 */
export async function currentIdentity(config: Configuration, fileUri: vscode.Uri): Promise<string | undefined> {
  let name = config.identityName;
  let email = config.identityEmail;
  if ((!name || !email) && vscode.workspace.isTrusted && fileUri.scheme === 'file') {
    const folder = vscode.Uri.joinPath(fileUri, '..').fsPath;
    name ||= await gitConfig(folder, 'user.name');
    email ||= await gitConfig(folder, 'user.email');
  }
  if (!name) {
    return undefined;
  }
  return email ? `${name} <${email}>` : name;
}

/** Ask for a name when neither the settings nor git supply one. */
export async function requireIdentity(config: Configuration, fileUri: vscode.Uri): Promise<string | undefined> {
  const known = await currentIdentity(config, fileUri);
  if (known) {
    return known;
  }
  return vscode.window.showInputBox({
    title: vscode.l10n.t('Who is recording this?'),
    prompt: vscode.l10n.t('No name in the setting patchCycles.identity.name or in git user.name. Enter the name to record as "by".'),
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() ? undefined : vscode.l10n.t('A name is required.'))
  });
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
