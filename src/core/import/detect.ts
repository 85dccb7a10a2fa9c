/**
 * Format detection from the content, never from the file name, and the one entry point that
 * turns report text into findings.
 */
import { isCycloneDx, parseCycloneDx } from './cyclonedx';
import { isGrypeReport, parseGrype } from './grype';
import { isOsvRecord, isOsvScannerOutput, parseOsv } from './osv';
import { isSarifReport, parseSarif } from './sarif';
import { isTrivyReport, parseTrivy } from './trivy';
import { ReportError, type ParsedReport } from './types';
import { asObject, toWellFormedJson, typeName } from './values';

export const SUPPORTED_FORMATS = 'Trivy JSON, Grype JSON, SARIF 2.1.0, OSV (a record or osv-scanner output) or CycloneDX 1.4–1.6 with vulnerabilities';

/**
 * Parse a scanner report. Entries that cannot be used come back in `skipped`. Throws
 * ReportError, with a message that names the expected formats, when the text is not JSON or
 * matches none of them.
 */
export function parseReport(text: string): ParsedReport {
  const report = parseRoot(text);
  const dropped = report.droppedFields ?? [];
  if (dropped.length > 0) {
    report.notes.push(`${dropped.length} ${dropped.length === 1 ? 'field' : 'fields'} of the wrong type ${dropped.length === 1 ? 'was' : 'were'} left out:`);
    for (const field of dropped) {
      report.notes.push(`${field.entry}: ${field.field} ${field.reason}`);
    }
  }
  return report;
}

function parseRoot(text: string): ParsedReport {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let root: unknown;
  try {
    root = JSON.parse(body);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new ReportError(`The report is not valid JSON (${detail}). Expected ${SUPPORTED_FORMATS}.`);
  }
  // Every string the parsers read, identity fields included, is well-formed from here on.
  root = toWellFormedJson(root);

  if (Array.isArray(root)) {
    if (root.length > 0 && root.every((item) => { const object = asObject(item); return object !== undefined && isOsvRecord(object); })) {
      return parseOsv(root, '');
    }
    throw new ReportError(`The report is a JSON list but not a list of OSV records. Expected ${SUPPORTED_FORMATS}.`);
  }
  const object = asObject(root);
  if (!object) {
    throw new ReportError(`The report is a JSON ${typeName(root)}, not an object. Expected ${SUPPORTED_FORMATS}.`);
  }

  if (isCycloneDx(object)) {
    return parseCycloneDx(object);
  }
  if (isSarifReport(object)) {
    return parseSarif(object);
  }
  if (isTrivyReport(object)) {
    return parseTrivy(object);
  }
  if (isGrypeReport(object)) {
    return parseGrype(object);
  }
  if (isOsvScannerOutput(object) || isOsvRecord(object)) {
    return parseOsv(object, '');
  }
  throw new ReportError(`The report matches no supported format. Expected ${SUPPORTED_FORMATS}.`);
}
