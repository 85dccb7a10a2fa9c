/**
 * The shape every report parser returns: findings in one form, whatever the scanner wrote,
 * plus every entry it could not use with the reason. The merge step maps findings onto the
 * cycle, and parsers never see the cycle.
 */
import type { ScanRecord, VulnerabilityCategory } from '../model';
import type { DroppedField } from './values';

export type ReportFormat = ScanRecord['format'];

/** A CVSS vector as the report printed it, before the score is computed. */
export interface ReportedCvss {
  /** Publisher of the vector: `nvd`, `ghsa`, `redhat`, a CycloneDX rating source, or the scanner. */
  source: string;
  vector: string;
  /** Version the report states next to the vector (`3.1`, `CVSSv31`, `CVSS_V3`), if any. */
  versionHint?: string;
  /** Score printed in the report; only compared with the computed score, never stored. */
  claimedScore?: number;
}

/** KEV and EPSS facts some scanners print themselves (Grype). The snapshot files win over them. */
export interface ReportedExploitation {
  knownExploited?: { knownRansomwareCampaignUse?: string; dateAdded?: string; dueDate?: string };
  epss?: { probability: number; percentile: number; date?: string };
}

export interface Finding {
  advisory: string;
  aliases: string[];
  title: string;
  category: VulnerabilityCategory;
  component: { name: string; purl?: string; installed?: string; fixed?: string };
  /** The report's name for what was scanned (image, repository, Kubernetes resource). */
  target: string;
  cvss: ReportedCvss[];
  /** Scanner severity word (`HIGH`, `Medium`) or `security-severity` number, for the summary only. */
  severity?: string;
  exploitation?: ReportedExploitation;
  /** Place of the finding in the report, e.g. `Results[0].Vulnerabilities[3]`. */
  location: string;
}

export interface SkippedEntry {
  location: string;
  reason: string;
}

export interface ParsedReport {
  format: ReportFormat;
  /** Scanner name and version, e.g. `Trivy dev`, `grype 0.66.0`. */
  scanner: string;
  /** ISO 8601 as found in the report, or undefined when the report has none. */
  scannedAt?: string;
  /** Where the report keeps its scan time (`CreatedAt`), for messages about an invalid value. */
  scanTimeField?: string;
  /** Fields left out of findings because of their type; parseReport turns them into notes. */
  droppedFields?: DroppedField[];
  /** Targets named by the report, in order of first appearance. */
  targets: string[];
  findings: Finding[];
  skipped: SkippedEntry[];
  /** Facts about the report the summary should show (e.g. "no scan time"). */
  notes: string[];
}

/** A report that cannot be read as a whole (not JSON, no known format, wrong top-level shape). */
export class ReportError extends Error {}
