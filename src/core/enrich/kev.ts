/**
 * The CISA Known Exploited Vulnerabilities catalog as published
 * (https://www.cisa.gov/known-exploited-vulnerabilities-catalog, JSON feed): a dated
 * snapshot read offline. Unknown fields are ignored; entries with a missing or malformed
 * `cveID` or `dateAdded` are skipped and counted.
 */
import type { KevRecord } from '../model';
import { asArray, asObject, asString, typeName } from '../import/values';
import { toDate, toUtcTimestamp } from '../import/time';
import type { SkippedEntry } from '../import/types';

export interface KevCatalog {
  catalogVersion: string;
  /** `dateReleased` as UTC, or undefined when the catalog has none. */
  released?: string;
  /** By CVE id. */
  entries: Map<string, KevRecord>;
  skipped: SkippedEntry[];
}

export class SnapshotError extends Error {}

export function parseKevCatalog(text: string): KevCatalog {
  let root: unknown;
  try {
    root = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw new SnapshotError(`The KEV catalog is not valid JSON (${error instanceof Error ? error.message : String(error)}).`);
  }
  const catalog = asObject(root);
  const vulnerabilities = asArray(catalog?.vulnerabilities);
  const catalogVersion = asString(catalog?.catalogVersion);
  if (!catalog || !vulnerabilities || !catalogVersion) {
    throw new SnapshotError('The file is not the CISA KEV catalog: it needs `catalogVersion` and a `vulnerabilities` list.');
  }

  const entries = new Map<string, KevRecord>();
  const skipped: SkippedEntry[] = [];
  vulnerabilities.forEach((entry, index) => {
    const location = `vulnerabilities[${index}]`;
    const item = asObject(entry);
    if (!item) {
      skipped.push({ location, reason: `the entry is a ${typeName(entry)}, not an object` });
      return;
    }
    const cve = asString(item.cveID);
    const dateAdded = toDate(asString(item.dateAdded));
    if (!cve || !/^CVE-\d{4}-\d{4,}$/.test(cve)) {
      skipped.push({ location, reason: `cveID ${JSON.stringify(item.cveID)} is not a CVE id` });
      return;
    }
    if (!dateAdded) {
      skipped.push({ location, reason: `${cve}: dateAdded ${JSON.stringify(item.dateAdded)} is not a date` });
      return;
    }
    const dueDate = toDate(asString(item.dueDate));
    // Key order as in the cycle schema, because the edit layer writes keys in this order.
    const record: KevRecord = {
      dateAdded,
      knownRansomwareCampaignUse: asString(item.knownRansomwareCampaignUse) === 'Known' ? 'Known' : 'Unknown',
      ...(dueDate ? { dueDate } : {}),
      catalogVersion
    };
    entries.set(cve, record);
  });

  return { catalogVersion, released: toUtcTimestamp(asString(catalog.dateReleased)), entries, skipped };
}

/** Return the KEV record of the first of `ids` that the catalog lists. */
export function lookupKev(catalog: KevCatalog, ids: readonly string[]): KevRecord | undefined {
  for (const id of ids) {
    const record = catalog.entries.get(id);
    if (record) {
      return record;
    }
  }
  return undefined;
}
