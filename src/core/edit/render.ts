/**
 * Rendering of new values as YAML text, in block style at a given indentation or in
 * flow style. Only values the edit layer inserts go through here; existing text is
 * never re-rendered outside a flow collection that an edit replaces.
 */
import { formatScalar, type PlainScalar } from './scalar';

export type PlainValue = PlainScalar | PlainValue[] | { [key: string]: PlainValue };

export interface BlockStyle {
  /** Spaces per nesting level of a map inside a map. */
  indent: number;
  /** Spaces between a map key's column and the `-` of its block sequence value (0 or `indent`). */
  sequenceIndent: number;
}

export function isPlainScalar(value: PlainValue): value is PlainScalar {
  return value === null || typeof value !== 'object';
}

export function isEmptyCollection(value: PlainValue): boolean {
  return Array.isArray(value) ? value.length === 0 : value !== null && typeof value === 'object' && Object.keys(value).length === 0;
}

/** Format a map key; keys follow the same quoting rules as values. */
export function formatKey(key: string, flow = false): string {
  return formatScalar(key, flow);
}

/**
 * Render the entries of a map, or the items of a sequence, as block lines indented by
 * `column` spaces. Empty collections inside are written as `{}` or `[]`.
 */
export function renderBlockLines(value: PlainValue, column: number, style: BlockStyle): string[] {
  const pad = ' '.repeat(column);
  if (Array.isArray(value)) {
    return value.flatMap((item) => renderSequenceItem(item, column, style));
  }
  if (value === null || typeof value !== 'object') {
    return [pad + formatScalar(value)];
  }
  const lines: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    lines.push(...renderPair(key, child, column, style));
  }
  return lines;
}

/** Render `key: value` at `column`, with a nested collection on the following lines. */
export function renderPair(key: string, value: PlainValue, column: number, style: BlockStyle): string[] {
  const head = ' '.repeat(column) + formatKey(key) + ':';
  if (isPlainScalar(value) || isEmptyCollection(value)) {
    return [`${head} ${renderFlow(value)}`];
  }
  const childColumn = Array.isArray(value) ? column + style.sequenceIndent : column + style.indent;
  return [head, ...renderBlockLines(value, childColumn, style)];
}

/** Render `- item` at `column`; a map item starts on the dash line (`- id: V-001`). */
function renderSequenceItem(item: PlainValue, column: number, style: BlockStyle): string[] {
  const pad = ' '.repeat(column);
  if (isPlainScalar(item) || isEmptyCollection(item)) {
    return [`${pad}- ${renderFlow(item)}`];
  }
  // The item's content sits two columns right of the dash; its first line shares the dash line.
  const inner = renderBlockLines(item, column + 2, style);
  return [`${pad}- ${inner[0].slice(column + 2)}`, ...inner.slice(1)];
}

/** Render a value in flow style: `{ key: value, other: [a, b] }`. */
export function renderFlow(value: PlainValue): string {
  if (Array.isArray(value)) {
    return value.length === 0 ? '[]' : `[${value.map(renderFlow).join(', ')}]`;
  }
  if (value === null || typeof value !== 'object') {
    return formatScalar(value, true);
  }
  const entries = Object.entries(value);
  if (entries.length === 0) {
    return '{}';
  }
  return `{ ${entries.map(([key, child]) => `${formatKey(key, true)}: ${renderFlow(child)}`).join(', ')} }`;
}

/** Deep equality of two plain values; map key order does not matter. */
export function plainEqual(a: unknown, b: unknown): boolean {
  if (a === b) {
    return true;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => plainEqual(item, b[i]));
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    return false;
  }
  const aKeys = Object.keys(a);
  const bKeys = Object.keys(b);
  return aKeys.length === bKeys.length && aKeys.every((key) => Object.prototype.hasOwnProperty.call(b, key) && plainEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}
