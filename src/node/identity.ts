/**
 * Defaults for the `by` and `at` fields the CLI records: the git host login and the local time.
 */
import * as path from 'node:path';
import { loginFromGitSettings } from '../core/identity';
import { GitRepository } from './git';

/**
 * Read the login to record in `by` from the git configuration of the repository that
 * contains `file` (see `loginFromGitSettings`); `undefined` when git gives none.
 */
export async function gitIdentity(file: string): Promise<string | undefined> {
  const repository = new GitRepository(path.dirname(file));
  return loginFromGitSettings({
    githubUser: await configValue(repository, 'github.user'),
    email: await configValue(repository, 'user.email'),
    name: await configValue(repository, 'user.name')
  });
}

async function configValue(repository: GitRepository, key: string): Promise<string | undefined> {
  try {
    const value = (await repository.run(['config', '--get', key])).trim();
    return value === '' ? undefined : value;
  } catch {
    // git exits 1 when the key is unset, and fails outright outside a repository.
    return undefined;
  }
}

/** ISO 8601 date-time to the second with the local offset, e.g. `2026-12-04T21:15:00+01:00`. */
export function localDateTime(date: Date = new Date()): string {
  const offsetMinutes = -date.getTimezoneOffset();
  const zone = offsetMinutes === 0 ? 'Z' : `${offsetMinutes > 0 ? '+' : '-'}${pad(Math.trunc(Math.abs(offsetMinutes) / 60))}:${pad(Math.abs(offsetMinutes) % 60)}`;
  return `${localDate(date)}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}${zone}`;
}

/** Format the local calendar date as YYYY-MM-DD. */
export function localDate(date: Date = new Date()): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
