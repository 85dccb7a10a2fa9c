/**
 * Writes the evidence pack of one cycle into a folder: the cycle file as committed,
 * the report as Markdown and HTML, the CycloneDX VEX document, and `manifest.sha256`
 * in the format `sha256sum -c` reads.
 */
import { createHash, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderEvidenceHtml, renderEvidenceMarkdown, type EvidenceInput, type PullRequestEvidence } from '../core/approval/evidence-report';
import { HostError, parseRepository, type PullRequestHost } from '../core/approval/host';
import { evaluateReviews } from '../core/approval/independence';
import { cycleVex } from '../core/approval/vex';
import type { Cycle } from '../core/model';
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
    packFiles: Object.values(names)
  };
  const vex = cycleVex(cycle, { serialNumber: `urn:uuid:${randomUUID()}`, timestamp: generatedAt, toolVersion: options.toolVersion });

  const files: EvidenceFile[] = [
    { name: names.cycle, text: options.cycleText },
    { name: names.markdown, text: renderEvidenceMarkdown(input) },
    { name: names.html, text: renderEvidenceHtml(input) },
    { name: names.vex, text: `${JSON.stringify(vex, null, 2)}\n` }
  ];
  // sha256sum's text format: the hex digest, two spaces, the file name.
  const manifest = files.map((file) => `${createHash('sha256').update(Buffer.from(file.text, 'utf8')).digest('hex')}  ${file.name}`).join('\n') + '\n';
  files.push({ name: MANIFEST_NAME, text: manifest });
  return { files, reviewsFrom: pullRequest?.origin, apiProblem };
}

/** Build the pack and write it into `outDir`; resolves to the written paths, the manifest last. */
export async function writeEvidencePack(options: EvidencePackOptions & { outDir: string }): Promise<EvidencePack & { paths: string[] }> {
  const pack = await buildEvidencePack(options);
  fs.mkdirSync(options.outDir, { recursive: true });
  const paths = pack.files.map((file) => {
    const target = path.join(options.outDir, file.name);
    fs.writeFileSync(target, file.text, 'utf8');
    return target;
  });
  return { ...pack, paths };
}

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
