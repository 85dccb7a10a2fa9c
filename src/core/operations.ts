/**
 * The operations people run on a cycle: create it, check items, start, complete, skip
 * and advance steps, set a field. Each is a pure function from the file's text to
 * TextEdits made by the edit layer, so the CLI writes them to disk and the extension
 * applies them to the open document. An operation whose result is already in the file
 * returns no edits.
 *
 * Recording rules:
 * - Checking an item of a step that has not started also starts the step.
 * - Unchecking sets `done: false` and removes `by` and `at`; the note stays. The file
 *   contains the current state only, and git history keeps who had checked the item.
 * - Items of a done or skipped step are rejected for checking and unchecking: reopening
 *   a closed step is a deliberate change with a `reopenReason`, made by hand.
 * - Completing a step runs its gate; when a condition is unmet, nothing is written.
 * - Skipping records the reason and, like completing, who closed the step and when.
 */
import type { TextEdit } from './diagnostics';
import { EditError, runEdit, YamlEditor, type PlainValue, type YamlPath } from './edit';
import type { Cycle, StepState, Template, Track } from './model';
import { CYCLE_SCHEMA_VERSION } from './model';
import { renderBlockLines } from './edit/render';
import { getTemplate } from './templates';
import { APPROVAL_REQUIRED, currentStep, evaluateGate, expectedItems, isClosed, isSkippable, stepState, type UnmetCondition } from './workflow';
import { loadYaml, type LoadResult } from './yaml/load';

export type OperationResult =
  | { ok: true; edits: TextEdit[]; text: string; summary: string }
  | { ok: false; message: string; unmet?: UnmetCondition[] };

interface TemplateChoice {
  /** The template to check step and item ids against; by default the built-in one the cycle names. */
  template?: Template;
}

export interface ItemArguments extends TemplateChoice {
  step: string;
  item: string;
  /** Person who checked the item, written as the cycle records people. */
  by: string;
  /** ISO 8601 date-time with an offset. */
  at: string;
  note?: string;
}

export interface NotApplicableArguments extends TemplateChoice {
  step: string;
  item: string;
  /** Reason the item does not apply to this cycle. */
  reason: string;
  by: string;
  at: string;
}

export interface UncheckArguments extends TemplateChoice {
  step: string;
  item: string;
}

export interface StartArguments extends TemplateChoice {
  step: string;
  at: string;
}

export interface CompleteArguments extends TemplateChoice {
  step: string;
  by: string;
  at: string;
  /** The time gates are evaluated at (scan age, deadlines); by default `at`. */
  now?: Date;
}

export interface SkipArguments extends TemplateChoice {
  step: string;
  reason: string;
  by: string;
  at: string;
}

export interface AdvanceArguments extends TemplateChoice {
  by: string;
  at: string;
  now?: Date;
}

export interface SetFieldArguments {
  path: YamlPath;
  value: PlainValue;
}

/** ISO 8601 date-time with an offset, as the schema's `date-time` format requires. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const IDENTIFIER = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** A rejected operation; turned into `{ ok: false }` by `run`. */
class OperationError extends Error {
  constructor(
    message: string,
    readonly unmet?: UnmetCondition[]
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------------------------
// Checklist items

export function checkItem(text: string, args: ItemArguments): OperationResult {
  return run(text, args, (editor, cycle, template) => {
    requireStep(template, args.step);
    requireItem(cycle, template, args.step, args.item);
    requireDateTime(args.at, 'at');
    requireText(args.by, 'by');
    const state = stepState(cycle, args.step);
    const existing = state?.items?.[args.item];
    const noteChanges = args.note !== undefined && args.note !== existing?.note;
    if (existing?.done === true && !noteChanges) {
      return `Item "${args.item}" of step "${args.step}" is already checked${existing.by ? ` by ${existing.by}` : ''}; nothing changed.`;
    }
    rejectClosed(state, args.step, 'check an item of');
    if (existing?.done === true) {
      editor.set(['steps', args.step, 'items', args.item, 'note'], args.note ?? null);
      return `Updated the note of item "${args.item}" of step "${args.step}".`;
    }

    const started = startIfNeeded(editor, cycle, template, args.step, args.at);
    const itemPath = ['steps', args.step, 'items', args.item];
    const fields: Record<string, PlainValue> = { done: true, by: args.by, at: args.at };
    if (args.note !== undefined) {
      fields.note = args.note;
    }
    if (existing === undefined) {
      editor.set(itemPath, fields, { after: previousPresent(expectedItems(cycle, template, args.step).map((item) => item.id), args.item, state?.items) });
    } else {
      editor.set(itemPath, { ...(existing as unknown as Record<string, PlainValue>), ...fields });
    }
    return `Checked item "${args.item}" of step "${args.step}"${started ? ' and started the step' : ''}.`;
  });
}

/**
 * Mark a checklist item not applicable, with the reason and who decided it; a gate counts
 * such an item as settled. The item stays `done: false`.
 */
export function markItemNotApplicable(text: string, args: NotApplicableArguments): OperationResult {
  return run(text, args, (editor, cycle, template) => {
    requireStep(template, args.step);
    requireItem(cycle, template, args.step, args.item);
    requireDateTime(args.at, 'at');
    requireText(args.by, 'by');
    if (typeof args.reason !== 'string' || args.reason.trim() === '') {
      throw new OperationError(`Marking item "${args.item}" of step "${args.step}" not applicable needs a reason: say why the item does not apply to this cycle.`);
    }
    const state = stepState(cycle, args.step);
    const existing = state?.items?.[args.item];
    if (existing?.notApplicable === args.reason) {
      return `Item "${args.item}" of step "${args.step}" is already marked not applicable for this reason; nothing changed.`;
    }
    rejectClosed(state, args.step, 'mark an item of');
    if (existing?.done === true) {
      throw new OperationError(`Item "${args.item}" of step "${args.step}" is checked; uncheck it before marking it not applicable.`);
    }

    const started = startIfNeeded(editor, cycle, template, args.step, args.at);
    const itemPath = ['steps', args.step, 'items', args.item];
    const fields: Record<string, PlainValue> = { done: false, notApplicable: args.reason, by: args.by, at: args.at };
    if (existing === undefined) {
      editor.set(itemPath, fields, { after: previousPresent(expectedItems(cycle, template, args.step).map((item) => item.id), args.item, state?.items) });
    } else {
      editor.set(itemPath, { ...(existing as unknown as Record<string, PlainValue>), ...fields });
    }
    return `Marked item "${args.item}" of step "${args.step}" not applicable${started ? ' and started the step' : ''}.`;
  });
}

export function uncheckItem(text: string, args: UncheckArguments): OperationResult {
  return run(text, args, (editor, cycle, template) => {
    requireStep(template, args.step);
    requireItem(cycle, template, args.step, args.item);
    const state = stepState(cycle, args.step);
    const existing = state?.items?.[args.item];
    if (existing?.done !== true) {
      return `Item "${args.item}" of step "${args.step}" is not checked; nothing changed.`;
    }
    rejectClosed(state, args.step, 'uncheck an item of');
    const { by: _by, at: _at, ...kept } = existing as unknown as Record<string, PlainValue>;
    editor.set(['steps', args.step, 'items', args.item], { ...kept, done: false });
    return `Unchecked item "${args.item}" of step "${args.step}".`;
  });
}

// ---------------------------------------------------------------------------------
// Steps

export function startStep(text: string, args: StartArguments): OperationResult {
  return run(text, args, (editor, cycle, template) => {
    requireStep(template, args.step);
    requireDateTime(args.at, 'at');
    const state = stepState(cycle, args.step);
    if (state?.status === 'in-progress') {
      return `Step "${args.step}" is already in progress; nothing changed.`;
    }
    rejectClosed(state, args.step, 'start');
    startIfNeeded(editor, cycle, template, args.step, args.at);
    return `Started step "${args.step}".`;
  });
}

export function completeStep(text: string, args: CompleteArguments): OperationResult {
  return run(text, args, (editor, cycle, template) => {
    completeInto(editor, cycle, template, args);
    return `Completed step "${args.step}".`;
  });
}

export function skipStep(text: string, args: SkipArguments): OperationResult {
  return run(text, args, (editor, cycle, template) => {
    requireStep(template, args.step);
    requireDateTime(args.at, 'at');
    requireText(args.by, 'by');
    const templateStep = template.steps.find((step) => step.id === args.step);
    if (templateStep && !isSkippable(templateStep)) {
      throw new OperationError(`Step "${args.step}" cannot be skipped: ${APPROVAL_REQUIRED}. Complete the earlier steps and request the approval.`);
    }
    if (typeof args.reason !== 'string' || args.reason.trim() === '') {
      throw new OperationError(`Skipping step "${args.step}" needs a reason: say why the step does not apply to this cycle.`);
    }
    const state = stepState(cycle, args.step);
    if (state?.status === 'done') {
      throw new OperationError(`Step "${args.step}" is done, so it cannot be skipped. Set its status back to in-progress with a reopenReason first.`);
    }
    if (state?.status === 'skipped' && state.skipReason === args.reason) {
      return `Step "${args.step}" is already skipped for this reason; nothing changed.`;
    }
    const stepPath = ensureStep(editor, cycle, template, args.step);
    const current = currentState(editor, stepPath);
    editor.set(stepPath, { ...current, status: 'skipped', skipReason: args.reason, completedAt: args.at, completedBy: args.by }, { newKeysAfter: 'status' });
    return `Skipped step "${args.step}".`;
  });
}

/**
 * Complete the current step (the first that is neither done nor skipped) and start the
 * next one. Unlike the other operations, running it again moves on by another step.
 */
export function advanceStep(text: string, args: AdvanceArguments): OperationResult {
  return run(text, args, (editor, cycle, template) => {
    const current = currentStep(cycle, template);
    if (current === undefined) {
      throw new OperationError('Every step of the cycle is done or skipped; there is no step to advance.');
    }
    completeInto(editor, cycle, template, { ...args, step: current });

    const position = template.steps.findIndex((step) => step.id === current);
    const next = template.steps.slice(position + 1).find((step) => !isClosed(stepState(cycle, step.id)));
    if (next === undefined) {
      return `Completed step "${current}", the last open step.`;
    }
    const nextState = stepState(cycle, next.id);
    if (nextState?.status !== 'in-progress') {
      startIfNeeded(editor, cycle, template, next.id, args.at);
    }
    return `Completed step "${current}" and started step "${next.id}".`;
  });
}

/** Set any field of the cycle; the path uses keys and sequence indices (`['patches', 0, 'window']`). */
export function setField(text: string, args: SetFieldArguments): OperationResult {
  const result = runEdit(text, (editor) => {
    editor.set(args.path, args.value);
  });
  if (!result.ok) {
    return result;
  }
  const where = args.path.map((segment) => (typeof segment === 'number' ? `[${segment}]` : `.${segment}`)).join('').replace(/^\./, '');
  return { ...result, summary: result.edits.length === 0 ? `${where} already has this value; nothing changed.` : `Set ${where}.` };
}

function completeInto(editor: YamlEditor, cycle: Cycle, template: Template, args: CompleteArguments): void {
  requireStep(template, args.step);
  requireDateTime(args.at, 'at');
  requireText(args.by, 'by');
  const state = stepState(cycle, args.step);
  if (state?.status === 'done') {
    return;
  }
  if (state?.status === 'skipped') {
    throw new OperationError(`Step "${args.step}" is skipped (${state.skipReason ?? 'no reason given'}); a skipped step is not completed. Set its status to in-progress first if the step applies after all.`);
  }

  const position = template.steps.findIndex((step) => step.id === args.step);
  const open = template.steps.slice(0, position).filter((step) => !isClosed(stepState(cycle, step.id))).map((step) => `"${step.id}"`);
  if (open.length > 0) {
    throw new OperationError(`Step "${args.step}" cannot be completed while the earlier ${open.length === 1 ? 'step' : 'steps'} ${open.join(', ')} ${open.length === 1 ? 'is' : 'are'} neither done nor skipped. Complete or skip ${open.length === 1 ? 'it' : 'them'} first.`);
  }

  const gate = evaluateGate(cycle, template, args.step, args.now ?? new Date(args.at));
  if (!gate.met) {
    const count = gate.unmet.length;
    throw new OperationError(`Step "${args.step}" cannot be completed: ${count} gate ${count === 1 ? 'condition is' : 'conditions are'} unmet.`, gate.unmet);
  }

  const stepPath = ensureStep(editor, cycle, template, args.step);
  const current = currentState(editor, stepPath);
  const startedAt = typeof current.startedAt === 'string' ? current.startedAt : args.at;
  editor.set(stepPath, { ...current, status: 'done', startedAt, completedAt: args.at, completedBy: args.by }, { newKeysAfter: current.startedAt === undefined ? 'status' : 'startedAt' });
}

/** Set a not-started step to in-progress with `startedAt`; returns whether it changed. */
function startIfNeeded(editor: YamlEditor, cycle: Cycle, template: Template, stepId: string, at: string): boolean {
  const state = stepState(cycle, stepId);
  if (state?.status === 'in-progress' || isClosed(state)) {
    return false;
  }
  const stepPath = ensureStep(editor, cycle, template, stepId);
  editor.set(stepPath, { ...currentState(editor, stepPath), status: 'in-progress', startedAt: at }, { newKeysAfter: 'status' });
  return true;
}

/** Read a step's map as it is in the editor's current text, so a merge keeps every key. */
function currentState(editor: YamlEditor, stepPath: string[]): Record<string, PlainValue> {
  const value = editor.get(stepPath);
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, PlainValue>) : {};
}

/** Make sure `steps.<id>` exists, inserted in template order; returns its path. */
function ensureStep(editor: YamlEditor, cycle: Cycle, template: Template, stepId: string): string[] {
  const path = ['steps', stepId];
  if (stepState(cycle, stepId) === undefined && editor.get(path) === undefined) {
    const order = template.steps.map((step) => step.id);
    editor.set(path, { status: 'not-started' }, { after: previousPresent(order, stepId, cycle.steps) });
  }
  return path;
}

/** Find the closest id before `id` in `order` that `present` has, so a new key keeps the template's order. */
function previousPresent(order: string[], id: string, present: object | undefined): string | undefined {
  const position = order.indexOf(id);
  for (let index = position - 1; index >= 0; index--) {
    if (present && Object.prototype.hasOwnProperty.call(present, order[index])) {
      return order[index];
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------
// Loading and checks

function run(text: string, choice: TemplateChoice, change: (editor: YamlEditor, cycle: Cycle, template: Template) => string): OperationResult {
  try {
    const { cycle, template, loaded } = openCycle(text, choice.template);
    const editor = new YamlEditor(text, loaded);
    const summary = change(editor, cycle, template);
    return { ok: true, edits: editor.edits(), text: editor.text, summary };
  } catch (error) {
    if (error instanceof OperationError) {
      return { ok: false, message: error.message, unmet: error.unmet };
    }
    if (error instanceof EditError) {
      return { ok: false, message: error.message };
    }
    throw error;
  }
}

function openCycle(text: string, override: Template | undefined): { cycle: Cycle; template: Template; loaded: LoadResult } {
  const loaded = loadYaml(text);
  const error = loaded.diagnostics.find((diagnostic) => diagnostic.severity === 'error');
  if (error) {
    const { line, column } = error.range.start;
    throw new OperationError(`The file has an error at line ${line}, column ${column} (${error.code}: ${error.message}) Fix it first: the operation's target is ambiguous until then.`);
  }
  const value = loaded.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new OperationError('The file does not hold a cycle: its top level is not a map of keys.');
  }
  const cycle = value as Cycle;
  if (cycle.steps !== undefined && (cycle.steps === null || typeof cycle.steps !== 'object' || Array.isArray(cycle.steps))) {
    throw new OperationError('The cycle\'s `steps` is not a map keyed by step id; fix it before running an operation.');
  }
  const template = override ?? (typeof cycle.template === 'string' ? getTemplate(cycle.template) : undefined);
  if (!template) {
    throw new OperationError(`The cycle names the template ${JSON.stringify(cycle.template)}, which is not a known template. Set \`template: dora-security-patch\` or pass the template.`);
  }
  return { cycle, template, loaded };
}

function requireStep(template: Template, stepId: string): void {
  if (!template.steps.some((step) => step.id === stepId)) {
    throw new OperationError(`Step "${stepId}" is not a step of template "${template.id}". Use one of: ${template.steps.map((step) => step.id).join(', ')}.`);
  }
}

function requireItem(cycle: Cycle, template: Template, stepId: string, itemId: string): void {
  const ids = expectedItems(cycle, template, stepId).map((item) => item.id);
  if (!ids.includes(itemId)) {
    throw new OperationError(ids.length === 0 ? `Step "${stepId}" has no checklist items, so "${itemId}" cannot be checked.` : `Item "${itemId}" is not a checklist item of step "${stepId}". Use one of: ${ids.join(', ')}.`);
  }
}

function rejectClosed(state: StepState | undefined, stepId: string, action: string): void {
  if (isClosed(state)) {
    throw new OperationError(`Step "${stepId}" is ${state?.status}, so this operation cannot ${action} it. Set its status back to in-progress with a reopenReason first.`);
  }
}

function requireDateTime(value: string, name: string): void {
  if (typeof value !== 'string' || !DATE_TIME.test(value) || Number.isNaN(Date.parse(value))) {
    throw new OperationError(`${name} ${JSON.stringify(value)} is not an ISO 8601 date-time with an offset; write it like 2026-11-30T09:15:00+01:00.`);
  }
}

function requireText(value: string, name: string): void {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new OperationError(`${name} is empty; say who records the change.`);
  }
}

// ---------------------------------------------------------------------------------
// A new cycle

export interface CreateCycleArguments {
  template: Template;
  id: string;
  title: string;
  track: Track;
  requester: string;
  securityOfficers: string[];
  /** The date the cycle is opened, YYYY-MM-DD. */
  created: string;
  policy: { document: string; version: string };
  systems?: Cycle['systems'];
}

export type CreateCycleResult = { ok: true; text: string } | { ok: false; message: string };

/** Write the text of a new cycle file: every step `not-started`, each with its checklist items unchecked. */
export function createCycle(args: CreateCycleArguments, lineEnding: '\n' | '\r\n' = '\n'): CreateCycleResult {
  const problem = checkCreateArguments(args);
  if (problem) {
    return { ok: false, message: problem };
  }

  const style = { indent: 2, sequenceIndent: 2 };
  const emptyCycle = { systems: args.systems ?? [], patches: [], monitoring: undefined } as unknown as Cycle;
  const header: Record<string, PlainValue> = {
    schemaVersion: CYCLE_SCHEMA_VERSION,
    id: args.id,
    title: args.title,
    template: args.template.id,
    track: args.track,
    requester: args.requester,
    securityOfficers: args.securityOfficers,
    created: args.created,
    policy: { document: args.policy.document, version: args.policy.version }
  };

  const lines = [
    `# Patch cycle ${args.id}: ${oneLine(args.title)}`,
    `# Process template: ${args.template.id}. Each step's status is not-started, in-progress,`,
    '# done or skipped (with skipReason); its items are the step\'s checklist.',
    ...renderBlockLines(header, 0, style),
    '',
    '# ICT systems in scope: id, name, criticalFunction, environment, owner.',
    ...renderBlockLines({ systems: (args.systems ?? []) as unknown as PlainValue }, 0, style),
    '',
    '# Findings and patches; `patch-cycles import` adds scanner results here.',
    'vulnerabilities: []',
    'patches: []',
    '',
    'steps:'
  ];
  for (const step of args.template.steps) {
    lines.push(`  # ${oneLine(step.name)}`);
    const items = expectedItems(emptyCycle, args.template, step.id);
    const state: Record<string, PlainValue> = { status: 'not-started' };
    if (items.length > 0) {
      state.items = Object.fromEntries(items.map((item) => [item.id, { done: false }]));
    }
    lines.push(...renderBlockLines({ [step.id]: state }, 2, style));
  }
  return { ok: true, text: lines.join(lineEnding) + lineEnding };
}

function checkCreateArguments(args: CreateCycleArguments): string | undefined {
  if (!IDENTIFIER.test(args.id ?? '')) {
    return `The cycle id ${JSON.stringify(args.id)} is invalid: use letters, digits, ".", "_" and "-", starting with a letter or digit (e.g. PC-2026-001).`;
  }
  if (!args.title?.trim()) {
    return 'The cycle title is empty; give the cycle a title.';
  }
  if (args.track !== 'standard' && args.track !== 'emergency') {
    return `The track ${JSON.stringify(args.track)} is invalid; use standard or emergency.`;
  }
  if (!args.requester?.trim()) {
    return 'The requester is empty; name who requests the cycle.';
  }
  if (!Array.isArray(args.securityOfficers) || args.securityOfficers.length === 0 || args.securityOfficers.some((officer) => !officer?.trim())) {
    return 'At least one Security Officer is needed: a login or an @org/team handle.';
  }
  if (!DATE.test(args.created ?? '') || Number.isNaN(Date.parse(args.created))) {
    return `The created date ${JSON.stringify(args.created)} is invalid; write it as YYYY-MM-DD.`;
  }
  if (!args.policy?.document?.trim() || !args.policy.version?.trim()) {
    return 'The policy document and version are both needed (DORA Art. 9(4)(f) asks for a documented patch policy).';
  }
  return undefined;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

