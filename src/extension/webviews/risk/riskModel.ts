/**
 * The host's logic of the "Prioritize Risks" view, free of `vscode` so plain Node tests
 * cover it: build the view state from a cycle file's text, and turn a validated page
 * message into minimal text edits through the core's edit layer.
 */
import type { TextEdit } from '../../../core/diagnostics';
import type { ChecklistItemState, Cycle, Impact, Likelihood, Template, Vulnerability } from '../../../core/model';
import { diffEdits, runEdit, type EditResult, type YamlEditor } from '../../../core/edit';
import { loadForValidation } from '../../../core/yaml/located';
import { IMPACTS, LIKELIHOODS, RISK_MATRIX, riskLevel } from '../../../core/workflow/risk';
import { expectedItems } from '../../../core/workflow/items';
import { duplicatePriorities, expiryProblems, isOpen } from '../../../core/workflow/gates';
import type { ChecklistItemView, RiskPageMessage, RiskRow, RiskViewState, SuggestedPriority } from '../../../shared/protocol/risk';

import { builtInTemplate, getTemplate } from '../../../core/templates';
import { checkItem } from '../../../core/operations';
import { suggestPriorities } from '../../../core/risk/suggest';

export const PRIORITIZE_STEP = 'prioritize';

/** Return the template the cycle names, or the built-in one when the name is unknown. */
export function templateOf(cycle: Cycle): Template {
  return (typeof cycle.template === 'string' ? getTemplate(cycle.template) : undefined) ?? builtInTemplate;
}

/** A priority suggestion for a cycle; injected so tests can pass a fixed order. */
export type PrioritySuggester = (cycle: Cycle) => SuggestedPriority[];

/** The core's suggestion, reduced to what the page shows. */
export const coreSuggester: PrioritySuggester = (cycle) => suggestPriorities(cycle).map(({ id, priority, reasons }) => ({ id, priority, reasons }));

export interface RiskDocument {
  text: string;
  version: number;
  documentUri: string;
  file: string;
}

/** The parsed cycle with the index of each vulnerability by its id. */
interface ParsedCycle {
  cycle: Cycle | undefined;
  problems: string[];
}

function parseCycle(text: string, file: string): ParsedCycle {
  // The validation loader reads block-style files several times faster than loadYaml and
  // falls back to it for anything else, with the same value and diagnostics.
  const loaded = loadForValidation(text);
  const errors = loaded.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
  if (errors.length > 0) {
    const first = errors[0];
    return { cycle: undefined, problems: [`${file}:${first.range.start.line}:${first.range.start.column}: ${first.message} Fix the YAML, then the view updates.`] };
  }
  const value = loaded.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { cycle: undefined, problems: [`${file} does not hold a patch cycle (a YAML map with vulnerabilities and steps).`] };
  }
  return { cycle: value as Cycle, problems: [] };
}

function list<T>(value: T[] | undefined): T[] {
  return Array.isArray(value) ? value : [];
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function oneOf<T extends string>(scale: readonly T[], value: unknown): T | null {
  return typeof value === 'string' && (scale as readonly string[]).includes(value) ? (value as T) : null;
}

/** Pick the CVSS entry the table shows: the highest base score among the published vectors. */
function strongestCvss(vulnerability: Vulnerability): { score: number; severity: string } | null {
  let best: { score: number; severity: string } | null = null;
  for (const entry of list(vulnerability.cvss)) {
    if (typeof entry?.baseScore === 'number' && (best === null || entry.baseScore > best.score)) {
      best = { score: entry.baseScore, severity: text(entry.severity) };
    }
  }
  return best;
}

function toRow(vulnerability: Vulnerability, systems: Map<string, { name: string; critical: boolean }>): RiskRow {
  const assessment = vulnerability.assessment ?? {};
  const system = systems.get(vulnerability.system);
  const cvss = strongestCvss(vulnerability);
  const component = vulnerability.component ?? { name: '' };
  return {
    id: text(vulnerability.id),
    advisory: text(vulnerability.advisory),
    title: text(vulnerability.title),
    description: text(vulnerability.description),
    system: text(vulnerability.system),
    systemName: system?.name ?? '',
    criticalFunction: system?.critical ?? false,
    component: [text(component.name), text(component.installed)].filter((part) => part !== '').join(' '),
    baseScore: cvss?.score ?? null,
    severity: cvss?.severity || null,
    kev: vulnerability.kev !== undefined && vulnerability.kev !== null,
    epss: typeof vulnerability.epss?.probability === 'number' ? vulnerability.epss.probability : null,
    impact: oneOf(IMPACTS, assessment.impact),
    likelihood: oneOf(LIKELIHOODS, assessment.likelihood),
    risk: typeof assessment.risk === 'string' ? assessment.risk : null,
    decision: oneOf(['patch', 'mitigate', 'accept', 'defer'] as const, assessment.decision),
    priority: typeof assessment.priority === 'number' && Number.isInteger(assessment.priority) ? assessment.priority : null,
    rationale: text(assessment.rationale),
    controls: list(assessment.controls).filter((control): control is string => typeof control === 'string'),
    expires: typeof assessment.expires === 'string' ? assessment.expires : null
  };
}

/** List the open vulnerabilities with a usable id, which are the ones step 3 prioritizes. */
function openVulnerabilities(cycle: Cycle): { vulnerability: Vulnerability; index: number }[] {
  return list(cycle.vulnerabilities)
    .map((vulnerability, index) => ({ vulnerability, index }))
    .filter(({ vulnerability }) => typeof vulnerability === 'object' && vulnerability !== null && typeof vulnerability.id === 'string' && isOpen(vulnerability));
}

/**
 * Evaluate the condition of each prioritize checklist item. Item ids come from the
 * built-in template. An item of another template with an unknown id never counts as met,
 * so the user checks it by hand.
 */
export function prioritizeConditions(cycle: Cycle): Record<string, boolean> {
  const open = openVulnerabilities(cycle);
  const every = (test: (vulnerability: Vulnerability, index: number) => boolean) => open.length > 0 && open.every(({ vulnerability, index }) => test(vulnerability, index));
  const assessment = (vulnerability: Vulnerability) => vulnerability.assessment ?? {};
  return {
    'confirm-risk-levels': every((vulnerability) => {
      const { impact, likelihood, risk } = assessment(vulnerability);
      return impact !== undefined && likelihood !== undefined && risk === riskLevel(impact, likelihood);
    }),
    'evaluate-threats': every((vulnerability) => assessment(vulnerability).likelihood !== undefined),
    // An empty list records that no control is in place, which also counts as identified.
    'identify-controls': every((vulnerability) => Array.isArray(assessment(vulnerability).controls)),
    'assign-priorities': every((vulnerability) => Number.isInteger(assessment(vulnerability).priority)) && duplicatePriorities(cycle).length === 0,
    'document-rationale': every((vulnerability, index) => {
      const { decision, rationale } = assessment(vulnerability);
      return decision !== undefined && typeof rationale === 'string' && rationale.trim() !== '' && expiryProblems(vulnerability, index).length === 0;
    })
  };
}

function checklistOf(cycle: Cycle, template: Template): ChecklistItemView[] {
  const conditions = prioritizeConditions(cycle);
  const states: Record<string, ChecklistItemState | undefined> = cycle.steps?.[PRIORITIZE_STEP]?.items ?? {};
  return expectedItems(cycle, template, PRIORITIZE_STEP).map((item) => ({
    id: item.id,
    label: item.label,
    done: states[item.id]?.done === true,
    conditionMet: conditions[item.id] === true
  }));
}

/** Build the state the page renders from the text of the cycle file. */
export function buildRiskState(document: RiskDocument, suggest: PrioritySuggester | undefined): RiskViewState {
  const parsed = parseCycle(document.text, document.file);
  const matrix = IMPACTS.map((impact) => LIKELIHOODS.map((likelihood) => RISK_MATRIX[impact][likelihood]));
  const base = { documentUri: document.documentUri, file: document.file, version: document.version, matrix };
  const cycle = parsed.cycle;
  if (!cycle) {
    return { ...base, cycleId: '', cycleTitle: '', rows: [], totalRows: 0, suggestions: [], checklist: [], problems: parsed.problems };
  }

  const systems = new Map(list(cycle.systems).filter((system) => typeof system?.id === 'string').map((system) => [system.id, { name: text(system.name), critical: system.criticalFunction === true }]));
  const rows = openVulnerabilities(cycle).map(({ vulnerability }) => toRow(vulnerability, systems));
  return {
    ...base,
    cycleId: text(cycle.id),
    cycleTitle: text(cycle.title),
    rows,
    totalRows: rows.length,
    suggestions: suggest ? suggest(cycle) : [],
    checklist: checklistOf(cycle, templateOf(cycle)),
    problems: []
  };
}

/** A change the host cannot make, with the message the view shows. */
export class ChangeRejected extends Error {}

type ChangeMessage = Exclude<RiskPageMessage, { type: 'ready' }>;

export interface ChangeOptions {
  suggest?: PrioritySuggester;
  /** Identity recorded as `by` on items the change checks; without it no item is checked. */
  user?: string;
  now: Date;
}

/**
 * Turn a validated change message into text edits on `text`. The edits set the fields
 * the message names, keep `risk` equal to the matrix value when impact or likelihood
 * changes, and check each prioritize checklist item whose condition the change meets,
 * through the same `checkItem` operation as the command.
 */
export function changeEdits(text: string, message: ChangeMessage, options: ChangeOptions): TextEdit[] {
  const parsed = parseCycle(text, 'the cycle file');
  if (!parsed.cycle) {
    throw new ChangeRejected(parsed.problems.join(' '));
  }
  const cycle = parsed.cycle;
  const indexOf = new Map(openVulnerabilities(cycle).map(({ vulnerability, index }) => [vulnerability.id, index]));
  const assessmentPath = (id: string): (string | number)[] => {
    const index = indexOf.get(id);
    if (index === undefined) {
      throw new ChangeRejected(`Vulnerability ${id} is not an open vulnerability of this cycle any more; the view now shows the current list.`);
    }
    return ['vulnerabilities', index, 'assessment'];
  };

  const result: EditResult = runEdit(text, (editor) => {
    switch (message.type) {
      case 'setField':
        setAssessmentField(editor, assessmentPath(message.id), message.field, message.value);
        break;
      case 'setControls':
        editor.set([...assessmentPath(message.id), 'controls'], message.controls);
        break;
      case 'setPriorities':
        for (const change of message.changes) {
          editor.set([...assessmentPath(change.id), 'priority'], change.priority);
        }
        break;
      case 'applySuggestedOrder': {
        const suggestions = options.suggest ? options.suggest(cycle) : [];
        if (suggestions.length === 0) {
          throw new ChangeRejected('No suggested order is available for this cycle.');
        }
        for (const suggestion of suggestions) {
          if (indexOf.has(suggestion.id)) {
            editor.set([...assessmentPath(suggestion.id), 'priority'], suggestion.priority);
          }
        }
        break;
      }
    }
  });
  if (!result.ok) {
    throw new ChangeRejected(result.message);
  }
  if (result.edits.length === 0) {
    return [];
  }
  const checked = checkMetItems(result.text, options);
  return checked === result.text ? result.edits : diffEdits(text, checked);
}

function setAssessmentField(editor: YamlEditor, path: (string | number)[], field: string, value: string | null): void {
  if (value === null) {
    editor.delete([...path, field]);
  } else {
    editor.set([...path, field], value);
  }
  if (field !== 'impact' && field !== 'likelihood') {
    return;
  }

  // Keep risk equal to the matrix value, as the prioritize gate requires.
  const impact = oneOf(IMPACTS, editor.get([...path, 'impact'])) as Impact | null;
  const likelihood = oneOf(LIKELIHOODS, editor.get([...path, 'likelihood'])) as Likelihood | null;
  if (impact && likelihood) {
    editor.set([...path, 'risk'], riskLevel(impact, likelihood));
  } else {
    editor.delete([...path, 'risk']);
  }
}

/**
 * Check every prioritize item whose condition holds on `text` and that is not done yet,
 * and return the new text. An item the operation rejects (for example because the step
 * is already closed) stays as it is: the change itself still applies.
 */
function checkMetItems(text: string, options: ChangeOptions): string {
  const parsed = parseCycle(text, 'the cycle file');
  if (!parsed.cycle || !options.user) {
    return text;
  }
  const template = templateOf(parsed.cycle);
  let current = text;
  for (const item of checklistOf(parsed.cycle, template)) {
    if (item.done || !item.conditionMet) {
      continue;
    }
    const outcome = checkItem(current, { step: PRIORITIZE_STEP, item: item.id, by: options.user, at: isoSeconds(options.now), template });
    if (outcome.ok) {
      current = outcome.text;
    }
  }
  return current;
}

/** ISO 8601 in UTC without milliseconds, as people write `at` in a cycle file. */
function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Return the message shown when a change was based on an older text than the document
 * contains now, or `undefined` when the versions match. A stale change is never applied,
 * because its offsets and the user's intent refer to text that is gone.
 */
export function staleChangeReason(file: string, basedOn: number, current: number): string | undefined {
  if (basedOn === current) {
    return undefined;
  }
  return `Not applied: ${file} changed since the view was drawn (view version ${basedOn}, document version ${current}). The view now shows the current text; make the change again.`;
}

/**
 * Find the 0-based line of the block key `step:` directly under the top-level `steps:` key,
 * or `undefined` when there is none (flow-style `steps: {…}` included).
 */
export function findStepKeyLine(text: string, step: string): number | undefined {
  const lines = text.split(/\r?\n/);
  const stepsLine = lines.findIndex((line) => /^steps\s*:\s*(#.*)?$/.test(line.replace(/^\uFEFF/, '')));
  if (stepsLine < 0) {
    return undefined;
  }
  let childIndent: number | undefined;
  for (let index = stepsLine + 1; index < lines.length; index++) {
    const line = lines[index];
    if (/^\s*(#.*)?$/.test(line)) {
      continue;
    }
    const indent = line.length - line.trimStart().length;
    if (indent === 0) {
      return undefined;
    }
    childIndent ??= indent;
    const key = /^(["']?)([^"':#]+)\1\s*:(\s|$)/.exec(line.slice(indent));
    if (indent === childIndent && key && key[2].trim() === step) {
      return index;
    }
  }
  return undefined;
}
