/**
 * Writes the evidence pack of one cycle into a folder: the cycle file as committed,
 * the report as Markdown and HTML, the CycloneDX VEX document, and `manifest.sha256`
 * in the format `sha256sum -c` reads.
 */
import { createHash, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderEvidenceHtml, renderEvidenceMarkdown, type EvidenceInput, type PullRequestEvidence, type ValidationSummary } from '../core/approval/evidence-report';
import { HostError, parseRepository, type PullRequestHost } from '../core/approval/host';
import { evaluateReviews } from '../core/approval/independence';
import { cycleVex } from '../core/approval/vex';
import type { Cycle } from '../core/model';
import { validateCycle } from '../core/validate';
import { GitRepository } from './git';

export interface EvidencePackOptions {
  /** Absolute path of the cycle file. */
  cycleFile: string;
  cycle: Cycle;
  cycleText: string;
  toolVersion: string;
  now: Date;
  /** Reads the pull request and its reviews; without it they come from the approval block. */
  host?: PullRequestHost;
}

export interface EvidenceFile {
  name: string;
  text: string;
}

export interface EvidencePack {
  /** The files of the pack, `manifest.sha256` last. */
  files: EvidenceFile[];
  /** Source of the reviews; undefined when no pull request is recorded. */
  reviewsFrom?: 'api' | 'cycle';
  /** Error that kept the API from being used although a host was given. */
  apiProblem?: string;
  /** Validation errors of the cycle; the report opens with a notice when there are any. */
  validation: ValidationSummary;
}

export const MANIFEST_NAME = 'manifest.sha256';

/** Build the files of the pack in memory; the caller writes them (Node's fs in the CLI, workspace.fs in the editor). */
export async function buildEvidencePack(options: EvidencePackOptions): Promise<EvidencePack> {
  const { cycle } = options;
  const git = new GitRepository(path.dirname(options.cycleFile));
  const root = await git.root();
  const repository = new GitRepository(root);
  const relativePath = path.relative(root, options.cycleFile).split(path.sep).join('/');
  const history = await repository.fileHistory(relativePath);
  const { pullRequest, apiProblem } = await pullRequestEvidence(cycle, options.host);

  const base = safeName(cycle.id);
  const names = {
    cycle: path.basename(options.cycleFile),
    markdown: `${base}.evidence.md`,
    html: `${base}.evidence.html`,
    vex: `${base}.vex.cdx.json`
  };
  const generatedAt = options.now.toISOString();
  const input: EvidenceInput = {
    cycle,
    cyclePath: relativePath,
    history,
    pullRequest,
    generatedAt,
    toolVersion: options.toolVersion,
    packFiles: Object.values(names),
    validation: validationSummary(options.cycleText, options.now)
  };
  const vex = cycleVex(cycle, { serialNumber: `urn:uuid:${randomUUID()}`, timestamp: generatedAt, toolVersion: options.toolVersion });

  const files: EvidenceFile[] = [
    { name: names.cycle, text: options.cycleText },
    { name: names.markdown, text: renderEvidenceMarkdown(input) },
    { name: names.html, text: renderEvidenceHtml(input) },
    { name: names.vex, text: `${JSON.stringify(vex, null, 2)}\n` }
  ];
  const manifest = files.map((file) => manifestLine(createHash('sha256').update(Buffer.from(file.text, 'utf8')).digest('hex'), file.name)).join('\n') + '\n';
  files.push({ name: MANIFEST_NAME, text: manifest });
  return { files, reviewsFrom: pullRequest?.origin, apiProblem, validation: input.validation ?? { errors: 0 } };
}

/**
 * Write one line of sha256sum's text format: the hex digest, two spaces, the file name.
 * Like GNU coreutils, escape `\\`, `\n` and `\r` in a name and start that line with a
 * backslash, so `sha256sum -c` reads it back.
 */
export function manifestLine(digest: string, name: string): string {
  if (!/[\\\n\r]/.test(name)) {
    return `${digest}  ${name}`;
  }
  const escaped = name.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
  return `\\${digest}  ${escaped}`;
}

function validationSummary(text: string, now: Date): ValidationSummary {
  const errors = validateCycle(text, { now }).diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
  const first = errors[0];
  return { errors: errors.length, first: first ? { code: first.code, line: first.range.start.line } : undefined };
}

/** Build the pack and write it into `outDir`; resolves to the written paths, the manifest last. */
export async function writeEvidencePack(options: EvidencePackOptions & { outDir: string }): Promise<EvidencePack & { paths: string[] }> {
  const pack = await buildEvidencePack(options);
  fs.mkdirSync(options.outDir, { recursive: true });
  const paths = pack.files.map((file) => {
    const target = path.join(options.outDir, file.name);
    writeNewFile(target, file.text);
    return target;
  });
  return { ...pack, paths };
}

/**
 * Replace `target` without following a symlink there: remove what is at the path, then
 * create the file with O_EXCL, which fails rather than write through a link that
 * appeared in between.
 */
function writeNewFile(target: string, text: string): void {
  let existing: fs.Stats | undefined;
  try {
    existing = fs.lstatSync(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw error;
    }
  }
  if (existing?.isDirectory()) {
    throw new EvidenceWriteError(`${target} is a folder; remove it or choose another --out folder.`);
  }
  if (existing) {
    fs.unlinkSync(target);
  }
  try {
    fs.writeFileSync(target, text, { encoding: 'utf8', flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new EvidenceWriteError(`${target} was created by another process while the pack was written; nothing was written through it. Export the pack again into a folder only you write to.`);
    }
    throw error;
  }
}

/** Error for a pack file that could not be written without following a link. */
export class EvidenceWriteError extends Error {}

async function pullRequestEvidence(cycle: Cycle, host: PullRequestHost | undefined): Promise<{ pullRequest?: PullRequestEvidence; apiProblem?: string }> {
  const recorded = cycle.approval?.pullRequest;
  if (!recorded) {
    return {};
  }
  const fromCycle: PullRequestEvidence = { origin: 'cycle', number: recorded.number, url: recorded.url, repository: recorded.repository, reviews: (cycle.approval?.reviews ?? []).map((review) => ({ ...review })) };
  const repository = parseRepository(recorded.repository);
  if (!host || !repository) {
    return { pullRequest: fromCycle };
  }
  try {
    const pullRequest = await host.pullRequest(repository, recorded.number);
    const reviews = await host.reviews(repository, recorded.number);
    // The tool commits the approval record after the reviewed commit, so any commit is accepted here.
    // `patch-cycles check` compares the reviewed commit with the head.
    const evaluation = await evaluateReviews(reviews, { cycle, pullRequest, isTeamMember: (team, login) => host.isTeamMember(team, login), coversHead: () => Promise.resolve(true) });
    return {
      pullRequest: {
        origin: 'api',
        number: pullRequest.number,
        url: pullRequest.url,
        repository: recorded.repository,
        state: pullRequest.merged ? 'merged' : pullRequest.state,
        author: pullRequest.author,
        reviews: evaluation.verdicts.map((verdict) => ({ by: verdict.review.by, state: verdict.review.state, at: verdict.review.at, counts: verdict.counts, reasons: verdict.reasons }))
      }
    };
  } catch (error) {
    if (!(error instanceof HostError)) {
      throw error;
    }
    return { pullRequest: fromCycle, apiProblem: error instanceof Error ? error.message : String(error) };
  }
}

function safeName(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '') || 'cycle';
}
