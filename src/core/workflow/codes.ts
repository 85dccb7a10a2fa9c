/**
 * Codes of the workflow rules. PC30xx hold whatever the steps' status; PC31xx are gate
 * conditions, reported as errors once their step is marked done; PC32xx check templates. docs/diagnostics.md
 * has one section per code. A code is never reused for another meaning.
 */
export const WorkflowCodes = {
  itemWithoutWho: 'PC3001',
  stepOutOfOrder: 'PC3002',
  skipWithoutReason: 'PC3003',
  unknownStep: 'PC3004',
  unknownItem: 'PC3005',
  unknownTemplate: 'PC3006',
  duplicatePriority: 'PC3007',
  decisionWithoutExpiry: 'PC3008',
  riskMismatch: 'PC3009',
  unknownVulnerability: 'PC3010',
  duplicateIdentity: 'PC3011',
  unknownSystem: 'PC3012',
  unknownScan: 'PC3013',
  duplicateId: 'PC3014',
  awaitingRetroactiveApproval: 'PC3015',
  deadlinePassed: 'PC3016',
  stepNotSkippable: 'PC3017',

  itemNotChecked: 'PC3101',
  staleScan: 'PC3102',
  missingImpact: 'PC3103',
  missingLikelihood: 'PC3104',
  missingRisk: 'PC3105',
  missingPriority: 'PC3106',
  missingDecision: 'PC3107',
  missingRationale: 'PC3108',
  vulnerabilityWithoutPatch: 'PC3109',
  missingFallbackPlan: 'PC3110',
  missingWindow: 'PC3111',
  missingDeadline: 'PC3112',
  windowAfterDeadline: 'PC3113',
  nobodyNotified: 'PC3114',
  missingBackup: 'PC3115',
  missingDeploymentResult: 'PC3116',
  failedNotRolledBack: 'PC3117',
  notTestedFirst: 'PC3118',
  notVerified: 'PC3119',
  monitoringNotFinished: 'PC3120',
  missingFeedback: 'PC3121',
  missingApproval: 'PC3122',
  approverNotOfficer: 'PC3123',
  approverNotIndependent: 'PC3124',
  approvalWithoutReview: 'PC3125',

  duplicateTemplateStep: 'PC3201',
  duplicateTemplateItem: 'PC3202'
} as const;
