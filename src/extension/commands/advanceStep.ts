import * as vscode from 'vscode';
import { applyOperation } from '../editing';
import { isoNow, requireIdentity } from '../identity';
import { showRejection, resolveCycle, targetFrom } from '../targets';
import type { CommandDefinition } from './index';

/** Complete the current step and start the next one, in one edit (one Undo). */
export const advanceStepCommand: CommandDefinition = {
  id: 'patchCycles.advanceStep',
  async run(services, argument) {
    const entry = await resolveCycle(services, targetFrom(argument).uri);
    if (!entry?.summary) return false;
    const current = entry.summary.steps.find((step) => step.id === entry.summary?.currentStep);
    if (!current) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Every step of cycle {0} is done or skipped.', entry.summary.id));
      return false;
    }
    const by = await requireIdentity(services.config, entry.uri);
    if (!by) return false;
    const result = await applyOperation(services, entry.uri, 'advanceStep', { step: current.id, by, at: isoNow() });
    if (!result.ok) {
      showRejection(entry.uri, result.message, result.unmet);
      return false;
    }
    return true;
  }
};
