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

/**
 * Replace every lone UTF-16 surrogate in the strings and keys of a parsed JSON value with
 * U+FFFD, in place, and return the value. JSON may escape a lone surrogate (`"\ud800"`), but
 * the cycle file is UTF-8 and can only store U+FFFD there; without this, a re-import would
 * no longer find the entry it wrote and add it again. Iterative, because reports can nest
 * deeper than the call stack.
 */
export function toWellFormedJson(root: unknown): unknown {
  if (typeof root === 'string') {
    return wellFormed(root);
  }
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const value = pending.pop();
    if (Array.isArray(value)) {
      for (let index = 0; index < value.length; index += 1) {
        const item: unknown = value[index];
        if (typeof item === 'string') {
          value[index] = wellFormed(item);
        } else if (typeof item === 'object' && item !== null) {
          pending.push(item);
        }
      }
    } else if (typeof value === 'object' && value !== null) {
      const object = value as JsonObject;
      for (const key of Object.keys(object)) {
        const item = object[key];
        if (typeof item === 'object' && item !== null) {
          pending.push(item);
        }
        const fixed = typeof item === 'string' ? wellFormed(item) : item;
        if (LONE_SURROGATE.test(key)) {
          // The new key holds U+FFFD, so it can never be `__proto__`.
          delete object[key];
          object[wellFormed(key)] = fixed;
        } else if (fixed !== item) {
          // Only a string changes here; a `__proto__` key keeps its own property untouched.
          Object.defineProperty(object, key, { value: fixed, writable: true, enumerable: true, configurable: true });
        }
      }
    }
  }
  return root;
}

/** A high surrogate without a low one after it, or a low one without a high one before it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

/** String.prototype.toWellFormed, which the ES2022 library this project compiles against lacks. */
export function wellFormed(text: string): string {
  return LONE_SURROGATE.test(text) ? text.replace(LONE_SURROGATES, '\uFFFD') : text;
}

/** A field left out of a finding because its value has the wrong type. */
export interface DroppedField {
  /** The entry and, when known, its advisory id, e.g. `Results[0].Vulnerabilities[3] (CVE-2026-0001)`. */
  entry: string;
  field: string;
  reason: string;
}

/**
 * Read an optional text field. A missing field is undefined without a word; a field of another
 * type is undefined too, and recorded in `dropped` so the summary can list it.
 */
export function optionalText(object: JsonObject, field: string, entry: string, dropped: DroppedField[], label = field): string | undefined {
  const value = object[field];
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'string') {
    dropped.push({ entry, field: label, reason: `is ${typeArticle(value)}, not a string` });
    return undefined;
  }
  return asString(value);
}

/** Type name with its article for messages: `null`, `a number`, `an object`. */
export function typeArticle(value: unknown): string {
  const name = typeName(value);
  if (name === 'null') {
    return 'null';
  }
  return /^[aeiou]/.test(name) ? `an ${name}` : `a ${name}`;
}

/**
 * A scan time as the report wrote it: a value of another type than text comes back as its
 * JSON text, so the merge reports it as invalid instead of reading the report as undated.
 */
export function scanTimeText(value: unknown): string | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  return typeof value === 'string' ? asString(value) : JSON.stringify(value);
}

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
