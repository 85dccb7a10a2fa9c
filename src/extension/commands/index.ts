/**
 * The one command table of the extension. Every command lives in its own module and is
 * listed here; `registerCommands` registers them all, and scripts/check-commands.ts
 * fails the unit tests when this table and `contributes.commands` in package.json
 * disagree. To add a command: write its module, add it below, add the manifest entry.
 */
import * as vscode from 'vscode';
import type { ExtensionServices } from '../services';
import { advanceStepCommand } from './advanceStep';
import { checkItemCommand, uncheckItemCommand } from './checkItem';
import { completeStepCommand } from './completeStep';
import { goToCurrentStepCommand } from './goToCurrentStep';
import { newCycleCommand } from './newCycle';
import { showLogCommand } from './showLog';
import { skipStepCommand } from './skipStep';
import { startStepCommand } from './startStep';
import { validateWorkspaceCommand } from './validateWorkspace';
import { importScanCommand } from './importScan';
import { prioritizeRisksCommand, registerRiskView } from '../webviews/risk/registerRiskView';
import { exportEvidencePackCommand, registerApprovalView, requestApprovalCommand, setUpApprovalsCommand, showApprovalCommand } from '../approval/commands';

export interface CommandDefinition {
  /** The id in `contributes.commands`. */
  readonly id: string;
  /** Commands that run git or reach the network need a trusted workspace. */
  readonly requiresTrust?: boolean;
  run(services: ExtensionServices, ...args: unknown[]): unknown;
}

export const commandTable: readonly CommandDefinition[] = [
  newCycleCommand,
  checkItemCommand,
  uncheckItemCommand,
  startStepCommand,
  completeStepCommand,
  skipStepCommand,
  advanceStepCommand,
  goToCurrentStepCommand,
  validateWorkspaceCommand,
  showLogCommand,
  prioritizeRisksCommand,
  importScanCommand,
  requestApprovalCommand,
  showApprovalCommand,
  setUpApprovalsCommand,
  exportEvidencePackCommand
];

/** Register every command of the table. A command that throws is logged, and its message shown with "Show Log". */
export function registerCommands(services: ExtensionServices): vscode.Disposable[] {
  // The risk view's serializer and CodeLens open it, so they register with the commands.
  return [...registerRiskView(services), ...registerApprovalView(services), ...commandTable.map((command) =>
    vscode.commands.registerCommand(command.id, async (...args: unknown[]) => {
      if (command.requiresTrust && !vscode.workspace.isTrusted) {
        void vscode.window.showWarningMessage(
          vscode.l10n.t('This command needs a trusted workspace. Trust the workspace, then run it again.')
        );
        return undefined;
      }
      try {
        return await command.run(services, ...args);
      } catch (error) {
        services.log.error(`Command ${command.id} failed:`, error);
        const showLog = vscode.l10n.t('Show Log');
        const message = error instanceof Error ? error.message : String(error);
        void vscode.window.showErrorMessage(message, showLog).then((choice) => {
          if (choice === showLog) {
            services.log.show();
          }
        });
        return undefined;
      }
    })
  )];
}
