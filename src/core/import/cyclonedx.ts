/**
 * CycloneDX 1.4–1.6 JSON with `vulnerabilities` (a BOM with findings, or a VEX document).
 * One finding per vulnerability and affected component (`affects[].ref`, resolved through the
 * components' `bom-ref`, nested components and `metadata.component` included). Category
 * application. VEX `analysis.state` decides: `not_affected`, `false_positive`, `resolved` and
 * `resolved_with_pedigree` are skipped with the state and justification as the reason;
 * `exploitable`, `in_triage` or no analysis are imported.
 */
import { primaryAdvisory } from './advisory';
import type { Finding, ParsedReport, ReportedCvss } from './types';
import { ReportError } from './types';
import { asArray, asNumber, asObject, asString, oneLine, scanTimeText, stringArray, typeName, type JsonObject } from './values';

const CLOSED_STATES = new Set(['not_affected', 'false_positive', 'resolved', 'resolved_with_pedigree']);

/** CVSS version of a rating `method`; `CVSSv3` and `CVSSv31` are passed on as hints to cvss.ts. */
const CDX_METHOD_VERSIONS: Record<string, string> = { CVSSv2: '2.0', CVSSv4: '4.0' };

export function isCycloneDx(root: JsonObject): boolean {
  return root.bomFormat === 'CycloneDX';
}

interface ComponentInfo {
  name: string;
  version?: string;
  purl?: string;
}

export function parseCycloneDx(root: JsonObject): ParsedReport {
  const specVersion = asString(root.specVersion) ?? '';
  const metadata = asObject(root.metadata) ?? {};
  const subject = asObject(metadata.component);
  const subjectName = asString(subject?.name);
  const target = subjectName ? [subjectName, asString(subject?.version)].filter(Boolean).join('@') : '';
  const report: ParsedReport = {
    format: 'cyclonedx',
    scanner: readTools(metadata.tools) ?? 'CycloneDX',
    scannedAt: scanTimeText(metadata.timestamp),
    scanTimeField: 'metadata.timestamp',
    targets: target ? [target] : [],
    findings: [],
    skipped: [],
    notes: []
  };
  if (!/^1\.[4-6]$/.test(specVersion)) {
    report.notes.push(`CycloneDX specVersion ${JSON.stringify(root.specVersion)} is outside 1.4–1.6; vulnerabilities were read where their shape matched.`);
  }

  const vulnerabilities = root.vulnerabilities;
  if (vulnerabilities === undefined) {
    throw new ReportError('The CycloneDX document has no `vulnerabilities` list; export the BOM with vulnerabilities or a VEX document.');
  }
  if (!Array.isArray(vulnerabilities)) {
    throw new ReportError(`The CycloneDX \`vulnerabilities\` field is a ${typeName(vulnerabilities)}, not a list.`);
  }

  const components = indexComponents(root, subject);
  vulnerabilities.forEach((entry, index) => {
    const location = `vulnerabilities[${index}]`;
    const vulnerability = asObject(entry);
    if (!vulnerability) {
      report.skipped.push({ location, reason: `the vulnerability is a ${typeName(entry)}, not an object` });
      return;
    }
    readVulnerability(vulnerability, location, components, target, report);
  });
  return report;
}

function readTools(tools: unknown): string | undefined {
  const list = Array.isArray(tools) ? tools : asArray(asObject(tools)?.components) ?? [];
  const names = list
    .map(asObject)
    .map((tool) => [asString(tool?.name), asString(tool?.version)].filter(Boolean).join(' '))
    .filter((name) => name.length > 0);
  return names.length > 0 ? names.join(', ') : undefined;
}

function indexComponents(root: JsonObject, subject: JsonObject | undefined): Map<string, ComponentInfo> {
  const index = new Map<string, ComponentInfo>();
  const visit = (entry: unknown, depth: number): void => {
    const component = asObject(entry);
    // Nesting deeper than this is not a real BOM; the bound keeps a hostile file cheap.
    if (!component || depth > 50) {
      return;
    }
    const name = asString(component.name);
    const ref = asString(component['bom-ref']);
    if (name && ref) {
      index.set(ref, { name, version: asString(component.version), purl: asString(component.purl) });
    }
    for (const child of asArray(component.components) ?? []) {
      visit(child, depth + 1);
    }
  };
  visit(subject, 0);
  for (const component of asArray(root.components) ?? []) {
    visit(component, 0);
  }
  return index;
}

function readVulnerability(vulnerability: JsonObject, location: string, components: Map<string, ComponentInfo>, target: string, report: ParsedReport): void {
  const id = asString(vulnerability.id);
  if (!id) {
    report.skipped.push({ location, reason: 'the vulnerability has no id' });
    return;
  }
  const analysis = asObject(vulnerability.analysis);
  const state = asString(analysis?.state);
  if (state && CLOSED_STATES.has(state)) {
    const justification = asString(analysis?.justification);
    report.skipped.push({ location, reason: `${id}: VEX analysis state is ${state}${justification ? ` (${justification})` : ''}` });
    return;
  }

  const references = (asArray(vulnerability.references) ?? []).map((reference) => asString(asObject(reference)?.id)).filter((value): value is string => value !== undefined);
  const { advisory, aliases } = primaryAdvisory(id, references);
  const cvss = readRatings(vulnerability.ratings);
  const title = oneLine(asString(vulnerability.description)?.split('\n')[0] ?? asString(vulnerability.detail) ?? id);

  const affects = asArray(vulnerability.affects) ?? [];
  if (affects.length === 0) {
    report.skipped.push({ location, reason: `${id}: affects lists no component` });
    return;
  }
  const seen = new Set<string>();
  affects.forEach((entry, index) => {
    const affectsLocation = `${location}.affects[${index}]`;
    const ref = asString(asObject(entry)?.ref);
    if (!ref) {
      report.skipped.push({ location: affectsLocation, reason: `${id}: the affected component has no ref` });
      return;
    }
    const component = components.get(ref) ?? componentFromRef(ref);
    if (seen.has(component.name)) {
      report.skipped.push({ location: affectsLocation, reason: `${id}: component ${component.name} is listed twice` });
      return;
    }
    seen.add(component.name);
    const finding: Finding = {
      advisory,
      aliases,
      title,
      category: 'application',
      component: { name: component.name, purl: component.purl, installed: component.version },
      target,
      cvss,
      severity: readSeverityWord(vulnerability.ratings),
      location: affectsLocation
    };
    report.findings.push(finding);
  });
}

/**
 * Describe a ref that names no component of this document: a BOM-Link (`urn:cdx:…#pkg:…`) or
 * a purl from another BOM. The package name and version come from the purl, or else the ref
 * itself is the component name.
 */
function componentFromRef(ref: string): ComponentInfo {
  const purl = ref.includes('#') ? ref.slice(ref.indexOf('#') + 1) : ref;
  const match = /^pkg:[^/]+\/(?:.*\/)?([^/@?#]+)(?:@([^?#]+))?/.exec(purl);
  if (!match) {
    return { name: ref };
  }
  return { name: decodeURIComponent(match[1]), version: match[2] ? decodeURIComponent(match[2]) : undefined, purl };
}

function readRatings(value: unknown): ReportedCvss[] {
  const result: ReportedCvss[] = [];
  for (const entry of asArray(value) ?? []) {
    const rating = asObject(entry);
    const vector = asString(rating?.vector);
    const method = asString(rating?.method);
    if (!rating || !vector || !method || !method.startsWith('CVSSv')) {
      continue;
    }
    const source = (asString(asObject(rating.source)?.name) ?? 'cyclonedx').toLowerCase();
    const versionHint = CDX_METHOD_VERSIONS[method] ?? method;
    result.push({ source, vector, versionHint, claimedScore: asNumber(rating.score) });
  }
  return result;
}

function readSeverityWord(value: unknown): string | undefined {
  return stringArray((asArray(value) ?? []).map((rating) => asObject(rating)?.severity))[0];
}
