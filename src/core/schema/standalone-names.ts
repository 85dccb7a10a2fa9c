/** Names shared by the validator generator and the code that loads the generated validators. */

/**
 * The `$defs` entries that get their own validator: the entries of the cycle's top-level
 * lists and sections, which an incremental validator re-checks one at a time. Each one
 * repeats the code of what it contains, so the list stays short.
 */
export const ITEM_DEFINITIONS = {
  cycle: ['system', 'scan', 'vulnerability', 'patch', 'backup', 'monitoring', 'feedback', 'approval', 'step'],
  template: ['step']
} as const;

/** Name the export of the validator of a whole file (`cycle`) or of one `$defs` entry (`cycle_vulnerability`). */
export function validatorExportName(kind: 'cycle' | 'template', definition?: string): string {
  return definition ? `${kind}_${definition}` : kind;
}
