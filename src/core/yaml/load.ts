/**
 * The one YAML loading function of the product. Every reader of a cycle or template
 * file (validation, edits, importers, the CLI, the extension) goes through `loadYaml`,
 * so every caller sees the same rules:
 *
 * - YAML 1.2 core schema, so `yes`, `on` and `2026-01-01` stay strings;
 * - merge keys (`<<`) understood, one or several in a map, and only onto maps;
 * - a duplicate key is an error at the duplicate, never "last one wins";
 * - alias expansion bounded by `MAX_ALIAS_COUNT`, and a circular alias is an error;
 * - a second document, a non-scalar key and an unknown tag are errors;
 * - `!!set` loads as a map whose values are all `null`;
 * - a byte-order mark and CRLF line endings are accepted.
 *
 * When `value` is built: `value` is `undefined` after a syntax error or an unresolved
 * alias, when building it would be unsafe or impossible (an alias over the limit, a
 * circular alias, a merge of a non-map) and when it has no JSON form (a map or sequence
 * as a key). A duplicate key (YAML 1.2 forbids them), a second document and an unknown
 * tag keep the value, so validation reports the file's other problems in the same pass;
 * the error still fails the file. With a duplicate key the value holds the later entry,
 * after a second document it is the first document's value, and a node with an unknown
 * tag loads as if it had no tag.
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
  type CollectionTag,
  type Node as YamlNode,
  type ParseOptions,
  type DocumentOptions,
  type SchemaOptions,
  type ToJSOptions
} from 'yaml';
import { LineIndex, type Diagnostic, type Range } from '../diagnostics';

/**
 * Bound on alias expansion, passed to the `yaml` package as `maxAliasCount`. For each
 * anchored node, the package multiplies the aliases to the node seen so far by the
 * alias depth inside the node, and fails above this number. So a "billion laughs"
 * document fails after a few hundred nodes instead of exhausting memory.
 */
export const MAX_ALIAS_COUNT = 100;

/**
 * `!!set` as a plain map: the `yaml` package's own set type becomes a JavaScript `Set`,
 * which has no JSON form, so a set loads as a map whose values are all `null`, as the
 * YAML 1.1 set type defines it.
 */
const SET_AS_MAP_TAG: CollectionTag = {
  tag: 'tag:yaml.org,2002:set',
  collection: 'map',
  default: false,
  resolve(map, onError) {
    for (const item of map.items) {
      const value: unknown = isPair(item) ? item.value : undefined;
      if (value !== null && value !== undefined && !(isScalar(value) && value.value === null)) {
        onError('Set items must all have null values');
      }
    }
    return map;
  }
};

export const YAML_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.2',
  schema: 'core',
  merge: true,
  uniqueKeys: true,
  prettyErrors: false,
  strict: true,
  keepSourceTokens: true,
  // `!!set` is a standard YAML type that some tools write; anything else unknown is an error.
  customTags: [SET_AS_MAP_TAG]
};

const TO_JS_OPTIONS: ToJSOptions = { maxAliasCount: MAX_ALIAS_COUNT };

export interface LoadResult {
  text: string;
  /** The parsed document; absent only when the text contains no document at all. */
  document: Document.Parsed | undefined;
  /** The plain value, or `undefined` when an error prevents building it (see the file header). */
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
  emptyDocument: 'PC1007',
  yamlWarning: 'PC1008',
  circularAlias: 'PC1009',
  mergeSource: 'PC1010',
  unresolvedAlias: 'PC1011'
} as const;

/** Codes of errors that leave the value to build; any other error leaves `value` undefined. */
const VALUE_KEEPING_CODES: ReadonlySet<string> = new Set([LoaderCodes.secondDocument, LoaderCodes.unknownTag, LoaderCodes.duplicateKey]);

export function loadYaml(text: string): LoadResult {
  const lines = new LineIndex(text);
  const hasBom = text.charCodeAt(0) === 0xfeff;
  const lineEnding = detectLineEnding(text);
  const diagnostics: Diagnostic[] = [];
  const result: LoadResult = { text, document: undefined, value: undefined, diagnostics, lines, hasBom, lineEnding };

  try {
    loadInto(result);
  } catch (error) {
    // The `yaml` package is not expected to throw on any input. If a future version does,
    // the error becomes a diagnostic, so `loadYaml` still returns.
    diagnostics.push(diagnosticAt(lines, 0, text.length, LoaderCodes.syntax, `The file could not be read as YAML: ${errorMessage(error)}.`));
    result.value = undefined;
  }

  diagnostics.sort((a, b) => a.range.start.offset - b.range.start.offset);
  return result;
}

function loadInto(result: LoadResult): void {
  const { text, lines, diagnostics } = result;
  const documents = parseAllDocuments(text, { ...YAML_OPTIONS, lineCounter: new LineCounter() }) as Document.Parsed[];

  // parseAllDocuments returns an EmptyStream (an array) for a text with no document.
  const document = documents[0];
  if (!document) {
    diagnostics.push(diagnosticAt(lines, 0, text.length, LoaderCodes.emptyDocument, 'The file holds no YAML document. Add the cycle\'s fields, starting with `schemaVersion: 1`.'));
    return;
  }
  result.document = document;

  for (const extra of documents.slice(1)) {
    const [start] = extra.range;
    diagnostics.push(
      diagnosticAt(lines, start, extra.range[2], LoaderCodes.secondDocument, 'A second YAML document starts here; a cycle file holds exactly one. Remove the `---` line and everything after it, or move it to its own file.')
    );
  }

  collectParserProblems(document, text, lines, diagnostics);
  const aliases = collectStructuralProblems(document, lines, diagnostics);

  if (diagnostics.some((d) => d.severity === 'error' && !VALUE_KEEPING_CODES.has(d.code))) {
    return;
  }
  try {
    result.value = document.toJS(TO_JS_OPTIONS);
  } catch (error) {
    // The structural checks above catch unresolved and circular aliases and bad merges,
    // so what is left is the expansion bound.
    const at = findAliasOverLimit(aliases) ?? aliases[0]?.alias;
    const [start, end] = at?.range ?? [0, 0];
    diagnostics.push(
      diagnosticAt(lines, start, end, LoaderCodes.aliasLimit, `Aliases expand to too many nodes (${errorMessage(error)}); the limit guards against "billion laughs" documents. Write the values out instead of nesting aliases.`)
    );
  }
}

function collectParserProblems(document: Document.Parsed, text: string, lines: LineIndex, diagnostics: Diagnostic[]): void {
  for (const error of document.errors) {
    const [start, end] = error.pos;
    if (error.code === 'DUPLICATE_KEY') {
      // The `yaml` package marks only the key's first character; the diagnostic covers the key.
      const keyEnd = keyEndAt(document, start) ?? end;
      diagnostics.push(diagnosticAt(lines, start, keyEnd, LoaderCodes.duplicateKey, `Duplicate key "${text.slice(start, keyEnd)}": the map already has this key. Remove one of them; YAML readers disagree on which one wins.`));
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

/** An alias with the node it refers to, in document order. */
interface ResolvedAlias {
  alias: Alias;
  target: YamlNode | undefined;
}

/**
 * Report what the parser accepts but a cycle cannot hold: aliases without an anchor or
 * inside their own anchor, merges of non-maps, and non-scalar keys, which have no JSON
 * form. Returns the document's aliases with their targets.
 */
function collectStructuralProblems(document: Document.Parsed, lines: LineIndex, diagnostics: Diagnostic[]): ResolvedAlias[] {
  const aliases = resolveAliases(document);
  const targets = new Map(aliases.map((entry) => [entry.alias, entry.target]));
  const resolve = (node: unknown): unknown => (isAlias(node) ? targets.get(node) : node);

  for (const { alias, target } of aliases) {
    const [start, end] = alias.range ?? [0, 0];
    if (!target) {
      diagnostics.push(diagnosticAt(lines, start, end, LoaderCodes.unresolvedAlias, `Alias *${alias.source} has no anchor &${alias.source} before it. Define the anchor first, or write the value out.`));
    } else if (target.range && alias.range && target.range[0] <= start && end <= target.range[2]) {
      diagnostics.push(diagnosticAt(lines, start, end, LoaderCodes.circularAlias, `Alias *${alias.source} refers to a node that contains it, so its value would be infinite. Replace the alias with the value it should stand for.`));
    }
  }

  visit(document, {
    Pair(_, pair) {
      const key = pair.key;
      if (isMergeKey(key)) {
        const source = resolve(pair.value);
        const sources: unknown[] = isSeq(source) ? source.items : [pair.value];
        const bad = sources.find((item) => !isMap(resolve(item)));
        if (bad !== undefined) {
          const node: YamlNode = isNode(bad) ? bad : isNode(pair.value) ? pair.value : (key as YamlNode);
          const [start, end] = node.range ?? [0, 0];
          diagnostics.push(diagnosticAt(lines, start, end, LoaderCodes.mergeSource, 'A merge key `<<` takes a map, an alias to a map, or a sequence of those; this value is not a map. Merge a map, or write the fields out.'));
        }
        return;
      }
      if (key === null || key === undefined || isScalar(key) || isAlias(key)) {
        return;
      }
      if (isNode(key) && (isMap(key) || isSeq(key)) && key.range) {
        diagnostics.push(diagnosticAt(lines, key.range[0], key.range[1], LoaderCodes.nonScalarKey, 'A key here is a map or a sequence; cycle files use plain text keys. Write the key as a string.'));
      }
    }
  });
  return aliases;
}

/** Check for a plain `<<` key, which the core schema with `merge: true` reads as a symbol. */
function isMergeKey(key: unknown): boolean {
  return isScalar(key) && typeof key.value === 'symbol' && key.value.description === '<<';
}

/**
 * Pair each alias with the last node before it that carries its anchor, as YAML defines
 * it, in one pass (`Alias.resolve` walks the whole document for every alias).
 */
function resolveAliases(document: Document.Parsed): ResolvedAlias[] {
  const anchors = new Map<string, YamlNode>();
  const aliases: ResolvedAlias[] = [];
  visit(document, {
    Node(_, node) {
      if (isAlias(node)) {
        aliases.push({ alias: node, target: anchors.get(node.source) });
      } else if (node.anchor) {
        anchors.set(node.anchor, node);
      }
    }
  });
  return aliases;
}

/**
 * Find the alias at which the `yaml` package's expansion bound trips. For each anchored
 * node, the bound compares the aliases to it seen so far times the deepest alias count
 * inside it with `MAX_ALIAS_COUNT`. This mirrors `Alias.resolve` in yaml 2.9 for
 * documents without merge keys. It only places the diagnostic, and the bound itself is
 * the package's.
 */
function findAliasOverLimit(aliases: readonly ResolvedAlias[]): Alias | undefined {
  const targets = new Map(aliases.map((entry) => [entry.alias, entry.target]));
  const counts = new Map<YamlNode, { uses: number; depth: number }>();
  const depthOf = (node: unknown): number => {
    if (isAlias(node)) {
      const target = targets.get(node);
      const data = target && counts.get(target);
      return data ? data.uses * data.depth : 0;
    }
    if (isMap(node) || isSeq(node)) {
      let depth = 0;
      for (const item of node.items as unknown[]) {
        depth = Math.max(depth, depthOf(item));
      }
      return depth;
    }
    if (isPair(node)) {
      return Math.max(depthOf(node.key), depthOf(node.value));
    }
    return 1;
  };

  for (const { alias, target } of aliases) {
    if (!target) {
      continue;
    }
    let data = counts.get(target);
    if (!data) {
      data = { uses: 0, depth: 0 };
      counts.set(target, data);
    }
    data.uses += 1;
    if (data.depth === 0) {
      data.depth = depthOf(target);
    }
    if (data.uses * data.depth > MAX_ALIAS_COUNT) {
      return alias;
    }
  }
  return undefined;
}

/** End offset of the scalar key that starts at `start`, if there is one. */
function keyEndAt(document: Document.Parsed, start: number): number | undefined {
  let end: number | undefined;
  visit(document, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.range?.[0] === start) {
        end = pair.key.range[1];
        return visit.BREAK;
      }
    }
  });
  return end;
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
