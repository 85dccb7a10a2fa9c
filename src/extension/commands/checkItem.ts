import * as vscode from 'vscode';
import { applyOperation } from '../editing';
import { isoNow, requireIdentity } from '../identity';
import type { ExtensionServices } from '../services';
import { showRejection, resolveCycle, resolveItem, resolveStep, targetFrom } from '../targets';
import type { CommandDefinition } from './index';

/**
 * Check or uncheck one checklist item. Without a target, the user picks the cycle, the
 * step (the current one is preselected) and the item.
 */
export async function setItemChecked(services: ExtensionServices, argument: unknown, checked: boolean): Promise<boolean> {
  const target = targetFrom(argument);
  const entry = await resolveCycle(services, target.uri);
  if (!entry) return false;
  const step = await resolveStep(
    entry,
    target.step,
    (candidate) => candidate.items.some((item) => item.done !== checked),
    checked ? vscode.l10n.t('Check an item of which step?') : vscode.l10n.t('Uncheck an item of which step?')
  );
  if (!step) return false;
  const item = await resolveItem(
    step,
    target.item,
    (candidate) => candidate.done !== checked,
    checked ? vscode.l10n.t('Check which item?') : vscode.l10n.t('Uncheck which item?')
  );
  if (!item) return false;

  const by = await requireIdentity(services.config, entry.uri);
  if (!by) return false;
  const result = await applyOperation(services, entry.uri, checked ? 'checkItem' : 'uncheckItem', {
    step: step.id,
    item: item.id,
    by,
    at: isoNow()
  });
  if (!result.ok) {
    showRejection(entry.uri, result.message, result.unmet);
    return false;
  }
  return true;
}

export const checkItemCommand: CommandDefinition = {
  id: 'patchCycles.checkItem',
  run: (services, argument) => setItemChecked(services, argument, true)
};

export const uncheckItemCommand: CommandDefinition = {
  id: 'patchCycles.uncheckItem',
  run: (services, argument) => setItemChecked(services, argument, false)
};
