/**
 * `patch-cycles evidence`: export the evidence pack of one cycle (Markdown and HTML
 * report, CycloneDX VEX, the cycle file, a SHA-256 manifest).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadCycleRevision } from '../../core/approval/transitions';
import { GitError } from '../../node/git';
import { EvidenceWriteError, writeEvidencePack } from '../../node/evidence';
import { GitHubHost } from '../../node/github';
import { parseOptions, stringOption } from '../args';
import { CliUsageError, type CliCommand, type CliIo } from '../io';

const HELP = `Usage: patch-cycles evidence <cycle file> --out <dir>

Write the evidence pack of a cycle into <dir>:
  <id>.evidence.md, <id>.evidence.html  the report, each section tagged with the DORA or
                                        RTS 2024/1774 article it evidences
  <id>.vex.cdx.json                     CycloneDX 1.6 VEX of the vulnerabilities and decisions
  the cycle file                        as it is in the working tree
  manifest.sha256                       checksums; verify with \`sha256sum -c manifest.sha256\`

The cycle file must be inside a git repository: its history (commits, authors, dates,
signatures) goes into the report. With GITHUB_TOKEN and GITHUB_API_URL set, the pull
request's reviews are read from the API; otherwise they come from the approval block.

A cycle that fails validation is still exported: a warning names the error count and
the report opens with a notice saying so. Files already in <dir> are removed and written
anew, so a symbolic link there is replaced, never written through.

Options:
  --out <dir>   folder to write into (created when missing; files in it are replaced)

Exit codes: 0 written, 1 the cycle cannot be loaded, 2 usage, git or I/O error.
`;

export const evidenceCommand: CliCommand = {
  name: 'evidence',
  summary: 'Export a cycle\'s evidence pack (report, VEX, SHA-256 manifest)',
  help: HELP,
  run: runEvidence
};

async function runEvidence(args: string[], io: CliIo): Promise<number> {
  const parsed = parseOptions(args, { out: { type: 'string' } }, 'evidence');
  const outDir = path.resolve(io.cwd, stringOption(parsed, 'out', true, 'evidence'));
  if (parsed.positionals.length !== 1) {
    throw new CliUsageError('name exactly one cycle file, e.g. `patch-cycles evidence cycles/2026-12.cycle.yaml --out evidence/`.');
  }
  const cycleFile = path.resolve(io.cwd, parsed.positionals[0]);

  let cycleText: string;
  try {
    cycleText = fs.readFileSync(cycleFile, 'utf8');
  } catch (error) {
    throw new CliUsageError(`cannot read ${parsed.positionals[0]}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`);
  }
  const revision = loadCycleRevision(cycleText);
  if (!revision.cycle) {
    io.err(`${parsed.positionals[0]}: the cycle cannot be loaded; run \`patch-cycles validate ${parsed.positionals[0]}\` and fix the errors first.\n`);
    return 1;
  }

  const token = io.env.GITHUB_TOKEN;
  const apiUrl = io.env.GITHUB_API_URL;
  const host = token && apiUrl ? new GitHubHost({ token, baseUrl: apiUrl }) : undefined;
  try {
    const pack = await writeEvidencePack({ cycleFile, cycle: revision.cycle, cycleText, outDir, toolVersion: io.version, now: new Date(), host });
    const errors = pack.validation.errors;
    if (errors > 0) {
      const file = parsed.positionals[0];
      io.err(`Warning: ${file} fails validation with ${errors} ${errors === 1 ? 'error' : 'errors'}; the pack was written with a notice saying so. Run \`patch-cycles validate ${file}\` and fix it before handing the pack to an auditor.\n`);
    }
    if (pack.apiProblem) {
      io.err(`The pull request could not be read from the API (${pack.apiProblem}); the reviews come from the approval block.\n`);
    }
    for (const file of pack.paths) {
      io.out(`${path.relative(io.cwd, file) || file}\n`);
    }
    return 0;
  } catch (error) {
    if (error instanceof EvidenceWriteError) {
      throw new CliUsageError(error.message);
    }
    if (error instanceof GitError) {
      throw new CliUsageError(`${parsed.positionals[0]} must be inside a git repository to export its history (${error.stderr.trim()}).`);
    }
    throw error;
  }
}
