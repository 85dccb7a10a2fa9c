/**
 * Suggested priority order of a cycle's open vulnerabilities, with the reasons a person can
 * read. It is only a suggestion, so nothing here writes to the file. The "Prioritize Risks" view
 * applies it on a user action.
 *
 * Order (each key decides only when all earlier keys are equal):
 * 1. listed in the CISA KEV catalog (known exploited) before not listed;
 * 2. higher risk from the 5×5 matrix (impact × likelihood; a missing likelihood is taken from
 *    `suggestLikelihood`); a vulnerability without an impact comes after every assessed one;
 * 3. system supports a critical or important function (DORA Art. 3(22)) before not;
 * 4. higher EPSS probability; none counts as lowest;
 * 5. higher CVSS base score (the highest of the vulnerability's entries); none counts as lowest;
 * 6. advisory id, then vulnerability id, in code-point order, so the result is deterministic.
 */
import type { CvssEntry, Cycle, CycleSystem, Likelihood, RiskLevel, Vulnerability } from '../model';
import { isOpen } from '../workflow/gates';
import { LIKELIHOODS, RISK_LEVELS, riskLevel } from '../workflow/risk';

export interface LikelihoodSuggestion {
  likelihood: Likelihood;
  reasons: string[];
}

export interface PrioritySuggestion {
  /** Vulnerability id (`V-001`). */
  id: string;
  /** 1 is handled first; numbers run 1…n over the open vulnerabilities. */
  priority: number;
  reasons: string[];
  /** Present when the assessment has no likelihood yet. */
  suggestedLikelihood?: LikelihoodSuggestion;
}

/*
 * EPSS thresholds for the likelihood scale. EPSS is the probability of exploitation activity
 * in the next 30 days; these bands are a judgement of this product, not a FIRST mapping.
 * NOTE: teams with their own calibration should review them.
 */
const EPSS_BANDS: readonly [number, Likelihood][] = [
  [0.5, 'likely'],
  [0.1, 'possible'],
  [0.01, 'unlikely'],
  [0, 'rare']
];

/** Likelihood without EPSS or KEV, from the system's exposure alone. */
const EXPOSURE_LIKELIHOOD: Record<NonNullable<CycleSystem['exposure']>, Likelihood> = {
  internet: 'possible',
  partner: 'unlikely',
  internal: 'unlikely',
  isolated: 'rare'
};

/**
 * Suggest a likelihood. A KEV-listed vulnerability is almost certain. Otherwise the EPSS band
 * decides, one step up for an internet-facing system and one step down for an isolated one,
 * but never above likely, because only KEV shows exploitation in the wild. Without EPSS the
 * exposure decides, and an unknown exposure counts as possible.
 */
export function suggestLikelihood(vulnerability: Vulnerability, system: CycleSystem | undefined): LikelihoodSuggestion {
  if (vulnerability.kev) {
    const ransomware = vulnerability.kev.knownRansomwareCampaignUse === 'Known' ? ', used in ransomware campaigns' : '';
    return { likelihood: 'almost-certain', reasons: [`listed in CISA KEV since ${vulnerability.kev.dateAdded}${ransomware}`] };
  }

  const exposure = system?.exposure;
  const epss = vulnerability.epss;
  if (epss && Number.isFinite(epss.probability)) {
    const band = EPSS_BANDS.find(([threshold]) => epss.probability >= threshold)?.[1] ?? 'rare';
    let index = LIKELIHOODS.indexOf(band);
    const reasons = [`EPSS ${formatProbability(epss.probability)} on ${epss.scoreDate} gives ${band}`];
    if (exposure === 'internet' && index < LIKELIHOODS.indexOf('likely')) {
      index++;
      reasons.push(`one step up because system ${system?.id} is exposed to the internet`);
    } else if (exposure === 'isolated' && index > 0) {
      index--;
      reasons.push(`one step down because system ${system?.id} is isolated`);
    }
    return { likelihood: LIKELIHOODS[index], reasons };
  }

  if (exposure) {
    return { likelihood: EXPOSURE_LIKELIHOOD[exposure], reasons: [`no KEV or EPSS data; system ${system?.id} exposure is ${exposure}`] };
  }
  return { likelihood: 'possible', reasons: ['no KEV, EPSS or exposure data, so possible is assumed'] };
}

interface Ranked {
  vulnerability: Vulnerability;
  kev: boolean;
  risk: number;
  critical: boolean;
  epss: number;
  cvss: number;
  reasons: string[];
  suggestedLikelihood?: LikelihoodSuggestion;
}

/** Suggest priorities 1…n for the cycle's open vulnerabilities, each with its reasons. */
export function suggestPriorities(cycle: Cycle): PrioritySuggestion[] {
  const systems = new Map((Array.isArray(cycle.systems) ? cycle.systems : []).map((system) => [system.id, system]));
  const open = (Array.isArray(cycle.vulnerabilities) ? cycle.vulnerabilities : []).filter((vulnerability) => vulnerability && typeof vulnerability.id === 'string' && isOpen(vulnerability));

  const ranked = open.map((vulnerability) => rank(vulnerability, systems.get(vulnerability.system)));
  ranked.sort(compare);
  return ranked.map((entry, index) => {
    const suggestion: PrioritySuggestion = { id: entry.vulnerability.id, priority: index + 1, reasons: entry.reasons };
    if (entry.suggestedLikelihood) {
      suggestion.suggestedLikelihood = entry.suggestedLikelihood;
    }
    return suggestion;
  });
}

function rank(vulnerability: Vulnerability, system: CycleSystem | undefined): Ranked {
  const reasons: string[] = [];
  const assessment = vulnerability.assessment ?? {};

  const kev = vulnerability.kev !== undefined;
  if (kev) {
    reasons.push(`known exploited: listed in CISA KEV since ${vulnerability.kev?.dateAdded} (catalog ${vulnerability.kev?.catalogVersion})`);
  }

  const suggestedLikelihood = assessment.likelihood ? undefined : suggestLikelihood(vulnerability, system);
  const likelihood = assessment.likelihood ?? suggestedLikelihood?.likelihood;
  let risk: RiskLevel | undefined;
  if (assessment.impact && likelihood) {
    risk = riskLevel(assessment.impact, likelihood);
    const source = assessment.likelihood ? '' : ' (suggested)';
    reasons.push(`risk ${risk}: impact ${assessment.impact} × likelihood ${likelihood}${source}`);
  } else if (assessment.risk) {
    risk = assessment.risk;
    reasons.push(`risk ${risk} as recorded`);
  } else {
    reasons.push('no impact assessed yet, so it ranks after every assessed vulnerability');
  }

  const critical = system?.criticalFunction === true;
  if (critical) {
    reasons.push(`system ${system?.id} supports a critical or important function`);
  }

  const epss = vulnerability.epss && Number.isFinite(vulnerability.epss.probability) ? vulnerability.epss.probability : -1;
  if (epss >= 0) {
    reasons.push(`EPSS ${formatProbability(epss)} (percentile ${formatProbability(vulnerability.epss?.percentile ?? 0)}, ${vulnerability.epss?.scoreDate})`);
  }

  const best = (Array.isArray(vulnerability.cvss) ? vulnerability.cvss : [])
    .filter((entry) => Number.isFinite(entry?.baseScore))
    .reduce<CvssEntry | undefined>((max, entry) => (max === undefined || entry.baseScore > max.baseScore ? entry : max), undefined);
  if (best) {
    reasons.push(`CVSS ${best.version} base score ${best.baseScore} (${best.source})`);
  }

  return {
    vulnerability,
    kev,
    risk: risk ? RISK_LEVELS.indexOf(risk) : -1,
    critical,
    epss,
    cvss: best ? best.baseScore : -1,
    reasons,
    suggestedLikelihood
  };
}

function compare(a: Ranked, b: Ranked): number {
  return (
    Number(b.kev) - Number(a.kev) ||
    b.risk - a.risk ||
    Number(b.critical) - Number(a.critical) ||
    b.epss - a.epss ||
    b.cvss - a.cvss ||
    codePointCompare(a.vulnerability.advisory ?? '', b.vulnerability.advisory ?? '') ||
    codePointCompare(a.vulnerability.id, b.vulnerability.id)
  );
}

function codePointCompare(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  return a < b ? -1 : 1;
}

function formatProbability(value: number): string {
  return String(Math.round(value * 100000) / 100000);
}
