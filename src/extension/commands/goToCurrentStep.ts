import * as vscode from 'vscode';
import { resolveCycle, revealRange, targetFrom } from '../targets';
import type { CommandDefinition } from './index';

/** Reveal the current step in the editor and in the tree. */
export const goToCurrentStepCommand: CommandDefinition = {
  id: 'patchCycles.goToCurrentStep',
  async run(services, argument) {
    const entry = await resolveCycle(services, targetFrom(argument).uri);
    if (!entry?.summary) return false;
    const step = entry.summary.steps.find((candidate) => candidate.id === entry.summary?.currentStep);
    if (!step) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Every step of cycle {0} is done or skipped.', entry.summary.id));
      return false;
    }
    await revealRange(entry.uri, step.range);
    await services.tree.revealStep(entry.uri, step.id);
    return true;
  }
};
