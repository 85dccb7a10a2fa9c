/**
 * OSV: a single record (https://ossf.github.io/osv-schema/), a list of records, or
 * osv-scanner JSON output (`results[].packages[].vulnerabilities[]`). Category application.
 * A record lists affected packages, not what is installed, so a bare record gives one
 * finding per affected package name without an installed version. osv-scanner output names
 * the installed package and version. Withdrawn records are skipped. osv-scanner `groups`
 * join records that are aliases of each other into one finding.
 */
import { primaryAdvisory } from './advisory';
import type { Finding, ParsedReport, ReportedCvss } from './types';
import { ReportError } from './types';
import { asArray, asObject, asString, oneLine, stringArray, typeName, type JsonObject } from './values';

/** CVSS version of an OSV severity type; CVSS_V3 vectors carry their own `CVSS:3.x/` prefix. */
const OSV_TYPE_VERSIONS: Record<string, string | undefined> = { CVSS_V2: '2.0', CVSS_V4: '4.0' };

export function isOsvRecord(root: JsonObject): boolean {
  return typeof root.id === 'string' && (Array.isArray(root.affected) || typeof root.modified === 'string' || typeof root.schema_version === 'string');
}

export function isOsvScannerOutput(root: JsonObject): boolean {
  const first = asObject(asArray(root.results)?.[0]);
  return Array.isArray(root.results) && (first === undefined || Array.isArray(first.packages) || asObject(first.source) !== undefined);
}

export function parseOsv(root: JsonObject | unknown[], fileTarget: string): ParsedReport {
  const report: ParsedReport = { format: 'osv', scanner: 'OSV', scannedAt: undefined, targets: [], findings: [], skipped: [], notes: [] };
  if (Array.isArray(root)) {
    root.forEach((entry, index) => readRecordEntry(entry, `[${index}]`, report));
  } else if (isOsvScannerOutput(root)) {
    report.scanner = 'osv-scanner';
    readScannerOutput(root, report);
  } else if (isOsvRecord(root)) {
    readRecordEntry(root, '', report);
  } else {
    throw new ReportError('The OSV file is neither an OSV record, a list of records, nor osv-scanner output.');
  }
  if (fileTarget && report.targets.length === 0 && report.findings.some((finding) => finding.target === '')) {
    report.notes.push('An OSV record names no scanned system; pass --system to say which system it applies to.');
  }
  return report;
}

function readRecordEntry(entry: unknown, location: string, report: ParsedReport): void {
  const record = asObject(entry);
  if (!record) {
    report.skipped.push({ location: location || '(file)', reason: `the record is a ${typeName(entry)}, not an object` });
    return;
  }
  const id = asString(record.id);
  if (!id) {
    report.skipped.push({ location: location || '(file)', reason: 'the record has no id' });
    return;
  }
  if (asString(record.withdrawn)) {
    report.skipped.push({ location: location || id, reason: `${id} was withdrawn on ${asString(record.withdrawn)}` });
    return;
  }
  const affected = asArray(record.affected) ?? [];
  if (affected.length === 0) {
    report.skipped.push({ location: location || id, reason: `${id} lists no affected package` });
    return;
  }
  const seen = new Map<string, string>();
  affected.forEach((item, index) => {
    const itemLocation = `${location}${location ? '.' : ''}affected[${index}]`;
    const object = asObject(item);
    const pkg = asObject(object?.package);
    const name = asString(pkg?.name);
    if (!object || !name) {
      report.skipped.push({ location: itemLocation, reason: `${id}: affected package has no name` });
      return;
    }
    const earlier = seen.get(name);
    if (earlier) {
      report.skipped.push({ location: itemLocation, reason: `${id}: same package ${name} as ${earlier} (another ecosystem or range); one entry per package` });
      return;
    }
    seen.set(name, itemLocation);
    report.findings.push(toFinding(record, id, { name, purl: asString(pkg?.purl), fixed: firstFixed(object) }, '', itemLocation, readSeverity(record, object)));
  });
}

function readScannerOutput(root: JsonObject, report: ParsedReport): void {
  (asArray(root.results) ?? []).forEach((entry, resultIndex) => {
    const location = `results[${resultIndex}]`;
    const result = asObject(entry);
    if (!result) {
      report.skipped.push({ location, reason: `the result is a ${typeName(entry)}, not an object` });
      return;
    }
    const target = asString(asObject(result.source)?.path) ?? '';
    if (target && !report.targets.includes(target)) {
      report.targets.push(target);
    }
    (asArray(result.packages) ?? []).forEach((packageEntry, packageIndex) => {
      const packageLocation = `${location}.packages[${packageIndex}]`;
      const packageResult = asObject(packageEntry);
      const pkg = asObject(packageResult?.package);
      const name = asString(pkg?.name);
      if (!packageResult || !name) {
        report.skipped.push({ location: packageLocation, reason: 'the package has no name' });
        return;
      }
      readPackageVulnerabilities(packageResult, packageLocation, { name, installed: asString(pkg?.version), purl: asString(pkg?.purl) }, target, report);
    });
  });
}

function readPackageVulnerabilities(packageResult: JsonObject, location: string, component: Finding['component'], target: string, report: ParsedReport): void {
  const groups = (asArray(packageResult.groups) ?? []).map((group) => stringArray(asObject(group)?.ids));
  const firstOfGroup = new Map<string, string>();
  const used = new Set<string>();
  (asArray(packageResult.vulnerabilities) ?? []).forEach((entry, index) => {
    const itemLocation = `${location}.vulnerabilities[${index}]`;
    const record = asObject(entry);
    const id = asString(record?.id);
    if (!record || !id) {
      report.skipped.push({ location: itemLocation, reason: 'the vulnerability has no id' });
      return;
    }
    if (asString(record.withdrawn)) {
      report.skipped.push({ location: itemLocation, reason: `${id} was withdrawn on ${asString(record.withdrawn)}` });
      return;
    }
    const group = groups.find((ids) => ids.includes(id)) ?? [id];
    const key = group[0];
    if (used.has(key)) {
      report.skipped.push({ location: itemLocation, reason: `${id} is an alias of ${firstOfGroup.get(key) ?? key} in the same osv-scanner group` });
      return;
    }
    used.add(key);
    firstOfGroup.set(key, id);
    const affected = (asArray(record.affected) ?? []).map(asObject).find((item) => asString(asObject(item?.package)?.name) === component.name);
    const finding = toFinding(record, id, { ...component, fixed: affected ? firstFixed(affected) : undefined }, target, itemLocation, readSeverity(record, affected));
    finding.aliases = primaryAdvisory(finding.advisory, [...finding.aliases, ...group.filter((other) => other !== finding.advisory)]).aliases;
    report.findings.push(finding);
  });
}

function toFinding(record: JsonObject, id: string, component: Finding['component'], target: string, location: string, cvss: ReportedCvss[]): Finding {
  const { advisory, aliases } = primaryAdvisory(id, stringArray(record.aliases));
  const details = asString(record.details);
  return {
    advisory,
    aliases,
    title: oneLine(asString(record.summary) ?? details?.split('\n')[0] ?? id),
    category: 'application',
    component,
    target,
    cvss,
    severity: asString(asObject(record.database_specific)?.severity),
    location
  };
}

/** Return the first `fixed` event of an ECOSYSTEM or SEMVER range (GIT ranges name commits, not versions). */
function firstFixed(affected: JsonObject): string | undefined {
  for (const entry of asArray(affected.ranges) ?? []) {
    const range = asObject(entry);
    if (asString(range?.type) === 'GIT') {
      continue;
    }
    for (const event of asArray(range?.events) ?? []) {
      const fixed = asString(asObject(event)?.fixed);
      if (fixed) {
        return fixed;
      }
    }
  }
  return undefined;
}

/** `severity[]` entries of type CVSS_V2, CVSS_V3 or CVSS_V4 carry a vector in `score`. */
function readSeverity(record: JsonObject, affected: JsonObject | undefined): ReportedCvss[] {
  const entries = [...(asArray(record.severity) ?? []), ...(asArray(affected?.severity) ?? [])];
  const result: ReportedCvss[] = [];
  for (const entry of entries) {
    const severity = asObject(entry);
    const type = asString(severity?.type);
    const vector = asString(severity?.score);
    if (!type || !vector || !type.startsWith('CVSS_V')) {
      continue;
    }
    if (!result.some((existing) => existing.vector === vector)) {
      result.push({ source: 'osv', vector, versionHint: OSV_TYPE_VERSIONS[type] });
    }
  }
  return result;
}
