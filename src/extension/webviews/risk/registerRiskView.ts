/**
 * Entry points of the "Prioritize Risks" view: the command (palette, tree context menu,
 * CodeLens), the serializer that restores open panels after a restart, and the CodeLens
 * on the `prioritize:` step key of a cycle file.
 */
import * as vscode from 'vscode';
import { CYCLE_GLOB, isCycleUri } from '../../cycleStore';
import type { ExtensionServices } from '../../services';
import { resolveCycle, targetFrom } from '../../targets';
import type { CommandDefinition } from '../../commands/index';
import { RISK_VIEW_TYPE, riskPageStateSchema, type RiskPageState } from '../../../shared/protocol/risk';
import { MessageValidator, previewMessage } from '../../../shared/protocol/validator';
import { RiskPanel } from './riskPanel';
import { findStepKeyLine, PRIORITIZE_STEP } from './riskModel';

export const PRIORITIZE_RISKS_COMMAND = 'patchCycles.prioritizeRisks';

/** Open the view for a tree node, a Uri, `{ uri }`, the active cycle, or a cycle the user picks. */
export const prioritizeRisksCommand: CommandDefinition = {
  id: PRIORITIZE_RISKS_COMMAND,
  run: async (services, argument) => {
    // The view reads the text itself and shows YAML or schema problems in place, so a
    // given or active cycle file opens without waiting for its validation.
    const active = vscode.window.activeTextEditor?.document.uri;
    const uri = targetFrom(argument).uri ?? (active && isCycleUri(active) ? active : (await resolveCycle(services, undefined))?.uri);
    if (!uri) {
      return undefined;
    }
    RiskPanel.show(services, uri);
    return uri.toString();
  }
};

/** Register the serializer and the CodeLens; the command itself is in the command table. */
export function registerRiskView(services: ExtensionServices): vscode.Disposable[] {
  // Compiling the schema takes tens of milliseconds, so it waits for the first restored panel
  // instead of slowing down activation.
  let stateValidator: MessageValidator<Pick<RiskPageState, 'documentUri'>> | undefined;
  return [
    vscode.window.registerWebviewPanelSerializer(RISK_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
        // The saved state comes from the page, so it is checked like any page message.
        stateValidator ??= new MessageValidator<Pick<RiskPageState, 'documentUri'>>(riskPageStateSchema);
        const checked = stateValidator.validate(state);
        const uri = checked.valid ? parseUri(checked.message.documentUri) : undefined;
        if (!uri || !isCycleUri(uri)) {
          services.log.warn(`Risk view: not restoring a panel whose saved state names no cycle file: ${previewMessage(state)}`);
          panel.dispose();
          return;
        }
        RiskPanel.revive(services, panel, uri);
      }
    }),
    vscode.languages.registerCodeLensProvider([{ pattern: CYCLE_GLOB }], new PrioritizeCodeLensProvider())
  ];
}

/**
 * A CodeLens "Prioritize Risks" above the `prioritize:` key under the top-level `steps:`.
 * It scans lines instead of parsing, because CodeLenses are asked for after every edit
 * and parsing a cycle with thousands of vulnerabilities takes seconds.
 */
class PrioritizeCodeLensProvider implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const line = findStepKeyLine(document.getText(), PRIORITIZE_STEP);
    if (line === undefined) {
      return [];
    }
    const text = document.lineAt(line).text;
    const start = text.indexOf(PRIORITIZE_STEP);
    const range = new vscode.Range(line, start, line, start + PRIORITIZE_STEP.length);
    return [
      new vscode.CodeLens(range, {
        title: vscode.l10n.t('Prioritize Risks'),
        tooltip: vscode.l10n.t('Open the risk matrix and priority table of this cycle'),
        command: PRIORITIZE_RISKS_COMMAND,
        arguments: [document.uri]
      })
    ];
  }
}

function parseUri(value: string): vscode.Uri | undefined {
  try {
    return vscode.Uri.parse(value, true);
  } catch {
    return undefined;
  }
}
