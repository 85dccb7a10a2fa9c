/**
 * Messages between the extension host and the validation worker
 * (src/extension/validationWorker.ts). The worker owns every call into the core that
 * grows with the size of a cycle file: loading, validation, the workflow summary and
 * the edit operations. The host only posts text and applies what comes back, which keeps the
 * work that grows with the file off the extension host's thread.
 */
import type { Diagnostic, TextEdit } from '../../core/diagnostics';
import type { StepStatus } from '../../core/model';

/** 1-based `[startLine, startColumn, endLine, endColumn]` in the validated text, as diagnostics count. */
export type SourceRange = [number, number, number, number];

export interface ItemSummary {
  id: string;
  label: string;
  done: boolean;
  /** The reason when the item is marked not applicable. */
  notApplicable?: string;
  by?: string;
  at?: string;
  range?: SourceRange;
}

export interface UnmetSummary {
  code: string;
  message: string;
  range?: SourceRange;
}

/**
 * Unmet gate conditions listed per step in a summary. A large cycle can have one per
 * vulnerability and field (tens of thousands); copying them all to the extension host
 * would block it, and the tooltip shows only a few anyway.
 */
export const MAX_UNMET_LISTED = 20;

export interface StepSummary {
  id: string;
  name: string;
  status: StepStatus;
  done: number;
  total: number;
  gateMet: boolean;
  /** All unmet gate conditions of the step; `unmet` lists only the first `MAX_UNMET_LISTED`. */
  unmetCount: number;
  unmet: UnmetSummary[];
  items: ItemSummary[];
  range?: SourceRange;
}

export interface VulnerabilitySummary {
  /** Handle inside the cycle (`V-001`). */
  id: string;
  advisory: string;
  title: string;
  system: string;
  priority?: number;
  impact?: string;
  likelihood?: string;
  risk?: string;
  decision?: string;
  range?: SourceRange;
}

export interface PatchSummary {
  id: string;
  title: string;
  window?: { start: string; end: string };
  deadline?: string;
  /** The deployment result, or the patch's state before deployment. */
  status: 'planned' | 'scheduled' | 'deployed' | 'failed' | 'rolled-back';
  range?: SourceRange;
}

/**
 * The vulnerabilities of a cycle, one array per field, row `i` in every array. A cycle
 * may hold tens of thousands of vulnerabilities; arrays of strings and numbers copy
 * between threads many times faster than as many small objects, and the copy is
 * unpacked on the extension host's thread.
 */
export interface VulnerabilityColumns {
  count: number;
  id: string[];
  advisory: string[];
  title: string[];
  system: string[];
  priority: (number | null)[];
  impact: (string | null)[];
  likelihood: (string | null)[];
  risk: (string | null)[];
  decision: (string | null)[];
  /** Four numbers per row: start line, start column, end line, end column. */
  ranges: Int32Array;
}

/** Row `index` of the columns as one object, for a tree node. */
export function vulnerabilityAt(columns: VulnerabilityColumns, index: number): VulnerabilitySummary {
  const at = index * 4;
  return {
    id: columns.id[index],
    advisory: columns.advisory[index],
    title: columns.title[index],
    system: columns.system[index],
    priority: columns.priority[index] ?? undefined,
    impact: columns.impact[index] ?? undefined,
    likelihood: columns.likelihood[index] ?? undefined,
    risk: columns.risk[index] ?? undefined,
    decision: columns.decision[index] ?? undefined,
    range: [columns.ranges[at], columns.ranges[at + 1], columns.ranges[at + 2], columns.ranges[at + 3]]
  };
}

/** The tree's and status bar's data of one cycle, computed by the core in the worker. */
export interface CycleSummary {
  id: string;
  title: string;
  track: string;
  currentStep?: string;
  /** Steps done or skipped, of all steps. */
  stepsDone: number;
  stepsTotal: number;
  steps: StepSummary[];
  vulnerabilities: VulnerabilityColumns;
  patches: PatchSummary[];
}

export interface ValidationResult {
  diagnostics: Diagnostic[];
  /** Absent when the file does not hold a cycle the workflow can read. */
  summary?: CycleSummary;
}

export type OperationName = 'checkItem' | 'uncheckItem' | 'startStep' | 'completeStep' | 'skipStep' | 'advanceStep' | 'recordWho';

export interface OperationArguments {
  step?: string;
  item?: string;
  by?: string;
  at?: string;
  reason?: string;
  note?: string;
}

/** 0-based `[startLine, startCharacter, endLine, endCharacter]`, as VS Code positions count. */
export type EditorRange = [number, number, number, number];

export type OperationResult =
  | {
      ok: true;
      edits: TextEdit[];
      /** The range of each edit in the text the operation ran on, so the host need not map offsets itself. */
      ranges: EditorRange[];
    }
  | { ok: false; message: string; unmet?: UnmetSummary[] };

/**
 * A cycle's text as UTF-8 bytes. The host transfers the buffer to the worker instead of
 * copying a string of megabytes, and the worker decodes it.
 */
export type EncodedText = Uint8Array;

export type WorkerRequest =
  | { id: number; kind: 'validate'; text: EncodedText; now: string; /** The document's URI: the worker keeps its incremental state per key. */ key: string }
  | { id: number; kind: 'operation'; name: OperationName; text: EncodedText; args: OperationArguments; now: string }
  | { id: number; kind: 'newCycle'; args: Record<string, unknown> };

export type WorkerResponse =
  | { id: number; ok: true; result: unknown; /** `performance.timeOrigin + performance.now()` in the worker when sent. */ sentAt?: number }
  | { id: number; ok: false; error: string };
