import type { ChecklistItemState, Cycle, StepState, Template, TemplateStep } from '../model';

export interface ExpectedItem {
  id: string;
  label: string;
}

/** Item id of the deploy step's fixed item, next to one item per patch. */
export const NOTIFICATION_ITEM: ExpectedItem = { id: 'notification', label: 'Send the deployment notification' };

export function findStep(template: Template, stepId: string): TemplateStep | undefined {
  return template.steps.find((step) => step.id === stepId);
}

/**
 * List the checklist items a step of `cycle` must have: the template's fixed items,
 * then those its `dynamicItems` derives from the cycle (one per patch plus the
 * notification, or one per monitoring tool). An unknown step has none.
 */
export function expectedItems(cycle: Cycle, template: Template, stepId: string): ExpectedItem[] {
  const step = findStep(template, stepId);
  if (!step) {
    return [];
  }

  const items: ExpectedItem[] = (step.items ?? []).map((item) => ({ id: item.id, label: item.label }));
  if (step.dynamicItems === 'patches') {
    for (const patch of list(cycle.patches)) {
      if (typeof patch?.id === 'string') {
        items.push({ id: patch.id, label: `Deploy ${patch.id}: ${patch.title ?? ''}`.trimEnd() });
      }
    }
    items.push(NOTIFICATION_ITEM);
  } else if (step.dynamicItems === 'monitoring-tools') {
    for (const tool of list(cycle.monitoring?.tools)) {
      if (typeof tool?.id === 'string') {
        items.push({ id: tool.id, label: `Monitor ${tool.name ?? tool.id}` });
      }
    }
  }
  return items;
}

/** True when the item is checked, or marked not applicable with a non-empty reason. */
export function itemSettled(state: ChecklistItemState | undefined): boolean {
  if (!state) {
    return false;
  }
  return state.done === true || (typeof state.notApplicable === 'string' && state.notApplicable.trim() !== '');
}

/** Count the settled items of a step; a not-applicable item counts as done. */
export function stepProgress(cycle: Cycle, template: Template, stepId: string): { done: number; total: number } {
  const items = expectedItems(cycle, template, stepId);
  const states = stepState(cycle, stepId)?.items ?? {};
  const done = items.filter((item) => itemSettled(states[item.id])).length;
  return { done, total: items.length };
}

/** Return the id of the first template step that is neither done nor skipped. */
export function currentStep(cycle: Cycle, template: Template): string | undefined {
  return template.steps.find((step) => !isClosed(stepState(cycle, step.id)))?.id;
}

export function stepState(cycle: Cycle, stepId: string): StepState | undefined {
  const steps = cycle.steps as Record<string, StepState | undefined> | undefined;
  return steps && Object.prototype.hasOwnProperty.call(steps, stepId) ? steps[stepId] : undefined;
}

/** Tell whether a step is closed, that is done or skipped. */
export function isClosed(state: StepState | undefined): boolean {
  return state?.status === 'done' || state?.status === 'skipped';
}

/** Return the array, or an empty one for a missing or mistyped field, because invalid files still get workflow checks. */
export function list<T>(value: readonly T[] | undefined): readonly T[] {
  return Array.isArray(value) ? value : [];
}
