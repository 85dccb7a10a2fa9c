import assert from 'node:assert/strict';
import { approvalInboundSchema, MAX_REVIEW_BODY, type ApprovalPageMessage } from '../../src/shared/protocol/approval';
import { MessageValidator } from '../../src/shared/protocol/validator';

describe('approval view protocol', () => {
  const validator = new MessageValidator<ApprovalPageMessage>(approvalInboundSchema);

  it('accepts every page message', () => {
    const messages: ApprovalPageMessage[] = [
      { type: 'ready' },
      { type: 'refresh' },
      { type: 'requestApproval' },
      { type: 'openPullRequest' },
      { type: 'submitReview', event: 'approve', body: '' },
      { type: 'submitReview', event: 'request-changes', body: 'Add the fall-back test of P-2.' }
    ];
    for (const message of messages) {
      assert.equal(validator.validate(message).valid, true, JSON.stringify(message));
    }
  });

  it('rejects a change request without a comment', () => {
    assert.equal(validator.validate({ type: 'submitReview', event: 'request-changes', body: '  ' }).valid, false);
  });

  it('rejects an unknown review event', () => {
    const result = validator.validate({ type: 'submitReview', event: 'merge', body: '' });
    assert.equal(result.valid, false);
  });

  it('rejects extra fields', () => {
    assert.equal(validator.validate({ type: 'refresh', url: 'https://attacker.example' }).valid, false);
  });

  it('rejects an oversized comment', () => {
    assert.equal(validator.validate({ type: 'submitReview', event: 'approve', body: 'x'.repeat(MAX_REVIEW_BODY + 1) }).valid, false);
  });
});
