/**
 * The tree's and status bar's view of one cycle, computed by the core's workflow
 * functions. Runs inside the validation worker; it adds no rule of its own, it only
 * selects and locates what the core computed.
 */
import type { Range } from '../../core/diagnostics';
import type { Cycle, Template } from '../../core/model';
import { currentStep, evaluateGate, expectedItems, stepProgress, stepState } from '../../core/workflow';
import type { LocatedValue } from '../../core/yaml/located';
import { MAX_UNMET_LISTED, type CycleSummary, type PatchSummary, type SourceRange, type StepSummary, type VulnerabilityColumns } from './protocol';

export function toSourceRange(range: Range): SourceRange {
  return [range.start.line, range.start.column, range.end.line, range.end.column];
}

export function summarizeCycle(located: LocatedValue, cycle: Cycle, template: Template, now: Date): CycleSummary {
  const locate = (path: (string | number)[], preferKey = true) => toSourceRange(located.rangeOf(path, preferKey));

  const steps: StepSummary[] = template.steps.map((templateStep) => {
    const state = stepState(cycle, templateStep.id);
    const progress = stepProgress(cycle, template, templateStep.id);
    const gate = evaluateGate(cycle, template, templateStep.id, now);
    return {
      id: templateStep.id,
      name: templateStep.name,
      status: state?.status ?? 'not-started',
      done: progress.done,
      total: progress.total,
      gateMet: gate.met,
      unmetCount: gate.unmet.length,
      unmet: gate.unmet.slice(0, MAX_UNMET_LISTED).map((condition) => ({ code: condition.code, message: condition.message, range: locate(condition.path, false) })),
      items: expectedItems(cycle, template, templateStep.id).map((item) => {
        const itemState = state?.items?.[item.id];
        return {
          id: item.id,
          label: item.label,
          done: itemState?.done === true,
          notApplicable: typeof itemState?.notApplicable === 'string' ? itemState.notApplicable : undefined,
          by: typeof itemState?.by === 'string' ? itemState.by : undefined,
          at: typeof itemState?.at === 'string' ? itemState.at : undefined,
          range: itemState ? locate(['steps', templateStep.id, 'items', item.id]) : locate(['steps', templateStep.id])
        };
      }),
      range: locate(['steps', templateStep.id])
    };
  });

  const list = Array.isArray(cycle.vulnerabilities) ? cycle.vulnerabilities : [];
  const vulnerabilities: VulnerabilityColumns = {
    count: list.length,
    id: list.map((vulnerability) => String(vulnerability.id)),
    advisory: list.map((vulnerability) => String(vulnerability.advisory)),
    title: list.map((vulnerability) => String(vulnerability.title ?? '')),
    system: list.map((vulnerability) => String(vulnerability.system ?? '')),
    priority: list.map((vulnerability) => vulnerability.assessment?.priority ?? null),
    impact: list.map((vulnerability) => vulnerability.assessment?.impact ?? null),
    likelihood: list.map((vulnerability) => vulnerability.assessment?.likelihood ?? null),
    risk: list.map((vulnerability) => vulnerability.assessment?.risk ?? null),
    decision: list.map((vulnerability) => vulnerability.assessment?.decision ?? null),
    ranges: new Int32Array(list.length * 4)
  };
  list.forEach((_vulnerability, index) => vulnerabilities.ranges.set(locate(['vulnerabilities', index], false), index * 4));

  const patches: PatchSummary[] = (Array.isArray(cycle.patches) ? cycle.patches : []).map((patch, index) => ({
    id: String(patch.id),
    title: String(patch.title ?? ''),
    window: patch.window,
    deadline: patch.deadline,
    status: patch.deployment?.result ?? (patch.window ? 'scheduled' : 'planned'),
    range: locate(['patches', index], false)
  }));

  return {
    id: String(cycle.id),
    title: String(cycle.title),
    track: String(cycle.track),
    currentStep: currentStep(cycle, template),
    stepsDone: steps.filter((step) => step.status === 'done' || step.status === 'skipped').length,
    stepsTotal: steps.length,
    steps,
    vulnerabilities,
    patches
  };
}
