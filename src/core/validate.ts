/**
 * Validation of cycle and template files: the loader's diagnostics, then the JSON
 * Schema, then the workflow rules, sorted by position. Text in, diagnostics out.
 */
import type { Diagnostic } from './diagnostics';
import type { Cycle, Template } from './model';
import { checkSchema, replaceScalar, type SchemaCache } from './schema';
import { getTemplate, BUILT_IN_TEMPLATE_ID } from './templates';
import { WorkflowCodes, workflowFindings, type WorkflowFinding } from './workflow';
import { loadForValidation, type LocatedValue } from './yaml/located';

export interface ValidationOptions {
  /** Clock for deadlines, scan age and monitoring periods; defaults to the current time. */
  now?: Date;
  /** The repository's own templates, looked up before the built-in one. */
  templates?: Template[];
  /** Schema results of unchanged list entries from earlier validations (see `createSchemaCache`). */
  schemaCache?: SchemaCache;
}

export interface CycleValidation {
  located: LocatedValue;
  /** The cycle, present only when the file matches the schema, so callers never see mistyped data. */
  cycle?: Cycle;
  /** The template named by the cycle, when it is known. */
  template?: Template;
  diagnostics: Diagnostic[];
}

export interface TemplateValidation {
  located: LocatedValue;
  template?: Template;
  diagnostics: Diagnostic[];
}

export function validateCycle(text: string, options: ValidationOptions = {}): CycleValidation {
  return validateLocated(loadForValidation(text), options);
}

/**
 * Validate an already loaded cycle: schema, then workflow rules. The workflow rules also
 * run when the schema fails, on a copy without the invalid values, so one typo does not
 * hide every other problem.
 */
export function validateLocated(located: LocatedValue, options: ValidationOptions = {}): CycleValidation {
  const diagnostics = [...located.diagnostics];
  if (located.value === undefined) {
    return { located, diagnostics: sortDiagnostics(diagnostics) };
  }

  const schema = checkSchema(located, 'cycle', undefined, [], options.schemaCache);
  diagnostics.push(...schema.diagnostics);
  const schemaValid = schema.diagnostics.length === 0;
  if (!isRecord(located.value)) {
    return { located, diagnostics: sortDiagnostics(diagnostics) };
  }

  const data = (schemaValid ? located.value : withoutPaths(located.value, schema.invalidPaths)) as unknown as Cycle;
  const template = findTemplate(data, options.templates);
  if (!template && typeof data.template === 'string') {
    diagnostics.push(unknownTemplate(located, data.template, options.templates));
  }
  if (template) {
    diagnostics.push(...workflowDiagnostics(located, data, template, options.now ?? new Date(), schemaValid ? undefined : schema.invalidPaths));
  }

  const result: CycleValidation = { located, diagnostics: sortDiagnostics(diagnostics) };
  if (schemaValid) {
    result.cycle = data;
  }
  if (template) {
    result.template = template;
  }
  return result;
}

function findTemplate(data: Cycle, extra: Template[] | undefined): Template | undefined {
  return typeof data.template === 'string' ? getTemplate(data.template, extra) : undefined;
}

function unknownTemplate(located: LocatedValue, id: string, extra: Template[] | undefined): Diagnostic {
  const known = [BUILT_IN_TEMPLATE_ID, ...(extra ?? []).map((template) => template.id)];
  return {
    code: WorkflowCodes.unknownTemplate,
    severity: 'error',
    message: `template is "${id}", which is not a known template (known: ${[...new Set(known)].join(', ')}). Use one of them, or add the template to the repository.`,
    range: located.rangeOf(['template']),
    path: ['template']
  };
}

/**
 * Turn workflow findings into diagnostics at their nodes. `invalidPaths` is undefined
 * when the schema holds. On data that failed the schema a rule may meet a shape it
 * cannot read. The schema diagnostics already name the cause, so a rule that throws
 * then drops the workflow findings instead of failing the validation.
 */
function workflowDiagnostics(located: LocatedValue, cycle: Cycle, template: Template, now: Date, invalidPaths: (string | number)[][] | undefined): Diagnostic[] {
  let findings: WorkflowFinding[];
  if (!invalidPaths) {
    findings = workflowFindings(cycle, template, now);
  } else {
    try {
      findings = workflowFindings(cycle, template, now, invalidPaths);
    } catch {
      return [];
    }
  }
  return findings.map((finding) => findingDiagnostic(located, finding));
}

/** Place a workflow finding at its node, with a mechanical fix when it has a replacement. */
export function findingDiagnostic(located: LocatedValue, finding: WorkflowFinding): Diagnostic {
  const diagnostic: Diagnostic = {
    code: finding.code,
    severity: finding.severity,
    message: finding.message,
    range: located.rangeOf(finding.path, finding.atKey === true),
    path: finding.path
  };
  if (finding.replacement !== undefined) {
    const fix = replaceScalar(located, finding.path, false, finding.replacement, `Change to "${finding.replacement}"`);
    if (fix) {
      diagnostic.fix = fix;
    }
  }
  return diagnostic;
}

/** Validate a process template: loader, template schema, unique step and item ids. */
export function validateTemplate(text: string): TemplateValidation {
  const located = loadForValidation(text);
  const diagnostics = [...located.diagnostics];
  if (located.value === undefined) {
    return { located, diagnostics: sortDiagnostics(diagnostics) };
  }

  const schema = checkSchema(located, 'template');
  diagnostics.push(...schema.diagnostics);
  if (schema.diagnostics.length > 0) {
    return { located, diagnostics: sortDiagnostics(diagnostics) };
  }

  const template = located.value as Template;
  diagnostics.push(...templateRuleDiagnostics(located, template));
  return { located, template, diagnostics: sortDiagnostics(diagnostics) };
}

function templateRuleDiagnostics(located: LocatedValue, template: Template): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const stepIds = new Map<string, number>();
  template.steps.forEach((step, stepIndex) => {
    const first = stepIds.get(step.id);
    if (first !== undefined) {
      diagnostics.push(findingDiagnostic(located, { code: WorkflowCodes.duplicateTemplateStep, severity: 'error', message: `Step id "${step.id}" is already used by steps[${first}]. Give each step its own id.`, path: ['steps', stepIndex, 'id'] }));
    } else {
      stepIds.set(step.id, stepIndex);
    }

    const itemIds = new Map<string, number>();
    // The deploy step's dynamic items include `notification`, so a fixed item may not take that id.
    if (step.dynamicItems === 'patches') {
      itemIds.set('notification', -1);
    }
    (step.items ?? []).forEach((item, itemIndex) => {
      const earlier = itemIds.get(item.id);
      if (earlier !== undefined) {
        const where = earlier === -1 ? 'the item that dynamicItems: patches adds' : `items[${earlier}]`;
        diagnostics.push(findingDiagnostic(located, { code: WorkflowCodes.duplicateTemplateItem, severity: 'error', message: `Item id "${item.id}" of step "${step.id}" is already used by ${where}. Give each item of a step its own id.`, path: ['steps', stepIndex, 'items', itemIndex, 'id'] }));
      } else {
        itemIds.set(item.id, itemIndex);
      }
    });
  });
  return diagnostics;
}

/** Copy `value` without the nodes at `paths` (sequence entries become undefined so indices stay). */
function withoutPaths(value: Record<string, unknown>, paths: (string | number)[][]): Record<string, unknown> {
  const copy = structuredClone(value);
  for (const path of paths) {
    let parent: unknown = copy;
    for (const segment of path.slice(0, -1)) {
      parent = isRecord(parent) || Array.isArray(parent) ? (parent as Record<string | number, unknown>)[segment] : undefined;
    }
    const last = path[path.length - 1];
    if (Array.isArray(parent) && typeof last === 'number') {
      parent[last] = undefined;
    } else if (isRecord(parent)) {
      delete parent[String(last)];
    }
  }
  return copy;
}

export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.sort((a, b) => a.range.start.offset - b.range.start.offset || a.code.localeCompare(b.code));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
