/**
 * What `patch-cycles setup` and "Set Up Approvals…" write into a repository so that a
 * Security Officer's review is mandatory for cycle files: a CODEOWNERS entry, a GitHub
 * Actions workflow, a pull-request template, and the branch-protection settings to turn on.
 */
import type { ReviewProtection } from './host';

export const CODEOWNERS_BEGIN = '# BEGIN patch-cycles: the Security Officers own the patch cycle files.';
export const CODEOWNERS_END = '# END patch-cycles';
export const WORKFLOW_PATH = '.github/workflows/patch-cycles.yml';
/** The job name, which is also the status check name branch protection requires. */
export const CHECK_NAME = 'patch-cycles';
export const CLI_PACKAGE = 'dora-patch-cycles';

/** Where GitHub looks for CODEOWNERS, in the order it looks. */
export const CODEOWNERS_LOCATIONS = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'];

/** Default pull-request template locations GitHub uses; the first existing one is the default. */
export const PULL_REQUEST_TEMPLATE_LOCATIONS = ['.github/pull_request_template.md', 'pull_request_template.md', 'docs/pull_request_template.md'];
/** Used when the repository already has a default template, which setup never replaces. */
export const NAMED_PULL_REQUEST_TEMPLATE = '.github/PULL_REQUEST_TEMPLATE/patch-cycle.md';

export const REVIEW_PROTECTION: ReviewProtection = {
  requireCodeOwnerReviews: true,
  requireLastPushApproval: true,
  dismissStaleReviews: true,
  requiredApprovingReviewCount: 1,
  requiredChecks: [CHECK_NAME]
};

/** Normalise officers for CODEOWNERS: `@login` or `@org/team`. */
export function codeownersOwner(officer: string): string {
  const trimmed = officer.trim();
  return trimmed.startsWith('@') ? trimmed : `@${trimmed}`;
}

export function isValidOfficer(officer: string): boolean {
  return /^@?[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\/[A-Za-z0-9._-]+)?$/.test(officer.trim());
}

/**
 * Add or replace the patch-cycles block of a CODEOWNERS file. Every other line stays byte
 * for byte. The block goes last because the last matching pattern wins in CODEOWNERS, so
 * an earlier catch-all (`*`) entry cannot take the cycle files away from the officers.
 */
export function mergeCodeowners(existing: string | undefined, officers: readonly string[]): string {
  const text = existing ?? '';
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const owners = officers.map(codeownersOwner).join(' ');
  const block = [CODEOWNERS_BEGIN, `**/*.cycle.yaml ${owners}`, `**/*.cycle.yml ${owners}`, CODEOWNERS_END].join(newline) + newline;

  const start = text.indexOf(CODEOWNERS_BEGIN);
  if (start >= 0) {
    const endMarker = text.indexOf(CODEOWNERS_END, start);
    if (endMarker >= 0) {
      let end = endMarker + CODEOWNERS_END.length;
      if (text.startsWith(newline, end)) {
        end += newline.length;
      }
      const after = text.slice(end);
      if (after.trim() === '') {
        return text.slice(0, start) + block + after;
      }
      // Keep the block last: move it to the end when entries were added after it.
      let before = text.slice(0, start);
      if (before.endsWith(newline + newline)) {
        before = before.slice(0, -newline.length);
      }
      return appendBlock(before + after, block, newline);
    }
  }
  return appendBlock(text, block, newline);
}

/** Append the block after one blank line. */
function appendBlock(text: string, block: string, newline: string): string {
  if (text === '') {
    return block;
  }
  const separator = text.endsWith(newline + newline) ? '' : text.endsWith(newline) ? newline : newline + newline;
  return text + separator + block;
}

/** Render the workflow that runs `validate` and `check` on pull requests, with the CLI pinned to `cliVersion`. */
export function workflowYaml(cliVersion: string): string {
  const cli = `npx --yes --package=${CLI_PACKAGE}@${cliVersion} -- patch-cycles`;
  return `# Written by \`patch-cycles setup\`. Validates patch cycle files and checks that an
# independent Security Officer approved a pull request that completes a cycle.
# The CLI version is pinned; run setup again with --cli-version to change it.
name: patch-cycles

on:
  pull_request:
    types: [opened, synchronize, reopened, ready_for_review]
  # A review changes the outcome of the approval check, so it runs again on each one.
  pull_request_review:
    types: [submitted, dismissed]

permissions:
  contents: read
  pull-requests: read

jobs:
  ${CHECK_NAME}:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          # check compares with the merge base and reads reviewed commits.
          fetch-depth: 0
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - name: Validate cycle files
        run: ${cli} validate --format github
      - name: Check transitions and the Security Officer's approval
        run: ${cli} check --format github
        env:
          # A token that can read organisation teams is needed when securityOfficers
          # names a team; store one as the PATCH_CYCLES_TOKEN secret.
          GITHUB_TOKEN: \${{ secrets.PATCH_CYCLES_TOKEN || github.token }}
`;
}

/** First line of the template setup writes, so a later run recognises its own file. */
export const TEMPLATE_MARKER = '<!-- Written by `patch-cycles setup`.';

export function pullRequestTemplate(): string {
  return `${TEMPLATE_MARKER} Request Approval in VS Code fills this in for you. -->
## Patch cycle

- Cycle file:
- Track: standard / emergency

## What the Security Officer approves

- [ ] Steps 1 to 10 are done or skipped with a reason (\`patch-cycles validate\` passes)
- [ ] The risk table, patches, test results and fall-back plans are in the cycle file
- [ ] Verification scan results are recorded

The approval counts only from a Security Officer who is neither the requester, nor an
implementer recorded in the cycle, nor the author of this pull request.
`;
}

/** List the branch-protection settings as the lines `setup` prints. */
export function protectionInstructions(branch: string): string[] {
  return [
    `Branch protection for ${branch} (Settings → Branches → Branch protection rules):`,
    '  - Require a pull request before merging',
    '  - Require review from Code Owners',
    '  - Require approval of the most recent reviewable push',
    '  - Dismiss stale pull request approvals when new commits are pushed',
    `  - Require status checks to pass: ${CHECK_NAME}`
  ];
}
