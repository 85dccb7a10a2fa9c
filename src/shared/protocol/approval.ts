/**
 * The message protocol of the approval view. The page (webview/approval) and the host
 * (src/extension/approval) both import it. Messages from the page are untrusted: the host
 * checks each one against `approvalInboundSchema` before it acts.
 */

export const APPROVAL_VIEW_TYPE = 'patchCycles.approvalView';

/** Maximum length of a review comment the page may send, in UTF-16 code units. */
export const MAX_REVIEW_BODY = 65_536;

export interface StepReadiness {
  id: string;
  status: string;
  /** True when the step is done, or skipped with a reason, as the approval requires. */
  ready: boolean;
  /** Reason the step is not ready, in words the user can act on. */
  problems: string[];
}

export interface ReviewView {
  by: string;
  state: string;
  at: string;
  counts: boolean;
  /** Reason the review does not sign off the cycle. */
  reasons: string[];
}

export interface PullRequestView {
  number: number;
  url: string;
  title: string;
  author: string;
  /** awaiting-review, changes-requested, approved, merged or closed. */
  status: string;
  reviews: ReviewView[];
  requestedReviewers: string[];
}

export interface ApprovalViewState {
  documentUri: string;
  file: string;
  cycleId: string;
  cycleTitle: string;
  track: 'standard' | 'emergency';
  /** Emergency track: deployed, and the retroactive approval is not recorded yet. */
  awaitingRetroactiveApproval: boolean;
  requester: string;
  securityOfficers: string[];
  steps: StepReadiness[];
  /** Logins the cycle records as implementers; none of them may approve. */
  implementers: string[];
  /** The login of the signed-in account, when known. */
  viewer: string | null;
  /** True when the viewer may approve: a Security Officer who is independent of the cycle. */
  viewerMayReview: boolean;
  /** Reason the viewer may not approve. */
  viewerReasons: string[];
  pullRequest: PullRequestView | null;
  approvedBy: string | null;
  approvedAt: string | null;
  /** Set while a request to the host runs, so the page disables its buttons. */
  busy: boolean;
  /** A failure to show at the top of the page, with what to do. */
  error: string | null;
  /** Earliest time (ms since the epoch) of the next refresh, because of the rate limit. */
  nextRefreshAt: number;
}

export type ApprovalHostMessage = { type: 'state'; state: ApprovalViewState };

export type ApprovalPageMessage =
  | { type: 'ready' }
  | { type: 'refresh' }
  | { type: 'requestApproval' }
  | { type: 'openPullRequest' }
  | { type: 'submitReview'; event: 'approve' | 'request-changes'; body: string };

/** Schema of every message the page may send; anything else is rejected and logged. */
export const approvalInboundSchema = {
  $id: 'patch-cycles/approval-page-message',
  type: 'object',
  required: ['type'],
  properties: { type: { enum: ['ready', 'refresh', 'requestApproval', 'openPullRequest', 'submitReview'] } },
  discriminator: { propertyName: 'type' },
  oneOf: [
    { type: 'object', additionalProperties: false, required: ['type'], properties: { type: { const: 'ready' } } },
    { type: 'object', additionalProperties: false, required: ['type'], properties: { type: { const: 'refresh' } } },
    { type: 'object', additionalProperties: false, required: ['type'], properties: { type: { const: 'requestApproval' } } },
    { type: 'object', additionalProperties: false, required: ['type'], properties: { type: { const: 'openPullRequest' } } },
    {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'event', 'body'],
      properties: {
        type: { const: 'submitReview' },
        event: { enum: ['approve', 'request-changes'] },
        body: { type: 'string', maxLength: MAX_REVIEW_BODY }
      },
      // GitHub requires a comment when requesting changes.
      if: { properties: { event: { const: 'request-changes' } } },
      then: { properties: { body: { type: 'string', minLength: 1, pattern: '\\S' } } }
    }
  ]
} as const;
