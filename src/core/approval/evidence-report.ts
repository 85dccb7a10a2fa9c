/**
 * The evidence report of one cycle, for supervisors and auditors, as Markdown and as a
 * self-contained HTML page (no scripts, no external resources, every string escaped).
 * Each section names the DORA or RTS 2024/1774 article it evidences.
 */
import type { Cycle } from '../model';
import { mdTable, mdText } from './markdown';
import { awaitsRetroactiveApproval } from './readiness';
import { PATCH_HEADER, patchCells, patchRows, RISK_HEADER, riskCells, riskRows, STEP_HEADER, stepCells, stepRows } from './summary';

/** One commit of the cycle file, as `git log --follow` reports it. */
export interface HistoryEntry {
  sha: string;
  authorName: string;
  authorEmail: string;
  authorDate: string;
  committerName: string;
  /** `%G?` of git log: G good, U good but untrusted, B bad, N none, and so on. */
  signature: string;
  signer: string;
  subject: string;
  path: string;
}

export interface ReviewEvidence {
  by: string;
  state: string;
  at: string;
  /** Whether the review signs off the cycle, and why not; absent when read from the cycle file. */
  counts?: boolean;
  reasons?: string[];
}

export interface PullRequestEvidence {
  /** `api` when read from the host at export time, `cycle` when taken from the approval block. */
  origin: 'api' | 'cycle';
  number: number;
  url: string;
  repository: string;
  state?: string;
  author?: string;
  reviews: ReviewEvidence[];
}

export interface EvidenceInput {
  cycle: Cycle;
  /** Path of the cycle file in the repository. */
  cyclePath: string;
  history: HistoryEntry[];
  pullRequest?: PullRequestEvidence;
  generatedAt: string;
  toolVersion: string;
  /** Names of the other files of the pack, listed with their checksums in manifest.sha256. */
  packFiles: string[];
  /** Validation errors of the cycle file when the pack was generated; the report opens with a notice when there are any. */
  validation?: ValidationSummary;
}

/** Count of a cycle's validation errors, and the first one, for the report's notice. */
export interface ValidationSummary {
  errors: number;
  first?: { code: string; line: number };
}

/** Text of the notice an invalid cycle's report opens with; undefined for a valid cycle. */
export function validationNotice(validation: ValidationSummary | undefined): string | undefined {
  if (!validation || validation.errors === 0) {
    return undefined;
  }
  const count = `${validation.errors} ${validation.errors === 1 ? 'error' : 'errors'}`;
  const first = validation.first ? ` (${validation.first.code} at line ${validation.first.line})` : '';
  return `The cycle file failed validation with ${count} when this pack was generated${first}. The records below may be incomplete or inconsistent.`;
}

type Block = { kind: 'fields'; rows: [string, string][] } | { kind: 'table'; header: string[]; rows: string[][] } | { kind: 'text'; text: string };

interface Section {
  id: string;
  title: string;
  /** The article the section evidences. */
  reference: string;
  blocks: Block[];
}

const SIGNATURES: Record<string, string> = {
  G: 'good signature',
  U: 'good signature, untrusted key',
  X: 'good signature, expired',
  Y: 'good signature, expired key',
  R: 'good signature, revoked key',
  B: 'bad signature',
  E: 'signature not checkable (key missing)',
  N: 'not signed'
};

export function evidenceSections(input: EvidenceInput): Section[] {
  const { cycle } = input;
  return [
    {
      id: 'cycle',
      title: 'Patch cycle',
      reference: 'DORA Art. 9(4)(e) and (f)',
      blocks: [
        {
          kind: 'fields',
          rows: [
            ['Cycle', cycle.id],
            ['Title', cycle.title],
            ['File', input.cyclePath],
            ['Template', cycle.template],
            ['Track', cycle.track],
            ['Requester', cycle.requester],
            ['Security Officers', cycle.securityOfficers.join(', ')],
            ['Created', cycle.created],
            ['Policy', `${cycle.policy?.document ?? ''} version ${cycle.policy?.version ?? ''}`],
            ['Notified', (cycle.notify ?? []).join(', ')]
          ]
        }
      ]
    },
    {
      id: 'systems',
      title: 'Systems in scope',
      reference: 'RTS 2024/1774 Art. 10(2)(b)',
      blocks: [{ kind: 'table', header: ['Id', 'Name', 'Critical or important function', 'Environment', 'Owner', 'ICT third-party provider'], rows: (cycle.systems ?? []).map((system) => [system.id, system.name, system.criticalFunction ? 'yes' : 'no', system.environment, system.owner, system.provider ?? '']) }]
    },
    {
      id: 'scans',
      title: 'Scans',
      reference: 'RTS 2024/1774 Art. 10(2)(b)',
      blocks: [{ kind: 'table', header: ['Id', 'Phase', 'Scanner', 'Format', 'Scanned at', 'Imported at', 'Systems', 'File'], rows: (cycle.scans ?? []).map((scan) => [scan.id, scan.phase, scan.scanner, scan.format, scan.scannedAt, scan.importedAt, scan.systems.join(', '), scan.file]) }]
    },
    {
      id: 'risk',
      title: 'Vulnerabilities, risk and decisions',
      reference: 'RTS 2024/1774 Art. 10',
      blocks: [
        { kind: 'table', header: RISK_HEADER, rows: riskRows(cycle).map(riskCells) },
        { kind: 'table', header: ['Id', 'Rationale', 'Existing controls'], rows: (cycle.vulnerabilities ?? []).map((vulnerability) => [vulnerability.id, vulnerability.assessment?.rationale ?? '', (vulnerability.assessment?.controls ?? []).join('; ')]) }
      ]
    },
    {
      id: 'threat-data',
      title: 'KEV and EPSS snapshots used',
      reference: 'RTS 2024/1774 Art. 10',
      blocks: [{ kind: 'table', header: ['Source', 'Version', 'Vulnerabilities'], rows: snapshotRows(cycle) }]
    },
    {
      id: 'patches',
      title: 'Patches, tests, fall-back plans and deployment',
      reference: 'RTS 2024/1774 Art. 8(2)(b) and Art. 17(1)(e)',
      blocks: [
        { kind: 'table', header: PATCH_HEADER, rows: patchRows(cycle).map(patchCells) },
        { kind: 'table', header: ['System', 'Backup', 'At', 'Integrity'], rows: (cycle.backups ?? []).map((backup) => [backup.system, backup.reference, backup.at, backup.integrity]) }
      ]
    },
    {
      id: 'steps',
      title: 'Steps and checklists: who completed what, and when',
      reference: 'DORA Art. 9(4)(e)',
      blocks: [{ kind: 'table', header: STEP_HEADER, rows: stepRows(cycle).map(stepCells) }]
    },
    {
      id: 'monitoring',
      title: 'Monitoring and feedback',
      reference: 'DORA Art. 13',
      blocks: monitoringBlocks(cycle)
    },
    {
      id: 'approval',
      title: 'Approval by the Security Officer',
      reference: 'RTS 2024/1774 Art. 17(1)(b); emergency track Art. 17(1)(f) and (g)',
      blocks: approvalBlocks(input)
    },
    {
      id: 'history',
      title: 'Git history of the cycle file',
      reference: 'DORA Art. 9(4)(e)',
      blocks: [
        { kind: 'text', text: 'Every commit that changed the cycle file, newest first, following renames (git log --follow).' },
        {
          kind: 'table',
          header: ['Commit', 'Author', 'Date', 'Committer', 'Signature', 'Subject', 'Path'],
          rows: input.history.map((entry) => [entry.sha, `${entry.authorName} <${entry.authorEmail}>`, entry.authorDate, entry.committerName, `${SIGNATURES[entry.signature] ?? entry.signature}${entry.signer ? ` (${entry.signer})` : ''}`, entry.subject, entry.path])
        }
      ]
    },
    {
      id: 'integrity',
      title: 'Files of this evidence pack',
      reference: 'DORA Art. 9(4)(e)',
      blocks: [{ kind: 'text', text: `manifest.sha256 lists the SHA-256 checksum of each file: ${input.packFiles.join(', ')}. Check them with \`sha256sum -c manifest.sha256\` in the pack's folder. Generated by patch-cycles ${input.toolVersion} at ${input.generatedAt}.` }]
    }
  ];
}

function snapshotRows(cycle: Cycle): string[][] {
  const kev = new Map<string, string[]>();
  const epss = new Map<string, string[]>();
  for (const vulnerability of cycle.vulnerabilities ?? []) {
    if (vulnerability.kev) {
      kev.set(vulnerability.kev.catalogVersion, [...(kev.get(vulnerability.kev.catalogVersion) ?? []), vulnerability.id]);
    }
    if (vulnerability.epss) {
      const key = `model ${vulnerability.epss.modelVersion}, scores of ${vulnerability.epss.scoreDate}`;
      epss.set(key, [...(epss.get(key) ?? []), vulnerability.id]);
    }
  }
  return [...[...kev].map(([version, ids]) => ['CISA KEV catalog', version, ids.join(', ')]), ...[...epss].map(([version, ids]) => ['FIRST EPSS', version, ids.join(', ')])];
}

function monitoringBlocks(cycle: Cycle): Block[] {
  const monitoring = cycle.monitoring;
  const feedback = cycle.feedback;
  const rows: [string, string][] = [
    ['Tools', (monitoring?.tools ?? []).map((tool) => tool.name).join(', ')],
    ['Period', monitoring?.period ? `${monitoring.period.start} – ${monitoring.period.end}` : ''],
    ['Closed early', monitoring?.closed ? `${monitoring.closed.at} by ${monitoring.closed.by}: ${monitoring.closed.reason}` : ''],
    ['Incidents', (monitoring?.incidents ?? []).join(', ')],
    ['Lessons learned', (feedback?.lessonsLearned ?? []).join('; ')],
    ['Follow-up actions', (feedback?.followUps ?? []).join('; ')],
    ['No feedback', feedback?.none ? `${feedback.none.reason} (${feedback.none.by}, ${feedback.none.at})` : '']
  ];
  return [
    { kind: 'fields', rows },
    { kind: 'table', header: ['By', 'At', 'Feedback'], rows: (feedback?.entries ?? []).map((entry) => [entry.by, entry.at, entry.text]) }
  ];
}

function approvalBlocks(input: EvidenceInput): Block[] {
  const { cycle, pullRequest } = input;
  const approval = cycle.approval;
  const blocks: Block[] = [];
  if (awaitsRetroactiveApproval(cycle)) {
    blocks.push({ kind: 'text', text: 'Emergency track: the patches were deployed and no retroactive approval is recorded yet. The cycle stays flagged until a Security Officer approves it.' });
  }
  blocks.push({
    kind: 'fields',
    rows: [
      ['Approved by', approval?.approvedBy ?? 'not approved'],
      ['Approved at', approval?.approvedAt ?? ''],
      ['Retroactive (emergency track)', approval?.retroactive ? 'yes' : 'no']
    ]
  });
  if (!pullRequest) {
    blocks.push({ kind: 'text', text: 'No pull request is recorded for this cycle.' });
    return blocks;
  }
  const origin = pullRequest.origin === 'api' ? `read from the API at ${input.generatedAt}` : 'taken from the approval block of the cycle file; the API was not reached';
  blocks.push({ kind: 'fields', rows: [['Pull request', `${pullRequest.repository}#${pullRequest.number}`], ['URL', pullRequest.url], ['State', pullRequest.state ?? ''], ['Opened by', pullRequest.author ?? ''], ['Reviews', origin]] });
  blocks.push({
    kind: 'table',
    header: ['Reviewer', 'State', 'At', 'Counts as sign-off', 'Why not'],
    rows: pullRequest.reviews.map((review) => [review.by, review.state, review.at, signOffLabel(review.counts), (review.reasons ?? []).join(' ')])
  });
  return blocks;
}

/** Label of the sign-off column; empty when the reviews came from the cycle file and were not judged. */
function signOffLabel(counts: boolean | undefined): string {
  if (counts === undefined) {
    return '';
  }
  return counts ? 'yes' : 'no';
}

export function renderEvidenceMarkdown(input: EvidenceInput): string {
  const parts = [`# Evidence: patch cycle ${mdText(input.cycle.id)}`];
  const notice = validationNotice(input.validation);
  if (notice) {
    parts.push(`> **Warning:** ${mdText(notice)}`);
  }
  parts.push(mdText(input.cycle.title));
  for (const section of evidenceSections(input)) {
    parts.push(`## ${mdText(section.title)}`, `*Evidences: ${mdText(section.reference)}*`);
    for (const block of section.blocks) {
      parts.push(markdownBlock(block));
    }
  }
  return parts.join('\n\n') + '\n';
}

function markdownBlock(block: Block): string {
  switch (block.kind) {
    case 'text':
      return mdText(block.text);
    case 'fields':
      return block.rows.map(([label, value]) => `- **${mdText(label)}:** ${mdText(value)}`).join('\n');
    case 'table':
      return block.rows.length === 0 ? '_None recorded._' : mdTable(block.header, block.rows);
  }
}

/** Escape text for HTML element content and attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character] as string);
}

const STYLE = `body{font-family:system-ui,sans-serif;margin:2rem;max-width:80rem;color:#1b1b1b}
table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.9rem}th,td{border:1px solid #bbb;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#eee}.reference{color:#555;font-style:italic}.notice{border:2px solid #b00020;background:#fdecea;padding:.5rem .75rem}dl{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem}dt{font-weight:600}`;

export function renderEvidenceHtml(input: EvidenceInput): string {
  const body: string[] = [`<h1>Evidence: patch cycle ${escapeHtml(input.cycle.id)}</h1>`];
  const notice = validationNotice(input.validation);
  if (notice) {
    body.push(`<p class="notice" role="alert"><strong>Warning:</strong> ${escapeHtml(notice)}</p>`);
  }
  body.push(`<p>${escapeHtml(input.cycle.title)}</p>`);
  for (const section of evidenceSections(input)) {
    body.push(`<section id="${escapeHtml(section.id)}">`, `<h2>${escapeHtml(section.title)}</h2>`, `<p class="reference">Evidences: ${escapeHtml(section.reference)}</p>`);
    for (const block of section.blocks) {
      body.push(htmlBlock(block));
    }
    body.push('</section>');
  }
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    // The page is opened from disk by auditors: it loads nothing and runs nothing.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>Evidence: patch cycle ${escapeHtml(input.cycle.id)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    ...body,
    '</body>',
    '</html>',
    ''
  ].join('\n');
}

function htmlBlock(block: Block): string {
  switch (block.kind) {
    case 'text':
      return `<p>${escapeHtml(block.text)}</p>`;
    case 'fields':
      return `<dl>${block.rows.map(([label, value]) => `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value || '—')}</dd>`).join('')}</dl>`;
    case 'table': {
      if (block.rows.length === 0) {
        return '<p><em>None recorded.</em></p>';
      }
      const head = `<tr>${block.header.map((cell) => `<th scope="col">${escapeHtml(cell)}</th>`).join('')}</tr>`;
      const rows = block.rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`).join('\n');
      return `<table>\n<thead>${head}</thead>\n<tbody>\n${rows}\n</tbody>\n</table>`;
    }
  }
}
