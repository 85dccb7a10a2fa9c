import * as vscode from 'vscode';
import { applyOperation } from '../editing';
import { isoNow, requireIdentity } from '../identity';
import { showRejection, resolveCycle, resolveStep, targetFrom } from '../targets';
import type { CommandDefinition } from './index';

export const startStepCommand: CommandDefinition = {
  id: 'patchCycles.startStep',
  async run(services, argument) {
    const target = targetFrom(argument);
    const entry = await resolveCycle(services, target.uri);
    if (!entry) return false;
    const step = await resolveStep(entry, target.step, (candidate) => candidate.status === 'not-started', vscode.l10n.t('Start which step?'));
    if (!step) return false;
    const by = await requireIdentity(services.config, entry.uri);
    if (!by) return false;
    const result = await applyOperation(services, entry.uri, 'startStep', { step: step.id, by, at: isoNow() });
    if (!result.ok) {
      showRejection(entry.uri, result.message, result.unmet);
      return false;
    }
    return true;
  }
};
