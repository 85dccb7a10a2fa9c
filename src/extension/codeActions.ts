import * as vscode from 'vscode';
import type { Diagnostic as CoreDiagnostic } from '../core/diagnostics';
import { WorkflowCodes } from '../core/workflow/codes';
import type { CycleStore } from './cycleStore';
import { toVscodeRange } from './diagnostics';
import { currentIdentity, isoNow } from './identity';
import type { ExtensionServices } from './services';

/**
 * Quick fixes for diagnostics whose fix is mechanical. Two sources:
 * - the core's `DiagnosticFix` (an enum near-miss, a missing field with an obvious
 *   default): its edits are applied as they are;
 * - a checked item without `by`/`at`: the missing fields get the configured identity
 *   and the current time.
 */
export class CycleCodeActionProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(
    private readonly store: CycleStore,
    private readonly services: () => ExtensionServices
  ) {}

  /** The edit of "record who" needs the identity and the worker, so it is computed only when chosen. */
  async resolveCodeAction(action: vscode.CodeAction): Promise<vscode.CodeAction> {
    if (!(action instanceof RecordWhoAction)) {
      return action;
    }
    const services = this.services();
    const by = await currentIdentity(services.config, action.document.uri);
    if (!by) {
      action.command = { command: 'patchCycles.checkItem', title: action.title, arguments: [{ uri: action.document.uri, ...action.target }] };
      return action;
    }
    const result = await services.worker.operation('recordWho', action.document.getText(), { ...action.target, by, at: isoNow() });
    if (result.ok) {
      action.edit = new vscode.WorkspaceEdit();
      for (const edit of result.edits) {
        action.edit.replace(action.document.uri, new vscode.Range(action.document.positionAt(edit.offset), action.document.positionAt(edit.offset + edit.length)), edit.text);
      }
    } else {
      services.log.warn(`Quick fix for ${action.target.step}/${action.target.item} in ${action.document.uri.fsPath} failed: ${result.message}`);
    }
    return action;
  }

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const entry = this.store.get(document.uri);
    if (!entry) {
      return [];
    }
    const wanted = context.diagnostics.filter((diagnostic) => diagnostic.source === 'patch-cycles');
    const actions: vscode.CodeAction[] = [];
    for (const core of entry.diagnostics) {
      const shown = wanted.find((diagnostic) => matches(diagnostic, core));
      if (!shown) {
        continue;
      }
      if (core.fix) {
        const action = new vscode.CodeAction(core.fix.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [shown];
        action.isPreferred = true;
        action.edit = new vscode.WorkspaceEdit();
        for (const edit of core.fix.edits) {
          action.edit.replace(document.uri, new vscode.Range(document.positionAt(edit.offset), document.positionAt(edit.offset + edit.length)), edit.text);
        }
        actions.push(action);
      } else if (core.code === WorkflowCodes.itemWithoutWho) {
        const target = itemTarget(core.path);
        if (target) {
          const action = new RecordWhoAction(vscode.l10n.t('Record who checked "{0}" and when', target.item), document, target);
          action.diagnostics = [shown];
          actions.push(action);
        }
      }
    }
    return actions;
  }
}

class RecordWhoAction extends vscode.CodeAction {
  constructor(
    title: string,
    readonly document: vscode.TextDocument,
    readonly target: { step: string; item: string }
  ) {
    super(title, vscode.CodeActionKind.QuickFix);
  }
}

function matches(shown: vscode.Diagnostic, core: CoreDiagnostic): boolean {
  const code = typeof shown.code === 'object' ? shown.code.value : shown.code;
  return code === core.code && shown.message === core.message && shown.range.isEqual(toVscodeRange(core.range));
}

/** `['steps', step, 'items', item, …]` names a checklist item. */
function itemTarget(path: CoreDiagnostic['path']): { step: string; item: string } | undefined {
  if (path && path[0] === 'steps' && path[2] === 'items' && typeof path[1] === 'string' && typeof path[3] === 'string') {
    return { step: path[1], item: path[3] };
  }
  return undefined;
}
