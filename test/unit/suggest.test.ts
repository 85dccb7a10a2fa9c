import * as assert from 'node:assert/strict';
import type { Cycle, Vulnerability } from '../../src/core/model';
import { suggestLikelihood, suggestPriorities } from '../../src/core/risk/suggest';

function vulnerability(id: string, overrides: Partial<Vulnerability> = {}): Vulnerability {
  return {
    id,
    advisory: `CVE-2026-${id.slice(2)}`,
    title: id,
    category: 'application',
    system: 'core-banking',
    component: { name: 'openssl' },
    source: { kind: 'scan', scan: 'S-001' },
    detected: '2026-12-01',
    ...overrides
  };
}

function cycle(vulnerabilities: Vulnerability[]): Cycle {
  return {
    schemaVersion: 1,
    id: 'PC-1',
    title: 'Test',
    template: 'dora-security-patch',
    track: 'standard',
    requester: 'alice',
    securityOfficers: ['bob'],
    created: '2026-12-01',
    policy: { document: 'Patch policy', version: '1' },
    systems: [
      { id: 'core-banking', name: 'Core banking', criticalFunction: true, environment: 'production', owner: 'ops', exposure: 'internal' },
      { id: 'intranet', name: 'Intranet', criticalFunction: false, environment: 'production', owner: 'ops', exposure: 'isolated' },
      { id: 'web', name: 'Web', criticalFunction: false, environment: 'production', owner: 'ops', exposure: 'internet' }
    ],
    vulnerabilities,
    steps: {}
  };
}

const kev = { dateAdded: '2022-04-04', knownRansomwareCampaignUse: 'Unknown' as const, catalogVersion: '2025.08.25' };
const epss = (probability: number) => ({ probability, percentile: 0.5, scoreDate: '2026-12-03', modelVersion: 'v2025.03.14' });
const cvss = (baseScore: number) => [{ source: 'nvd', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', version: '3.1' as const, baseScore, severity: 'critical' as const }];

describe('suggest priorities', () => {
  it('puts known-exploited first whatever the risk', () => {
    const result = suggestPriorities(cycle([
      vulnerability('V-001', { assessment: { impact: 'catastrophic', likelihood: 'almost-certain' } }),
      vulnerability('V-002', { kev, assessment: { impact: 'low', likelihood: 'rare' } })
    ]));
    assert.deepEqual(result.map((s) => [s.id, s.priority]), [['V-002', 1], ['V-001', 2]]);
    assert.equal(result[0].reasons[0], 'known exploited: listed in CISA KEV since 2022-04-04 (catalog 2025.08.25)');
  });

  it('orders by risk, then critical function, EPSS, CVSS, advisory', () => {
    const result = suggestPriorities(cycle([
      vulnerability('V-001', { system: 'web', assessment: { impact: 'high', likelihood: 'likely' } }),
      vulnerability('V-002', { system: 'web', assessment: { impact: 'critical', likelihood: 'almost-certain' } }),
      vulnerability('V-003', { system: 'core-banking', assessment: { impact: 'high', likelihood: 'likely' } }),
      vulnerability('V-004', { system: 'web', epss: epss(0.3), assessment: { impact: 'high', likelihood: 'likely' } }),
      vulnerability('V-005', { system: 'web', cvss: cvss(9.8), assessment: { impact: 'high', likelihood: 'likely' } }),
      vulnerability('V-006', { system: 'web', advisory: 'CVE-2026-0000', assessment: { impact: 'high', likelihood: 'likely' } })
    ]));
    assert.deepEqual(result.map((s) => s.id), ['V-002', 'V-003', 'V-004', 'V-005', 'V-006', 'V-001']);
    assert.deepEqual(result.map((s) => s.priority), [1, 2, 3, 4, 5, 6]);
  });

  it('ranks unassessed vulnerabilities last', () => {
    const result = suggestPriorities(cycle([
      vulnerability('V-001', { cvss: cvss(10) }),
      vulnerability('V-002', { assessment: { impact: 'low', likelihood: 'rare' } })
    ]));
    assert.deepEqual(result.map((s) => s.id), ['V-002', 'V-001']);
    assert.ok(result[1].reasons.includes('no impact assessed yet, so it ranks after every assessed vulnerability'));
  });

  it('leaves out fixed and dropped vulnerabilities', () => {
    const result = suggestPriorities(cycle([
      vulnerability('V-001', { verification: { result: 'fixed', evidence: 'S-002', at: '2026-12-10T06:00:00Z', by: 'carol' } }),
      vulnerability('V-002', { seenInLatestScan: false }),
      vulnerability('V-003')
    ]));
    assert.deepEqual(result.map((s) => s.id), ['V-003']);
  });

  it('uses a suggested likelihood for the risk when none is set', () => {
    const [suggestion] = suggestPriorities(cycle([vulnerability('V-001', { system: 'web', epss: epss(0.2), assessment: { impact: 'high' } })]));
    assert.deepEqual(suggestion.suggestedLikelihood, {
      likelihood: 'likely',
      reasons: ['EPSS 0.2 on 2026-12-03 gives possible', 'one step up because system web is exposed to the internet']
    });
    assert.equal(suggestion.reasons[0], 'risk very-high: impact high × likelihood likely (suggested)');
  });

  it('is deterministic for equal inputs in any order', () => {
    const list = [vulnerability('V-003'), vulnerability('V-001'), vulnerability('V-002')];
    const forward = suggestPriorities(cycle(list)).map((s) => s.id);
    const backward = suggestPriorities(cycle([...list].reverse())).map((s) => s.id);
    assert.deepEqual(forward, ['V-001', 'V-002', 'V-003']);
    assert.deepEqual(backward, forward);
  });
});

describe('suggest likelihood', () => {
  const systems = cycle([]).systems;
  it('is almost certain for a KEV entry', () => {
    assert.deepEqual(suggestLikelihood(vulnerability('V-001', { kev: { ...kev, knownRansomwareCampaignUse: 'Known' } }), systems[0]), {
      likelihood: 'almost-certain',
      reasons: ['listed in CISA KEV since 2022-04-04, used in ransomware campaigns']
    });
  });

  it('follows the EPSS bands', () => {
    const cases: [number, string][] = [[0.9, 'likely'], [0.5, 'likely'], [0.2, 'possible'], [0.05, 'unlikely'], [0.001, 'rare']];
    for (const [probability, expected] of cases) {
      assert.equal(suggestLikelihood(vulnerability('V-001', { epss: epss(probability) }), systems[0]).likelihood, expected, String(probability));
    }
  });

  it('never raises EPSS above likely without KEV', () => {
    assert.equal(suggestLikelihood(vulnerability('V-001', { epss: epss(0.9) }), systems[2]).likelihood, 'likely');
  });

  it('steps down for an isolated system', () => {
    assert.equal(suggestLikelihood(vulnerability('V-001', { system: 'intranet', epss: epss(0.2) }), systems[1]).likelihood, 'unlikely');
  });

  it('falls back to exposure, then to possible', () => {
    assert.equal(suggestLikelihood(vulnerability('V-001'), systems[2]).likelihood, 'possible');
    assert.equal(suggestLikelihood(vulnerability('V-001'), systems[1]).likelihood, 'rare');
    assert.deepEqual(suggestLikelihood(vulnerability('V-001'), undefined), { likelihood: 'possible', reasons: ['no KEV, EPSS or exposure data, so possible is assumed'] });
  });
});
