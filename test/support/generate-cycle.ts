/**
 * Generates cycle files of any size for the benchmark, the differential test and the
 * fuzzer. A file has a header, systems, a scan, `count` vulnerabilities (one in ten with
 * CVSS, EPSS and an assessment, some with KEV), patches and step states. It uses
 * comments, block scalars, flow sequences and quoted strings, as hand-edited files do.
 * The output depends only on `count`.
 */

const CATEGORIES = ['network', 'application', 'stored-data', 'configuration', 'user-access'];
const IMPACTS = ['low', 'moderate', 'high', 'critical', 'catastrophic'];
const LIKELIHOODS = ['rare', 'unlikely', 'possible', 'likely', 'almost-certain'];
const DECISIONS = ['patch', 'mitigate', 'accept', 'defer'];
const STEPS = ['identify', 'assess', 'prioritize', 'research', 'schedule', 'backup', 'deploy', 'verify', 'monitor', 'feedback', 'approval'];
const RISK = [
  ['low', 'low', 'low', 'medium', 'medium'],
  ['low', 'low', 'medium', 'medium', 'high'],
  ['low', 'medium', 'medium', 'high', 'very-high'],
  ['medium', 'medium', 'high', 'very-high', 'extreme'],
  ['medium', 'high', 'very-high', 'extreme', 'extreme']
];
const VECTORS = [
  ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8, 'critical'],
  ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H', 7.5, 'high'],
  ['CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', 7.8, 'high'],
  ['CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:L/A:N', 4.2, 'medium']
] as const;
const SYSTEM_COUNT = 12;

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Render a cycle with `count` vulnerabilities as YAML text with `\n` line endings. */
export function generateCycle(count: number): string {
  const out: string[] = [];
  const width = Math.max(3, String(count).length);
  const patchCount = Math.max(1, Math.ceil(count / 40));

  out.push(
    '# Patch cycle generated for tests and the benchmark.',
    'schemaVersion: 1',
    `id: 2026-11-bench-${count}`,
    `title: "Monthly security patch cycle, ${count} vulnerabilities"`,
    'template: dora-security-patch',
    'track: standard',
    'requester: alice-ops',
    'securityOfficers: [bob-secoff, \'@bank/security-officers\']',
    'created: 2026-11-02',
    'policy:',
    '  document: ICT-POL-07 Patch and update policy',
    '  version: "3.2"',
    '',
    'systems:'
  );
  for (let s = 0; s < SYSTEM_COUNT; s++) {
    out.push(
      `  - id: sys-${pad(s, 2)}`,
      `    name: Core system ${s}`,
      `    criticalFunction: ${s % 3 === 0}`,
      `    environment: ${s % 4 === 3 ? 'staging' : 'production'}`,
      `    owner: team-${s % 5}`,
      ...(s % 2 === 0 ? [`    provider: 'Provider ${s} GmbH'`] : []),
      `    exposure: ${['internet', 'partner', 'internal', 'isolated'][s % 4]}`
    );
  }
  out.push(
    '',
    'scans:',
    '  - id: scan-identify',
    '    file: reports/trivy-2026-11-01.json',
    '    scanner: trivy',
    '    format: trivy',
    '    scannedAt: 2026-11-01T22:00:00Z',
    '    importedAt: 2026-11-02T08:45:00+01:00',
    `    systems: [${Array.from({ length: SYSTEM_COUNT }, (_, s) => `sys-${pad(s, 2)}`).join(', ')}]`,
    '    phase: identify',
    '',
    '# Imported from the scan above, then assessed.',
    'vulnerabilities:'
  );
  for (let v = 0; v < count; v++) {
    const id = `V-${pad(v + 1, width)}`;
    const impact = v % 5;
    const likelihood = (v * 3) % 5;
    const decision = DECISIONS[v % 7 === 0 ? 2 : v % 11 === 0 ? 3 : v % 5 === 0 ? 1 : 0];
    out.push(
      `  - id: ${id}`,
      `    advisory: CVE-2026-${pad(10000 + v, 5)}`,
      `    title: "Heap overflow in libexample${v % 40} parsing crafted input"`,
      `    category: ${CATEGORIES[v % CATEGORIES.length]}`,
      `    system: sys-${pad(v % SYSTEM_COUNT, 2)}`,
      '    component:',
      `      name: libexample${v % 40}`,
      `      installed: 1.${v % 9}.${v % 13}`,
      '    source:',
      '      kind: scan',
      '    detected: 2026-11-01'
    );
    // One in ten vulnerabilities carries the full enrichment and assessment, as after steps 2 and 3.
    if (v % 10 !== 0) {
      continue;
    }
    const [vector, score, severity] = VECTORS[(v / 10) % VECTORS.length];
    out.push(
      ...(v % 30 === 0 ? [`    aliases: [GHSA-${pad(v, 4)}-abcd-efgh]`] : []),
      ...(v % 40 === 0
        ? ['    description: |', `      A crafted request to component ${v} overflows a buffer.`, '      Fixed upstream; see the vendor advisory.']
        : []),
      '    cvss:',
      '      - source: nvd',
      `        vector: ${vector}`,
      '        version: "3.1"',
      `        baseScore: ${score}`,
      `        severity: ${severity}`,
      ...(v % 90 === 0
        ? ['    kev:', '      dateAdded: 2026-10-15', '      knownRansomwareCampaignUse: Unknown', '      dueDate: 2026-11-05', '      catalogVersion: 2026.10.15']
        : []),
      '    epss:',
      `      probability: 0.${pad((v * 7919) % 100000, 5)}`,
      `      percentile: 0.${pad((v * 104729) % 100000, 5)}`,
      '      scoreDate: 2026-11-01',
      '      modelVersion: v2025.03.14',
      '    assessment:',
      `      impact: ${IMPACTS[impact]}`,
      `      likelihood: ${LIKELIHOODS[likelihood]}`,
      `      risk: ${RISK[impact][likelihood]}`,
      ...(v % 60 === 0 ? ['      controls: [waf, network-segmentation]'] : []),
      `      priority: ${v / 10 + 1}`,
      `      decision: ${decision}`,
      `      rationale: 'Risk ${RISK[impact][likelihood]} on sys-${pad(v % SYSTEM_COUNT, 2)}; decision ${decision}.'`,
      ...(decision === 'accept' || decision === 'defer' ? ['      expires: 2027-02-01'] : [])
    );
  }

  out.push('', 'patches:');
  for (let p = 0; p < patchCount; p++) {
    const fixes = [];
    for (let v = p * 40; v < Math.min(count, p * 40 + 4); v++) {
      fixes.push(`V-${pad(v + 1, width)}`);
    }
    out.push(
      `  - id: P-${pad(p + 1, width)}`,
      `    title: Update libexample${p % 40} to the fixed release`,
      '    source: vendor',
      `    version: 1.${p % 9}.${(p % 13) + 1}`,
      `    fixes: [${fixes.join(', ')}]`,
      '    testPlan: Install in staging, run the regression suite and the smoke tests.',
      '    fallbackPlan: >-',
      '      Reinstall the previous package version from the local mirror',
      '      and restart the service.',
      '    window:',
      '      start: 2026-11-10T22:00:00+01:00',
      '      end: 2026-11-11T02:00:00+01:00',
      '    deadline: 2026-11-20T18:00:00+01:00'
    );
  }

  out.push('', 'notify: [ops-team, service-desk]', '', 'steps:');
  STEPS.forEach((step, index) => {
    if (index === 0) {
      out.push(`  ${step}:`, '    status: done', '    completedAt: 2026-11-02T10:00:00+01:00', '    completedBy: alice-ops', '    items:');
      for (const category of CATEGORIES) {
        out.push(`      ${category}:`, '        done: true', '        by: alice-ops', '        at: 2026-11-02T09:50:00+01:00');
      }
    } else if (index < 4) {
      out.push(`  ${step}:`, '    status: in-progress', '    startedAt: 2026-11-02T10:05:00+01:00');
    } else {
      out.push(`  ${step}:`, '    status: not-started');
    }
  });
  return out.join('\n') + '\n';
}
