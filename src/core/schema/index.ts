/**
 * JSON Schema validation of cycle and template files (draft 2020-12, strict mode, every
 * error collected), and the translation of ajv's errors into diagnostics that point at
 * the offending node and name the field, the value and the fix. The validators are
 * precompiled ajv code (see standalone.ts), so no schema is compiled at run time.
 */
import type { ErrorObject } from 'ajv/dist/2020';
import cycleSchema from '../../../schemas/cycle.schema.json';
import templateSchema from '../../../schemas/template.schema.json';
import type { Diagnostic, DiagnosticFix } from '../diagnostics';
import type { LocatedValue } from '../yaml/located';
import { validatorExportName } from './standalone-names';
import { nearest } from './suggest';
import * as generated from './validators.generated';

export type SchemaKind = 'cycle' | 'template';

export const SchemaCodes = {
  unknownProperty: 'PC2001',
  notAllowed: 'PC2002',
  wrongType: 'PC2003',
  missingProperty: 'PC2004',
  invalidFormat: 'PC2005',
  wrongSchemaVersion: 'PC2006',
  invalidPattern: 'PC2007',
  outOfRange: 'PC2008',
  tooFew: 'PC2009',
  duplicateEntry: 'PC2010',
  invalidKey: 'PC2011',
  otherSchemaError: 'PC2012'
} as const;

export const SCHEMA_IDS: Readonly<Record<SchemaKind, string>> = {
  cycle: cycleSchema.$id,
  template: templateSchema.$id
};

const SCHEMAS: Readonly<Record<SchemaKind, object>> = { cycle: cycleSchema, template: templateSchema };

/** A precompiled validator, as ajv's standalone code defines it. */
export interface SchemaValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

const VALIDATORS = generated as unknown as Readonly<Record<string, SchemaValidator | undefined>>;

/**
 * Return the validator of a whole file, or of one item definition (e.g. `vulnerability`,
 * listed in `ITEM_DEFINITIONS`) for re-validating a single entry.
 */
export function schemaValidator(kind: SchemaKind, definition?: string): SchemaValidator {
  const validate = VALIDATORS[validatorExportName(kind, definition)];
  if (!validate) {
    throw new Error(`No precompiled validator for ${kind}${definition ? ` definition "${definition}"` : ''}; add it to ITEM_DEFINITIONS and run scripts/generate-validators.ts.`);
  }
  return validate;
}

/** Return the raw schema object of a kind, e.g. for hover help or a generated form. */
export function schemaOf(kind: SchemaKind): object {
  return SCHEMAS[kind];
}

export interface SchemaCheck {
  diagnostics: Diagnostic[];
  /** Document paths of invalid values, so the workflow rules can leave them out. */
  invalidPaths: (string | number)[][];
}

/**
 * Validate the value at `basePath` of a located document (the whole document when
 * `basePath` is empty) against the file schema or one of its `$defs`.
 */
export function checkSchema(located: LocatedValue, kind: SchemaKind, definition?: string, basePath: (string | number)[] = [], cache?: SchemaCache): SchemaCheck {
  const value = valueAt(located.value, basePath);
  const rawErrors = kind === 'cycle' && !definition ? cycleErrors(value, cache) : definitionErrors(schemaValidator(kind, definition), value);
  if (rawErrors.length === 0) {
    return { diagnostics: [], invalidPaths: [] };
  }

  const errors = relevantErrors(rawErrors);
  const diagnostics: Diagnostic[] = [];
  const invalidPaths: (string | number)[][] = [];
  for (const error of errors) {
    const path = [...basePath, ...pointerToPath(value, error.instancePath)];
    const diagnostic = translate(error, path, located, kind);
    diagnostics.push(diagnostic);
    if (!['required', 'additionalProperties'].includes(error.keyword) && path.length > 0) {
      invalidPaths.push(path);
    }
  }
  return { diagnostics, invalidPaths };
}

/**
 * Schema errors of list entries, kept per entry object between validations. An entry
 * that is the same object as in an earlier validation is not checked again, so callers
 * that reuse unchanged parts of a document (incremental validation) must not mutate them.
 */
export interface SchemaCache {
  entries: WeakMap<object, ErrorObject[]>;
}

export function createSchemaCache(): SchemaCache {
  return { entries: new WeakMap() };
}

/** The cycle's long lists, checked entry by entry with the validator of their `$defs` entry. */
const ENTRY_LISTS: readonly (readonly [string, string])[] = [
  ['vulnerabilities', 'vulnerability'],
  ['patches', 'patch']
];

/**
 * Collect the schema errors of a whole cycle: the long lists entry by entry (from
 * `cache` when an entry is unchanged), the rest with the cycle validator on a copy whose
 * long lists are empty. Neither list has a size limit in the schema, so the errors equal
 * those of validating the whole cycle at once.
 */
export function cycleErrors(value: unknown, cache?: SchemaCache): ErrorObject[] {
  if (!isRecord(value)) {
    return definitionErrors(schemaValidator('cycle'), value);
  }

  const rest: Record<string, unknown> = { ...value };
  const entryErrors: ErrorObject[] = [];
  for (const [list, definition] of ENTRY_LISTS) {
    const entries = value[list];
    if (!Array.isArray(entries)) {
      continue;
    }
    rest[list] = [];
    const validate = schemaValidator('cycle', definition);
    entries.forEach((entry: unknown, index) => {
      const cacheable = cache !== undefined && typeof entry === 'object' && entry !== null;
      let errors = cacheable ? cache.entries.get(entry) : undefined;
      if (!errors) {
        errors = definitionErrors(validate, entry);
        if (cacheable) {
          cache.entries.set(entry, errors);
        }
      }
      for (const error of errors) {
        entryErrors.push({ ...error, instancePath: `/${list}/${index}${error.instancePath}` });
      }
    });
  }
  return [...definitionErrors(schemaValidator('cycle'), rest), ...entryErrors];
}

function definitionErrors(validate: SchemaValidator, value: unknown): ErrorObject[] {
  return validate(value) ? [] : [...(validate.errors ?? [])];
}

/**
 * Drop errors that only restate another: the branch errors under a failed `anyOf`, whose
 * own error is clearer, and the inner error of a failed `propertyNames`. Branch errors
 * through `$ref` carry the referenced schema's path, so they are matched by instance path.
 */
function relevantErrors(errors: ErrorObject[]): ErrorObject[] {
  const anyOfPaths = errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath);
  return errors.filter((error) => {
    if (error.propertyName !== undefined && error.keyword !== 'propertyNames') {
      return false;
    }
    if (error.keyword === 'anyOf') {
      return true;
    }
    return !anyOfPaths.some((prefix) => error.instancePath === prefix || error.instancePath.startsWith(prefix + '/'));
  });
}

function translate(error: ErrorObject, path: (string | number)[], located: LocatedValue, kind: SchemaKind): Diagnostic {
  const field = displayPath(path, kind);
  const parentSchema = (error.parentSchema ?? {}) as SchemaNode;
  const params = error.params as Record<string, unknown>;
  const quotedValue = showValue(error.data);

  switch (error.keyword) {
    case 'additionalProperties': {
      const property = String(params.additionalProperty);
      const known = Object.keys(parentSchema.properties ?? {});
      const suggestion = nearest(property, known);
      const keyPath = [...path, property];
      const present = isRecord(error.data) ? Object.keys(error.data) : [];
      const hint = suggestion ? `Did you mean "${suggestion}"? ` : '';
      const diagnostic = at(located, keyPath, true, SchemaCodes.unknownProperty, `Unknown property "${property}" in ${field}. ${hint}Allowed properties: ${known.join(', ')}.`);
      if (suggestion && !present.includes(suggestion)) {
        const fix = replaceScalar(located, keyPath, true, suggestion, `Rename "${property}" to "${suggestion}"`);
        if (fix) {
          diagnostic.fix = fix;
        }
      }
      return diagnostic;
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String);
      const suggestion = typeof error.data === 'string' ? nearest(error.data, allowed) : undefined;
      const hint = suggestion ? ` Did you mean "${suggestion}"?` : '';
      const diagnostic = at(located, path, false, SchemaCodes.notAllowed, `${field} has the value ${quotedValue}, which is not allowed. Allowed values: ${allowed.join(', ')}.${hint}`);
      if (suggestion) {
        const fix = replaceScalar(located, path, false, suggestion, `Change to "${suggestion}"`);
        if (fix) {
          diagnostic.fix = fix;
        }
      }
      return diagnostic;
    }
    case 'const':
      if (path.length === 1 && path[0] === 'schemaVersion') {
        const version = String(params.allowedValue);
        const diagnostic = at(located, path, false, SchemaCodes.wrongSchemaVersion, `schemaVersion is ${quotedValue}, but this version of DORA Patch Cycles reads format version ${version}. Set schemaVersion: ${version}.`);
        const fix = replaceScalar(located, path, false, version, `Set schemaVersion to ${version}`);
        if (fix) {
          diagnostic.fix = fix;
        }
        return diagnostic;
      }
      return at(located, path, false, SchemaCodes.notAllowed, `${field} is ${quotedValue}; it must be ${JSON.stringify(params.allowedValue)}.`);
    case 'type':
      return at(located, path, false, SchemaCodes.wrongType, `${field} must be ${article(String(params.type))}, but it is ${typeName(error.data)}${error.data === null ? '' : ` (${quotedValue})`}.${describeExpected(parentSchema)}`);
    case 'required': {
      const property = String(params.missingProperty);
      const description = parentSchema.properties?.[property]?.description;
      return at(located, path, true, SchemaCodes.missingProperty, `${field} is missing the required property "${property}"${description ? ` (${trimPeriod(description)})` : ''}. Add ${property}.`);
    }
    case 'format':
      return at(located, path, false, SchemaCodes.invalidFormat, `${field} is ${quotedValue}, which is not ${formatName(String(params.format))}. Write it as ${formatExample(String(params.format))}.`);
    case 'pattern':
      return at(located, path, false, SchemaCodes.invalidPattern, `${field} is ${quotedValue}, which is not in the expected form: ${lowerFirst(trimPeriod(parentSchema.description ?? `it must match ${String(params.pattern)}`))}.`);
    case 'propertyNames': {
      const key = String(params.propertyName);
      return at(located, [...path, key], true, SchemaCodes.invalidKey, `The key "${key}" in ${field} is not a valid id: use letters, digits, ".", "_" and "-", starting with a letter or digit.`);
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return at(located, path, false, SchemaCodes.outOfRange, `${field} is ${quotedValue}; it must be ${String(params.comparison)} ${String(params.limit)}.`);
    case 'minItems':
      return at(located, path, false, SchemaCodes.tooFew, `${field} must list at least ${String(params.limit)} ${Number(params.limit) === 1 ? 'entry' : 'entries'}. Add ${Number(params.limit) === 1 ? 'one' : 'them'}.`);
    case 'minLength':
      return at(located, path, false, SchemaCodes.tooFew, `${field} is empty. Write a value${parentSchema.description ? `: ${lowerFirst(trimPeriod(parentSchema.description))}` : ''}.`);
    case 'uniqueItems':
      return at(located, [...path, Number(params.i)], false, SchemaCodes.duplicateEntry, `${field} lists ${showValue((error.data as unknown[])[Number(params.i)])} twice (entries ${String(params.j)} and ${String(params.i)}). Remove the duplicate.`);
    case 'anyOf':
      return at(located, path, false, SchemaCodes.invalidFormat, `${field} is ${quotedValue}, which is not a date (YYYY-MM-DD) or a date-time with an offset (e.g. 2026-11-30T09:15:00+01:00).`);
    default:
      return at(located, path, false, SchemaCodes.otherSchemaError, `${field} is invalid: ${error.message ?? error.keyword}.`);
  }
}

interface SchemaNode {
  description?: string;
  properties?: Record<string, { description?: string }>;
  enum?: unknown[];
}

function at(located: LocatedValue, path: (string | number)[], preferKey: boolean, code: string, message: string): Diagnostic {
  return { code, severity: 'error', message, range: located.rangeOf(path, preferKey), path };
}

/**
 * Build a fix that replaces the scalar or key at `path` and keeps its quote style. Returns
 * undefined when the node is not a one-line scalar, so a fix never rewrites a block.
 */
export function replaceScalar(located: LocatedValue, path: (string | number)[], preferKey: boolean, replacement: string, title: string): DiagnosticFix | undefined {
  const range = located.rangeOf(path, preferKey);
  const source = located.text.slice(range.start.offset, range.end.offset);
  if (source === '' || /[\r\n]/.test(source)) {
    return undefined;
  }
  const quote = source[0] === '"' || source[0] === "'" ? source[0] : '';
  if (quote && source[source.length - 1] !== quote) {
    return undefined;
  }
  if (!quote && !/^[A-Za-z0-9._ -]+$/.test(source)) {
    return undefined;
  }
  return { title, edits: [{ offset: range.start.offset, length: source.length, text: `${quote}${replacement}${quote}` }] };
}

/** Turn a JSON pointer into document path segments; sequence indices become numbers. */
export function pointerToPath(root: unknown, pointer: string): (string | number)[] {
  if (pointer === '') {
    return [];
  }
  const path: (string | number)[] = [];
  let current: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current)) {
      const index = Number(segment);
      path.push(index);
      current = current[index];
    } else {
      path.push(segment);
      current = isRecord(current) ? current[segment] : undefined;
    }
  }
  return path;
}

/** Show a document path the way people read YAML: `vulnerabilities[2].assessment.risk`. */
export function displayPath(path: readonly (string | number)[], kind: SchemaKind = 'cycle'): string {
  if (path.length === 0) {
    return `the ${kind}`;
  }
  let shown = '';
  for (const segment of path) {
    if (typeof segment === 'number') {
      shown += `[${segment}]`;
    } else {
      shown += shown === '' ? segment : `.${segment}`;
    }
  }
  return shown;
}

function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  let current = root;
  for (const segment of path) {
    current = Array.isArray(current) || isRecord(current) ? (current as Record<string | number, unknown>)[segment] : undefined;
  }
  return current;
}

function showValue(value: unknown): string {
  const text = value === undefined ? 'nothing' : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function typeName(value: unknown): string {
  if (value === null) {
    return 'empty (null)';
  }
  if (Array.isArray(value)) {
    return 'a list';
  }
  if (typeof value === 'object') {
    return 'a map';
  }
  return article(typeof value);
}

function article(type: string): string {
  const names: Record<string, string> = { string: 'a text', number: 'a number', integer: 'a whole number', boolean: 'true or false', object: 'a map', array: 'a list', null: 'empty (null)' };
  return names[type] ?? type;
}

function describeExpected(schema: SchemaNode): string {
  return schema.description ? ` Expected: ${lowerFirst(trimPeriod(schema.description))}.` : '';
}

function formatName(format: string): string {
  if (format === 'date') {
    return 'a date';
  }
  if (format === 'date-time') {
    return 'a date-time with an offset';
  }
  return `a valid ${format}`;
}

function formatExample(format: string): string {
  if (format === 'date') {
    return 'YYYY-MM-DD, e.g. 2026-11-30';
  }
  if (format === 'date-time') {
    return 'an ISO 8601 date-time with an offset, e.g. 2026-11-30T09:15:00+01:00 or 2026-11-30T08:15:00Z';
  }
  return `a valid ${format}, e.g. https://github.com/owner/repo/pull/1`;
}

function trimPeriod(text: string): string {
  return text.replace(/\.\s*$/, '');
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
