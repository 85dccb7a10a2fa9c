/**
 * Trivy JSON (`trivy image|fs|repo --format json`, schema version 2, and `trivy k8s` with
 * `Resources[].Results`). Categories:
 * - `Vulnerabilities` (Class `os-pkgs`, `lang-pkgs`): application;
 * - `Misconfigurations` with Status FAIL: configuration (PASS and EXCEPTION are skipped);
 * - `Secrets`: user-access, because a leaked credential grants access; the matched text is
 *   never copied;
 * - `Licenses` and anything else: skipped with a reason.
 */
import { primaryAdvisory } from './advisory';
import type { Finding, ParsedReport, ReportedCvss } from './types';
import { ReportError } from './types';
import { asArray, asNumber, asObject, asString, oneLine, optionalText, scanTimeText, stringArray, typeArticle, typeName, type DroppedField, type JsonObject } from './values';

export function isTrivyReport(root: JsonObject): boolean {
  return (
    typeof root.SchemaVersion === 'number' &&
    (Array.isArray(root.Results) || Array.isArray(root.Resources) || asObject(root.Trivy) !== undefined || typeof root.ArtifactName === 'string')
  );
}

export function parseTrivy(root: JsonObject): ParsedReport {
  const version = asString(asObject(root.Trivy)?.Version);
  const report: ParsedReport = {
    format: 'trivy',
    scanner: version ? `Trivy ${version}` : 'Trivy',
    scannedAt: scanTimeText(root.CreatedAt),
    scanTimeField: 'CreatedAt',
    droppedFields: [],
    targets: [],
    findings: [],
    skipped: [],
    notes: []
  };
  if (root.SchemaVersion !== 2) {
    report.notes.push(`Trivy SchemaVersion ${String(root.SchemaVersion)} is not 2, the version this importer reads; entries were read where their shape matched.`);
  }

  const artifact = asString(root.ArtifactName) ?? '';
  if (Array.isArray(root.Results)) {
    readResults(root.Results, 'Results', artifact, report);
  } else if (root.Results !== undefined && root.Results !== null) {
    report.skipped.push({ location: 'Results', reason: `Results is a ${typeName(root.Results)}, not a list` });
  }

  const resources = asArray(root.Resources);
  if (resources) {
    resources.forEach((entry, index) => {
      const location = `Resources[${index}]`;
      const resource = asObject(entry);
      if (!resource) {
        report.skipped.push({ location, reason: `the resource is a ${typeName(entry)}, not an object` });
        return;
      }
      const target = [asString(resource.Namespace), asString(resource.Kind), asString(resource.Name)].filter(Boolean).join('/') || artifact;
      const results = asArray(resource.Results);
      if (results) {
        readResults(results, `${location}.Results`, target, report);
      } else if (resource.Results !== undefined && resource.Results !== null) {
        report.skipped.push({ location: `${location}.Results`, reason: `Results is a ${typeName(resource.Results)}, not a list` });
      }
    });
  }

  if (!Array.isArray(root.Results) && !resources && report.skipped.length === 0) {
    throw new ReportError('The Trivy report has neither `Results` nor `Resources`; produce it with `trivy ... --format json`.');
  }
  return report;
}

function readResults(results: unknown[], base: string, target: string, report: ParsedReport): void {
  results.forEach((entry, index) => {
    const location = `${base}[${index}]`;
    const result = asObject(entry);
    if (!result) {
      report.skipped.push({ location, reason: `the result is a ${typeName(entry)}, not an object` });
      return;
    }
    if (target && !report.targets.includes(target)) {
      report.targets.push(target);
    }
    const resultTarget = asString(result.Target) ?? target;

    readList(result.Vulnerabilities, `${location}.Vulnerabilities`, report, (item, itemLocation) => readVulnerability(item, itemLocation, target, report));
    readList(result.Misconfigurations, `${location}.Misconfigurations`, report, (item, itemLocation) => readMisconfiguration(item, itemLocation, target, resultTarget, report));
    readList(result.Secrets, `${location}.Secrets`, report, (item, itemLocation) => readSecret(item, itemLocation, target, resultTarget, report));
    readList(result.Licenses, `${location}.Licenses`, report, (_item, itemLocation) => {
      report.skipped.push({ location: itemLocation, reason: 'a license finding is not a security vulnerability' });
    });
  });
}

function readList(value: unknown, location: string, report: ParsedReport, read: (item: JsonObject, location: string) => void): void {
  if (value === undefined || value === null) {
    return;
  }
  const list = asArray(value);
  if (!list) {
    report.skipped.push({ location, reason: `expected a list, found a ${typeName(value)}` });
    return;
  }
  list.forEach((entry, index) => {
    const itemLocation = `${location}[${index}]`;
    const item = asObject(entry);
    if (!item) {
      report.skipped.push({ location: itemLocation, reason: `the entry is a ${typeName(entry)}, not an object` });
      return;
    }
    read(item, itemLocation);
  });
}

function readVulnerability(item: JsonObject, location: string, target: string, report: ParsedReport): void {
  const id = asString(item.VulnerabilityID);
  const name = asString(item.PkgName);
  if (!id) {
    report.skipped.push({ location, reason: 'VulnerabilityID is missing or not a string' });
    return;
  }
  if (!name) {
    report.skipped.push({ location, reason: `${id}: PkgName is missing or not a string` });
    return;
  }
  const { advisory, aliases } = primaryAdvisory(id, stringArray(item.VendorIDs));
  const entry = `${location} (${id})`;
  const dropped = report.droppedFields ?? [];
  const installed = optionalText(item, 'InstalledVersion', entry, dropped);
  const fixed = optionalText(item, 'FixedVersion', entry, dropped);
  const title = optionalText(item, 'Title', entry, dropped);
  const finding: Finding = {
    advisory,
    aliases,
    title: oneLine(title ?? `${id} in ${name}`),
    category: 'application',
    component: {
      name,
      purl: readPurl(item.PkgIdentifier, entry, dropped),
      installed,
      fixed
    },
    target,
    cvss: readCvss(item.CVSS, entry, dropped),
    severity: asString(item.Severity),
    location
  };
  report.findings.push(finding);
}

/** `PkgIdentifier.PURL`; a missing identifier is common, one of the wrong type is listed. */
function readPurl(value: unknown, entry: string, dropped: DroppedField[]): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  const identifier = asObject(value);
  if (!identifier) {
    dropped.push({ entry, field: 'PkgIdentifier', reason: `is ${typeArticle(value)}, not an object` });
    return undefined;
  }
  return optionalText(identifier, 'PURL', entry, dropped, 'PkgIdentifier.PURL');
}

/** Trivy's `CVSS` map: source -> { V2Vector, V3Vector, V40Vector, V2Score, V3Score, V40Score }. */
function readCvss(value: unknown, entry: string, dropped: DroppedField[]): ReportedCvss[] {
  const bySource = asObject(value);
  if (!bySource) {
    if (value !== undefined) {
      dropped.push({ entry, field: 'CVSS', reason: `is ${typeArticle(value)}, not an object` });
    }
    return [];
  }
  const entries: ReportedCvss[] = [];
  for (const [source, data] of Object.entries(bySource)) {
    const fields = asObject(data);
    if (!fields) {
      dropped.push({ entry, field: `CVSS.${source}`, reason: `is ${typeArticle(data)}, not an object` });
      continue;
    }
    for (const [vectorKey, scoreKey, hint] of [
      ['V2Vector', 'V2Score', '2.0'],
      ['V3Vector', 'V3Score', undefined],
      ['V40Vector', 'V40Score', '4.0']
    ] as const) {
      const vector = asString(fields[vectorKey]);
      if (vector) {
        entries.push({ source, vector, versionHint: hint, claimedScore: asNumber(fields[scoreKey]) });
      }
    }
  }
  return entries;
}

function readMisconfiguration(item: JsonObject, location: string, target: string, file: string, report: ParsedReport): void {
  const id = asString(item.AVDID) ?? asString(item.ID);
  const status = asString(item.Status) ?? 'FAIL';
  if (!id) {
    report.skipped.push({ location, reason: 'the misconfiguration has no ID' });
    return;
  }
  if (status !== 'FAIL') {
    report.skipped.push({ location, reason: `${id}: check status is ${status}, not FAIL` });
    return;
  }
  const ids = [asString(item.ID), asString(item.AVDID)].filter((value): value is string => value !== undefined);
  report.findings.push({
    advisory: id,
    aliases: ids.filter((value) => value !== id),
    title: oneLine(asString(item.Title) ?? asString(item.Message) ?? id),
    category: 'configuration',
    component: { name: file || target || 'configuration' },
    target,
    cvss: [],
    severity: asString(item.Severity),
    location
  });
}

function readSecret(item: JsonObject, location: string, target: string, file: string, report: ParsedReport): void {
  const rule = asString(item.RuleID);
  if (!rule) {
    report.skipped.push({ location, reason: 'the secret has no RuleID' });
    return;
  }
  const line = asNumber(item.StartLine);
  report.findings.push({
    advisory: rule,
    aliases: [],
    title: oneLine(asString(item.Title) ?? rule),
    category: 'user-access',
    // The line is part of the component so two secrets of one rule in one file stay apart.
    component: { name: line !== undefined ? `${file || target}:${line}` : file || target || 'secret' },
    target,
    cvss: [],
    severity: asString(item.Severity),
    location
  });
}
