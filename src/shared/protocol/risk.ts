/**
 * The message protocol of the "Prioritize Risks" webview. The page (webview/risk) and the
 * host (src/extension/webviews/risk) both import this file, so a message that one side
 * sends is a type the other side handles. Messages from the page are untrusted: the host
 * checks each one against `riskInboundSchema` before it acts.
 */
import type { Decision, Impact, Likelihood, RiskLevel } from '../../core/model';

export const RISK_VIEW_TYPE = 'patchCycles.riskView';

export const IMPACTS: readonly Impact[] = ['low', 'moderate', 'high', 'critical', 'catastrophic'];
export const LIKELIHOODS: readonly Likelihood[] = ['rare', 'unlikely', 'possible', 'likely', 'almost-certain'];
export const RISK_LEVELS: readonly RiskLevel[] = ['low', 'medium', 'high', 'very-high', 'extreme'];
export const DECISIONS: readonly Decision[] = ['patch', 'mitigate', 'accept', 'defer'];

/** Decisions that leave the vulnerability open for a while and so need an expiry date. */
export const DECISIONS_WITH_EXPIRY: readonly Decision[] = ['accept', 'defer'];

/** Upper bounds on inbound values, so a hostile page cannot make the host write megabytes. */
export const MAX_TEXT_LENGTH = 4000;
export const MAX_CONTROLS = 50;
export const MAX_PRIORITY = 100000;
export const MAX_PRIORITY_CHANGES = 20000;

/** One row of the table: a vulnerability with the values the view shows. */
export interface RiskRow {
  /** Handle inside the cycle (`V-001`); the key of every change message. */
  id: string;
  advisory: string;
  title: string;
  description: string;
  system: string;
  systemName: string;
  criticalFunction: boolean;
  component: string;
  baseScore: number | null;
  severity: string | null;
  kev: boolean;
  epss: number | null;
  impact: Impact | null;
  likelihood: Likelihood | null;
  risk: RiskLevel | null;
  decision: Decision | null;
  priority: number | null;
  rationale: string;
  controls: string[];
  expires: string | null;
}

/** The core's suggested priority for one vulnerability, with the reasons behind it. */
export interface SuggestedPriority {
  id: string;
  priority: number;
  reasons: string[];
}

export interface ChecklistItemView {
  id: string;
  label: string;
  done: boolean;
  /** Whether the item's condition holds on the current text. */
  conditionMet: boolean;
}

export interface RiskViewState {
  /** The cycle file's URI, kept in the page state so the serializer can reopen the panel. */
  documentUri: string;
  /** The cycle file's workspace-relative path, shown in the header. */
  file: string;
  cycleId: string;
  cycleTitle: string;
  /** Document version the state was built from; every change message echoes it. */
  version: number;
  /** The first rows; the rest follow in `rows` messages of at most `ROW_CHUNK_SIZE`. */
  rows: RiskRow[];
  /** Number of rows of this version once every `rows` message has arrived. */
  totalRows: number;
  suggestions: SuggestedPriority[];
  checklist: ChecklistItemView[];
  /** The cycle's risk matrix: `matrix[impactIndex][likelihoodIndex]`, indices into IMPACTS and LIKELIHOODS. */
  matrix: RiskLevel[][];
  /** Problems that stop the view from showing the cycle (for example a YAML syntax error). */
  problems: string[];
}

/** Messages from the host to the page. */
/**
 * Rows per message. A page deserializes each message in one main-thread task, so
 * 10,000 rows in one message would block the page for several hundred milliseconds.
 */
export const ROW_CHUNK_SIZE = 250;

export type RiskHostMessage =
  | { type: 'state'; state: RiskViewState }
  | { type: 'rows'; version: number; rows: RiskRow[] }
  | { type: 'rejected'; reason: string }
  | { type: 'applied'; requestId: number };

/** Assessment fields the page may set one at a time. */
export type AssessmentField = 'impact' | 'likelihood' | 'decision' | 'expires' | 'rationale';

export interface PriorityChange {
  id: string;
  priority: number;
}

/** Messages from the page to the host. Every change names the document version it is based on. */
export type RiskPageMessage =
  | { type: 'ready' }
  | { type: 'setField'; requestId: number; version: number; id: string; field: AssessmentField; value: string | null }
  | { type: 'setControls'; requestId: number; version: number; id: string; controls: string[] }
  | { type: 'setPriorities'; requestId: number; version: number; changes: PriorityChange[] }
  | { type: 'applySuggestedOrder'; requestId: number; version: number };

/** State the page keeps with `setState`, so a hidden or restored panel comes back as it was. */
export interface RiskPageState {
  /** The cycle file's URI, which the serializer needs to reopen the panel after a restart. */
  documentUri: string;
  sort: { column: string; descending: boolean };
  filter: string;
  cell: { impact: Impact; likelihood: Likelihood } | null;
  scrollTop: number;
  selectedId: string | null;
}

// JSON Schemas of the page's messages. Vulnerability ids are the cycle's own handles,
// so they are short printable strings without control characters.
const idSchema = { type: 'string', minLength: 1, maxLength: 200, pattern: '^[^\\u0000-\\u001f\\u007f]+$' } as const;
const versionSchema = { type: 'integer', minimum: 0 } as const;
const requestIdSchema = { type: 'integer', minimum: 0 } as const;
const textSchema = { type: 'string', maxLength: MAX_TEXT_LENGTH } as const;

const fieldValueSchemas = [
  { field: 'impact', value: { enum: [...IMPACTS, null] } },
  { field: 'likelihood', value: { enum: [...LIKELIHOODS, null] } },
  { field: 'decision', value: { enum: [...DECISIONS, null] } },
  { field: 'expires', value: { anyOf: [{ type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', format: 'date' }, { type: 'null' }] } },
  { field: 'rationale', value: { anyOf: [textSchema, { type: 'null' }] } }
] as const;

/** Schema of every message the page may send; anything else is rejected and logged. */
export const riskInboundSchema = {
  $id: 'patch-cycles/risk-page-message',
  type: 'object',
  required: ['type'],
  properties: { type: { enum: ['ready', 'setField', 'setControls', 'setPriorities', 'applySuggestedOrder'] } },
  // The discriminator makes ajv pick the branch by `type`, so a rejection names the real fault.
  discriminator: { propertyName: 'type' },
  oneOf: [
    {
      type: 'object',
      additionalProperties: false,
      required: ['type'],
      properties: { type: { const: 'ready' } }
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'requestId', 'version', 'id', 'field', 'value'],
      properties: {
        type: { const: 'setField' },
        requestId: requestIdSchema,
        version: versionSchema,
        id: idSchema,
        field: { enum: fieldValueSchemas.map(({ field }) => field) },
        value: {}
      },
      // The allowed values depend on the field.
      allOf: fieldValueSchemas.map(({ field, value }) => ({
        if: { properties: { field: { const: field } } },
        then: { properties: { value } }
      }))
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'requestId', 'version', 'id', 'controls'],
      properties: {
        type: { const: 'setControls' },
        requestId: requestIdSchema,
        version: versionSchema,
        id: idSchema,
        controls: { type: 'array', maxItems: MAX_CONTROLS, items: { type: 'string', minLength: 1, maxLength: 500 } }
      }
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'requestId', 'version', 'changes'],
      properties: {
        type: { const: 'setPriorities' },
        requestId: requestIdSchema,
        version: versionSchema,
        changes: {
          type: 'array',
          minItems: 1,
          maxItems: MAX_PRIORITY_CHANGES,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['id', 'priority'],
            properties: { id: idSchema, priority: { type: 'integer', minimum: 1, maximum: MAX_PRIORITY } }
          }
        }
      }
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'requestId', 'version'],
      properties: { type: { const: 'applySuggestedOrder' }, requestId: requestIdSchema, version: versionSchema }
    }
  ]
} as const;

/**
 * Schema of the page state that VS Code hands back to the serializer after a restart.
 * The host reads only `documentUri`, so only that is required; the rest belongs to the page.
 */
export const riskPageStateSchema = {
  $id: 'patch-cycles/risk-page-state',
  type: 'object',
  required: ['documentUri'],
  properties: { documentUri: { type: 'string', minLength: 1, maxLength: 4000 } }
} as const;
