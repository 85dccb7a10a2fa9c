import * as vscode from 'vscode';
import type { TextEdit } from '../core/diagnostics';
import type { ExtensionServices } from './services';
import type { EditorRange, OperationArguments, OperationName, OperationResult } from './validation/protocol';

/**
 * Run a core operation on the open document of `uri` and apply its edits as one
 * WorkspaceEdit, so one Undo reverts the whole command. The document may be dirty: the
 * operation reads the editor's text, never the file on disk, and nothing is saved unless
 * `patchCycles.saveAfterEdit` is on.
 */
export async function applyOperation(
  services: ExtensionServices,
  uri: vscode.Uri,
  name: OperationName,
  args: OperationArguments
): Promise<OperationResult> {
  const document = await vscode.workspace.openTextDocument(uri);
  // The user may type while the worker computes; then the offsets no longer match and
  // the operation runs again on the new text.
  for (let attempt = 0; attempt < 3; attempt++) {
    const version = document.version;
    const result = await services.worker.operation(name, document.getText(), args);
    if (!result.ok) {
      return result;
    }
    if (document.version !== version) {
      continue;
    }
    await applyEdits(services, document, result.edits, result.ranges);
    services.log.info(`${name} ${describe(args)} in ${uri.fsPath}: ${result.edits.length} edit(s).`);
    return result;
  }
  return { ok: false, message: vscode.l10n.t('{0} changed while the edit was computed. Run the command again.', uri.fsPath) };
}

/**
 * Apply core edits to `document` as one WorkspaceEdit. `ranges`, when the worker computed
 * them, spare mapping offsets here, which costs tens of milliseconds on a large document.
 */
export async function applyEdits(
  services: ExtensionServices,
  document: vscode.TextDocument,
  edits: readonly TextEdit[],
  ranges?: readonly EditorRange[]
): Promise<void> {
  if (edits.length === 0) {
    return;
  }
  const workspaceEdit = new vscode.WorkspaceEdit();
  edits.forEach((edit, index) => {
    const given = ranges?.[index];
    const range = given
      ? new vscode.Range(given[0], given[1], given[2], given[3])
      : new vscode.Range(document.positionAt(edit.offset), document.positionAt(edit.offset + edit.length));
    workspaceEdit.replace(document.uri, range, edit.text);
  });
  const applied = await vscode.workspace.applyEdit(workspaceEdit);
  if (!applied) {
    throw new Error(vscode.l10n.t('VS Code rejected the edit to {0}.', document.uri.fsPath));
  }
  if (services.config.saveAfterEdit) {
    await document.save();
  }
}

function describe(args: OperationArguments): string {
  return [args.step && `step ${args.step}`, args.item && `item ${args.item}`].filter(Boolean).join(', ');
}
