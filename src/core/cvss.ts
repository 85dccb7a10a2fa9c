/**
 * CVSS base scores computed from the vector with ae-cvss-calculator (FIRST CVSS v2.0, v3.0,
 * v3.1 and v4.0). A score printed in a scanner report is never copied: the importer keeps
 * the computed score and reports a claimed score that differs.
 *
 * The library accepts incomplete vectors (it fills missing metrics with "not defined") and
 * throws on some malformed ones. So `checkBaseMetrics` checks every vector first: a known
 * prefix, every metric once, and every mandatory base metric with a value the version defines.
 */
import { Cvss2, Cvss3P0, Cvss3P1, Cvss4P0 } from 'ae-cvss-calculator';
import type { CvssEntry } from './model';

export type CvssVersion = CvssEntry['version'];
export type CvssSeverity = CvssEntry['severity'];

export interface CvssScore {
  version: CvssVersion;
  /** The vector as read, with the `CVSS:3.1/` prefix added when the report left it out. */
  vector: string;
  /**
   * v2 and v3.x: the base score (temporal and environmental metrics do not change it).
   * v4.0: the score of the vector as written (CVSS-B, -BT, -BE or -BTE by the metrics present),
   * because v4.0 defines one score per vector.
   */
  baseScore: number;
  severity: CvssSeverity;
}

export type CvssResult = { ok: true; score: CvssScore } | { ok: false; reason: string };

// Mandatory base metrics and their allowed values per version (FIRST specification documents).
const BASE_METRICS: Record<'2.0' | '3' | '4.0', Record<string, readonly string[]>> = {
  '2.0': {
    AV: ['L', 'A', 'N'],
    AC: ['H', 'M', 'L'],
    Au: ['M', 'S', 'N'],
    C: ['N', 'P', 'C'],
    I: ['N', 'P', 'C'],
    A: ['N', 'P', 'C']
  },
  '3': {
    AV: ['N', 'A', 'L', 'P'],
    AC: ['L', 'H'],
    PR: ['N', 'L', 'H'],
    UI: ['N', 'R'],
    S: ['U', 'C'],
    C: ['H', 'L', 'N'],
    I: ['H', 'L', 'N'],
    A: ['H', 'L', 'N']
  },
  '4.0': {
    AV: ['N', 'A', 'L', 'P'],
    AC: ['L', 'H'],
    AT: ['N', 'P'],
    PR: ['N', 'L', 'H'],
    UI: ['N', 'P', 'A'],
    VC: ['H', 'L', 'N'],
    VI: ['H', 'L', 'N'],
    VA: ['H', 'L', 'N'],
    SC: ['H', 'L', 'N'],
    SI: ['H', 'L', 'N'],
    SA: ['H', 'L', 'N']
  }
};

/** Upper bound on a vector's length; the longest valid v4.0 vector is far shorter. */
const MAX_VECTOR_LENGTH = 400;

/**
 * Compute the base score of `vector`. `versionHint` (from the report, e.g. Grype's `version`
 * field or CycloneDX's `CVSSv31` method) decides between v3.0 and v3.1 when the vector has
 * no prefix. Without a hint such a vector is read as v3.1, the version scanners publish today.
 */
export function scoreVector(vector: string, versionHint?: string): CvssResult {
  const trimmed = vector.trim();
  if (trimmed.length === 0) {
    return { ok: false, reason: 'the CVSS vector is empty' };
  }
  if (trimmed.length > MAX_VECTOR_LENGTH) {
    return { ok: false, reason: `the CVSS vector is ${trimmed.length} characters long, more than ${MAX_VECTOR_LENGTH}` };
  }

  const version = detectVersion(trimmed, versionHint);
  if (!version) {
    return { ok: false, reason: `"${trimmed}" is not a CVSS v2, v3.0, v3.1 or v4.0 vector` };
  }
  const normalized = version === '3.0' || version === '3.1' ? withPrefix(trimmed, `CVSS:${version}/`) : trimmed;

  const problem = checkBaseMetrics(normalized, version);
  if (problem) {
    return { ok: false, reason: `CVSS ${version} vector "${trimmed}": ${problem}` };
  }

  let baseScore: number;
  try {
    baseScore = computeScore(normalized, version);
  } catch (error) {
    return { ok: false, reason: `CVSS ${version} vector "${trimmed}" could not be scored: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (!Number.isFinite(baseScore) || baseScore < 0 || baseScore > 10) {
    return { ok: false, reason: `CVSS ${version} vector "${trimmed}" gave the score ${String(baseScore)}, outside 0–10` };
  }

  return { ok: true, score: { version, vector: normalized, baseScore, severity: severityOf(baseScore, version) } };
}

/**
 * Rate a score. v3.x and v4.0 use the FIRST qualitative scale: 0 none, 0.1–3.9 low,
 * 4.0–6.9 medium, 7.0–8.9 high, 9.0–10 critical. NVD rates v2 scores without "none" and
 * "critical": 0–3.9 low, 4.0–6.9 medium, 7.0–10 high.
 */
export function severityOf(score: number, version: CvssVersion): CvssSeverity {
  if (version !== '2.0' && score === 0) {
    return 'none';
  }
  if (score < 4) {
    return 'low';
  }
  if (score < 7) {
    return 'medium';
  }
  if (version === '2.0' || score < 9) {
    return 'high';
  }
  return 'critical';
}

function detectVersion(vector: string, hint: string | undefined): CvssVersion | undefined {
  if (vector.startsWith('CVSS:4.0/')) {
    return '4.0';
  }
  if (vector.startsWith('CVSS:3.1/')) {
    return '3.1';
  }
  if (vector.startsWith('CVSS:3.0/')) {
    return '3.0';
  }
  if (vector.startsWith('CVSS:')) {
    return undefined;
  }
  // Without a prefix: v2 has Au (authentication), v3 has PR and UI.
  const keys = new Set(vector.replace(/^\(|\)$/g, '').split('/').map((part) => part.split(':')[0]));
  if (keys.has('Au')) {
    return '2.0';
  }
  if (keys.has('PR') && keys.has('UI')) {
    return normalizeHint(hint) === '3.0' ? '3.0' : '3.1';
  }
  return undefined;
}

function normalizeHint(hint: string | undefined): string | undefined {
  if (!hint) {
    return undefined;
  }
  const compact = hint.toLowerCase().replace(/[^0-9]/g, '');
  if (compact === '30' || compact === '3') {
    return '3.0';
  }
  return compact === '31' ? '3.1' : undefined;
}

function withPrefix(vector: string, prefix: string): string {
  return vector.startsWith('CVSS:') ? vector : prefix + vector;
}

function checkBaseMetrics(vector: string, version: CvssVersion): string | undefined {
  const body = vector.replace(/^CVSS:[0-9.]+\//, '').replace(/^\(|\)$/g, '');
  const required = BASE_METRICS[version === '3.0' || version === '3.1' ? '3' : version];
  const seen = new Map<string, string>();
  for (const part of body.split('/')) {
    const match = /^([A-Za-z]+):([A-Za-z]+)$/.exec(part);
    if (!match) {
      return `"${part}" is not a metric:value pair`;
    }
    const [, metric, value] = match;
    if (seen.has(metric)) {
      return `the metric ${metric} appears twice`;
    }
    seen.set(metric, value);
  }
  for (const [metric, allowed] of Object.entries(required)) {
    const value = seen.get(metric);
    if (value === undefined) {
      return `the base metric ${metric} is missing`;
    }
    if (!allowed.includes(value)) {
      return `${metric}:${value} is not a valid value (expected one of ${allowed.join(', ')})`;
    }
  }
  return undefined;
}

function computeScore(vector: string, version: CvssVersion): number {
  switch (version) {
    case '2.0':
      return new Cvss2(vector).calculateScores().base ?? Number.NaN;
    case '3.0':
      return new Cvss3P0(vector).calculateScores().base ?? Number.NaN;
    case '3.1':
      return new Cvss3P1(vector).calculateScores().base ?? Number.NaN;
    case '4.0':
      return new Cvss4P0(vector).calculateScores().overall;
  }
}

/** Compare a score claimed by a report with the computed one, at one decimal. */
export function scoresDiffer(claimed: number, computed: number): boolean {
  return Math.round(claimed * 10) !== Math.round(computed * 10);
}
