/**
 * The one edit layer of the product: pure functions from YAML text to minimal TextEdits.
 * See editor.ts for the rules on comments, flow collections, anchors and merge keys.
 */
export { appendToSequence, deleteKey, describePath, EditError, insertKey, runEdit, setValue, YamlEditor } from './editor';
export type { AppendOptions, EditResult, SetOptions, YamlPath } from './editor';
export { diffEdits } from './diff';
export { formatKey, plainEqual, renderBlockLines, renderFlow, renderPair } from './render';
export type { BlockStyle, PlainValue } from './render';
export { canBePlain, formatScalar, isYaml11Implicit, quoteString } from './scalar';
export type { PlainScalar } from './scalar';
