/**
 * The data model of a patch cycle file (`*.cycle.yaml`), as the loader returns it
 * after schema validation. `schemas/cycle.schema.json` is the normative description;
 * these types mirror it for the code. Every date-time is an ISO 8601 string with an
 * offset (`2026-11-30T09:15:00+01:00` or `Z`); every date is `YYYY-MM-DD`.
 */

export const CYCLE_SCHEMA_VERSION = 1;

export type Track = 'standard' | 'emergency';

export type StepStatus = 'not-started' | 'in-progress' | 'done' | 'skipped';

/** The five categories of step 1 (identify); also the item ids of that step's checklist. */
export type VulnerabilityCategory = 'network' | 'application' | 'stored-data' | 'configuration' | 'user-access';

/** Impact scale of step 2 (assess), lowest first. */
export type Impact = 'low' | 'moderate' | 'high' | 'critical' | 'catastrophic';

/** Likelihood scale of step 3 (prioritize), lowest first. */
export type Likelihood = 'rare' | 'unlikely' | 'possible' | 'likely' | 'almost-certain';

/** Risk levels of the 5×5 impact × likelihood matrix, lowest first. */
export type RiskLevel = 'low' | 'medium' | 'high' | 'very-high' | 'extreme';

export type Decision = 'patch' | 'mitigate' | 'accept' | 'defer';

export interface PolicyReference {
  /** Identifier or title of the patch and update policy (DORA Art. 9(4)(f)). */
  document: string;
  version: string;
}

export interface CycleSystem {
  id: string;
  name: string;
  /** Supports a critical or important function (DORA Art. 3(22)). */
  criticalFunction: boolean;
  environment: 'production' | 'staging' | 'test' | 'development' | 'disaster-recovery';
  owner: string;
  /** ICT third-party service provider that runs the system, when there is one. */
  provider?: string;
  /** Exposure used to suggest a likelihood. */
  exposure?: 'internet' | 'partner' | 'internal' | 'isolated';
}

/** One imported scanner report; `vulnerabilities[].source.scan` refers to `id`. */
export interface ScanRecord {
  id: string;
  file: string;
  scanner: string;
  format: 'trivy' | 'grype' | 'sarif' | 'osv' | 'cyclonedx';
  scannedAt: string;
  importedAt: string;
  systems: string[];
  /** identify: the first scan; verify: a re-scan after deployment (step 8). */
  phase: 'identify' | 'verify';
}

export interface CvssEntry {
  /** Publisher of the vector (nvd, ghsa, redhat, the scanner, …). */
  source: string;
  vector: string;
  version: '2.0' | '3.0' | '3.1' | '4.0';
  /** Computed from the vector, never copied from the report. */
  baseScore: number;
  severity: 'none' | 'low' | 'medium' | 'high' | 'critical';
}

export interface KevRecord {
  dateAdded: string;
  knownRansomwareCampaignUse: 'Known' | 'Unknown';
  dueDate?: string;
  catalogVersion: string;
}

export interface EpssRecord {
  /** Probability of exploitation activity in the next 30 days, 0–1. */
  probability: number;
  /** Percentile of `probability` among all scored CVEs, 0–1. */
  percentile: number;
  scoreDate: string;
  modelVersion: string;
}

export interface Assessment {
  impact?: Impact;
  likelihood?: Likelihood;
  /** Must equal the risk matrix value for impact × likelihood. */
  risk?: RiskLevel;
  controls?: string[];
  /** Unique among the cycle's open vulnerabilities; 1 is handled first. */
  priority?: number;
  decision?: Decision;
  rationale?: string;
  /** Required for accept and defer: when the decision must be reviewed again. */
  expires?: string;
}

export interface Verification {
  result: 'fixed' | 'still-open';
  /** The verify-phase scan or manual check that showed the result. */
  evidence: string;
  at: string;
  by: string;
  /** Follow-up that carries a still-open vulnerability: a cycle id or a ticket. */
  followUp?: string;
}

export interface Vulnerability {
  /** Handle inside the cycle (`V-001`), referenced by patches and tree items. */
  id: string;
  /** CVE, GHSA or vendor advisory id; with component and system it is the identity. */
  advisory: string;
  aliases?: string[];
  title: string;
  description?: string;
  category: VulnerabilityCategory;
  system: string;
  component: {
    name: string;
    purl?: string;
    installed?: string;
    fixed?: string;
  };
  source: {
    kind: 'scan' | 'provider-advisory' | 'manual';
    scan?: string;
    reference?: string;
  };
  detected: string;
  /** False when the latest scan of the system no longer reports it. */
  seenInLatestScan?: boolean;
  cvss?: CvssEntry[];
  kev?: KevRecord;
  epss?: EpssRecord;
  assessment?: Assessment;
  verification?: Verification;
}

export interface Deployment {
  /** Reference to the non-production test run (RTS 2024/1774 Art. 8(2)(b)). */
  testedIn?: string;
  /** A reasoned and approved exception from testing first. */
  testException?: { reason: string; approvedBy: string };
  deployedAt?: string;
  deployedBy?: string;
  result?: 'deployed' | 'failed' | 'rolled-back';
  note?: string;
}

export interface Patch {
  id: string;
  title: string;
  source: 'vendor' | 'third-party-provider' | 'open-source';
  advisory?: string;
  version: string;
  /** Vulnerability ids this patch fixes. */
  fixes: string[];
  testPlan?: string;
  /** RTS 2024/1774 Art. 17(1)(e): how to return to the previous state. */
  fallbackPlan?: string;
  window?: { start: string; end: string };
  /** Latest acceptable end of deployment, derived from the priority. */
  deadline?: string;
  deployment?: Deployment;
}

export interface Backup {
  system: string;
  reference: string;
  at: string;
  integrity: 'verified' | 'failed' | 'not-checked';
}

export interface Monitoring {
  tools: { id: string; name: string }[];
  period?: { start: string; end: string };
  /** Closing the period early, with the reason. */
  closed?: { at: string; by: string; reason: string };
  incidents?: string[];
}

export interface Feedback {
  entries?: { by: string; at: string; text: string }[];
  lessonsLearned?: string[];
  followUps?: string[];
  /** "No feedback" declared explicitly. */
  none?: { reason: string; by: string; at: string };
}

export interface Review {
  by: string;
  state: 'approved' | 'changes-requested' | 'commented' | 'dismissed';
  at: string;
}

export interface Approval {
  pullRequest?: { number: number; url: string; repository: string };
  reviews?: Review[];
  /** Set by the tool when an approval from an independent Security Officer was seen. */
  approvedBy?: string;
  approvedAt?: string;
  /** Emergency track: deployment came before this approval (RTS 2024/1774 Art. 17(1)(g)). */
  retroactive?: boolean;
}

export interface ChecklistItemState {
  done: boolean;
  by?: string;
  at?: string;
  note?: string;
  /** Marks the item not applicable; the value is the reason. */
  notApplicable?: string;
}

export interface StepState {
  status: StepStatus;
  startedAt?: string;
  completedAt?: string;
  completedBy?: string;
  skipReason?: string;
  /** Reason given when a done step was opened again. */
  reopenReason?: string;
  items?: Record<string, ChecklistItemState>;
}

export interface Cycle {
  schemaVersion: number;
  id: string;
  title: string;
  template: string;
  track: Track;
  requester: string;
  /** GitHub logins or one `@org/team`. */
  securityOfficers: string[];
  created: string;
  policy: PolicyReference;
  systems: CycleSystem[];
  scans?: ScanRecord[];
  vulnerabilities?: Vulnerability[];
  patches?: Patch[];
  /** People notified of the schedule (step 5). */
  notify?: string[];
  backups?: Backup[];
  monitoring?: Monitoring;
  feedback?: Feedback;
  approval?: Approval;
  /** Keyed by step id, in template order. */
  steps: Record<string, StepState>;
}

/** A process template (`schemas/template.schema.json`). */
export interface Template {
  schemaVersion: number;
  id: string;
  title: string;
  description: string;
  steps: TemplateStep[];
}

export interface TemplateStep {
  id: string;
  name: string;
  description: string;
  /** Fixed checklist items; `dynamicItems` adds items from cycle data. */
  items?: { id: string; label: string }[];
  dynamicItems?: 'patches' | 'monitoring-tools';
  /** Names of built-in gate rules that must hold to complete the step. */
  gates: string[];
  /** Regulatory source this step evidences, for docs and the evidence pack. */
  reference?: string;
}
