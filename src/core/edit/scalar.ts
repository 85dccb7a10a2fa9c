/**
 * Scalar formatting of the edit layer. Cycle files are read by our YAML 1.2 loader, but
 * also by CI scripts and other tools, many of them on YAML 1.1 readers (PyYAML, Go
 * yaml.v2). A plain string that any of those would read as a bool, null, number or
 * time is therefore quoted, as is a string whose plain form would be invalid or change
 * meaning. Every other string stays plain.
 */
import { loadYaml } from '../yaml/load';

export type PlainScalar = string | number | boolean | null;

/**
 * YAML 1.1 resolvers for the implicit types (https://yaml.org/type/), in the form PyYAML 6
 * implements them (its float rule is narrower than the spec's, so `1.2.3` stays plain).
 * A plain scalar matching one of them is not read as a string there.
 */
const YAML11_IMPLICIT: readonly RegExp[] = [
  // bool
  /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
  // null
  /^(?:~|null|Null|NULL|)$/,
  // int: binary, octal, decimal, hexadecimal, base 60
  /^[-+]?0b[0-1_]+$/,
  /^[-+]?0[0-7_]+$/,
  /^[-+]?(?:0|[1-9][0-9_]*)$/,
  /^[-+]?0x[0-9a-fA-F_]+$/,
  /^[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+$/,
  // float, including base 60, infinity and not-a-number
  /^[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?$/,
  /^[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?$/,
  /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/,
  /^[-+]?\.(?:inf|Inf|INF)$/,
  /^\.(?:nan|NaN|NAN)$/,
  // timestamp: a date, or a date and time
  /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::?[0-9]{2})?))?)?$/,
  // merge key and value key
  /^(?:<<|=)$/,
  // Base 60 forms with a leading zero (`09:15`) stay strings under the rule above, but people
  // and some readers take them for times, so they are quoted as well.
  /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/
];

/** Characters that start a YAML indicator, so a plain scalar cannot begin with them. */
const INDICATOR_START = /^[-?:,[\]{}#&*!|>'"%@`]/;

/** Characters that end or split a plain scalar inside a flow collection. */
const FLOW_INDICATORS = /[,[\]{}]/;

/**
 * Plain scalars made only of letters, digits, spaces and punctuation that has no meaning
 * inside a plain scalar. If such a text is not one of the YAML 1.2 core schema's
 * non-string forms (`CORE_SCHEMA_NON_STRING`), it reads back as itself, so the loader
 * need not be asked. An import writes thousands of such titles and package names.
 */
const INERT_PLAIN = /^[\p{L}\p{N}_(/][\p{L}\p{N} _.,;()/+=~-]*$/u;

/** Null, bool, int and float forms of the YAML 1.2 core schema (yaml.org/spec/1.2.2, 10.3.2). */
const CORE_SCHEMA_NON_STRING =
  /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)$/;

/** Check whether a YAML 1.1 reader would resolve `value`, written plain, to something other than that string. */
export function isYaml11Implicit(value: string): boolean {
  return YAML11_IMPLICIT.some((pattern) => pattern.test(value));
}

/** Check whether `value` may be written as a plain scalar and read back as the same string everywhere. */
export function canBePlain(value: string, flow = false): boolean {
  if (value === '' || value !== value.trim() || /[\n\r\t]/.test(value)) {
    return false;
  }
  // Non-printable characters only survive in double quotes.
  if (/[\u0000-\u001f\u007f-\u009f\ufeff]/.test(value)) {
    return false;
  }
  if (INDICATOR_START.test(value) || value.includes(': ') || value.includes(' #') || value.endsWith(':')) {
    return false;
  }
  if (flow && FLOW_INDICATORS.test(value)) {
    return false;
  }
  if (isYaml11Implicit(value)) {
    return false;
  }
  if (INERT_PLAIN.test(value)) {
    return !CORE_SCHEMA_NON_STRING.test(value);
  }
  // The YAML 1.2 reading must give the same string back (catches 0o17, 1e3 and the like).
  const probe = loadYaml(`k: ${value}\n`);
  const read = (probe.value as Record<string, unknown> | undefined)?.k;
  return probe.diagnostics.length === 0 && read === value;
}

/** Format a string as a quoted YAML scalar: single quotes when possible, double quotes for control characters. */
export function quoteString(value: string): string {
  if (/[\u0000-\u001f\u007f-\u009f\ufeff\u2028\u2029]/.test(value)) {
    // JSON string syntax is a subset of YAML double-quoted syntax.
    return JSON.stringify(value);
  }
  return `'${value.replace(/'/g, "''")}'`;
}

/** Format a scalar value as YAML text; `flow` when it goes inside `[…]` or `{…}`. */
export function formatScalar(value: PlainScalar, flow = false): string {
  if (value === null) {
    return 'null';
  }
  if (typeof value === 'boolean') {
    return value ? 'true' : 'false';
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new RangeError(`The number ${value} has no YAML form in a cycle file; write a finite number.`);
    }
    return String(value);
  }
  return canBePlain(value, flow) ? value : quoteString(value);
}
