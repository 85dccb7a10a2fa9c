/**
 * A complete standard-track cycle, ready for approval (steps 1 to 10 done), for the
 * approval, check and evidence tests. People: rita requested it and checked step 1,
 * ivan deployed the patches, sofia is a listed Security Officer, tomas is a member of
 * the officers' team acme/security-officers, nina is neither.
 */
export const READY_CYCLE_PATH = 'cycles/2026-12-log4j.cycle.yaml';

export const READY_CYCLE = `# Patch cycle for the December 2026 Java library advisories.
schemaVersion: 1
id: PC-2026-012
title: Log4j and HTTP/2 fixes on the payments gateway
template: dora-security-patch
track: standard
requester: rita
securityOfficers: [sofia, "@acme/security-officers"]
created: 2026-11-30
policy:
  document: ICT patch and update policy
  version: "3.2"

systems:
  - id: pay-gw
    name: Payments gateway
    criticalFunction: true
    environment: production
    owner: payments-ops
    exposure: internet

scans:
  - id: S-1
    file: scans/pay-gw-trivy.json
    scanner: trivy 0.58.1
    format: trivy
    scannedAt: 2026-11-30T08:00:00Z
    importedAt: 2026-11-30T08:10:00Z
    systems: [pay-gw]
    phase: identify
  - id: S-2
    file: scans/pay-gw-trivy-after.json
    scanner: trivy 0.58.1
    format: trivy
    scannedAt: 2026-12-02T16:00:00Z
    importedAt: 2026-12-02T16:05:00Z
    systems: [pay-gw]
    phase: verify

vulnerabilities:
  - id: V-001
    advisory: CVE-2021-44228
    title: Apache Log4j2 JNDI features do not protect against attacker-controlled LDAP endpoints
    category: application
    system: pay-gw
    component:
      name: org.apache.logging.log4j:log4j-core
      purl: pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1
      installed: 2.14.1
      fixed: 2.17.1
    source: { kind: scan, scan: S-1 }
    detected: 2026-11-30
    cvss:
      - source: nvd
        vector: CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H
        version: "3.1"
        baseScore: 10.0
        severity: critical
    kev:
      dateAdded: 2021-12-10
      knownRansomwareCampaignUse: Known
      dueDate: 2021-12-24
      catalogVersion: 2026.11.28
    epss:
      probability: 0.97565
      percentile: 0.99996
      scoreDate: 2026-11-29
      modelVersion: v2025.03.14
    assessment:
      impact: catastrophic
      likelihood: almost-certain
      risk: extreme
      controls: [WAF rule blocking JNDI lookups]
      priority: 1
      decision: patch
      rationale: Exploited in the wild and reachable from the internet.
    verification:
      result: fixed
      evidence: S-2
      at: 2026-12-02T16:10:00Z
      by: ivan
  - id: V-002
    advisory: CVE-2023-44487
    title: HTTP/2 rapid reset can cause a denial of service
    category: network
    system: pay-gw
    component:
      name: io.netty:netty-codec-http2
      purl: pkg:maven/io.netty/netty-codec-http2@4.1.99.Final
      installed: 4.1.99.Final
      fixed: 4.1.100.Final
    source: { kind: scan, scan: S-1 }
    detected: 2026-11-30
    cvss:
      - source: nvd
        vector: CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H
        version: "3.1"
        baseScore: 7.5
        severity: high
    assessment:
      impact: high
      likelihood: likely
      risk: very-high
      priority: 2
      decision: patch
      rationale: Denial of service of a critical function.
    verification:
      result: fixed
      evidence: S-2
      at: 2026-12-02T16:10:00Z
      by: ivan

patches:
  - id: P-1
    title: Upgrade log4j-core to 2.17.1
    source: open-source
    advisory: https://logging.apache.org/security.html
    version: 2.17.1
    fixes: [V-001]
    testPlan: Regression suite in staging.
    fallbackPlan: Redeploy the previous container image pay-gw:4.8.2.
    window: { start: 2026-12-01T20:00:00Z, end: 2026-12-01T22:00:00Z }
    deadline: 2026-12-03T00:00:00Z
    deployment:
      testedIn: staging run 8812
      deployedAt: 2026-12-01T20:30:00Z
      deployedBy: ivan
      result: deployed
  - id: P-2
    title: Upgrade netty to 4.1.100.Final
    source: open-source
    version: 4.1.100.Final
    fixes: [V-002]
    testPlan: Load test in staging.
    fallbackPlan: Redeploy the previous container image pay-gw:4.8.2.
    window: { start: 2026-12-01T20:00:00Z, end: 2026-12-01T22:00:00Z }
    deadline: 2026-12-08T00:00:00Z
    deployment:
      testedIn: staging run 8813
      deployedAt: 2026-12-01T21:00:00Z
      deployedBy: ivan
      result: deployed

notify: [payments-ops]
backups:
  - { system: pay-gw, reference: snap-2026-12-01-1900, at: 2026-12-01T19:00:00Z, integrity: verified }
monitoring:
  tools:
    - { id: grafana, name: Grafana }
  period: { start: 2026-12-01T22:00:00Z, end: 2026-12-03T22:00:00Z }
feedback:
  entries:
    - { by: payments-ops, at: 2026-12-04T09:00:00Z, text: No customer impact during the window. }

steps:
  identify:
    status: done
    completedAt: 2026-11-30T09:00:00Z
    completedBy: rita
    items:
      network: { done: true, by: rita, at: 2026-11-30T08:30:00Z }
      application: { done: true, by: rita, at: 2026-11-30T08:31:00Z }
      stored-data: { done: false, notApplicable: No data stores on the gateway. }
      configuration: { done: true, by: rita, at: 2026-11-30T08:32:00Z }
      user-access: { done: true, by: rita, at: 2026-11-30T08:33:00Z }
  assess: { status: done, completedAt: 2026-11-30T10:00:00Z, completedBy: rita }
  prioritize:
    status: done
    completedAt: 2026-11-30T11:00:00Z
    completedBy: rita
    items:
      confirm-risk-levels: { done: true, by: rita, at: 2026-11-30T10:10:00Z }
      evaluate-threats: { done: true, by: rita, at: 2026-11-30T10:20:00Z }
      identify-controls: { done: true, by: rita, at: 2026-11-30T10:30:00Z }
      assign-priorities: { done: true, by: rita, at: 2026-11-30T10:40:00Z }
      document-rationale: { done: true, by: rita, at: 2026-11-30T10:50:00Z }
  research: { status: done, completedAt: 2026-11-30T12:00:00Z, completedBy: ivan }
  schedule: { status: done, completedAt: 2026-11-30T13:00:00Z, completedBy: ivan }
  backup:
    status: done
    completedAt: 2026-12-01T19:30:00Z
    completedBy: ivan
    items:
      identify-systems: { done: true, by: ivan, at: 2026-12-01T18:50:00Z }
      perform-backups: { done: true, by: ivan, at: 2026-12-01T19:00:00Z }
      verify-integrity: { done: true, by: ivan, at: 2026-12-01T19:10:00Z }
      record-completion: { done: true, by: ivan, at: 2026-12-01T19:20:00Z }
      notify-team: { done: true, by: ivan, at: 2026-12-01T19:25:00Z }
  deploy:
    status: done
    completedAt: 2026-12-01T21:30:00Z
    completedBy: ivan
    items:
      P-1: { done: true, by: ivan, at: 2026-12-01T20:30:00Z }
      P-2: { done: true, by: ivan, at: 2026-12-01T21:00:00Z }
      notification: { done: true, by: ivan, at: 2026-12-01T21:30:00Z }
  verify:
    status: done
    completedAt: 2026-12-02T16:30:00Z
    completedBy: ivan
    items:
      confirm-installation: { done: true, by: ivan, at: 2026-12-02T16:00:00Z }
      run-scans: { done: true, by: ivan, at: 2026-12-02T16:05:00Z }
      check-logs: { done: true, by: ivan, at: 2026-12-02T16:10:00Z }
      review-user-feedback: { done: true, by: ivan, at: 2026-12-02T16:15:00Z }
      no-new-issues: { done: true, by: ivan, at: 2026-12-02T16:20:00Z }
  monitor:
    status: done
    completedAt: 2026-12-03T22:00:00Z
    completedBy: ivan
    items:
      grafana: { done: true, by: ivan, at: 2026-12-03T22:00:00Z }
  feedback: { status: done, completedAt: 2026-12-04T09:30:00Z, completedBy: rita }
  approval: { status: not-started }
`;
