/**
 * Merging parsed findings into a cycle file through the edit layer, so comments and the
 * decisions people wrote stay byte for byte. Rules:
 * - identity is advisory + component name + system. An existing vulnerability also matches
 *   when one of the finding's aliases is its advisory, or the other way round;
 * - a new vulnerability gets the next free `V-nnn` id;
 * - the same report imported again makes no edit: the scan record is found again by file
 *   name, scanner and scan time, and every value written is compared first;
 * - a scan that is the newest of its scanner for a system updates component versions, CVSS,
 *   KEV, EPSS and aliases of what it found, and sets `seenInLatestScan: false` on what the
 *   same scanner found before on that system and no longer reports (never closing it);
 *   titles and categories are left alone, because people may have corrected them;
 * - phase verify also records a verification: `fixed` for what the scanner found before and
 *   no longer reports, `still-open` for what it still reports, with the scan id as evidence.
 */
import { scoreVector, scoresDiffer } from '../cvss';
import { runEdit, type PlainValue, type YamlEditor } from '../edit';
import type { TextEdit } from '../diagnostics';
import type { CvssEntry, EpssRecord, KevRecord, ScanRecord, Verification } from '../model';
import { loadForValidation } from '../yaml/located';
import { lookupEpss, type EpssSnapshot } from '../enrich/epss';
import { lookupKev, type KevCatalog } from '../enrich/kev';
import { datePart, toDate, toUtcTimestamp } from './time';
import type { Finding, ParsedReport, SkippedEntry } from './types';
import { asArray, asObject, asString, stringArray, type JsonObject } from './values';

export interface ImportOptions {
  /** Report file name as recorded in the scan record (a base name or a repository-relative path). */
  fileName: string;
  /** System id for every finding; otherwise each finding's target is matched to a system id or name. */
  system?: string;
  phase: ScanRecord['phase'];
  /** `importedAt` of a new scan record, UTC. */
  now: string;
  /** Scan time when the report has none (the CLI passes the file's modification time). */
  fallbackScanTime?: string;
  kev?: KevCatalog;
  epss?: EpssSnapshot;
  /** `verification.by` in phase verify; defaults to the scanner name. */
  verifiedBy?: string;
}

export interface ScoreMismatch {
  advisory: string;
  source: string;
  vector: string;
  claimed: number;
  computed: number;
}

export interface ImportSummary {
  file: string;
  format: ParsedReport['format'];
  scanner: string;
  scanId: string;
  scanIsNew: boolean;
  scannedAt: string;
  systems: string[];
  added: { id: string; advisory: string; component: string; system: string }[];
  updated: { id: string; fields: string[] }[];
  notSeen: string[];
  seenAgain: string[];
  verifiedFixed: string[];
  stillOpen: string[];
  skipped: SkippedEntry[];
  scoreMismatches: ScoreMismatch[];
  invalidVectors: { advisory: string; source: string; vector: string; reason: string }[];
  notes: string[];
  /** Findings read from the report, before identity merging. */
  findingCount: number;
}

export type ImportResult = { ok: true; text: string; edits: TextEdit[]; summary: ImportSummary } | { ok: false; message: string };

interface ExistingVulnerability {
  index: number;
  value: JsonObject;
  id: string;
  advisory: string;
  aliases: string[];
  component: string;
  system: string;
  scan?: string;
}

interface CycleView {
  systems: { id: string; name: string }[];
  scans: JsonObject[];
  vulnerabilities: ExistingVulnerability[];
}

/** Go's zero time (`0001-01-01T00:00:00Z`), which some scanners print when they have no scan time. */
function isZeroDate(value: string): boolean {
  return value.startsWith('0001-01-01');
}

/** Merge one parsed report into the cycle text; returns the new text and its edits, or why not. */
export function importReport(cycleText: string, report: ParsedReport, options: ImportOptions): ImportResult {
  // The validation loader reads block-style cycle files without building a syntax tree and
  // falls back to loadYaml otherwise; a re-import that changes nothing costs only this read.
  const loaded = loadForValidation(cycleText);
  const errors = loaded.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
  if (errors.length > 0 || !asObject(loaded.value)) {
    const first = errors[0];
    return {
      ok: false,
      message: first
        ? `The cycle file has YAML errors (line ${first.range.start.line}: ${first.message}); fix them before importing.`
        : 'The cycle file is not a YAML map; it must be a cycle with `systems` and `steps`.'
    };
  }
  const cycle = readCycle(loaded.value as JsonObject);

  // Which system each finding belongs to.
  const resolved = resolveSystems(report, cycle, options);
  if (!resolved.ok) {
    return resolved;
  }
  const { findings, systems, skipped } = resolved;

  // The scan record: found again by file, scanner and time, else a new S-nnn.
  const notes = [...report.notes];
  let scannedAt = toUtcTimestamp(report.scannedAt);
  if (!scannedAt && report.scannedAt !== undefined && !isZeroDate(report.scannedAt)) {
    // Dating such a scan by the file or the clock would make a broken or old report count as
    // a fresh scan for the scan-age rule.
    return {
      ok: false,
      message: `The scan time ${report.scanTimeField ?? ''}${report.scanTimeField ? ' ' : ''}${JSON.stringify(report.scannedAt)} is not a valid ISO 8601 date-time, so the age of the scan is unknown; fix the report or scan again.`
    };
  }
  if (!scannedAt) {
    scannedAt = toUtcTimestamp(options.fallbackScanTime) ?? options.now;
    notes.push(`The report has no scan time; the scan is dated ${scannedAt} (${options.fallbackScanTime ? 'the file modification time' : 'the import time'}).`);
  }
  const existingScan = cycle.scans.find(
    (scan) => scan.file === options.fileName && scan.scanner === report.scanner && scan.scannedAt === scannedAt && scan.phase === options.phase
  );
  const scanId = existingScan ? String(existingScan.id) : new IdSequence('S-', cycle.scans.map((scan) => asString(scan.id))).next();
  const isLatest = (system: string): boolean => isNewestScanFor(cycle, system, report.scanner, scannedAt, scanId);

  const summary: ImportSummary = {
    file: options.fileName,
    format: report.format,
    scanner: report.scanner,
    scanId,
    scanIsNew: !existingScan,
    scannedAt,
    systems,
    added: [],
    updated: [],
    notSeen: [],
    seenAgain: [],
    verifiedFixed: [],
    stillOpen: [],
    skipped,
    scoreMismatches: [],
    invalidVectors: [],
    notes,
    findingCount: report.findings.length
  };

  const result = runEdit(cycleText, (editor) => {
    writeScan(editor, cycle, existingScan, { id: scanId, scannedAt, systems, report, options });
    const found = mergeFindings(editor, cycle, findings, { scanId, scannedAt, options, summary, isLatest });
    markMissing(editor, cycle, found, { scanId, scannedAt, options, summary, isLatest, scanner: report.scanner });
  });
  if (!result.ok) {
    return { ok: false, message: `The cycle file could not be edited: ${result.message}` };
  }
  return { ok: true, text: result.text, edits: result.edits, summary };
}

function readCycle(value: JsonObject): CycleView {
  const systems = (asArray(value.systems) ?? [])
    .map(asObject)
    .map((system) => ({ id: asString(system?.id) ?? '', name: asString(system?.name) ?? '' }))
    .filter((system) => system.id !== '');
  const scans = (asArray(value.scans) ?? []).map((scan) => asObject(scan) ?? {});
  const vulnerabilities = (asArray(value.vulnerabilities) ?? []).map((entry, index) => {
    const vulnerability = asObject(entry) ?? {};
    return {
      index,
      value: vulnerability,
      id: asString(vulnerability.id) ?? '',
      advisory: asString(vulnerability.advisory) ?? '',
      aliases: stringArray(vulnerability.aliases),
      component: asString(asObject(vulnerability.component)?.name) ?? '',
      system: asString(vulnerability.system) ?? '',
      scan: asString(asObject(vulnerability.source)?.scan)
    };
  });
  return { systems, scans, vulnerabilities };
}

type Resolution = { ok: true; findings: (Finding & { system: string })[]; systems: string[]; skipped: SkippedEntry[] } | { ok: false; message: string };

function resolveSystems(report: ParsedReport, cycle: CycleView, options: ImportOptions): Resolution {
  const known = cycle.systems.map((system) => system.id);
  const skipped = [...report.skipped];
  if (options.system !== undefined) {
    if (!known.includes(options.system)) {
      return { ok: false, message: `--system ${options.system} is not a system of this cycle; use one of: ${known.join(', ') || '(the cycle lists no systems)'}.` };
    }
    return { ok: true, findings: report.findings.map((finding) => ({ ...finding, system: options.system as string })), systems: [options.system], skipped };
  }

  const lookup = new Map<string, string>();
  for (const system of cycle.systems) {
    lookup.set(system.id.toLowerCase(), system.id);
    if (system.name) {
      lookup.set(system.name.toLowerCase(), system.id);
    }
  }
  const systems: string[] = [];
  const unmapped = new Set<string>();
  const findings: (Finding & { system: string })[] = [];
  const systemOf = (target: string): string | undefined => targetKeys(target).map((key) => lookup.get(key)).find((system) => system !== undefined);
  for (const target of report.targets) {
    const system = systemOf(target);
    if (system && !systems.includes(system)) {
      systems.push(system);
    } else if (!system) {
      unmapped.add(target);
    }
  }
  for (const finding of report.findings) {
    const system = systemOf(finding.target);
    if (system) {
      findings.push({ ...finding, system });
      if (!systems.includes(system)) {
        systems.push(system);
      }
    } else {
      unmapped.add(finding.target);
      skipped.push({ location: finding.location, reason: `target ${JSON.stringify(finding.target)} matches no system id or name of the cycle` });
    }
  }
  if (systems.length === 0) {
    const targets = [...unmapped].map((target) => JSON.stringify(target || '(none)')).join(', ') || '(the report names no target)';
    return {
      ok: false,
      message: `The report's target ${targets} matches no system id or name in the cycle (systems: ${known.join(', ') || 'none'}). Pass --system <id> to say which system was scanned.`
    };
  }
  return { ok: true, findings, systems, skipped };
}

/**
 * Keys a report target is looked up by, lower case: the target itself, then its last path
 * segment without tag, digest or archive extension, so `ghcr.io/acme/payments-api:1.4`
 * and `images/payments-api.tar.gz` both map to a system with id `payments-api`.
 */
export function targetKeys(target: string): string[] {
  const whole = target.trim().toLowerCase();
  const last = whole.split('/').pop() ?? whole;
  const bare = last.replace(/@sha256:[0-9a-f]+$/, '').replace(/:[^:]*$/, '').replace(/\.(tar\.gz|tgz|tar)$/, '');
  return [...new Set([whole, last, bare])].filter((key) => key.length > 0);
}

function isNewestScanFor(cycle: CycleView, system: string, scanner: string, scannedAt: string, scanId: string): boolean {
  const family = scannerFamily(scanner);
  return cycle.scans.every((scan) => {
    if (scan.id === scanId || scannerFamily(asString(scan.scanner) ?? '') !== family || !stringArray(scan.systems).includes(system)) {
      return true;
    }
    return (asString(scan.scannedAt) ?? '') <= scannedAt;
  });
}

/** Scanner without its version, lower case: `Trivy 0.50.1` and `Trivy dev` are one family. */
function scannerFamily(scanner: string): string {
  return scanner.split(/[ ,]/)[0].toLowerCase();
}

/** Hands out `prefix` + the next number after the highest existing one, zero-padded to three digits. */
class IdSequence {
  private last = 0;

  constructor(private readonly prefix: string, existing: readonly (string | undefined)[]) {
    const pattern = new RegExp(`^${prefix}(\\d+)$`);
    for (const id of existing) {
      const match = id ? pattern.exec(id) : null;
      if (match) {
        this.last = Math.max(this.last, Number(match[1]));
      }
    }
  }

  next(): string {
    this.last++;
    return `${this.prefix}${String(this.last).padStart(3, '0')}`;
  }
}

interface ScanWrite {
  id: string;
  scannedAt: string;
  systems: string[];
  report: ParsedReport;
  options: ImportOptions;
}

function writeScan(editor: YamlEditor, cycle: CycleView, existing: JsonObject | undefined, scan: ScanWrite): void {
  if (existing) {
    const index = cycle.scans.indexOf(existing);
    const systems = stringArray(existing.systems);
    const missing = scan.systems.filter((system) => !systems.includes(system));
    if (missing.length > 0) {
      editor.set(['scans', index, 'systems'], [...systems, ...missing]);
    }
    return;
  }
  const record: ScanRecord = {
    id: scan.id,
    file: scan.options.fileName,
    scanner: scan.report.scanner,
    format: scan.report.format,
    scannedAt: scan.scannedAt,
    importedAt: toUtcTimestamp(scan.options.now) ?? scan.options.now,
    systems: scan.systems,
    phase: scan.options.phase
  };
  appendAll(editor, 'scans', [record as unknown as PlainValue], 'systems');
}

/** Append items to a top-level sequence; a missing or empty one is written in one edit. */
function appendAll(editor: YamlEditor, key: string, items: PlainValue[], after: string): void {
  if (items.length === 0) {
    return;
  }
  const current = editor.get([key]);
  if (current === undefined || current === null || (Array.isArray(current) && current.length === 0)) {
    editor.set([key], items, current === undefined ? { after } : {});
    return;
  }
  // TODO: the edit layer appends one item per call and re-parses the text each time, so
  // adding thousands of vulnerabilities to a non-empty list is quadratic.
  for (const item of items) {
    editor.append([key], item, { allowDuplicate: true });
  }
}

interface MergeContext {
  scanId: string;
  scannedAt: string;
  options: ImportOptions;
  summary: ImportSummary;
  isLatest: (system: string) => boolean;
}

/** Merge findings; returns the indices of existing vulnerabilities the report found. */
function mergeFindings(editor: YamlEditor, cycle: CycleView, findings: (Finding & { system: string })[], context: MergeContext): Set<number> {
  const byKey = new Map<string, ExistingVulnerability>();
  for (const vulnerability of cycle.vulnerabilities) {
    for (const advisory of [vulnerability.advisory, ...vulnerability.aliases]) {
      const key = identity(advisory, vulnerability.component, vulnerability.system);
      if (!byKey.has(key)) {
        byKey.set(key, vulnerability);
      }
    }
  }

  const found = new Set<number>();
  const inReport = new Map<string, string>();
  const added: PlainValue[] = [];
  const ids = new IdSequence('V-', cycle.vulnerabilities.map((vulnerability) => vulnerability.id));

  for (const finding of findings) {
    const oversized = oversizedField(finding);
    if (oversized) {
      context.summary.skipped.push({ location: finding.location, reason: oversized });
      continue;
    }
    const key = identity(finding.advisory, finding.component.name, finding.system);
    const earlier = inReport.get(key);
    if (earlier) {
      context.summary.skipped.push({ location: finding.location, reason: `${finding.advisory} in ${finding.component.name} on ${finding.system} is already imported from ${earlier}` });
      continue;
    }
    inReport.set(key, finding.location);

    const cvss = computeCvss(finding, context.summary);
    const kev = enrichKev(finding, context.options);
    const epss = enrichEpss(finding, context.options);
    const existing = [finding.advisory, ...finding.aliases]
      .map((advisory) => byKey.get(identity(advisory, finding.component.name, finding.system)))
      .find((match) => match !== undefined);

    if (existing) {
      if (found.has(existing.index)) {
        context.summary.skipped.push({ location: finding.location, reason: `${finding.advisory} matches ${existing.id}, which another finding of this report already updated` });
        continue;
      }
      found.add(existing.index);
      if (context.isLatest(finding.system)) {
        updateExisting(editor, existing, finding, { cvss, kev, epss }, context);
      }
      continue;
    }

    const id = ids.next();
    added.push(newVulnerability(id, finding, { cvss, kev, epss }, context) as unknown as PlainValue);
    context.summary.added.push({ id, advisory: finding.advisory, component: finding.component.name, system: finding.system });
    if (context.options.phase === 'verify') {
      // A vulnerability first seen by a verification scan is open by definition.
      context.summary.stillOpen.push(id);
    }
  }

  appendAll(editor, 'vulnerabilities', added, 'scans');
  return found;
}

/**
 * Upper bound on an identifying value (advisory id, alias, component name, version or purl).
 * Real ones are far shorter; a longer one in an untrusted report is rejected rather than
 * written into the cycle.
 */
const MAX_FIELD_LENGTH = 512;

/** Upper bound on the aliases kept per vulnerability. */
const MAX_ALIASES = 20;

function oversizedField(finding: Finding): string | undefined {
  const fields: [string, string | undefined][] = [
    ['advisory id', finding.advisory],
    ['component name', finding.component.name],
    ['purl', finding.component.purl],
    ['installed version', finding.component.installed],
    ['fixed version', finding.component.fixed],
    ...finding.aliases.map((alias): [string, string] => ['alias', alias])
  ];
  for (const [name, value] of fields) {
    if (value !== undefined && value.length > MAX_FIELD_LENGTH) {
      return `the ${name} is ${value.length} characters long, more than ${MAX_FIELD_LENGTH}`;
    }
  }
  if (finding.aliases.length > MAX_ALIASES) {
    return `${finding.advisory} has ${finding.aliases.length} aliases, more than ${MAX_ALIASES}`;
  }
  return undefined;
}

function identity(advisory: string, component: string, system: string): string {
  return `${advisory}\u0000${component}\u0000${system}`;
}

interface Enrichment {
  cvss: CvssEntry[];
  kev?: KevRecord;
  epss?: EpssRecord;
}

function computeCvss(finding: Finding, summary: ImportSummary): CvssEntry[] {
  const entries: CvssEntry[] = [];
  for (const reported of finding.cvss) {
    const result = scoreVector(reported.vector, reported.versionHint);
    if (!result.ok) {
      summary.invalidVectors.push({ advisory: finding.advisory, source: reported.source, vector: reported.vector, reason: result.reason });
      continue;
    }
    const { score } = result;
    if (reported.claimedScore !== undefined && scoresDiffer(reported.claimedScore, score.baseScore)) {
      summary.scoreMismatches.push({ advisory: finding.advisory, source: reported.source, vector: score.vector, claimed: reported.claimedScore, computed: score.baseScore });
    }
    if (!entries.some((entry) => entry.source === reported.source && entry.vector === score.vector)) {
      entries.push({ source: reported.source, vector: score.vector, version: score.version, baseScore: score.baseScore, severity: score.severity });
    }
  }
  return entries;
}

/** Look up the KEV record: the snapshot file wins, and a KEV fact printed by the scanner counts only with a date. */
function enrichKev(finding: Finding, options: ImportOptions): KevRecord | undefined {
  if (options.kev) {
    const record = lookupKev(options.kev, [finding.advisory, ...finding.aliases]);
    if (record) {
      return record;
    }
  }
  const reported = finding.exploitation?.knownExploited;
  const dateAdded = toDate(reported?.dateAdded);
  if (!reported || !dateAdded) {
    return undefined;
  }
  const dueDate = toDate(reported.dueDate);
  return {
    dateAdded,
    knownRansomwareCampaignUse: reported.knownRansomwareCampaignUse === 'Known' ? 'Known' : 'Unknown',
    ...(dueDate ? { dueDate } : {}),
    catalogVersion: 'as reported by the scanner'
  };
}

function enrichEpss(finding: Finding, options: ImportOptions): EpssRecord | undefined {
  if (options.epss) {
    const record = lookupEpss(options.epss, [finding.advisory, ...finding.aliases]);
    if (record) {
      return record;
    }
  }
  const reported = finding.exploitation?.epss;
  const scoreDate = toDate(reported?.date);
  if (!reported || !scoreDate || reported.probability < 0 || reported.probability > 1 || reported.percentile < 0 || reported.percentile > 1) {
    return undefined;
  }
  return { probability: reported.probability, percentile: reported.percentile, scoreDate, modelVersion: 'as reported by the scanner' };
}

function newVulnerability(id: string, finding: Finding & { system: string }, enrichment: Enrichment, context: MergeContext): Record<string, unknown> {
  const vulnerability: Record<string, unknown> = { id, advisory: finding.advisory };
  if (finding.aliases.length > 0) {
    vulnerability.aliases = finding.aliases;
  }
  vulnerability.title = finding.title;
  vulnerability.category = finding.category;
  vulnerability.system = finding.system;
  vulnerability.component = componentValue(finding.component);
  vulnerability.source = { kind: 'scan', scan: context.scanId };
  vulnerability.detected = datePart(context.scannedAt);
  if (enrichment.cvss.length > 0) {
    vulnerability.cvss = enrichment.cvss;
  }
  if (enrichment.kev) {
    vulnerability.kev = enrichment.kev;
  }
  if (enrichment.epss) {
    vulnerability.epss = enrichment.epss;
  }
  return vulnerability;
}

function componentValue(component: Finding['component']): Record<string, string> {
  const value: Record<string, string> = { name: component.name };
  for (const key of ['purl', 'installed', 'fixed'] as const) {
    const field = component[key];
    if (field !== undefined) {
      value[key] = field;
    }
  }
  return value;
}

function updateExisting(editor: YamlEditor, existing: ExistingVulnerability, finding: Finding, enrichment: Enrichment, context: MergeContext): void {
  const base = ['vulnerabilities', existing.index];
  const fields: string[] = [];
  const current = existing.value;
  const component = asObject(current.component) ?? {};

  for (const key of ['purl', 'installed', 'fixed'] as const) {
    const value = finding.component[key];
    if (value !== undefined && component[key] !== value) {
      editor.set([...base, 'component', key], value);
      fields.push(`component.${key}`);
    }
  }
  const aliases = stringArray(current.aliases);
  const newAliases = [finding.advisory, ...finding.aliases].filter((alias) => alias !== existing.advisory && !aliases.includes(alias));
  if (newAliases.length > 0) {
    editor.set([...base, 'aliases'], [...aliases, ...newAliases], { after: 'advisory' });
    fields.push('aliases');
  }
  if (enrichment.cvss.length > 0 && !sameJson(current.cvss, enrichment.cvss)) {
    editor.set([...base, 'cvss'], enrichment.cvss as unknown as PlainValue);
    fields.push('cvss');
  }
  if (enrichment.kev && !sameJson(current.kev, enrichment.kev)) {
    editor.set([...base, 'kev'], enrichment.kev as unknown as PlainValue);
    fields.push('kev');
  }
  if (enrichment.epss && !sameJson(current.epss, enrichment.epss)) {
    editor.set([...base, 'epss'], enrichment.epss as unknown as PlainValue);
    fields.push('epss');
  }
  if (current.seenInLatestScan === false) {
    editor.set([...base, 'seenInLatestScan'], true);
    context.summary.seenAgain.push(existing.id);
  }
  if (context.options.phase === 'verify') {
    if (writeVerification(editor, existing, 'still-open', context)) {
      fields.push('verification');
    }
    context.summary.stillOpen.push(existing.id);
  }
  if (fields.length > 0) {
    context.summary.updated.push({ id: existing.id, fields });
  }
}

interface MissingContext extends MergeContext {
  scanner: string;
}

/** Mark what this scanner reported on these systems before and no longer reports. */
function markMissing(editor: YamlEditor, cycle: CycleView, found: Set<number>, context: MissingContext): void {
  const family = scannerFamily(context.scanner);
  const scannerOf = new Map(cycle.scans.map((scan) => [asString(scan.id) ?? '', scannerFamily(asString(scan.scanner) ?? '')]));
  for (const vulnerability of cycle.vulnerabilities) {
    if (found.has(vulnerability.index) || !context.summary.systems.includes(vulnerability.system) || !context.isLatest(vulnerability.system)) {
      continue;
    }
    if (vulnerability.scan === undefined || scannerOf.get(vulnerability.scan) !== family || vulnerability.scan === context.scanId && context.summary.scanIsNew) {
      continue;
    }
    if (vulnerability.value.seenInLatestScan !== false) {
      editor.set(['vulnerabilities', vulnerability.index, 'seenInLatestScan'], false);
      context.summary.notSeen.push(vulnerability.id);
    }
    if (context.options.phase === 'verify') {
      writeVerification(editor, vulnerability, 'fixed', context);
      context.summary.verifiedFixed.push(vulnerability.id);
    }
  }
}

/** Record a verification result unless the same result from the same scan is already there. */
function writeVerification(editor: YamlEditor, vulnerability: ExistingVulnerability, result: Verification['result'], context: MergeContext): boolean {
  const current = asObject(vulnerability.value.verification);
  if (current && current.result === result && current.evidence === context.scanId) {
    return false;
  }
  const verification: Verification = {
    result,
    evidence: context.scanId,
    at: context.scannedAt,
    by: context.options.verifiedBy ?? context.summary.scanner
  };
  if (current && asString(current.followUp) && result === 'still-open') {
    verification.followUp = asString(current.followUp);
  }
  editor.set(['vulnerabilities', vulnerability.index, 'verification'], verification as unknown as PlainValue);
  return true;
}

/** Compare a value read from YAML with one about to be written, ignoring key order. */
function sameJson(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonical).join(',')}]`;
  }
  const object = asObject(value);
  if (object) {
    return `{${Object.keys(object)
      .filter((key) => object[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical(object[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}
