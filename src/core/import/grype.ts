/**
 * Grype JSON (`grype -o json`). Every match is a package vulnerability: category application.
 * `matchDetails` is a list in current Grype and a single object in some older outputs; both
 * are read. `severity` may be missing. Grype's own KEV (`knownExploited`) and EPSS (`epss`)
 * entries are kept as report facts; the dated snapshot files take precedence.
 */
import { primaryAdvisory } from './advisory';
import type { Finding, ParsedReport, ReportedCvss, ReportedExploitation } from './types';
import { ReportError } from './types';
import { asArray, asNumber, asObject, asString, oneLine, optionalText, scanTimeText, stringArray, typeName, unique, type JsonObject } from './values';

export function isGrypeReport(root: JsonObject): boolean {
  const descriptor = asObject(root.descriptor);
  return Array.isArray(root.matches) && (descriptor === undefined || asString(descriptor.name)?.toLowerCase() === 'grype' || descriptor.name === undefined);
}

export function parseGrype(root: JsonObject): ParsedReport {
  const descriptor = asObject(root.descriptor) ?? {};
  const version = asString(descriptor.version);
  const target = readTarget(root.source);
  const report: ParsedReport = {
    format: 'grype',
    scanner: version && !version.startsWith('[') ? `grype ${version}` : 'grype',
    scannedAt: scanTimeText(descriptor.timestamp),
    scanTimeField: 'descriptor.timestamp',
    droppedFields: [],
    targets: target ? [target] : [],
    findings: [],
    skipped: [],
    notes: []
  };

  const matches = asArray(root.matches);
  if (!matches) {
    throw new ReportError('The Grype report has no `matches` list.');
  }
  matches.forEach((entry, index) => {
    const location = `matches[${index}]`;
    const match = asObject(entry);
    if (!match) {
      report.skipped.push({ location, reason: `the match is a ${typeName(entry)}, not an object` });
      return;
    }
    const finding = readMatch(match, location, target ?? '', report);
    if (finding) {
      report.findings.push(finding);
    }
  });
  return report;
}

function readTarget(source: unknown): string | undefined {
  const object = asObject(source);
  if (!object) {
    return undefined;
  }
  const target = object.target;
  const name = asString(target) ?? asString(asObject(target)?.userInput);
  return name && name !== 'unknown' ? name : undefined;
}

function readMatch(match: JsonObject, location: string, target: string, report: ParsedReport): Finding | undefined {
  const vulnerability = asObject(match.vulnerability);
  const artifact = asObject(match.artifact);
  const id = asString(vulnerability?.id);
  if (!vulnerability || !id) {
    report.skipped.push({ location, reason: 'vulnerability.id is missing or not a string' });
    return undefined;
  }
  const name = asString(artifact?.name);
  if (!artifact || !name) {
    report.skipped.push({ location, reason: `${id}: artifact.name is missing or not a string` });
    return undefined;
  }

  const related = (asArray(match.relatedVulnerabilities) ?? []).map(asObject).filter((item): item is JsonObject => item !== undefined);
  const { advisory, aliases } = primaryAdvisory(id, related.map((item) => asString(item.id)).filter((value): value is string => value !== undefined));

  const cvss = [...readCvss(vulnerability, 'grype'), ...related.flatMap((item) => readCvss(item, 'nvd'))];
  const entry = `${location} (${id})`;
  const dropped = report.droppedFields ?? [];
  const purl = optionalText(artifact, 'purl', entry, dropped, 'artifact.purl');
  const installed = optionalText(artifact, 'version', entry, dropped, 'artifact.version');
  const description = optionalText(vulnerability, 'description', entry, dropped, 'vulnerability.description') ?? related.map((item) => asString(item.description)).find(Boolean);

  return {
    advisory,
    aliases,
    title: oneLine(firstSentence(description) ?? `${id} in ${name}`),
    category: 'application',
    component: {
      name,
      purl,
      installed,
      fixed: readFix(vulnerability, match.matchDetails)
    },
    target,
    cvss: dedupe(cvss),
    severity: asString(vulnerability.severity),
    exploitation: readExploitation(vulnerability),
    location
  };
}

/** Read Grype CVSS entries; the source is `source`, else the namespace's first part (`nvd`, `redhat`, `github`). */
function readCvss(vulnerability: JsonObject, fallback: string): ReportedCvss[] {
  const namespace = asString(vulnerability.namespace)?.split(':')[0];
  return (asArray(vulnerability.cvss) ?? []).flatMap((entry) => {
    const cvss = asObject(entry);
    const vector = asString(cvss?.vector);
    if (!cvss || !vector) {
      return [];
    }
    // `nvd@nist.gov` and `secalert@redhat.com` name the publisher before the `@`.
    const source = (asString(cvss.source) ?? namespace ?? fallback).toLowerCase().replace(/@.*$/, '');
    return [{ source: source === 'github' ? 'ghsa' : source, vector, versionHint: asString(cvss.version), claimedScore: asNumber(asObject(cvss.metrics)?.baseScore) }];
  });
}

function dedupe(entries: ReportedCvss[]): ReportedCvss[] {
  const seen = new Set<string>();
  return entries.filter((entry) => {
    const key = `${entry.source}\u0000${entry.vector}`;
    if (seen.has(key)) {
      return false;
    }
    seen.add(key);
    return true;
  });
}

/** A match detail's suggested version wins; else every fixed version, comma-separated. */
function readFix(vulnerability: JsonObject, matchDetails: unknown): string | undefined {
  const details = Array.isArray(matchDetails) ? matchDetails : [matchDetails];
  for (const detail of details) {
    const suggested = asString(asObject(asObject(detail)?.fix)?.suggestedVersion);
    if (suggested) {
      return suggested;
    }
  }
  const versions = unique(stringArray(asObject(vulnerability.fix)?.versions));
  return versions.length > 0 ? versions.join(', ') : undefined;
}

function readExploitation(vulnerability: JsonObject): ReportedExploitation | undefined {
  const kev = (asArray(vulnerability.knownExploited) ?? []).map(asObject).find((item) => item !== undefined);
  const epss = (asArray(vulnerability.epss) ?? []).map(asObject).find((item) => item !== undefined);
  const probability = asNumber(epss?.epss);
  const percentile = asNumber(epss?.percentile);
  if (!kev && (probability === undefined || percentile === undefined)) {
    return undefined;
  }
  return {
    knownExploited: kev
      ? { knownRansomwareCampaignUse: asString(kev.knownRansomwareCampaignUse), dateAdded: asString(kev.dateAdded), dueDate: asString(kev.dueDate) }
      : undefined,
    epss: probability !== undefined && percentile !== undefined ? { probability, percentile, date: asString(epss?.date) } : undefined
  };
}

function firstSentence(text: string | undefined): string | undefined {
  if (!text) {
    return undefined;
  }
  const match = /^(.+?[.!?])(\s|$)/s.exec(text.trim());
  return match ? match[1] : text;
}
