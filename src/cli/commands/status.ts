/**
 * `patch-cycles status`: the current step of each cycle and what blocks it.
 * Exit codes: 0 every file was read, 1 a file contains no readable cycle, 2 usage or I/O error.
 */
import type { Cycle } from '../../core/model';
import { validateCycle } from '../../core/validate';
import { currentStep, evaluateGate, stepProgress, stepState, type UnmetCondition } from '../../core/workflow';
import { displayPath, findCycleFiles, readText } from '../../node/files';
import { choiceOption, parseOptions, stringOption } from '../args';
import type { CliCommand, CliIo } from '../io';
import { printable } from '../printable';

const HELP = `Usage: patch-cycles status [path…] [--format text|json]

Show, per cycle file: id, title, track, the current step (the first one neither done
nor skipped) with its status, how many of its checklist items are done, and the gate
conditions that still block it. Directories are searched like validate does.

Options:
  --format <format>   text (default) or json

Exit codes: 0 every file was read, 1 a file holds no readable cycle (run validate for
the details), 2 usage or I/O error.
`;

export const statusCommand: CliCommand = {
  name: 'status',
  summary: 'Show the current step of each cycle and what blocks it',
  help: HELP,
  run: runStatus
};

export interface CycleStatus {
  path: string;
  id?: string;
  title?: string;
  track?: string;
  /** Absent when every step is done or skipped. */
  currentStep?: { id: string; name: string; status: string; itemsDone: number; itemsTotal: number };
  blockedBy: { code: string; message: string; line: number; column: number }[];
  /** Errors from validate; the status may be incomplete when there are any. */
  errors: number;
  /** Reason the file could not be read as a cycle. */
  problem?: string;
}

async function runStatus(args: string[], io: CliIo): Promise<number> {
  const parsed = parseOptions(args, { format: { type: 'string' } }, 'status');
  const format = choiceOption(stringOption(parsed, 'format'), ['text', 'json'] as const, 'text', 'format');
  const found = await findCycleFiles(parsed.positionals, io.cwd);
  for (const missing of found.missing) {
    io.err(`patch-cycles status: ${printable(missing)}: no such file or directory.\n`);
  }

  const now = new Date();
  const statuses: CycleStatus[] = [];
  let ioFailed = found.missing.length > 0;
  for (const file of found.files) {
    let text: string;
    try {
      text = await readText(file);
    } catch (error) {
      io.err(`patch-cycles status: ${printable(displayPath(file, io.cwd))}: cannot be read (${printable(error instanceof Error ? error.message : String(error))}).\n`);
      ioFailed = true;
      continue;
    }
    statuses.push(cycleStatus(displayPath(file, io.cwd), text, now));
  }

  io.out(format === 'json' ? `${JSON.stringify({ version: 1, cycles: statuses }, null, 2)}\n` : statuses.map(formatStatus).join(''));
  if (ioFailed) {
    return 2;
  }
  return statuses.some((status) => status.problem !== undefined) ? 1 : 0;
}

/** Compute the status of one cycle file's text; a file with schema errors is read as far as possible. */
export function cycleStatus(path: string, text: string, now: Date): CycleStatus {
  const validation = validateCycle(text, { now });
  const errors = validation.diagnostics.filter((d) => d.severity === 'error').length;
  const value = validation.located.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { path, blockedBy: [], errors, problem: 'The file does not hold a readable cycle; run `patch-cycles validate` for the errors.' };
  }
  const cycle = value as Cycle;
  const status: CycleStatus = {
    path,
    id: stringOrUndefined(cycle.id),
    title: stringOrUndefined(cycle.title),
    track: stringOrUndefined(cycle.track),
    // Set below; listed here so JSON output shows it before the blockers.
    currentStep: undefined,
    blockedBy: [],
    errors
  };
  const template = validation.template;
  if (!template) {
    return { ...status, problem: `The cycle's template ${JSON.stringify(cycle.template)} is not known.` };
  }

  const stepId = currentStep(cycle, template);
  if (stepId === undefined) {
    return status;
  }
  const progress = stepProgress(cycle, template, stepId);
  status.currentStep = {
    id: stepId,
    name: template.steps.find((step) => step.id === stepId)?.name ?? stepId,
    status: stepState(cycle, stepId)?.status ?? 'not-started',
    itemsDone: progress.done,
    itemsTotal: progress.total
  };
  status.blockedBy = evaluateGate(cycle, template, stepId, now).unmet.map((condition: UnmetCondition) => {
    const { line, column } = validation.located.rangeOf(condition.path).start;
    return { code: condition.code, message: condition.message, line, column };
  });
  return status;
}

function formatStatus(status: CycleStatus): string {
  const lines = [`${status.path}: ${status.id ?? '(no id)'} ${JSON.stringify(status.title ?? '')} (${status.track ?? 'no track'})`];
  if (status.problem) {
    lines.push(`  ${status.problem}`);
  } else if (!status.currentStep) {
    lines.push('  all steps done or skipped');
  } else {
    const step = status.currentStep;
    lines.push(`  current step: ${step.id} (${step.name}), ${step.status}${step.itemsTotal > 0 ? `, items ${step.itemsDone} of ${step.itemsTotal} done` : ', no checklist'}`);
    if (status.blockedBy.length === 0) {
      lines.push('  gate: met; the step can be completed');
    } else {
      lines.push(`  blocked by ${status.blockedBy.length} gate ${status.blockedBy.length === 1 ? 'condition' : 'conditions'}:`);
      for (const blocker of status.blockedBy) {
        lines.push(`    ${status.path}:${blocker.line}:${blocker.column}: ${blocker.code} ${blocker.message}`);
      }
    }
  }
  if (status.errors > 0) {
    lines.push(`  ${status.errors} validation ${status.errors === 1 ? 'error' : 'errors'}; run \`patch-cycles validate ${status.path}\` for the details`);
  }
  // Ids, titles, step names and messages come from the file and may hold control characters.
  return lines.map((line) => `${printable(line)}\n`).join('');
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
