/**
 * Who did something, as cycle files record it in `by`: a git host login, because the
 * approval rules compare these fields with the logins of pull-request reviewers.
 */

/** The form of `by` fields (schemas/cycle.schema.json, `login`). */
export const LOGIN_PATTERN = /^@?[A-Za-z0-9][A-Za-z0-9._/-]*$/;

export interface GitIdentitySettings {
  githubUser?: string;
  email?: string;
  name?: string;
}

/**
 * Derive a login from git's configuration: `github.user`, then the part of `user.email`
 * before the @, then `user.name` with spaces as dashes, whichever first has the form of a
 * login. `undefined` when none has it.
 */
export function loginFromGitSettings(settings: GitIdentitySettings): string | undefined {
  const candidates = [settings.githubUser?.trim(), settings.email?.trim().split('@')[0], settings.name?.trim().replace(/\s+/g, '-')];
  return candidates.find((candidate): candidate is string => Boolean(candidate) && LOGIN_PATTERN.test(candidate ?? ''));
}
