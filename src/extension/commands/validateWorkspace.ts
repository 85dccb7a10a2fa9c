import * as vscode from 'vscode';
import type { CommandDefinition } from './index';

export const validateWorkspaceCommand: CommandDefinition = {
  id: 'patchCycles.validateWorkspace',
  async run(services) {
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Validating patch cycles') },
      () => services.cycles.scanWorkspace()
    );
    const entries = services.cycles.all();
    const errors = entries.reduce((sum, entry) => sum + entry.diagnostics.filter((d) => d.severity === 'error').length, 0);
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Validated {0} cycle file(s): {1} error(s).', entries.length, errors)
    );
    return { files: entries.length, errors };
  }
};
