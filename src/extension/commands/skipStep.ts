import * as vscode from 'vscode';
import { applyOperation } from '../editing';
import { isoNow, requireIdentity } from '../identity';
import { showRejection, resolveCycle, resolveStep, targetFrom } from '../targets';
import type { CommandDefinition } from './index';

/** Skip a step with a reason; the reason is required because an auditor reads it. */
export const skipStepCommand: CommandDefinition = {
  id: 'patchCycles.skipStep',
  async run(services, argument) {
    const target = targetFrom(argument);
    const entry = await resolveCycle(services, target.uri);
    if (!entry) return false;
    const step = await resolveStep(
      entry,
      target.step,
      (candidate) => candidate.status === 'not-started' || candidate.status === 'in-progress',
      vscode.l10n.t('Skip which step?')
    );
    if (!step) return false;
    const given = argument && typeof argument === 'object' && 'reason' in argument ? (argument as { reason: unknown }).reason : undefined;
    const reason =
      typeof given === 'string' && given.trim()
        ? given.trim()
        : (
            await vscode.window.showInputBox({
              title: vscode.l10n.t('Skip step "{0}"', step.name),
              prompt: vscode.l10n.t('Why is this step skipped? The reason is recorded in the cycle file.'),
              ignoreFocusOut: true,
              validateInput: (value) => (value.trim() ? undefined : vscode.l10n.t('A reason is required to skip a step.'))
            })
          )?.trim();
    if (!reason) return false;
    const by = await requireIdentity(services.config, entry.uri);
    if (!by) return false;
    const result = await applyOperation(services, entry.uri, 'skipStep', { step: step.id, reason, by, at: isoNow() });
    if (!result.ok) {
      showRejection(entry.uri, result.message, result.unmet);
      return false;
    }
    return true;
  }
};
