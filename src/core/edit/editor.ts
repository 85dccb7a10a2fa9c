/**
 * The edit layer: every change the product makes to a YAML file goes through here.
 * Each primitive parses the current text with `loadYaml`, finds the nodes by their
 * source ranges and splices new text into the old. Comments, blank lines, key order,
 * quoting of untouched scalars, CRLF line endings and a byte-order mark therefore stay
 * as they were. The caller gets `TextEdit`s computed as the difference between the text
 * before and after, so they cover only what changed. An operation whose result is
 * already in the file produces no edits.
 *
 * Choices a caller should know:
 * - Flow collections (`{ a: 1 }`, `[x, y]`): an edit inside a non-empty one re-renders
 *   the outermost flow collection on the path in flow style (`{ key: value, … }`), so
 *   comments and spacing inside that one collection are lost. An empty `{}` or `[]`
 *   that is the value of a block map key becomes a block collection when it gains
 *   content.
 * - Anchors and aliases: a path that goes through an alias is rejected. So is any change
 *   to a node, or inside a node, whose anchor an alias uses, because the change would
 *   also change every place that alias repeats. A key that a map only gets
 *   through a merge key (`<<: *base`) is written into the map itself, which overrides
 *   the merged value for this map alone. Creating a nested map under such a key, and
 *   deleting a key that a merge key also sets, are rejected, because the merged value
 *   would show through. Setting a whole map value on a map with a merge key replaces
 *   the map, merge key included.
 * - A document with YAML errors (syntax, duplicate keys) is rejected, because the target
 *   of an edit would be ambiguous.
 * - A new string is written plain unless a YAML 1.1 or 1.2 reader would read it as
 *   something else (see scalar.ts). Inserted lines follow the file's indentation and
 *   its line ending.
 */
import {
  isAlias,
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  visit,
  type Document,
  type Node as YamlNode,
  type Pair,
  type YAMLMap,
  type YAMLSeq
} from 'yaml';
import { applyEdits, type TextEdit } from '../diagnostics';
import { loadYaml, MAX_ALIAS_COUNT, type LoadResult } from '../yaml/load';
import { diffEdits } from './diff';
import {
  isEmptyCollection,
  isPlainScalar,
  plainEqual,
  renderBlockLines,
  renderFlow,
  renderPair,
  type BlockStyle,
  type PlainValue
} from './render';
import { formatScalar } from './scalar';

export type YamlPath = readonly (string | number)[];

/** An edit that cannot be made safely; the message names the path and what to do. */
export class EditError extends Error {
  override name = 'EditError';
}

export type EditResult = { ok: true; edits: TextEdit[]; text: string } | { ok: false; message: string };

export interface SetOptions {
  /** When the key is new, insert it after this sibling key instead of after the last one. */
  after?: string;
  /** When a map value is merged into an existing map, insert its new keys after this key of that map. */
  newKeysAfter?: string;
}

export interface AppendOptions {
  /** Append even when an equal item is already in the sequence (by default that is a no-op). */
  allowDuplicate?: boolean;
}

/**
 * A sequence of edits on one text. Each method applies its change to `text` at once, or
 * throws `EditError` when the change cannot be made safely. `edits()` returns the
 * changes of all calls as edits on the original text.
 */
export class YamlEditor {
  private current: string;
  /** The parse of `current`, kept until the text changes, since parsing dominates an edit's cost. */
  private context: EditContext | undefined;

  /** `loaded` is `loadYaml(original)` when the caller already has it. */
  constructor(
    readonly original: string,
    loaded?: LoadResult
  ) {
    this.current = original;
    if (loaded && loaded.text === original) {
      try {
        this.context = parse(original, loaded);
      } catch (error) {
        // The first edit parses again and throws the same error where the caller expects it.
        if (!(error instanceof EditError)) {
          throw error;
        }
      }
    }
  }

  get text(): string {
    return this.current;
  }

  /** Compute the TextEdits that turn the original text into the current one. */
  edits(): TextEdit[] {
    return diffEdits(this.original, this.current);
  }

  /** Read the plain value at `path` in the current text; `undefined` when the path does not exist. */
  get(path: YamlPath): unknown {
    const context = this.parsed();
    const found = walk(context, path, false);
    return found.missingAt === undefined ? toPlain(context, found.chain[found.chain.length - 1].node) : undefined;
  }

  /**
   * Set the value at `path`, creating missing maps on the way. A map value is merged key
   * by key into an existing block map (keys missing from `value` are deleted), so
   * comments on the kept keys survive.
   */
  set(path: YamlPath, value: PlainValue, options: SetOptions = {}): this {
    if (path.length === 0) {
      throw new EditError('Replacing the whole document is not an edit; write the file instead.');
    }
    const context = this.parsed();
    const found = walk(context, path, true);

    if (found.missingAt !== undefined) {
      this.replace(insertMissing(context, found.chain, path, found.missingAt, value, options));
      return this;
    }

    const target = found.chain[found.chain.length - 1];
    if (plainEqual(toPlain(context, target.node), value)) {
      return this;
    }
    guardChain(context, found.chain, path);
    guardSubtree(context, target.node, path);

    // A map with a merge key is replaced whole: merging key by key would leave the merged keys in.
    const mergeIntoMap = isMap(target.node) && !target.node.flow && !hasMergeKey(target.node) && !isPlainScalar(value) && !Array.isArray(value) && !isEmptyCollection(value);
    if (mergeIntoMap && !hasFlowAncestor(found.chain)) {
      this.mergeMap(context, found.chain, path, value as Record<string, PlainValue>, options);
      return this;
    }

    this.replace(replaceValue(context, found.chain, path, value));
    return this;
  }

  /**
   * Delete the map key or sequence item at `path`; a missing path is a no-op. Deleting a
   * sequence item by index is not idempotent: a second call deletes the next item.
   */
  delete(path: YamlPath): this {
    if (path.length === 0) {
      throw new EditError('Deleting the whole document is not an edit; delete the file instead.');
    }
    const context = this.parsed();
    const found = walk(context, path, true);
    if (found.missingAt !== undefined) {
      return this;
    }
    guardChain(context, found.chain.slice(0, -1), path);
    guardSubtree(context, found.chain[found.chain.length - 1].node, path);
    const parent = found.chain[found.chain.length - 1].parent;
    if (isMap(parent) && hasMergeKey(parent) && mergedKeys(context, parent).has(String(path[path.length - 1]))) {
      throw new EditError(`${describePath(path)} is also set by a merge key (<<) of its map, so deleting it here would bring the merged value back. Remove the merge key or edit the merged map.`);
    }
    this.replace(deleteEntry(context, found.chain, path));
    return this;
  }

  /**
   * Append `value` to the sequence at `path`, creating the sequence when the key is
   * missing or empty. An item equal to `value` already in the sequence makes this a
   * no-op unless `allowDuplicate` is set, so appending twice adds one item.
   */
  append(path: YamlPath, value: PlainValue, options: AppendOptions = {}): this {
    const context = this.parsed();
    const found = walk(context, path, true);
    const target = found.missingAt === undefined ? found.chain[found.chain.length - 1] : undefined;
    if (!target || (isScalar(target.node) && target.node.value === null)) {
      return this.set(path, [value]);
    }
    if (!isSeq(target.node)) {
      throw new EditError(`${describePath(path)} is not a sequence (it contains ${describeNode(target.node)}), so nothing can be appended to it. Change it to a sequence first.`);
    }
    const sequence = target.node;
    if (!options.allowDuplicate && sequence.items.some((item) => plainEqual(toPlain(context, item as YamlNode), value))) {
      return this;
    }
    guardChain(context, found.chain, path);
    this.replace(appendItem(context, found.chain, path, sequence, value));
    return this;
  }

  /**
   * Merge `entries` into the block map at the end of `chain` from one parse: scalar
   * changes, deletions and the insertion of new keys are spliced together. Keys whose
   * change is structural (a nested map or sequence) are set one by one afterwards.
   */
  private mergeMap(context: EditContext, chain: ChainLink[], path: YamlPath, entries: Record<string, PlainValue>, options: SetOptions): void {
    const map = chain[chain.length - 1].node as YAMLMap<unknown, unknown>;
    const existingKeys = map.items.map((pair) => keyString(pair)).filter((key): key is string => key !== undefined);
    const removed = existingKeys.filter((key) => !Object.prototype.hasOwnProperty.call(entries, key));
    if (removed.length === existingKeys.length) {
      // Every key goes: insert the new ones first, so the map is never empty on the way.
      for (const [key, child] of Object.entries(entries)) {
        this.set([...path, key], child);
      }
      removed.forEach((key) => this.delete([...path, key]));
      return;
    }

    const edits: TextEdit[] = [];
    const added: [string, PlainValue][] = [];
    const structural: [string, PlainValue][] = [];
    for (const [key, child] of Object.entries(entries)) {
      const pair = map.items.find((candidate) => keyString(candidate) === key);
      const node = pair?.value as YamlNode | null | undefined;
      if (!pair) {
        added.push([key, child]);
      } else if (node && plainEqual(toPlain(context, node), child)) {
        continue;
      } else if (node && (isScalar(node) || isAlias(node)) && isPlainScalar(child)) {
        guardSubtree(context, node, [...path, key]);
        edits.push(replaceValue(context, [...chain, { node, pair, parent: map }], [...path, key], child));
      } else {
        structural.push([key, child]);
      }
    }
    for (const key of removed) {
      const pair = map.items.find((candidate) => keyString(candidate) === key) as Pair<unknown, unknown>;
      guardSubtree(context, pair.value as YamlNode, [...path, key]);
      edits.push(deleteEntry(context, [...chain, { node: pair.value as YamlNode, pair, parent: map }], [...path, key]));
    }
    if (added.length > 0) {
      edits.push(insertPairs(context, map, added, options.newKeysAfter));
    }

    this.current = applyEdits(this.current, edits);
    for (const [key, child] of structural) {
      this.set([...path, key], child);
    }
  }

  private parsed(): EditContext {
    if (!this.context || this.context.text !== this.current) {
      this.context = parse(this.current);
    }
    return this.context;
  }

  private replace(edit: TextEdit): void {
    this.current = this.current.slice(0, edit.offset) + edit.text + this.current.slice(edit.offset + edit.length);
  }
}

/** Set one value; see `YamlEditor.set`. */
export function setValue(text: string, path: YamlPath, value: PlainValue, options?: SetOptions): EditResult {
  return runEdit(text, (editor) => editor.set(path, value, options));
}

/** Delete one key or sequence item; see `YamlEditor.delete`. */
export function deleteKey(text: string, path: YamlPath): EditResult {
  return runEdit(text, (editor) => editor.delete(path));
}

/** Append one item to a sequence; see `YamlEditor.append`. */
export function appendToSequence(text: string, path: YamlPath, value: PlainValue, options?: AppendOptions): EditResult {
  return runEdit(text, (editor) => editor.append(path, value, options));
}

/** Insert `key` into the map at `mapPath`; an equal existing value is a no-op, a different one is rejected. */
export function insertKey(text: string, mapPath: YamlPath, key: string, value: PlainValue, options?: SetOptions): EditResult {
  return runEdit(text, (editor) => {
    const existing = editor.get([...mapPath, key]);
    if (existing !== undefined && !plainEqual(existing, value)) {
      throw new EditError(`${describePath([...mapPath, key])} already exists with a different value; set it instead of inserting it.`);
    }
    editor.set([...mapPath, key], value, options);
  });
}

/** Run edits on a text and return the edits or the reason they could not be made. */
export function runEdit(text: string, change: (editor: YamlEditor) => void): EditResult {
  const editor = new YamlEditor(text);
  try {
    change(editor);
  } catch (error) {
    if (error instanceof EditError || error instanceof RangeError) {
      return { ok: false, message: error.message };
    }
    throw error;
  }
  return { ok: true, edits: editor.edits(), text: editor.text };
}

// ---------------------------------------------------------------------------------
// Parsing and walking

interface EditContext {
  text: string;
  document: Document.Parsed;
  eol: string;
  style: BlockStyle;
  /** Anchor names that at least one alias refers to. */
  usedAnchors: Set<string>;
}

/** One node on the way from the document root to the target. */
interface ChainLink {
  node: YamlNode;
  /** The pair whose value `node` is, when its parent is a map. */
  pair?: Pair<unknown, unknown>;
  /** The collection that contains `node`; absent for the root. */
  parent?: YAMLMap<unknown, unknown> | YAMLSeq<unknown>;
}

function parse(text: string, preloaded?: LoadResult): EditContext {
  const loaded = preloaded ?? loadYaml(text);
  const document = loaded.document;
  const firstError = loaded.diagnostics.find((diagnostic) => diagnostic.severity === 'error');
  if (!document || firstError) {
    const where = firstError ? `line ${firstError.range.start.line}, column ${firstError.range.start.column}` : 'the start';
    throw new EditError(`The file has a YAML error at ${where}${firstError ? ` (${firstError.code}: ${firstError.message})` : ''}; fix it before editing, because the target of the edit is ambiguous.`);
  }
  if (!isMap(document.contents)) {
    throw new EditError('The file\'s top level is not a map of keys; a cycle file starts with `schemaVersion: 1`.');
  }
  const usedAnchors = new Set<string>();
  visit(document, {
    Alias(_, alias) {
      usedAnchors.add(alias.source);
    }
  });
  return { text, document, eol: loaded.lineEnding, style: detectStyle(text, document.contents), usedAnchors };
}

/**
 * Follow `path` from the root. `missingAt` is the index of the first segment that does
 * not exist, and the chain then ends at the map or empty value where it would go.
 */
function walk(context: EditContext, path: YamlPath, forEdit: boolean): { chain: ChainLink[]; missingAt?: number } {
  const chain: ChainLink[] = [{ node: context.document.contents as YamlNode }];
  for (let index = 0; index < path.length; index++) {
    const segment = path[index];
    const current = chain[chain.length - 1].node;
    if (isAlias(current)) {
      if (!forEdit) {
        return { chain, missingAt: index };
      }
      throw new EditError(`${describePath(path.slice(0, index))} is the alias *${current.source}; edit the node anchored as &${current.source} instead, or replace the alias with its own value first.`);
    }
    if (isMap(current)) {
      const pair = current.items.find((item) => keyString(item) === String(segment));
      if (!pair) {
        return { chain, missingAt: index };
      }
      if (!pair.value) {
        throw new EditError(`${describePath(path.slice(0, index + 1))} is a key without a value node; give it a value by hand first.`);
      }
      chain.push({ node: pair.value as YamlNode, pair, parent: current });
      continue;
    }
    if (isSeq(current)) {
      if (typeof segment !== 'number' || !Number.isInteger(segment)) {
        throw new EditError(`${describePath(path.slice(0, index))} is a sequence, so "${segment}" is not a valid index; use a number from 0 to ${current.items.length - 1}.`);
      }
      const item = current.items[segment];
      if (item === undefined) {
        if (!forEdit) {
          return { chain, missingAt: index };
        }
        throw new EditError(`${describePath(path.slice(0, index))} has ${current.items.length} items, so index ${segment} does not exist; append instead.`);
      }
      chain.push({ node: item as YamlNode, parent: current });
      continue;
    }
    if (isScalar(current) && current.value === null) {
      return { chain, missingAt: index };
    }
    if (!forEdit) {
      return { chain, missingAt: index };
    }
    throw new EditError(`${describePath(path.slice(0, index))} contains ${describeNode(current)}, not a map, so ${describePath(path.slice(0, index + 1))} cannot be set. Change it to a map first.`);
  }
  return { chain };
}

/** Return the key as a string, or `undefined` for a null key and a merge key `<<` (which `yaml` reads as a symbol). */
function keyString(pair: Pair<unknown, unknown>): string | undefined {
  if (!isScalar(pair.key) || pair.key.value === null || typeof pair.key.value === 'symbol') {
    return undefined;
  }
  return String(pair.key.value);
}

function toPlain(context: EditContext, node: YamlNode): unknown {
  return node.toJS(context.document, { maxAliasCount: MAX_ALIAS_COUNT });
}

// ---------------------------------------------------------------------------------
// Anchors and aliases

/** Reject a change inside any node on the chain whose anchor an alias uses. */
function guardChain(context: EditContext, chain: readonly ChainLink[], path: YamlPath): void {
  for (const link of chain) {
    const anchor = anchorOf(link.node);
    if (anchor && context.usedAnchors.has(anchor)) {
      throw new EditError(`${describePath(path)} is inside the node anchored as &${anchor}, which *${anchor} repeats elsewhere; the edit would change those places too. Replace the alias with its own value first.`);
    }
  }
}

/** Reject replacing or deleting a node that contains an anchor an alias uses. */
function guardSubtree(context: EditContext, node: YamlNode, path: YamlPath): void {
  const anchors: string[] = [];
  const own = anchorOf(node);
  if (own) {
    anchors.push(own);
  }
  visit(node, {
    Node(_, child) {
      const anchor = anchorOf(child);
      if (anchor) {
        anchors.push(anchor);
      }
    }
  });
  const used = anchors.find((anchor) => context.usedAnchors.has(anchor));
  if (used) {
    throw new EditError(`${describePath(path)} contains the anchor &${used}, which *${used} uses elsewhere; changing it would change those places too. Replace the alias with its own value first.`);
  }
}

function anchorOf(node: YamlNode): string | undefined {
  return isAlias(node) ? undefined : node.anchor;
}

/** Reject re-rendering a flow collection that contains anchors or aliases, because flow rendering would expand them. */
function guardFlowRewrite(node: YamlNode, path: YamlPath): void {
  let found: string | undefined;
  visit(node, {
    Node(_, child) {
      if (isAlias(child)) {
        found = `the alias *${child.source}`;
        return visit.BREAK;
      }
      if (child.anchor) {
        found = `the anchor &${child.anchor}`;
        return visit.BREAK;
      }
      return undefined;
    }
  });
  if (found) {
    throw new EditError(`${describePath(path)} is inside a flow collection that contains ${found}; rewriting it would drop the anchor relation. Write the collection in block style first.`);
  }
}

// ---------------------------------------------------------------------------------
// The three kinds of change

function insertMissing(context: EditContext, chain: ChainLink[], path: YamlPath, missingAt: number, value: PlainValue, options: SetOptions): TextEdit {
  const remaining = path.slice(missingAt);
  const numeric = remaining.find((segment) => typeof segment === 'number');
  if (numeric !== undefined) {
    throw new EditError(`${describePath(path.slice(0, missingAt))} has no sequence item ${numeric} to set; append the item instead.`);
  }
  guardChain(context, chain, path);

  const container = chain[chain.length - 1];
  const key = String(remaining[0]);
  if (isMap(container.node) && remaining.length > 1 && hasMergeKey(container.node)) {
    const merged = toPlain(context, container.node) as Record<string, unknown> | null;
    if (merged && Object.prototype.hasOwnProperty.call(merged, key)) {
      throw new EditError(`${describePath(path.slice(0, missingAt + 1))} comes from a merge key (<<); creating it here would hide the merged map's other keys. Write the key out in this map first.`);
    }
  }

  const child = nest(remaining.slice(1).map(String), value);
  const flowIndex = outermostFlow(chain);
  const emptyFlowInBlock = flowIndex === chain.length - 1 && container.pair !== undefined && (container.node as YAMLMap).items.length === 0;
  if (emptyFlowInBlock) {
    // `items: {}` gaining its first key becomes a block map.
    return replaceValue(context, chain, path.slice(0, missingAt), { [key]: child });
  }
  if (flowIndex !== undefined) {
    return rewriteFlow(context, chain, flowIndex, path, (plain) => setPlain(plain, path.slice(flowIndex), value));
  }
  if (isMap(container.node)) {
    return insertPair(context, container.node, key, child, options.after);
  }
  // An empty value (`key:` or `key: null`) becomes a map.
  return replaceValue(context, chain, path.slice(0, missingAt), { [key]: child });
}

function replaceValue(context: EditContext, chain: ChainLink[], path: YamlPath, value: PlainValue): TextEdit {
  const flowIndex = outermostFlow(chain.slice(0, -1));
  if (flowIndex !== undefined) {
    return rewriteFlow(context, chain, flowIndex, path, (plain) => setPlain(plain, path.slice(flowIndex), value));
  }

  const { text } = context;
  const target = chain[chain.length - 1];
  const node = target.node;
  const [start] = node.range ?? [0];
  const end = contentEnd(text, node);

  if (isPlainScalar(value) && (isScalar(node) || isAlias(node)) && end > start) {
    return { offset: start, length: end - start, text: formatScalar(value) };
  }

  // A non-empty flow collection keeps flow style; an empty `{}` or `[]` becomes a block collection.
  const nonEmptyFlow = (isMap(node) || isSeq(node)) && node.flow && node.items.length > 0;
  if (nonEmptyFlow && !isPlainScalar(value) && !isEmptyCollection(value)) {
    guardFlowRewrite(node, path);
    return { offset: start, length: rangeOf(node)[1] - start, text: renderFlow(value) };
  }

  const indicator = indicatorEnd(text, target);
  if (isPlainScalar(value) || isEmptyCollection(value)) {
    return { offset: indicator, length: Math.max(end, indicator) - indicator, text: ` ${renderFlow(value)}` };
  }

  if (target.pair) {
    const keyColumn = columnOf(text, rangeOf(target.pair.key as YamlNode)[0]);
    const column = existingBlockColumn(text, node, value) ?? keyColumn + (Array.isArray(value) ? context.style.sequenceIndent : context.style.indent);
    const lines = renderBlockLines(value, column, context.style);
    return { offset: indicator, length: Math.max(end, indicator) - indicator, text: context.eol + lines.join(context.eol) };
  }

  // A sequence item: the content starts on the dash line, two columns right of the dash.
  const column = columnOf(text, indicator - 1) + 2;
  const lines = renderBlockLines(value, column, context.style);
  return { offset: indicator, length: Math.max(end, indicator) - indicator, text: ` ${lines[0].slice(column)}${lines.length > 1 ? context.eol : ''}${lines.slice(1).join(context.eol)}` };
}

function deleteEntry(context: EditContext, chain: ChainLink[], path: YamlPath): TextEdit {
  const flowIndex = outermostFlow(chain.slice(0, -1));
  if (flowIndex !== undefined) {
    return rewriteFlow(context, chain, flowIndex, path, (plain) => deletePlain(plain, path.slice(flowIndex)));
  }

  const { text } = context;
  const target = chain[chain.length - 1];
  const parent = target.parent as YAMLMap<unknown, unknown> | YAMLSeq<unknown>;
  const parentLink = chain[chain.length - 2];
  if (parent.items.length === 1) {
    if (!parentLink.pair && !parentLink.parent) {
      throw new EditError(`${describePath(path)} is the only key of the document; deleting it would leave an empty file.`);
    }
    return replaceValue(context, chain.slice(0, -1), path.slice(0, -1), isSeq(parent) ? [] : {});
  }

  const itemIndex = (parent.items as unknown[]).indexOf(isSeq(parent) ? target.node : target.pair);
  const entryStart = isSeq(parent) ? indicatorEnd(text, target) - 1 : rangeOf(target.pair?.key as YamlNode)[0];
  const lineStart = lineStartOf(text, entryStart);
  const onOwnLine = text.slice(lineStart, entryStart).trim() === '';
  if (onOwnLine) {
    const end = lineBoundaryAfter(text, entryEnd(text, target.node));
    return { offset: lineStart, length: end - lineStart, text: '' };
  }
  // The first key of a map that shares the line with a sequence dash (`- id: V-001`):
  // the next key moves up onto the dash line.
  const next = parent.items[itemIndex + 1];
  if (next === undefined || !isPair(next)) {
    throw new EditError(`${describePath(path)} cannot be deleted on its own; edit the surrounding item instead.`);
  }
  const nextStart = rangeOf(next.key as YamlNode)[0];
  return { offset: entryStart, length: nextStart - entryStart, text: '' };
}

function appendItem(context: EditContext, chain: ChainLink[], path: YamlPath, sequence: YAMLSeq<unknown>, value: PlainValue): TextEdit {
  const ownFlow = sequence.flow ? chain.length - 1 : undefined;
  const flowIndex = outermostFlow(chain.slice(0, -1)) ?? ownFlow;
  if (flowIndex !== undefined) {
    const link = chain[chain.length - 1];
    const blockContext = flowIndex === chain.length - 1 && link.pair !== undefined;
    if (blockContext && sequence.items.length === 0) {
      return replaceValue(context, chain, path, [value]);
    }
    return rewriteFlow(context, chain, flowIndex, path, (plain) => appendPlain(plain, path.slice(flowIndex), value));
  }

  const { text } = context;
  const dashColumn = columnOf(text, rangeOf(sequence)[0]);
  const last = sequence.items[sequence.items.length - 1] as YamlNode;
  const lines = renderBlockLines([value], dashColumn, context.style);
  return insertLinesAfter(context, entryEnd(text, last), lines);
}

// ---------------------------------------------------------------------------------
// Block text helpers

function insertPair(context: EditContext, map: YAMLMap<unknown, unknown>, key: string, value: PlainValue, after: string | undefined): TextEdit {
  return insertPairs(context, map, [[key, value]], after);
}

/** Insert new entries into a block map, after the entry `after` or else after the last one. */
function insertPairs(context: EditContext, map: YAMLMap<unknown, unknown>, entries: [string, PlainValue][], after: string | undefined): TextEdit {
  const { text } = context;
  const key = entries.map(([name]) => name).join('", "');
  if (map.flow || map.items.length === 0) {
    throw new EditError(`The map where "${key}" goes is written in flow style; this edit needs a block map.`);
  }
  if (map.tag === 'tag:yaml.org,2002:set') {
    throw new EditError(`The map where "${key}" goes is a !!set, whose keys have no values; edit it by hand.`);
  }
  const column = columnOf(text, blockStart(map));
  const anchorPair = (after !== undefined ? map.items.find((pair) => keyString(pair) === after) : undefined) ?? map.items[map.items.length - 1];
  const anchorEnd = anchorPair.value ? entryEnd(text, anchorPair.value as YamlNode) : rangeOf(anchorPair.key as YamlNode)[1];
  return insertLinesAfter(context, anchorEnd, entries.flatMap(([name, value]) => renderPair(name, value, column, context.style)));
}

/** Insert whole lines after the line that contains `offset` (or at `offset` when it starts a line), in the file's line ending. */
function insertLinesAfter(context: EditContext, offset: number, lines: string[]): TextEdit {
  const { text, eol } = context;
  const at = lineBoundaryAfter(text, offset);
  if (at === text.length && !text.endsWith('\n')) {
    return { offset: text.length, length: 0, text: eol + lines.join(eol) };
  }
  return { offset: at, length: 0, text: lines.join(eol) + eol };
}

/** Find the start of the line after the one that contains `offset`, or `offset` itself when it starts a line. */
function lineBoundaryAfter(text: string, offset: number): number {
  return offset > 0 && text[offset - 1] === '\n' ? offset : nextLineStart(text, offset);
}

/**
 * Find where an entry's text ends: after its last character, or for a block scalar with
 * keep chomping (`|+`, `>+`) as its last value, after the blank lines that belong to it.
 */
function entryEnd(text: string, node: YamlNode): number {
  let last: unknown = node;
  while ((isMap(last) || isSeq(last)) && !last.flow && last.items.length > 0) {
    const tail: unknown = last.items[last.items.length - 1];
    last = isPair(tail) ? (tail.value ?? tail.key) : tail;
  }
  if (isScalar(last) && (last.type === 'BLOCK_LITERAL' || last.type === 'BLOCK_FOLDED') && last.range) {
    const header = text.slice(last.range[0], text.indexOf('\n', last.range[0]));
    if (header.includes('+')) {
      return last.range[1];
    }
  }
  return contentEnd(text, node);
}

/** End of a node's own text: its range end without trailing whitespace and line breaks. */
function contentEnd(text: string, node: YamlNode): number {
  const [start, end] = rangeOf(node);
  let cursor = end;
  while (cursor > start && /\s/.test(text[cursor - 1])) {
    cursor--;
  }
  return cursor;
}

/** Find the offset just after the `:` of the node's key, or after the `-` of its sequence item. */
function indicatorEnd(text: string, link: ChainLink): number {
  if (link.pair) {
    const keyEnd = rangeOf(link.pair.key as YamlNode)[1];
    const colon = text.indexOf(':', keyEnd);
    if (colon === -1) {
      throw new EditError('A map key has no `:` after it; the file is not in a form this edit understands.');
    }
    return colon + 1;
  }
  let cursor = rangeOf(link.node)[0] - 1;
  while (cursor >= 0 && /\s/.test(text[cursor])) {
    cursor--;
  }
  if (text[cursor] !== '-') {
    throw new EditError('A sequence item is preceded by a comment or properties; edit it by hand.');
  }
  return cursor + 1;
}

function existingBlockColumn(text: string, node: YamlNode, value: PlainValue): number | undefined {
  const sameKind = Array.isArray(value) ? isSeq(node) : isMap(node);
  if (!sameKind || (node as YAMLMap | YAMLSeq).flow || (node as YAMLMap | YAMLSeq).items.length === 0) {
    return undefined;
  }
  return columnOf(text, isMap(node) ? blockStart(node) : rangeOf(node)[0]);
}

/** Find where a block map's first entry starts: its anchor, tag or `?` when it has one, else its key. */
function blockStart(map: YAMLMap<unknown, unknown>): number {
  const token = map.srcToken as { items?: { start?: { type: string; offset: number }[] }[] } | undefined;
  const properties = token?.items?.[0]?.start?.find((part) => part.type === 'anchor' || part.type === 'tag' || part.type === 'explicit-key-ind');
  return properties?.offset ?? rangeOf(map)[0];
}

function rangeOf(node: YamlNode | undefined): [number, number, number] {
  if (!node?.range) {
    throw new EditError('A node without a source position was found; the file is not in a form this edit understands.');
  }
  return node.range;
}

function lineStartOf(text: string, offset: number): number {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return start === 0 && text.charCodeAt(0) === 0xfeff ? 1 : start;
}

function nextLineStart(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline === -1 ? text.length : newline + 1;
}

function columnOf(text: string, offset: number): number {
  return offset - lineStartOf(text, offset);
}

/** Indentation of nested maps and of block sequences under a key, as the file already uses them. */
function detectStyle(text: string, root: YAMLMap<unknown, unknown>): BlockStyle {
  let indent: number | undefined;
  let sequenceIndent: number | undefined;
  visit(root, {
    Pair(_, pair) {
      if (!isScalar(pair.key) || !pair.key.range || !(isMap(pair.value) || isSeq(pair.value)) || pair.value.flow || !pair.value.range) {
        return undefined;
      }
      const keyColumn = columnOf(text, pair.key.range[0]);
      const childColumn = columnOf(text, isMap(pair.value) ? blockStart(pair.value) : pair.value.range[0]);
      if (isMap(pair.value) && indent === undefined && childColumn > keyColumn) {
        indent = childColumn - keyColumn;
      }
      if (isSeq(pair.value) && sequenceIndent === undefined) {
        sequenceIndent = childColumn - keyColumn;
      }
      return indent !== undefined && sequenceIndent !== undefined ? visit.BREAK : undefined;
    }
  });
  return { indent: indent ?? 2, sequenceIndent: sequenceIndent ?? indent ?? 2 };
}

// ---------------------------------------------------------------------------------
// Flow collections

function hasFlowAncestor(chain: readonly ChainLink[]): boolean {
  return outermostFlow(chain.slice(0, -1)) !== undefined;
}

/** Index in `chain` of the outermost flow collection, if any. */
function outermostFlow(chain: readonly ChainLink[]): number | undefined {
  const index = chain.findIndex((link) => (isMap(link.node) || isSeq(link.node)) && link.node.flow);
  return index === -1 ? undefined : index;
}

/** Re-render the flow collection at `chain[flowIndex]` after applying `mutate` to its plain value. */
function rewriteFlow(context: EditContext, chain: readonly ChainLink[], flowIndex: number, path: YamlPath, mutate: (plain: PlainValue) => PlainValue): TextEdit {
  const flow = chain[flowIndex].node;
  guardFlowRewrite(flow, path);
  guardChain(context, chain.slice(0, flowIndex + 1), path);
  const updated = mutate(structuredClone(toPlain(context, flow)) as PlainValue);
  const [start, end] = rangeOf(flow);
  return { offset: start, length: end - start, text: renderFlow(updated) };
}

function nest(keys: string[], value: PlainValue): PlainValue {
  return keys.reduceRight<PlainValue>((inner, key) => ({ [key]: inner }), value);
}

function setPlain(root: PlainValue, path: YamlPath, value: PlainValue): PlainValue {
  if (path.length === 0) {
    return value;
  }
  const [head, ...rest] = path;
  const container = (root !== null && typeof root === 'object' ? root : {}) as Record<string | number, PlainValue>;
  container[head] = setPlain(container[head] ?? null, rest, value);
  return container as PlainValue;
}

function deletePlain(root: PlainValue, path: YamlPath): PlainValue {
  const [head, ...rest] = path;
  if (Array.isArray(root) && typeof head === 'number') {
    if (rest.length === 0) {
      root.splice(head, 1);
    } else {
      root[head] = deletePlain(root[head], rest);
    }
  } else if (root !== null && typeof root === 'object' && !Array.isArray(root)) {
    if (rest.length === 0) {
      delete root[String(head)];
    } else {
      root[String(head)] = deletePlain(root[String(head)], rest);
    }
  }
  return root;
}

function appendPlain(root: PlainValue, path: YamlPath, value: PlainValue): PlainValue {
  if (path.length === 0) {
    return [...(Array.isArray(root) ? root : []), value];
  }
  const [head, ...rest] = path;
  const container = root as Record<string | number, PlainValue>;
  container[head] = appendPlain(container[head] ?? null, rest, value);
  return root;
}

/** Collect the keys that the merge keys (`<<`) of `map` bring in. */
function mergedKeys(context: EditContext, map: YAMLMap<unknown, unknown>): Set<string> {
  const keys = new Set<string>();
  for (const pair of map.items) {
    if (!isScalar(pair.key) || typeof pair.key.value !== 'symbol' || !isNode(pair.value)) {
      continue;
    }
    const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
    for (const source of sources) {
      const merged = isNode(source) ? toPlain(context, source) : undefined;
      if (merged !== null && typeof merged === 'object' && !Array.isArray(merged)) {
        Object.keys(merged).forEach((key) => keys.add(key));
      }
    }
  }
  return keys;
}

function hasMergeKey(map: YAMLMap<unknown, unknown>): boolean {
  return map.items.some((pair) => isScalar(pair.key) && (typeof pair.key.value === 'symbol' || pair.key.value === '<<'));
}

// ---------------------------------------------------------------------------------
// Messages

/** Write a path as people do: `steps.identify.items.network`, `patches[0].window`. */
export function describePath(path: YamlPath): string {
  if (path.length === 0) {
    return 'The document';
  }
  let described = '';
  for (const segment of path) {
    if (typeof segment === 'number') {
      described += `[${segment}]`;
    } else {
      described += described === '' ? segment : `.${segment}`;
    }
  }
  return described;
}

function describeNode(node: YamlNode): string {
  if (isScalar(node)) {
    return `the value ${JSON.stringify(node.value)}`;
  }
  if (isSeq(node)) {
    return 'a sequence';
  }
  if (isMap(node)) {
    return 'a map';
  }
  return 'an alias';
}
