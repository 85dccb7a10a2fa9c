import * as vscode from 'vscode';
import { applyOperation } from '../editing';
import { isoNow, requireIdentity } from '../identity';
import { showRejection, resolveCycle, resolveStep, targetFrom } from '../targets';
import type { CommandDefinition } from './index';

/** Complete a step; when its gate does not hold, nothing changes and the unmet conditions are listed. */
export const completeStepCommand: CommandDefinition = {
  id: 'patchCycles.completeStep',
  async run(services, argument) {
    const target = targetFrom(argument);
    const entry = await resolveCycle(services, target.uri);
    if (!entry) return false;
    const step = await resolveStep(
      entry,
      target.step ?? entry.summary?.currentStep,
      (candidate) => candidate.status === 'in-progress' || candidate.status === 'not-started',
      vscode.l10n.t('Complete which step?')
    );
    if (!step) return false;
    const by = await requireIdentity(services.config, entry.uri);
    if (!by) return false;
    const result = await applyOperation(services, entry.uri, 'completeStep', { step: step.id, by, at: isoNow() });
    if (!result.ok) {
      showRejection(
        entry.uri,
        result.message,
        result.unmet
      );
      return false;
    }
    return true;
  }
};
