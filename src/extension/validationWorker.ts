/**
 * The validation worker (bundled to dist/validationWorker.js). It runs every core call
 * whose cost grows with the cycle file: validation, the workflow summary and the edit
 * operations. See validation/protocol.ts for the messages.
 */
import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import { LineIndex, type TextEdit } from '../core/diagnostics';
import { runEdit } from '../core/edit';
import type { Track } from '../core/model';
import * as operations from '../core/operations';
import { BUILT_IN_TEMPLATE_ID, getTemplate } from '../core/templates';
import { createIncrementalValidator, type IncrementalValidator } from '../core/incremental';
import type { UnmetCondition } from '../core/workflow';
import { loadForValidation } from '../core/yaml/located';
import { loadYaml } from '../core/yaml/load';
import type { EditorRange, OperationArguments, OperationName, OperationResult, ValidationResult, WorkerRequest, WorkerResponse } from './validation/protocol';
import { summarizeCycle, toSourceRange } from './validation/summarize';

if (!parentPort) {
  throw new Error('validationWorker.js runs only as a worker thread of the extension host.');
}
const port = parentPort;
const decoder = new TextDecoder();

port.on('message', (request: WorkerRequest) => {
  let response: WorkerResponse;
  try {
    const result = handle(request);
    response = { id: request.id, ok: true, result, sentAt: performance.timeOrigin + performance.now() };
  } catch (error) {
    response = { id: request.id, ok: false, error: error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error) };
  }
  port.postMessage(response);
});

function handle(request: WorkerRequest): unknown {
  switch (request.kind) {
    case 'validate':
      return validate(request.key, decoder.decode(request.text), new Date(request.now));
    case 'operation':
      return operate(request.name, decoder.decode(request.text), request.args, new Date(request.now));
    case 'newCycle':
      return createCycle(request.args);
  }
}

/**
 * Incremental validators by document. After a one-line edit only the edited part of the
 * file is read again (src/core/incremental.ts). A validator keeps the clock it was made
 * with, so it is replaced once that clock is a minute old; the oldest of more than
 * `MAX_VALIDATORS` documents is dropped.
 */
const validators = new Map<string, { validator: IncrementalValidator; now: number }>();
const MAX_VALIDATORS = 32;
const VALIDATOR_CLOCK_MS = 60_000;

function validatorFor(key: string, now: Date): IncrementalValidator {
  const existing = validators.get(key);
  validators.delete(key);
  const kept = existing && Math.abs(now.getTime() - existing.now) < VALIDATOR_CLOCK_MS ? existing : undefined;
  const entry = kept ?? { validator: createIncrementalValidator({ now }), now: now.getTime() };
  validators.set(key, entry);
  if (validators.size > MAX_VALIDATORS) {
    validators.delete(validators.keys().next().value as string);
  }
  return entry.validator;
}

function validate(key: string, text: string, now: Date): ValidationResult {
  const validation = validatorFor(key, now).update(text);
  const summary =
    validation.cycle && validation.template ? summarizeCycle(validation.located, validation.cycle, validation.template, now) : undefined;
  return { diagnostics: validation.diagnostics, summary };
}

function operate(name: OperationName, text: string, args: OperationArguments, now: Date): OperationResult {
  const result = runOperation(name, text, args, now);
  if (result.ok) {
    const lines = new LineIndex(text);
    const ranges = result.edits.map((edit): EditorRange => {
      const start = lines.position(edit.offset);
      const end = lines.position(edit.offset + edit.length);
      return [start.line - 1, start.column - 1, end.line - 1, end.column - 1];
    });
    return { ok: true, edits: result.edits, ranges };
  }
  // Unmet gate conditions carry document paths; the host wants editor positions.
  const unmet = result.unmet?.length ? locateUnmet(text, result.unmet) : undefined;
  return { ok: false, message: result.message, unmet };
}

type CoreResult = { ok: true; edits: TextEdit[] } | { ok: false; message: string; unmet?: UnmetCondition[] };

function runOperation(name: OperationName, text: string, args: OperationArguments, now: Date): CoreResult {
  const step = args.step ?? '';
  const item = args.item ?? '';
  const by = args.by ?? '';
  const at = args.at ?? '';
  switch (name) {
    case 'checkItem':
      return operations.checkItem(text, { step, item, by, at, note: args.note });
    case 'uncheckItem':
      return operations.uncheckItem(text, { step, item });
    case 'startStep':
      return operations.startStep(text, { step, at });
    case 'completeStep':
      return operations.completeStep(text, { step, by, at, now });
    case 'skipStep':
      return operations.skipStep(text, { step, reason: args.reason ?? '', by, at });
    case 'advanceStep':
      return operations.advanceStep(text, { by, at, now });
    case 'recordWho':
      return recordWho(text, step, item, by, at);
  }
}

/**
 * Fill the missing `by` and `at` of a checked item, leaving present values alone: the
 * quick fix for a checked item that does not say who checked it or when.
 */
function recordWho(text: string, step: string, item: string, by: string, at: string): CoreResult {
  const value = loadYaml(text).value as { steps?: Record<string, { items?: Record<string, { by?: unknown; at?: unknown }> }> } | undefined;
  const state = value?.steps?.[step]?.items?.[item];
  if (!state) {
    return { ok: false as const, message: `Item "${item}" of step "${step}" is not in the file.` };
  }
  const path = ['steps', step, 'items', item];
  return runEdit(text, (editor) => {
    if (typeof state.by !== 'string' || state.by === '') editor.set([...path, 'by'], by);
    if (typeof state.at !== 'string' || state.at === '') editor.set([...path, 'at'], at);
  });
}

function locateUnmet(text: string, unmet: UnmetCondition[]) {
  const located = loadForValidation(text);
  return unmet.map((condition) => ({
    code: condition.code,
    message: condition.message,
    range: toSourceRange(located.rangeOf(condition.path, false))
  }));
}

function createCycle(args: Record<string, unknown>) {
  const template = getTemplate(BUILT_IN_TEMPLATE_ID);
  if (!template) {
    return { ok: false, message: `The built-in template ${BUILT_IN_TEMPLATE_ID} is missing from this build.` };
  }
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  return operations.createCycle({
    template,
    id: text(args.id),
    title: text(args.title),
    track: text(args.track) as Track,
    requester: text(args.requester),
    securityOfficers: Array.isArray(args.securityOfficers) ? args.securityOfficers.map(String) : [],
    created: text(args.created),
    policy: { document: text(args.policyDocument), version: text(args.policyVersion) }
  });
}
