/**
 * The one YAML loading function of the product. Every reader of a cycle or template
 * file (validation, edits, importers, the CLI, the extension) goes through `loadYaml`,
 * so every caller sees the same rules:
 *
 * - YAML 1.2 core schema, so `yes`, `on` and `2026-01-01` stay strings;
 * - merge keys (`<<`) understood, one or several in a map;
 * - a duplicate key is an error at the duplicate, never "last one wins";
 * - alias expansion bounded by `MAX_ALIAS_COUNT`;
 * - a second document, a non-scalar key and an unknown tag are errors;
 * - a byte-order mark and CRLF line endings are accepted.
 *
 * It never throws: failures come back as diagnostics.
 */
import {
  Alias,
  Document,
  isAlias,
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  visit,
  type Node as YamlNode,
  type ParseOptions,
  type DocumentOptions,
  type SchemaOptions,
  type ToJSOptions
} from 'yaml';
import { LineIndex, type Diagnostic, type Range } from '../diagnostics';

/**
 * Upper bound on the nodes an alias may expand to, per alias. The `yaml` package counts
 * the nodes an alias stands for against this number, so a "billion laughs" document
 * fails after a few thousand nodes instead of exhausting memory.
 */
export const MAX_ALIAS_COUNT = 100;

export const YAML_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.2',
  schema: 'core',
  merge: true,
  uniqueKeys: true,
  prettyErrors: false,
  strict: true,
  keepSourceTokens: true,
  // `!!set` is a standard YAML type that some tools write; anything else unknown is an error.
  customTags: ['set']
};

const TO_JS_OPTIONS: ToJSOptions = { maxAliasCount: MAX_ALIAS_COUNT };

export interface LoadResult {
  text: string;
  /** The parsed document; absent only when the text holds no document at all. */
  document: Document.Parsed | undefined;
  /** The plain value, or `undefined` when an error prevents building it. */
  value: unknown;
  diagnostics: Diagnostic[];
  lines: LineIndex;
  hasBom: boolean;
  lineEnding: '\n' | '\r\n';
}

/** Codes for problems found while reading YAML, before any schema applies. */
export const LoaderCodes = {
  syntax: 'PC1001',
  duplicateKey: 'PC1002',
  secondDocument: 'PC1003',
  nonScalarKey: 'PC1004',
  unknownTag: 'PC1005',
  aliasLimit: 'PC1006',
  circularAlias: 'PC1009',
  emptyDocument: 'PC1007',
  yamlWarning: 'PC1008'
} as const;

export function loadYaml(text: string): LoadResult {
  const lines = new LineIndex(text);
  const hasBom = text.charCodeAt(0) === 0xfeff;
  const lineEnding = detectLineEnding(text);
  const diagnostics: Diagnostic[] = [];

  let documents: Document.Parsed[];
  try {
    documents = parseAllDocuments(text, { ...YAML_OPTIONS, lineCounter: new LineCounter() }) as Document.Parsed[];
  } catch (error) {
    diagnostics.push(diagnosticAt(lines, 0, text.length, LoaderCodes.syntax, `The file could not be read as YAML: ${errorMessage(error)}.`));
    return { text, document: undefined, value: undefined, diagnostics, lines, hasBom, lineEnding };
  }

  // parseAllDocuments returns an EmptyStream (an array) for a text with no document.
  const document = documents[0];
  if (!document) {
    diagnostics.push(diagnosticAt(lines, 0, text.length, LoaderCodes.emptyDocument, 'The file holds no YAML document. Add the cycle\'s fields, starting with `schemaVersion: 1`.'));
    return { text, document: undefined, value: undefined, diagnostics, lines, hasBom, lineEnding };
  }

  for (const extra of documents.slice(1)) {
    const [start] = extra.range;
    diagnostics.push(
      diagnosticAt(lines, start, extra.range[2], LoaderCodes.secondDocument, 'A second YAML document starts here; a cycle file holds exactly one. Remove the `---` line and everything after it, or move it to its own file.')
    );
  }

  collectParserProblems(document, text, lines, diagnostics);
  collectStructuralProblems(document, lines, diagnostics);

  let value: unknown;
  if (!diagnostics.some((d) => d.severity === 'error' && d.code !== LoaderCodes.secondDocument)) {
    try {
      value = document.toJS(TO_JS_OPTIONS);
    } catch (error) {
      diagnostics.push(diagnosticAt(lines, 0, 0, LoaderCodes.aliasLimit, `Aliases expand to more than ${MAX_ALIAS_COUNT} nodes each (${errorMessage(error)}). Write the values out instead of nesting aliases.`));
      value = undefined;
    }
  }

  diagnostics.sort((a, b) => a.range.start.offset - b.range.start.offset);
  return { text, document, value, diagnostics, lines, hasBom, lineEnding };
}

function collectParserProblems(document: Document.Parsed, text: string, lines: LineIndex, diagnostics: Diagnostic[]): void {
  for (const error of document.errors) {
    const [start, end] = error.pos;
    if (error.code === 'DUPLICATE_KEY') {
      diagnostics.push(diagnosticAt(lines, start, end, LoaderCodes.duplicateKey, `Duplicate key "${text.slice(start, end)}": the map already has this key. Remove one of them; YAML readers disagree on which one wins.`));
    } else if (error.code === 'TAG_RESOLVE_FAILED') {
      diagnostics.push(diagnosticAt(lines, start, end, LoaderCodes.unknownTag, `${firstSentence(error.message)}. Cycle files use plain YAML values; remove the tag.`));
    } else {
      diagnostics.push(diagnosticAt(lines, start, end, LoaderCodes.syntax, `YAML syntax error: ${firstSentence(error.message)}.`));
    }
  }

  for (const warning of document.warnings) {
    const [start, end] = warning.pos;
    const unknownTag = warning.code === 'TAG_RESOLVE_FAILED';
    diagnostics.push({
      ...diagnosticAt(lines, start, end, unknownTag ? LoaderCodes.unknownTag : LoaderCodes.yamlWarning, unknownTag ? `${firstSentence(warning.message)}. Cycle files use plain YAML values; remove the tag.` : `${firstSentence(warning.message)}.`),
      severity: unknownTag ? 'error' : 'warning'
    });
  }
}

/** Non-scalar keys are legal YAML but have no JSON form, so the schema could not see them. */
function collectStructuralProblems(document: Document.Parsed, lines: LineIndex, diagnostics: Diagnostic[]): void {
  visit(document, {
    Alias(_, alias) {
      const target = alias.resolve(document);
      if (target?.range && alias.range && target.range[0] <= alias.range[0] && alias.range[1] <= target.range[2]) {
        diagnostics.push(diagnosticAt(lines, alias.range[0], alias.range[1], LoaderCodes.circularAlias, `Alias *${alias.source} refers to a node that contains it, so its value would be infinite. Replace the alias with the value it should stand for.`));
      }
    },
    Pair(_, pair) {
      const key = pair.key;
      if (key === null || key === undefined || isScalar(key) || isAlias(key)) {
        return;
      }
      if (isNode(key) && (isMap(key) || isSeq(key)) && key.range) {
        diagnostics.push(diagnosticAt(lines, key.range[0], key.range[1], LoaderCodes.nonScalarKey, 'A key here is a map or a sequence; cycle files use plain text keys. Write the key as a string.'));
      }
    }
  });
}

function diagnosticAt(lines: LineIndex, start: number, end: number, code: string, message: string): Diagnostic {
  return { code, severity: 'error', message, range: lines.range(start, end) };
}

function detectLineEnding(text: string): '\n' | '\r\n' {
  const firstNewline = text.indexOf('\n');
  return firstNewline > 0 && text.charCodeAt(firstNewline - 1) === 13 ? '\r\n' : '\n';
}

function firstSentence(message: string): string {
  return message.split('\n')[0].replace(/[.:]\s*$/, '');
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Find the node at `path`, following aliases; `undefined` when the path does not exist. */
export function nodeAt(document: Document.Parsed, path: readonly (string | number)[]): YamlNode | undefined {
  let current: unknown = document.contents;
  for (const segment of path) {
    if (isAlias(current)) {
      current = (current as Alias).resolve(document);
    }
    if (isMap(current)) {
      const pair = current.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
      current = pair?.value ?? undefined;
    } else if (isSeq(current) && typeof segment === 'number') {
      current = current.items[segment];
    } else {
      return undefined;
    }
  }
  return isNode(current) ? current : undefined;
}

/**
 * The range of the node at `path`, or of the closest existing ancestor's key when the
 * node is missing, so a diagnostic about a missing field points at its parent.
 */
export function rangeAt(result: LoadResult, path: readonly (string | number)[], preferKey = false): Range {
  const document = result.document;
  if (!document) {
    return result.lines.range(0, 0);
  }
  for (let length = path.length; length >= 0; length--) {
    const prefix = path.slice(0, length);
    if (preferKey || length < path.length) {
      const keyRange = keyRangeAt(document, prefix);
      if (keyRange) {
        return result.lines.range(keyRange[0], keyRange[1]);
      }
    }
    const node = nodeAt(document, prefix);
    if (node?.range) {
      return result.lines.range(node.range[0], node.range[1]);
    }
  }
  return result.lines.range(0, 0);
}

/** Offsets of the key of the pair at `path`, when the last segment names a map key. */
export function keyRangeAt(document: Document.Parsed, path: readonly (string | number)[]): [number, number] | undefined {
  if (path.length === 0) {
    return undefined;
  }
  const parent = path.length === 1 ? document.contents : nodeAt(document, path.slice(0, -1));
  const last = path[path.length - 1];
  if (isMap(parent)) {
    const pair = parent.items.find((item) => isScalar(item.key) && String(item.key.value) === String(last));
    const key = pair?.key;
    if (isScalar(key) && key.range) {
      return [key.range[0], key.range[1]];
    }
  }
  if (isSeq(parent) && typeof last === 'number') {
    const item = parent.items[last];
    if (isNode(item) && item.range) {
      return [item.range[0], item.range[1]];
    }
  }
  return undefined;
}
