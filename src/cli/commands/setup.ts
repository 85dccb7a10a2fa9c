/**
 * `patch-cycles setup`: make the Security Officer's review mandatory for cycle files in
 * a GitHub repository (CODEOWNERS entry, workflow, pull-request template) and, on request,
 * turn on the branch-protection settings through the API.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseRepository, repositoryFromRemoteUrl, formatRepository, HostError } from '../../core/approval/host';
import {
  CODEOWNERS_LOCATIONS,
  isValidOfficer,
  mergeCodeowners,
  NAMED_PULL_REQUEST_TEMPLATE,
  protectionInstructions,
  PULL_REQUEST_TEMPLATE_LOCATIONS,
  pullRequestTemplate,
  REVIEW_PROTECTION,
  TEMPLATE_MARKER,
  WORKFLOW_PATH,
  workflowYaml
} from '../../core/approval/setup';
import { loadCycleRevision } from '../../core/approval/transitions';
import { GitError, GitRepository } from '../../node/git';
import { GitHubHost } from '../../node/github';
import { parseOptions, stringOption } from '../args';
import { CliUsageError, type CliCommand, type CliIo } from '../io';

const HELP = `Usage: patch-cycles setup [--officers <@org/team|login>…] [--cli-version <x.y.z>]
                          [--apply-protection] [--repository <owner/name>] [--branch <name>]

Write into the repository that contains the current directory:
  CODEOWNERS (.github/, the root or docs/, wherever it already is)
      an entry that makes the Security Officers owners of *.cycle.yaml files; the rest of
      the file is kept as it is, and running setup again replaces only that entry
  ${WORKFLOW_PATH}
      a GitHub Actions workflow that runs \`patch-cycles validate\` and
      \`patch-cycles check\` on pull requests and reviews, with the CLI version pinned
  a pull-request template (.github/pull_request_template.md, or
      ${NAMED_PULL_REQUEST_TEMPLATE} when a default template exists)
and print the branch-protection settings to turn on.

Options:
  --officers <list>     Security Officers, comma-separated or repeated: @org/team or
                        logins (default: the securityOfficers of the repository's cycles)
  --cli-version <x>     CLI version the workflow installs (default: this CLI's version)
  --apply-protection    also set the protection through the GitHub API; needs
                        GITHUB_TOKEN of an account with admin rights and GITHUB_API_URL
  --repository <o/n>    repository for --apply-protection (default: from origin's URL)
  --branch <name>       branch to protect (default: the repository's default branch)

Exit codes: 0 written, 1 protection could not be applied, 2 usage, git or I/O error.
`;

export const setupCommand: CliCommand = {
  name: 'setup',
  summary: 'Set up CODEOWNERS, the CI workflow and branch protection for approvals',
  help: HELP,
  run: runSetup
};

async function runSetup(args: string[], io: CliIo): Promise<number> {
  const parsed = parseOptions(
    args,
    {
      officers: { type: 'string', multiple: true },
      'cli-version': { type: 'string' },
      'apply-protection': { type: 'boolean' },
      repository: { type: 'string' },
      branch: { type: 'string' }
    },
    'setup'
  );
  if (parsed.positionals.length > 0) {
    throw new CliUsageError(`unexpected argument "${parsed.positionals[0]}". Run \`patch-cycles setup --help\` for the options.`);
  }
  const git = new GitRepository(io.cwd);
  const root = await repositoryRoot(git);
  const repository = new GitRepository(root);

  const officers = await officersOf(parsed.values.officers as string[] | undefined, repository);
  const cliVersion = stringOption(parsed, 'cli-version') ?? io.version;
  if (!/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/.test(cliVersion)) {
    throw new CliUsageError(`--cli-version ${cliVersion} is not an exact version such as 1.4.2; the workflow pins one version.`);
  }

  const codeownersPath = CODEOWNERS_LOCATIONS.find((candidate) => fs.existsSync(path.join(root, candidate))) ?? CODEOWNERS_LOCATIONS[0];
  writeFile(io, root, codeownersPath, mergeCodeowners(readIfExists(path.join(root, codeownersPath)), officers));
  writeFile(io, root, WORKFLOW_PATH, workflowYaml(cliVersion));
  const existingDefault = PULL_REQUEST_TEMPLATE_LOCATIONS.map((candidate) => existingIgnoringCase(root, candidate)).find((found) => found !== undefined);
  // A default template that setup wrote itself is updated; anyone else's stays untouched.
  const ownsDefault = existingDefault !== undefined && (readIfExists(path.join(root, existingDefault)) ?? '').startsWith(TEMPLATE_MARKER);
  const templatePath = existingDefault === undefined || ownsDefault ? (existingDefault ?? PULL_REQUEST_TEMPLATE_LOCATIONS[0]) : NAMED_PULL_REQUEST_TEMPLATE;
  writeFile(io, root, templatePath, pullRequestTemplate());

  const branch = stringOption(parsed, 'branch') ?? (await repository.defaultBranch('origin')) ?? 'main';
  io.out(`\n${protectionInstructions(branch).join('\n')}\n`);
  if (parsed.values['apply-protection'] !== true) {
    io.out('Run setup again with --apply-protection to set them through the API (admin rights needed).\n');
    return 0;
  }
  return applyProtection(io, repository, stringOption(parsed, 'repository'), branch);
}

async function repositoryRoot(git: GitRepository): Promise<string> {
  try {
    return await git.root();
  } catch (error) {
    if (error instanceof GitError) {
      throw new CliUsageError(`${git.cwd} is not inside a git repository; run setup in the repository that contains the cycle files.`);
    }
    throw error;
  }
}

async function officersOf(option: string[] | undefined, git: GitRepository): Promise<string[]> {
  let officers = (option ?? []).flatMap((value) => value.split(',')).map((value) => value.trim()).filter((value) => value !== '');
  if (officers.length === 0) {
    officers = await officersFromCycles(git);
  }
  if (officers.length === 0) {
    throw new CliUsageError('no Security Officers: pass --officers @org/team or logins, or commit a cycle file with securityOfficers first.');
  }
  const invalid = officers.filter((officer) => !isValidOfficer(officer));
  if (invalid.length > 0) {
    throw new CliUsageError(`--officers ${invalid.join(', ')} is not a GitHub login or @org/team.`);
  }
  return [...new Set(officers.map((officer) => (officer.startsWith('@') ? officer : `@${officer}`)))];
}

async function officersFromCycles(git: GitRepository): Promise<string[]> {
  const files = (await git.run(['ls-files', '-z', '--', '*.cycle.yaml', '*.cycle.yml'])).split('\0').filter((name) => name !== '');
  const officers: string[] = [];
  for (const file of files) {
    const cycle = loadCycleRevision(fs.readFileSync(path.join(git.cwd, file), 'utf8')).cycle;
    officers.push(...(Array.isArray(cycle?.securityOfficers) ? cycle.securityOfficers.filter((entry): entry is string => typeof entry === 'string') : []));
  }
  return officers;
}

function readIfExists(file: string): string | undefined {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
}

/** Find `relative` on disk, matching the file name case-insensitively as GitHub does, and return its spelling. */
function existingIgnoringCase(root: string, relative: string): string | undefined {
  const directory = path.join(root, path.dirname(relative));
  if (!fs.existsSync(directory)) {
    return undefined;
  }
  const name = path.basename(relative).toLowerCase();
  const entry = fs.readdirSync(directory).find((candidate) => candidate.toLowerCase() === name);
  return entry === undefined ? undefined : path.posix.join(path.dirname(relative), entry);
}

function writeFile(io: CliIo, root: string, relative: string, text: string): void {
  const file = path.join(root, relative);
  const before = readIfExists(file);
  if (before === text) {
    io.out(`unchanged ${relative}\n`);
    return;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  io.out(`${before === undefined ? 'created' : 'updated'} ${relative}\n`);
}

async function applyProtection(io: CliIo, git: GitRepository, repositoryOption: string | undefined, branch: string): Promise<number> {
  const token = io.env.GITHUB_TOKEN;
  const apiUrl = io.env.GITHUB_API_URL;
  if (!token || !apiUrl) {
    throw new CliUsageError('--apply-protection needs GITHUB_TOKEN (an account with admin rights) and GITHUB_API_URL (the REST API root).');
  }
  const url = await git.remoteUrl('origin');
  let repository = repositoryOption ? parseRepository(repositoryOption) : undefined;
  if (!repositoryOption && url) {
    repository = repositoryFromRemoteUrl(url);
  }
  if (!repository) {
    throw new CliUsageError('the GitHub repository is unknown; pass --repository owner/name.');
  }

  const host = new GitHubHost({ token, baseUrl: apiUrl });
  try {
    const info = await host.repository(repository);
    if (!info.admin) {
      io.err(`The account has no admin rights on ${formatRepository(repository)}, so branch protection was not changed. Ask an administrator to turn on the settings above.\n`);
      return 1;
    }
    await host.protectBranch(repository, branch, REVIEW_PROTECTION);
  } catch (error) {
    if (error instanceof HostError) {
      io.err(`Branch protection of ${formatRepository(repository)}:${branch} was not changed: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  io.out(`Branch protection of ${formatRepository(repository)}:${branch} now requires code-owner review, approval of the most recent push, dismisses stale approvals and requires the ${REVIEW_PROTECTION.requiredChecks.join(', ')} check.\n`);
  return 0;
}
