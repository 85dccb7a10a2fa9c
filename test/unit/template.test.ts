import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { Template } from '../../src/core/model';
import { BUILT_IN_TEMPLATE_TEXT, builtInTemplate, getTemplate } from '../../src/core/templates';
import { validateCycle, validateTemplate } from '../../src/core/validate';
import { GATE_RULES } from '../../src/core/workflow';
import { loadYaml } from '../../src/core/yaml/load';

const repoRoot = path.resolve(__dirname, '../..');

function where(diagnostic: { range: { start: { line: number; column: number } }; code: string }): string {
  return `${diagnostic.range.start.line}:${diagnostic.range.start.column} ${diagnostic.code}`;
}

/** A small team template in the repository's own format. */
const TEAM_TEMPLATE = `schemaVersion: 1
id: quick-fix
title: Quick fix
description: Two-step process for low-risk library updates.
steps:
  - id: identify
    name: Identify
    description: Record the finding.
    gates: [checklist-complete]
    items:
      - { id: found, label: Finding recorded }
  - id: approval
    name: Approval
    description: Security Officer approves.
    gates: [independent-approval]
`;

describe('built-in template', () => {
  it('validates against template.schema.json with a strict compiler', () => {
    const schema = JSON.parse(readFileSync(path.join(repoRoot, 'schemas/template.schema.json'), 'utf8')) as object;
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    assert.equal(validate(loadYaml(BUILT_IN_TEMPLATE_TEXT).value), true, JSON.stringify(validate.errors));
  });

  it('passes validateTemplate without diagnostics', () => {
    const result = validateTemplate(BUILT_IN_TEMPLATE_TEXT);
    assert.deepEqual(result.diagnostics, []);
    assert.deepEqual(result.template, builtInTemplate);
  });

  it('has the eleven steps in order with their names', () => {
    assert.deepEqual(builtInTemplate.steps.map((step) => [step.id, step.name]), [
      ['identify', 'Identify security vulnerabilities'],
      ['assess', 'Assess impact of vulnerabilities'],
      ['prioritize', 'Prioritize vulnerabilities based on risk'],
      ['research', 'Research available security patches'],
      ['schedule', 'Schedule patch deployment'],
      ['backup', 'Backup affected systems'],
      ['deploy', 'Deploy security patches'],
      ['verify', 'Verify successful patch installation'],
      ['monitor', 'Monitor systems for issues post-deployment'],
      ['feedback', 'Collect feedback on patch effectiveness'],
      ['approval', 'Approval: Security Officer']
    ]);
  });

  it('has the fixed checklists', () => {
    const labels = Object.fromEntries(builtInTemplate.steps.filter((step) => step.items).map((step) => [step.id, step.items!.map((item) => `${item.id}=${item.label}`)]));
    assert.deepEqual(labels, {
      identify: ['network=Network vulnerabilities', 'application=Application vulnerabilities', 'stored-data=Stored data vulnerabilities', 'configuration=Configuration vulnerabilities', 'user-access=User access vulnerabilities'],
      prioritize: ['confirm-risk-levels=Confirm risk levels', 'evaluate-threats=Evaluate potential threats', 'identify-controls=Identify existing controls', 'assign-priorities=Assign priority numbers', 'document-rationale=Document rationale'],
      backup: ['identify-systems=Identify systems to back up', 'perform-backups=Perform system backups', 'verify-integrity=Verify backup integrity', 'record-completion=Record backup completion', 'notify-team=Notify team of completion'],
      verify: ['confirm-installation=Confirm installation success', 'run-scans=Run vulnerability scans', 'check-logs=Check system logs', 'review-user-feedback=Review user feedback', 'no-new-issues=Ensure no new issues arise']
    });
  });

  it('derives deploy and monitor items from the cycle', () => {
    const dynamic = builtInTemplate.steps.filter((step) => step.dynamicItems).map((step) => `${step.id}:${step.dynamicItems}`);
    assert.deepEqual(dynamic, ['deploy:patches', 'monitor:monitoring-tools']);
  });

  it('names only built-in gate rules', () => {
    for (const step of builtInTemplate.steps) {
      assert.ok(step.gates.length > 0, step.id);
      for (const gate of step.gates) {
        assert.ok(gate in GATE_RULES, `${step.id}: ${gate}`);
      }
    }
  });

  it('lists exactly the built-in gate rules in the template schema', () => {
    const schema = JSON.parse(readFileSync(path.join(repoRoot, 'schemas/template.schema.json'), 'utf8')) as { $defs: { step: { properties: { gates: { items: { enum: string[] } } } } } };
    assert.deepEqual([...schema.$defs.step.properties.gates.items.enum].sort(), Object.keys(GATE_RULES).sort());
  });

  it('gives every step a regulatory reference', () => {
    assert.deepEqual(builtInTemplate.steps.map((step) => step.reference), [
      'RTS 2024/1774 Art. 10(2)(b) and (h)',
      'RTS 2024/1774 Art. 10(2)(f)',
      'RTS 2024/1774 Art. 10(2)(f)',
      'RTS 2024/1774 Art. 10(4)(a) and Art. 17(1)(e)',
      'RTS 2024/1774 Art. 10(4)(d)',
      'DORA Art. 12(1)',
      'RTS 2024/1774 Art. 10(4)(c) and Art. 8(2)(b)',
      'RTS 2024/1774 Art. 10(2)(g)',
      'DORA Art. 10(1)',
      'DORA Art. 13',
      'RTS 2024/1774 Art. 17(1)(b)'
    ]);
  });
});

describe('template lookup', () => {
  it('finds the built-in template', () => {
    assert.equal(getTemplate('dora-security-patch'), builtInTemplate);
  });

  it('returns undefined for an unknown id', () => {
    assert.equal(getTemplate('unknown'), undefined);
  });

  it('prefers a repository template with the same id', () => {
    const own: Template = { ...builtInTemplate, title: 'Our own variant' };
    assert.equal(getTemplate('dora-security-patch', [own]), own);
  });

  it('validates a cycle against a repository template', () => {
    const template = validateTemplate(TEAM_TEMPLATE).template!;
    const cycle = `schemaVersion: 1
id: PC-QF-1
title: Quick fix of jQuery
template: quick-fix
track: standard
requester: giulia-rossi
securityOfficers: [marco-bianchi]
created: 2026-11-02
policy: { document: POL-ICT-07, version: "3.2" }
systems:
  - { id: intranet, name: Staff intranet, criticalFunction: false, environment: production, owner: corporate-it }
steps:
  identify:
    status: done
    items:
      found: { done: true, by: giulia-rossi, at: 2026-11-02T10:00:00+01:00 }
  assess: { status: not-started }
`;
    const result = validateCycle(cycle, { templates: [template], now: new Date('2026-12-04T12:00:00Z') });
    assert.equal(result.template, template);
    assert.deepEqual(result.diagnostics.map((d) => `${where(d)} ${d.message}`), ['17:3 PC3004 Step "assess" is not a step of template "quick-fix". Use one of: identify, approval.']);
  });
});

describe('template validation', () => {
  it('accepts a team template', () => {
    assert.deepEqual(validateTemplate(TEAM_TEMPLATE).diagnostics, []);
  });

  it('rejects a duplicate step id', () => {
    const text = TEAM_TEMPLATE.replace('  - id: approval', '  - id: identify');
    const diagnostics = validateTemplate(text).diagnostics;
    assert.deepEqual(diagnostics.map(where), ['12:9 PC3201']);
    assert.equal(diagnostics[0].message, 'Step id "identify" is already used by steps[0]. Give each step its own id.');
  });

  it('rejects a fixed item named like the deploy notification', () => {
    const text = TEAM_TEMPLATE.replace('    gates: [checklist-complete]\n', '    gates: [checklist-complete]\n    dynamicItems: patches\n').replace('id: found', 'id: notification');
    const diagnostics = validateTemplate(text).diagnostics;
    assert.deepEqual(diagnostics.map(where), ['12:15 PC3202']);
    assert.equal(diagnostics[0].message, 'Item id "notification" of step "identify" is already used by the item that dynamicItems: patches adds. Give each item of a step its own id.');
  });

  it('suggests the nearest gate rule', () => {
    const diagnostics = validateTemplate(TEAM_TEMPLATE.replace('[checklist-complete]', '[checklist-completed]')).diagnostics;
    assert.deepEqual(diagnostics.map(where), ['9:13 PC2002']);
    assert.match(diagnostics[0].message, /^steps\[0\]\.gates\[0\] has the value "checklist-completed", which is not allowed\. Allowed values: checklist-complete, recent-scan, .* Did you mean "checklist-complete"\?$/);
  });

  it('reports a missing field at the step', () => {
    const diagnostics = validateTemplate(TEAM_TEMPLATE.replace('    description: Security Officer approves.\n', '')).diagnostics;
    assert.deepEqual(diagnostics.map(where), ['12:5 PC2004']);
    assert.equal(diagnostics[0].message, 'steps[1] is missing the required property "description" (What the step records and why). Add description.');
  });
});
