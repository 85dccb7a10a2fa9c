/**
 * A CycloneDX 1.6 VEX document (JSON) of a cycle: one component per affected package and
 * system, one vulnerability per cycle vulnerability, with the decision and verification
 * stated as `analysis`. Mapping of the cycle to `analysis.state` and `response`:
 *
 * - verified fixed → `resolved` (response `update` when the decision was to patch);
 * - verified still open → `exploitable`, the follow-up in `detail`;
 * - decision patch → `exploitable`, response `update`;
 * - decision mitigate → `exploitable`, response `workaround_available`;
 * - decision accept → `exploitable`, response `will_not_fix`;
 * - decision defer → `exploitable`, response `update`, the expiry in `detail`;
 * - no decision yet → `in_triage`.
 */
import type { CvssEntry, Cycle, Vulnerability } from '../model';
import { firstDeployment } from './readiness';

export interface VexOptions {
  /** `urn:uuid:…`, new for every export. */
  serialNumber: string;
  timestamp: string;
  toolVersion: string;
}

type Json = Record<string, unknown>;

const CVSS_METHODS: Record<CvssEntry['version'], string> = { '2.0': 'CVSSv2', '3.0': 'CVSSv3', '3.1': 'CVSSv31', '4.0': 'CVSSv4' };

export function cycleVex(cycle: Cycle, options: VexOptions): Json {
  const components = new Map<string, Json>();
  const vulnerabilities = (cycle.vulnerabilities ?? []).map((vulnerability) => {
    const ref = componentRef(vulnerability);
    if (!components.has(ref)) {
      components.set(ref, component(vulnerability, ref));
    }
    return vexVulnerability(cycle, vulnerability, ref);
  });

  return {
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: options.serialNumber,
    version: 1,
    metadata: {
      timestamp: options.timestamp,
      tools: { components: [{ type: 'application', name: 'patch-cycles', version: options.toolVersion }] },
      properties: [
        { name: 'patch-cycles:cycle', value: cycle.id },
        { name: 'patch-cycles:title', value: cycle.title },
        { name: 'patch-cycles:track', value: cycle.track },
        { name: 'patch-cycles:policy', value: `${cycle.policy?.document ?? ''} ${cycle.policy?.version ?? ''}`.trim() },
        ...(cycle.approval?.approvedBy ? [{ name: 'patch-cycles:approved-by', value: cycle.approval.approvedBy }] : [])
      ]
    },
    components: [...components.values()],
    vulnerabilities
  };
}

function componentRef(vulnerability: Vulnerability): string {
  const { name, purl, installed } = vulnerability.component;
  return `${vulnerability.system}/${purl ?? `${name}@${installed ?? 'unknown'}`}`;
}

function component(vulnerability: Vulnerability, ref: string): Json {
  const { name, purl, installed } = vulnerability.component;
  return {
    type: 'library',
    'bom-ref': ref,
    name,
    ...(installed ? { version: installed } : {}),
    ...(purl ? { purl } : {}),
    properties: [{ name: 'patch-cycles:system', value: vulnerability.system }]
  };
}

function vexVulnerability(cycle: Cycle, vulnerability: Vulnerability, ref: string): Json {
  const patches = (cycle.patches ?? []).filter((patch) => patch.fixes.includes(vulnerability.id));
  const assessment = vulnerability.assessment ?? {};
  const properties = [
    ['impact', assessment.impact],
    ['likelihood', assessment.likelihood],
    ['risk', assessment.risk],
    ['priority', assessment.priority === undefined ? undefined : String(assessment.priority)],
    ['decision', assessment.decision],
    ['kev', vulnerability.kev ? `added ${vulnerability.kev.dateAdded}, catalog ${vulnerability.kev.catalogVersion}` : undefined],
    ['epss', vulnerability.epss ? `${vulnerability.epss.probability} (percentile ${vulnerability.epss.percentile}, ${vulnerability.epss.scoreDate}, model ${vulnerability.epss.modelVersion})` : undefined]
  ]
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
    .map(([name, value]) => ({ name: `patch-cycles:${name}`, value }));

  const advisories = patches.filter((patch) => patch.advisory && /^https?:\/\//.test(patch.advisory)).map((patch) => ({ title: patch.title, url: patch.advisory as string }));
  const updated = vulnerability.verification?.at ?? firstDeployment(cycle);
  return {
    'bom-ref': `vulnerability/${vulnerability.id}`,
    id: vulnerability.advisory,
    ...sourceOf(vulnerability.advisory),
    ...(vulnerability.aliases?.length ? { references: vulnerability.aliases.map((alias) => ({ id: alias, ...sourceOrOther(alias) })) } : {}),
    ratings: (vulnerability.cvss ?? []).map((entry) => ({
      source: { name: entry.source },
      score: entry.baseScore,
      severity: entry.severity,
      method: CVSS_METHODS[entry.version],
      vector: entry.vector
    })),
    description: vulnerability.title,
    ...(vulnerability.description ? { detail: vulnerability.description } : {}),
    ...(patches.length > 0 ? { recommendation: patches.map((patch) => `${patch.id}: ${patch.title} (${patch.version})`).join('; ') } : {}),
    ...(advisories.length > 0 ? { advisories } : {}),
    ...(updated ? { updated: toDateTime(updated) } : {}),
    analysis: analysisOf(vulnerability, patches.map((patch) => patch.id)),
    affects: [{ ref }],
    ...(properties.length > 0 ? { properties } : {})
  };
}

function analysisOf(vulnerability: Vulnerability, patchIds: string[]): Json {
  const assessment = vulnerability.assessment ?? {};
  const verification = vulnerability.verification;
  const rationale = assessment.rationale ? ` Rationale: ${assessment.rationale}` : '';

  if (verification?.result === 'fixed') {
    const by = patchIds.length > 0 ? ` by ${patchIds.join(', ')}` : '';
    return {
      state: 'resolved',
      ...(assessment.decision === 'patch' ? { response: ['update'] } : {}),
      detail: `Fixed${by}; verified by ${verification.by} at ${verification.at} (evidence ${verification.evidence}).`,
      lastUpdated: toDateTime(verification.at)
    };
  }
  if (verification?.result === 'still-open') {
    return {
      state: 'exploitable',
      detail: `Still open after deployment, verified by ${verification.by} at ${verification.at} (evidence ${verification.evidence}).${verification.followUp ? ` Carried into ${verification.followUp}.` : ''}`,
      lastUpdated: toDateTime(verification.at)
    };
  }
  switch (assessment.decision) {
    case 'patch':
      return { state: 'exploitable', response: ['update'], detail: `Decision: patch${patchIds.length > 0 ? ` with ${patchIds.join(', ')}` : ''}.${rationale}` };
    case 'mitigate':
      return { state: 'exploitable', response: ['workaround_available'], detail: `Decision: mitigate.${rationale}` };
    case 'accept':
      return { state: 'exploitable', response: ['will_not_fix'], detail: `Decision: accept the risk${assessment.expires ? ` until ${assessment.expires}` : ''}.${rationale}` };
    case 'defer':
      return { state: 'exploitable', response: ['update'], detail: `Decision: defer${assessment.expires ? ` until ${assessment.expires}` : ''}.${rationale}` };
    default:
      return { state: 'in_triage', detail: 'No decision recorded yet.' };
  }
}

function sourceOf(advisory: string): Json {
  const source = sourceOrOther(advisory).source;
  return source ? { source } : {};
}

function sourceOrOther(advisory: string): { source?: Json } {
  if (/^CVE-\d{4}-\d+$/i.test(advisory)) {
    return { source: { name: 'NVD', url: `https://nvd.nist.gov/vuln/detail/${advisory.toUpperCase()}` } };
  }
  if (/^GHSA(-[23456789cfghjmpqrvwx]{4}){3}$/i.test(advisory)) {
    return { source: { name: 'GitHub', url: `https://github.com/advisories/${advisory}` } };
  }
  return {};
}

/** CycloneDX date-times are ISO 8601 with a time; a plain date becomes midnight UTC. */
function toDateTime(value: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value;
}
