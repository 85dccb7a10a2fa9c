import assert from 'node:assert/strict';
import { riskInboundSchema, MAX_TEXT_LENGTH, type RiskPageMessage } from '../../src/shared/protocol/risk';
import { InboundMessageGate, MAX_LOGGED_REJECTIONS, MessageValidator, previewMessage } from '../../src/shared/protocol/validator';

const validator = new MessageValidator<RiskPageMessage>(riskInboundSchema);

function reason(message: unknown): string {
  const result = validator.validate(message);
  assert.equal(result.valid, false, `accepted ${previewMessage(message)}`);
  return result.valid ? '' : result.reason;
}

describe('webview message validation', () => {
  it('accepts every well-formed message kind', () => {
    const messages: RiskPageMessage[] = [
      { type: 'ready' },
      { type: 'setField', requestId: 1, version: 4, id: 'V-001', field: 'impact', value: 'high' },
      { type: 'setField', requestId: 2, version: 4, id: 'V-001', field: 'likelihood', value: null },
      { type: 'setField', requestId: 3, version: 4, id: 'V-001', field: 'decision', value: 'defer' },
      { type: 'setField', requestId: 4, version: 4, id: 'V-001', field: 'expires', value: '2027-01-31' },
      { type: 'setField', requestId: 5, version: 4, id: 'V-001', field: 'rationale', value: 'Exposed to the internet' },
      { type: 'setControls', requestId: 6, version: 4, id: 'V-001', controls: ['WAF rule 12', 'network segmentation'] },
      { type: 'setPriorities', requestId: 7, version: 4, changes: [{ id: 'V-001', priority: 1 }] },
      { type: 'applySuggestedOrder', requestId: 8, version: 4 }
    ];
    for (const message of messages) {
      assert.deepEqual(validator.validate(message), { valid: true, message });
    }
  });

  it('rejects values that are not JSON objects', () => {
    for (const message of [null, undefined, 'ready', 42, [], [{ type: 'ready' }]]) {
      assert.match(reason(message), /must be object/);
    }
  });

  it('rejects an unknown message type', () => {
    assert.equal(reason({ type: 'runCommand', command: 'workbench.action.terminal.new' }), '/type must be equal to one of the allowed values');
  });

  it('rejects extra properties', () => {
    assert.equal(reason({ type: 'ready', command: 'rm -rf /' }), 'the message must NOT have additional properties ("command")');
  });

  it('rejects a __proto__ key', () => {
    assert.equal(reason(JSON.parse('{"type":"ready","__proto__":{"polluted":true}}')), 'the message must NOT have additional properties ("__proto__")');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('rejects a value outside the field scale', () => {
    assert.equal(reason({ type: 'setField', requestId: 1, version: 1, id: 'V-001', field: 'impact', value: 'likely' }), '/value must be equal to one of the allowed values');
    assert.equal(reason({ type: 'setField', requestId: 1, version: 1, id: 'V-001', field: 'decision', value: 'ignore' }), '/value must be equal to one of the allowed values');
  });

  it('rejects a field the view does not edit', () => {
    assert.equal(reason({ type: 'setField', requestId: 1, version: 1, id: 'V-001', field: 'risk', value: 'low' }), '/field must be equal to one of the allowed values');
  });

  it('rejects an impossible expiry date', () => {
    assert.equal(reason({ type: 'setField', requestId: 1, version: 1, id: 'V-001', field: 'expires', value: '2027-02-30' }), '/value must match format "date"');
    assert.match(reason({ type: 'setField', requestId: 1, version: 1, id: 'V-001', field: 'expires', value: '31.01.2027' }), /^\/value must match pattern/);
  });

  it('rejects an oversized rationale', () => {
    const value = 'x'.repeat(MAX_TEXT_LENGTH + 1);
    assert.equal(reason({ type: 'setField', requestId: 1, version: 1, id: 'V-001', field: 'rationale', value }), `/value must NOT have more than ${MAX_TEXT_LENGTH} characters`);
  });

  it('rejects control characters in an id', () => {
    assert.match(reason({ type: 'setControls', requestId: 1, version: 1, id: 'V-001\nV-002', controls: [] }), /^\/id must match pattern/);
  });

  it('rejects a missing document version', () => {
    assert.equal(reason({ type: 'applySuggestedOrder', requestId: 1 }), "the message must have required property 'version'");
  });

  it('rejects fractional, zero and string priorities', () => {
    assert.equal(reason({ type: 'setPriorities', requestId: 1, version: 1, changes: [{ id: 'V-001', priority: 1.5 }] }), '/changes/0/priority must be integer');
    assert.equal(reason({ type: 'setPriorities', requestId: 1, version: 1, changes: [{ id: 'V-001', priority: 0 }] }), '/changes/0/priority must be >= 1');
    assert.equal(reason({ type: 'setPriorities', requestId: 1, version: 1, changes: [{ id: 'V-001', priority: '1' }] }), '/changes/0/priority must be integer');
    assert.equal(reason({ type: 'setPriorities', requestId: 1, version: 1, changes: [] }), '/changes must NOT have fewer than 1 items');
  });

  it('previews a hostile message on one short line', () => {
    const preview = previewMessage({ type: 'x\n<script>', padding: 'y'.repeat(500) });
    assert.equal(preview.includes('\n'), false);
    assert.equal(preview.length, 201);
    assert.equal(preview.endsWith('…'), true);
  });

  it('previews a cyclic value without throwing', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    assert.equal(previewMessage(cyclic), '[object Object]');
  });
});

describe('webview inbound message gate', () => {
  it('passes a valid message through without logging', () => {
    const lines: string[] = [];
    const gate = new InboundMessageGate(validator, 'risk', (line) => lines.push(line));
    assert.deepEqual(gate.accept({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(lines, []);
    assert.equal(gate.rejected, 0);
  });

  it('logs a hostile message with its reason', () => {
    const lines: string[] = [];
    const gate = new InboundMessageGate(validator, 'risk', (line) => lines.push(line));
    assert.equal(gate.accept({ type: 'setField', requestId: 1, version: 1, id: 'V-001', field: 'impact', value: '<img src=x onerror=alert(1)>' }), undefined);
    assert.deepEqual(lines, [
      'Webview risk: rejected a message that does not match the protocol (/value must be equal to one of the allowed values): {"type":"setField","requestId":1,"version":1,"id":"V-001","field":"impact","value":"<img src=x onerror=alert(1)>"}'
    ]);
  });

  it('stops logging after the limit but keeps counting', () => {
    const lines: string[] = [];
    const gate = new InboundMessageGate(validator, 'risk', (line) => lines.push(line));
    for (let index = 0; index < MAX_LOGGED_REJECTIONS + 30; index++) {
      gate.accept({ type: 'flood', index });
    }
    assert.equal(gate.rejected, MAX_LOGGED_REJECTIONS + 30);
    assert.equal(lines.length, MAX_LOGGED_REJECTIONS + 1);
    assert.equal(lines[MAX_LOGGED_REJECTIONS], `Webview risk: more than ${MAX_LOGGED_REJECTIONS} messages rejected; further rejections are only counted.`);
  });
});
