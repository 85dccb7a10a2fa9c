/**
 * The GitHub client of the extension: the REST API root from `patchCycles.github.apiUrl`
 * (or from the remote's host), and the token of VS Code's GitHub authentication session.
 * The token is never stored in settings and never logged.
 *
 * Test seam: when the API URL points at the loopback interface (a local GitHub stand-in)
 * and the environment variable PATCH_CYCLES_TEST_GITHUB_TOKEN is set, that token replaces
 * the session, so end-to-end tests run without a GitHub account. The variable is never
 * read for any other API URL, so a test token cannot reach a real server.
 */
import * as vscode from 'vscode';
import { GitHubHost } from '../../node/github';

export const TEST_TOKEN_VARIABLE = 'PATCH_CYCLES_TEST_GITHUB_TOKEN';

/** The REST API root for a remote URL: the setting when set, else github.com's API or GitHub Enterprise Server's `/api/v3`. */
export function apiUrlFor(remoteUrl: string | undefined): string | undefined {
  const configured = vscode.workspace.getConfiguration('patchCycles').get<string>('github.apiUrl', '').trim();
  if (configured) {
    return configured.replace(/\/+$/, '');
  }
  const host = remoteUrl ? hostOf(remoteUrl) : undefined;
  if (!host) {
    return undefined;
  }
  return host.toLowerCase() === 'github.com' ? 'https://api.github.com' : `https://${host}/api/v3`;
}

function hostOf(remoteUrl: string): string | undefined {
  const match = /^(?:[a-z+]+:\/\/)?(?:[^@/]+@)?([^/:]+)[/:]/i.exec(remoteUrl.trim());
  return match?.[1];
}

/** A client for `apiUrl`, signed in through VS Code; undefined when the user cancels the sign-in. */
export async function connectToGitHub(apiUrl: string): Promise<GitHubHost | undefined> {
  const testToken = isLoopback(apiUrl) ? process.env[TEST_TOKEN_VARIABLE] : undefined;
  if (testToken) {
    return new GitHubHost({ token: testToken, baseUrl: apiUrl, userAgent: 'patch-cycles-vscode' });
  }
  // github.com sessions come from the "github" provider, GitHub Enterprise Server ones from "github-enterprise".
  const provider = new URL(apiUrl).hostname === 'api.github.com' ? 'github' : 'github-enterprise';
  const session = await vscode.authentication.getSession(provider, ['repo', 'read:org'], { createIfNone: true });
  return new GitHubHost({ token: session.accessToken, baseUrl: apiUrl, userAgent: 'patch-cycles-vscode' });
}

function isLoopback(apiUrl: string): boolean {
  try {
    const { hostname } = new URL(apiUrl);
    return hostname === '127.0.0.1' || hostname === '[::1]' || hostname === 'localhost';
  } catch {
    return false;
  }
}
