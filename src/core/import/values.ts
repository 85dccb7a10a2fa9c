/**
 * Defensive readers for untrusted JSON: each returns undefined instead of throwing when a
 * value has the wrong type, so one malformed entry never stops a whole report.
 */

export type JsonObject = Record<string, unknown>;

export function asObject(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

export function asArray(value: unknown): unknown[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

/** Return a non-empty string after trimming; numbers are not converted. */
export function asString(value: unknown): string | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  const trimmed = value.trim();
  return trimmed.length > 0 ? trimmed : undefined;
}

export function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) {
    return value;
  }
  if (typeof value === 'string' && /^\s*-?[0-9]+(\.[0-9]+)?\s*$/.test(value)) {
    return Number(value);
  }
  return undefined;
}

export function stringArray(value: unknown): string[] {
  return (asArray(value) ?? []).map(asString).filter((item): item is string => item !== undefined);
}

/** Keep the first occurrence of each value, in order, leaving out `exclude`. */
export function unique(values: readonly string[], exclude?: string): string[] {
  const seen = new Set<string>();
  const result: string[] = [];
  for (const value of values) {
    if (value !== exclude && !seen.has(value)) {
      seen.add(value);
      result.push(value);
    }
  }
  return result;
}

/** Maximum title length the importer writes; longer titles are cut at a word boundary. */
export const MAX_TITLE_LENGTH = 200;

/** One-line title: whitespace collapsed, cut to MAX_TITLE_LENGTH characters. */
export function oneLine(text: string): string {
  const collapsed = text.replace(/\s+/g, ' ').trim();
  if (collapsed.length <= MAX_TITLE_LENGTH) {
    return collapsed;
  }
  const cut = collapsed.slice(0, MAX_TITLE_LENGTH - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > MAX_TITLE_LENGTH / 2 ? cut.slice(0, space) : cut}…`;
}

/** Advisory ids that are also CVE or GHSA ids, used to pick the primary id among aliases. */
export const CVE_PATTERN = /^CVE-\d{4}-\d{4,}$/;
export const GHSA_PATTERN = /^GHSA(-[23456789cfghjmpqrvwx]{4}){3}$/;

/** Name of a JSON value's type for messages: `list`, `object`, `null`, `string`, `number`, `boolean`. */
export function typeName(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'list';
  }
  return typeof value;
}
