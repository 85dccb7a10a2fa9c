/**
 * SARIF 2.1.0 from security scanners (Trivy, Grype, CodeQL and others). A result is imported
 * when its rule is a security rule: the rule (or result) has a `security-severity` property
 * or a `security` tag. Rules come from `tool.driver.rules` and `tool.extensions[].rules`.
 * Skipped with a reason: results of other rules, suppressed results (a suppression that is
 * accepted or has no status), results whose `kind` is not `fail`, and results whose
 * `baselineState` is `absent`. Categories come from tags and CWE ids (see `categoryOf`).
 */
import { leadingAdvisory, primaryAdvisory } from './advisory';
import type { VulnerabilityCategory } from '../model';
import type { Finding, ParsedReport, ReportedCvss } from './types';
import { ReportError } from './types';
import { asArray, asNumber, asObject, asString, oneLine, stringArray, typeName, type JsonObject } from './values';

export function isSarifReport(root: JsonObject): boolean {
  return Array.isArray(root.runs) && (typeof root.version === 'string' || typeof root.$schema === 'string');
}

interface RuleTable {
  byId: Map<string, JsonObject>;
  /** Rules by tool component (0 = driver, n + 1 = extensions[n]) and index. */
  byIndex: Map<string, JsonObject>;
}

export function parseSarif(root: JsonObject): ParsedReport {
  if (root.version !== '2.1.0') {
    throw new ReportError(`SARIF version ${JSON.stringify(root.version)} is not supported; the importer reads SARIF 2.1.0.`);
  }
  const runs = asArray(root.runs) ?? [];
  const report: ParsedReport = { format: 'sarif', scanner: '', scannedAt: undefined, targets: [], findings: [], skipped: [], notes: [] };
  const scanners: string[] = [];

  runs.forEach((entry, runIndex) => {
    const location = `runs[${runIndex}]`;
    const run = asObject(entry);
    if (!run) {
      report.skipped.push({ location, reason: `the run is a ${typeName(entry)}, not an object` });
      return;
    }
    const driver = asObject(asObject(run.tool)?.driver);
    const toolName = asString(driver?.name) ?? 'SARIF tool';
    const toolVersion = asString(driver?.version) ?? asString(driver?.semanticVersion);
    const scanner = toolVersion ? `${toolName} ${toolVersion}` : toolName;
    if (!scanners.includes(scanner)) {
      scanners.push(scanner);
    }
    report.scannedAt ??= readRunTime(run);

    const results = run.results;
    if (results === undefined || results === null) {
      return;
    }
    if (!Array.isArray(results)) {
      report.skipped.push({ location: `${location}.results`, reason: `results is a ${typeName(results)}, not a list; the run is invalid SARIF 2.1.0` });
      return;
    }

    const rules = readRules(run);
    const target = readTarget(run);
    if (target && !report.targets.includes(target)) {
      report.targets.push(target);
    }
    results.forEach((resultEntry, resultIndex) => {
      const resultLocation = `${location}.results[${resultIndex}]`;
      const result = asObject(resultEntry);
      if (!result) {
        report.skipped.push({ location: resultLocation, reason: `the result is a ${typeName(resultEntry)}, not an object` });
        return;
      }
      const finding = readResult(result, resultLocation, rules, target ?? '', report);
      if (finding) {
        report.findings.push(finding);
      }
    });
  });

  report.scanner = scanners.join(', ') || 'SARIF tool';
  return report;
}

function readRunTime(run: JsonObject): string | undefined {
  for (const entry of asArray(run.invocations) ?? []) {
    const invocation = asObject(entry);
    const time = asString(invocation?.endTimeUtc) ?? asString(invocation?.startTimeUtc);
    if (time) {
      return time;
    }
  }
  return undefined;
}

/** Trivy writes `properties.imageName`; other tools name the repository in `versionControlProvenance`. */
function readTarget(run: JsonObject): string | undefined {
  const imageName = asString(asObject(run.properties)?.imageName);
  if (imageName) {
    return imageName;
  }
  for (const entry of asArray(run.versionControlProvenance) ?? []) {
    const uri = asString(asObject(entry)?.repositoryUri);
    if (uri) {
      return uri;
    }
  }
  return undefined;
}

function readRules(run: JsonObject): RuleTable {
  const table: RuleTable = { byId: new Map(), byIndex: new Map() };
  const tool = asObject(run.tool);
  const components = [asObject(tool?.driver), ...(asArray(tool?.extensions) ?? []).map(asObject)];
  components.forEach((component, componentIndex) => {
    (asArray(component?.rules) ?? []).forEach((entry, ruleIndex) => {
      const rule = asObject(entry);
      const id = asString(rule?.id);
      if (!rule) {
        return;
      }
      table.byIndex.set(`${componentIndex}:${ruleIndex}`, rule);
      if (id && !table.byId.has(id)) {
        table.byId.set(id, rule);
      }
    });
  });
  return table;
}

function findRule(result: JsonObject, rules: RuleTable): JsonObject | undefined {
  const reference = asObject(result.rule);
  const index = asNumber(result.ruleIndex) ?? asNumber(reference?.index);
  if (index !== undefined) {
    const componentIndex = asNumber(asObject(reference?.toolComponent)?.index);
    const rule = rules.byIndex.get(`${componentIndex === undefined ? 0 : componentIndex + 1}:${index}`);
    if (rule) {
      return rule;
    }
  }
  const id = asString(result.ruleId) ?? asString(reference?.id);
  return id ? rules.byId.get(id) : undefined;
}

function readResult(result: JsonObject, location: string, rules: RuleTable, target: string, report: ParsedReport): Finding | undefined {
  const rule = findRule(result, rules);
  const ruleId = asString(result.ruleId) ?? asString(asObject(result.rule)?.id) ?? asString(rule?.id);
  if (!ruleId) {
    report.skipped.push({ location, reason: 'the result has no ruleId and no rule reference' });
    return undefined;
  }

  const kind = asString(result.kind) ?? 'fail';
  if (kind !== 'fail') {
    report.skipped.push({ location, reason: `${ruleId}: result kind is ${kind}, not fail` });
    return undefined;
  }
  if (asString(result.baselineState) === 'absent') {
    report.skipped.push({ location, reason: `${ruleId}: baselineState is absent (no longer found)` });
    return undefined;
  }
  const suppression = activeSuppression(result);
  if (suppression) {
    report.skipped.push({ location, reason: `${ruleId}: suppressed (${suppression})` });
    return undefined;
  }

  const ruleProperties = asObject(rule?.properties) ?? {};
  const resultProperties = asObject(result.properties) ?? {};
  const tags = [...stringArray(ruleProperties.tags), ...stringArray(resultProperties.tags)].map((tag) => tag.toLowerCase());
  const securitySeverity = resultProperties['security-severity'] ?? ruleProperties['security-severity'];
  if (securitySeverity === undefined && !tags.includes('security')) {
    report.skipped.push({ location, reason: `${ruleId}: not a security rule (no security-severity property and no security tag)` });
    return undefined;
  }

  const message = asString(asObject(result.message)?.text) ?? '';
  const help = asString(asObject(rule?.help)?.text) ?? '';
  const packageName = field(message, 'Package') ?? field(help, 'Package');
  const artifact = readArtifact(result);
  const { advisory, aliases } = primaryAdvisory(leadingAdvisory(ruleId) ?? ruleId, []);

  return {
    advisory,
    aliases,
    title: oneLine(asString(asObject(rule?.shortDescription)?.text) ?? message.split('\n')[0] ?? ruleId) || ruleId,
    category: categoryOf(tags, [...cweIds(tags), ...taxaCweIds(result), ...taxaCweIds(rule)]),
    component: {
      name: packageName ?? artifact ?? '(no location)',
      purl: stringArray(ruleProperties.purls)[0],
      installed: packageName ? field(message, 'Installed Version') ?? field(help, 'Version') : undefined,
      fixed: packageName ? field(message, 'Fixed Version') ?? field(help, 'Fix Version') : undefined
    },
    target,
    cvss: readCvss(ruleProperties),
    severity: describeSeverity(securitySeverity),
    location
  };
}

/** Describe the SARIF suppression that hides a result: one with status accepted, or with no status. */
function activeSuppression(result: JsonObject): string | undefined {
  for (const entry of asArray(result.suppressions) ?? []) {
    const suppression = asObject(entry);
    if (!suppression) {
      continue;
    }
    const status = asString(suppression.status);
    if (status === undefined || status === 'accepted') {
      return `${asString(suppression.kind) ?? 'unknown kind'}${status ? `, ${status}` : ''}`;
    }
  }
  return undefined;
}

/** Read a `Name: value` line in a Trivy or Grype message or help text. */
function field(text: string, name: string): string | undefined {
  const match = new RegExp(`^${name}:[ \\t]*(.*)$`, 'm').exec(text);
  const value = match?.[1].trim();
  return value ? value : undefined;
}

function readArtifact(result: JsonObject): string | undefined {
  for (const entry of asArray(result.locations) ?? []) {
    const locationObject = asObject(entry);
    const uri = asString(asObject(asObject(locationObject?.physicalLocation)?.artifactLocation)?.uri);
    if (uri) {
      return uri;
    }
    for (const logical of asArray(locationObject?.logicalLocations) ?? []) {
      const name = asString(asObject(logical)?.fullyQualifiedName) ?? asString(asObject(logical)?.name);
      if (name) {
        return name;
      }
    }
  }
  return undefined;
}

/** Trivy's rule properties `cvssv3_vector` / `cvssv3_baseScore` and `cvssv2_vector` / `cvssv2_score`. */
function readCvss(properties: JsonObject): ReportedCvss[] {
  const entries: ReportedCvss[] = [];
  const v3 = asString(properties.cvssv3_vector);
  if (v3) {
    entries.push({ source: 'scanner', vector: v3, claimedScore: asNumber(properties.cvssv3_baseScore) });
  }
  const v2 = asString(properties.cvssv2_vector);
  if (v2) {
    entries.push({ source: 'scanner', vector: v2, versionHint: '2.0', claimedScore: asNumber(properties.cvssv2_score) });
  }
  return entries;
}

/** `security-severity` is a number, a numeric string or (from some tools) a word. */
function describeSeverity(value: unknown): string | undefined {
  const score = asNumber(value);
  if (score !== undefined) {
    return String(score);
  }
  return asString(value);
}

/**
 * CWE ids whose weakness belongs to a category other than application, grouped by CWE name.
 * Credentials and authentication (798 hard-coded credentials, 287 improper authentication)
 * are user-access. Cleartext or unprotected storage (312, 922) is stored-data. Cleartext
 * transmission and certificate checks (319, 295) are network. Insecure defaults, permissions
 * (276, 732, 1188) and CWE-16 Configuration are configuration.
 */
const CWE_CATEGORIES: Record<number, VulnerabilityCategory> = {
  256: 'user-access', 259: 'user-access', 287: 'user-access', 306: 'user-access', 321: 'user-access', 522: 'user-access', 798: 'user-access',
  312: 'stored-data', 313: 'stored-data', 359: 'stored-data', 532: 'stored-data', 922: 'stored-data',
  295: 'network', 297: 'network', 319: 'network', 523: 'network', 918: 'network',
  16: 'configuration', 276: 'configuration', 732: 'configuration', 1188: 'configuration'
};

/**
 * Pick a category. The tag `secret` gives user-access, and `configuration`,
 * `misconfiguration` or `iac` give configuration. Otherwise the first CWE id listed in
 * CWE_CATEGORIES decides, and without one the category is application.
 */
function categoryOf(tags: readonly string[], cwes: readonly number[]): VulnerabilityCategory {
  if (tags.includes('secret')) {
    return 'user-access';
  }
  if (tags.some((tag) => ['configuration', 'misconfiguration', 'iac'].includes(tag))) {
    return 'configuration';
  }
  for (const cwe of cwes) {
    const category = CWE_CATEGORIES[cwe];
    if (category) {
      return category;
    }
  }
  return 'application';
}

/** Read CWE ids from tags such as CodeQL's `external/cwe/cwe-798`. */
function cweIds(tags: readonly string[]): number[] {
  return tags.flatMap((tag) => {
    const match = /(?:^|\/)cwe-(\d+)$/.exec(tag);
    return match ? [Number(match[1])] : [];
  });
}

/** Read CWE ids from `taxa` (results) or `relationships` (rules) that point into the CWE taxonomy. */
function taxaCweIds(object: JsonObject | undefined): number[] {
  const references = [
    ...(asArray(object?.taxa) ?? []),
    ...(asArray(object?.relationships) ?? []).map((relationship) => asObject(relationship)?.target)
  ];
  return references.flatMap((entry) => {
    const reference = asObject(entry);
    const component = asString(asObject(reference?.toolComponent)?.name);
    const id = asString(reference?.id);
    return component?.toUpperCase() === 'CWE' && id && /^\d+$/.test(id) ? [Number(id)] : [];
  });
}
