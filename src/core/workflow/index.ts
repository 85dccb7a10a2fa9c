export { riskLevel, RISK_MATRIX, IMPACTS, LIKELIHOODS, RISK_LEVELS } from './risk';
export { expectedItems, stepProgress, currentStep, stepState, isClosed, itemSettled, NOTIFICATION_ITEM, type ExpectedItem } from './items';
export {
  evaluateGate,
  gateInputs,
  isOpen,
  isTracked,
  affectedSystems,
  GATE_RULES,
  SCAN_MAX_AGE_DAYS,
  type GateResult,
  type UnmetCondition,
  type DocumentPath
} from './gates';
export { implementers, independenceProblems, isSecurityOfficer, isSkippable, APPROVAL_GATE, APPROVAL_REQUIRED } from './approval';
export { WorkflowCodes } from './codes';
export {
  workflowFindings,
  cycleFindings,
  vulnerabilityFindings,
  patchFindings,
  stepFindings,
  itemFindings,
  emergencyFindings,
  indexCycle,
  identityOf,
  type WorkflowFinding,
  type CycleIndex
} from './rules';
