import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from 'yaml-language-server';
import { applyEdits, type Diagnostic } from '../../src/core/diagnostics';
import { checkSchema, createSchemaCache, cycleErrors, schemaValidator } from '../../src/core/schema';
import { generateValidatorSource } from '../../src/core/schema/standalone';
import { validateCycle } from '../../src/core/validate';
import { loadYaml } from '../../src/core/yaml/load';
import { loadForValidation } from '../../src/core/yaml/located';

const repoRoot = path.resolve(__dirname, '../..');
const NOW = new Date('2026-12-04T12:00:00Z');

function readSchema(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(repoRoot, 'schemas', name), 'utf8')) as Record<string, unknown>;
}

function strictAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  return ajv;
}

/** A valid cycle that only starts, so that each test can break one field. */
const MINIMAL = `schemaVersion: 1
id: PC-TEST-002
title: Minimal cycle
template: dora-security-patch
track: standard
requester: giulia-rossi
securityOfficers: [marco-bianchi]
created: 2026-11-02
policy:
  document: POL-ICT-07
  version: "3.2"
systems:
  - id: intranet
    name: Staff intranet
    criticalFunction: false
    environment: production
    owner: corporate-it
steps:
  identify:
    status: in-progress
`;

function schemaDiagnostics(text: string): Diagnostic[] {
  return validateCycle(text, { now: NOW }).diagnostics.filter((d) => d.code.startsWith('PC2'));
}

function only(text: string): Diagnostic {
  const diagnostics = schemaDiagnostics(text);
  assert.equal(diagnostics.length, 1, diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
  return diagnostics[0];
}

function where(diagnostic: Diagnostic): string {
  return `${diagnostic.range.start.line}:${diagnostic.range.start.column} ${diagnostic.code}`;
}

/** Collect the JSON pointers of property schemas that have no description. */
function undescribedProperties(schema: unknown, pointer: string, found: string[]): string[] {
  if (typeof schema !== 'object' || schema === null) {
    return found;
  }
  const node = schema as Record<string, unknown>;
  for (const [name, property] of Object.entries((node.properties ?? {}) as Record<string, Record<string, unknown>>)) {
    if (typeof property.description !== 'string' || property.description === '') {
      found.push(`${pointer}/properties/${name}`);
    }
    undescribedProperties(property, `${pointer}/properties/${name}`, found);
  }
  for (const [name, definition] of Object.entries((node.$defs ?? {}) as Record<string, unknown>)) {
    undescribedProperties(definition, `${pointer}/$defs/${name}`, found);
  }
  for (const key of ['items', 'additionalProperties']) {
    if (typeof node[key] === 'object') {
      undescribedProperties(node[key], `${pointer}/${key}`, found);
    }
  }
  return found;
}

describe('JSON schemas', () => {
  for (const name of ['cycle.schema.json', 'template.schema.json']) {
    it(`compiles ${name} in strict mode`, () => {
      const validate = strictAjv().compile(readSchema(name));
      assert.equal(typeof validate, 'function');
    });

    it(`describes every property of ${name}`, () => {
      assert.deepEqual(undescribedProperties(readSchema(name), '#', []), []);
    });
  }

  it('declares the ids and schema version', () => {
    const cycle = readSchema('cycle.schema.json');
    assert.equal(cycle.$id, 'https://dora-patch-cycles.dev/schemas/cycle.schema.json');
    assert.equal(cycle.$schema, 'https://json-schema.org/draft/2020-12/schema');
    assert.deepEqual((cycle.properties as Record<string, unknown>).schemaVersion, { description: 'Version of this file format. Only version 1 exists.', const: 1 });
    assert.equal(readSchema('template.schema.json').$id, 'https://dora-patch-cycles.dev/schemas/template.schema.json');
  });

  it('accepts every example cycle with a fresh strict compiler', () => {
    const validate = strictAjv().compile(readSchema('cycle.schema.json'));
    const folder = path.join(repoRoot, 'examples/cycles');
    const files = readdirSync(folder).filter((file) => file.endsWith('.cycle.yaml'));
    assert.ok(files.length >= 3);
    for (const file of files) {
      const value = loadYaml(readFileSync(path.join(folder, file), 'utf8')).value;
      assert.equal(validate(value), true, `${file}: ${JSON.stringify(validate.errors)}`);
    }
  });

  it('ships precompiled validators generated from the current schemas', () => {
    const committed = readFileSync(path.join(repoRoot, 'src/core/schema/validators.generated.ts'), 'utf8');
    assert.ok(committed === generateValidatorSource(), 'src/core/schema/validators.generated.ts is out of date: run node --import tsx scripts/generate-validators.ts');
  });

  it('validates a single vulnerability with its item validator', () => {
    const validate = schemaValidator('cycle', 'vulnerability');
    assert.equal(validate({ id: 'V-001', advisory: 'CVE-2019-11358', title: 'jQuery', category: 'application', system: 'intranet', component: { name: 'jquery' }, source: { kind: 'manual' }, detected: '2026-11-02' }), true);
    assert.equal(validate({ id: 'V-001' }), false);
    assert.deepEqual(validate.errors?.map((error) => error.params), [
      { missingProperty: 'advisory' }, { missingProperty: 'title' }, { missingProperty: 'category' }, { missingProperty: 'system' },
      { missingProperty: 'component' }, { missingProperty: 'source' }, { missingProperty: 'detected' }
    ]);
  });

  it('accepts the minimal cycle', () => {
    assert.deepEqual(validateCycle(MINIMAL, { now: NOW }).diagnostics, []);
  });
});

describe('schema error translation', () => {
  it('names an unknown property and suggests the nearest', () => {
    const text = MINIMAL.replace('    status: in-progress', '    status: in-progress\n    completedAd: 2026-11-02T10:00:00Z');
    const diagnostic = only(text);
    assert.equal(where(diagnostic), '21:5 PC2001');
    assert.equal(diagnostic.message, 'Unknown property "completedAd" in steps.identify. Did you mean "completedAt"? Allowed properties: status, startedAt, completedAt, completedBy, skipReason, reopenReason, items.');
    assert.deepEqual(diagnostic.path, ['steps', 'identify', 'completedAd']);
    assert.equal(diagnostic.fix?.title, 'Rename "completedAd" to "completedAt"');
    const fixed = applyEdits(text, diagnostic.fix!.edits);
    assert.equal(fixed, MINIMAL.replace('    status: in-progress', '    status: in-progress\n    completedAt: 2026-11-02T10:00:00Z'));
    assert.deepEqual(schemaDiagnostics(fixed), []);
  });

  it('lists allowed properties without a guess when none is near', () => {
    const diagnostic = only(MINIMAL.replace('track: standard', 'track: standard\nbudget: 1200'));
    assert.equal(where(diagnostic), '6:1 PC2001');
    assert.match(diagnostic.message, /^Unknown property "budget" in the cycle\. Allowed properties: schemaVersion, id, title,/);
    assert.equal(diagnostic.fix, undefined);
  });

  it('offers no rename onto a key that already exists', () => {
    const diagnostic = only(MINIMAL.replace('    status: in-progress', '    status: in-progress\n    stauts: done'));
    assert.match(diagnostic.message, /Did you mean "status"\?/);
    assert.equal(diagnostic.fix, undefined);
  });

  it('lists allowed values and suggests the nearest', () => {
    const text = MINIMAL.replace('status: in-progress', 'status: in-progres');
    const diagnostic = only(text);
    assert.equal(where(diagnostic), '20:13 PC2002');
    assert.equal(diagnostic.message, 'steps.identify.status has the value "in-progres", which is not allowed. Allowed values: not-started, in-progress, done, skipped. Did you mean "in-progress"?');
    assert.deepEqual(diagnostic.fix, { title: 'Change to "in-progress"', edits: [{ offset: text.indexOf('in-progres'), length: 10, text: 'in-progress' }] });
    assert.equal(applyEdits(text, diagnostic.fix!.edits), MINIMAL);
  });

  it('keeps the quotes of a fixed value', () => {
    const text = MINIMAL.replace('track: standard', 'track: "Standard"');
    const diagnostic = only(text);
    assert.equal(diagnostic.message, 'track has the value "Standard", which is not allowed. Allowed values: standard, emergency. Did you mean "standard"?');
    assert.equal(applyEdits(text, diagnostic.fix!.edits), MINIMAL.replace('track: standard', 'track: "standard"'));
  });

  it('gives no suggestion for a value far from every allowed one', () => {
    const diagnostic = only(MINIMAL.replace('environment: production', 'environment: mainframe'));
    assert.equal(diagnostic.message, 'systems[0].environment has the value "mainframe", which is not allowed. Allowed values: production, staging, test, development, disaster-recovery.');
    assert.equal(diagnostic.fix, undefined);
  });

  it('says which type is expected', () => {
    const diagnostic = only(MINIMAL.replace('criticalFunction: false', 'criticalFunction: "no"'));
    assert.equal(where(diagnostic), '15:23 PC2003');
    assert.equal(diagnostic.message, 'systems[0].criticalFunction must be true or false, but it is a text ("no"). Expected: true when the system supports a critical or important function (DORA Art. 3(22)). Scans must then be at most 7 days old, this product\'s setting for the scan frequency that RTS 2024/1774 Art. 10(2)(b) ties to classification.');
  });

  it('reports an empty value as null', () => {
    const diagnostic = only(MINIMAL.replace('title: Minimal cycle', 'title:'));
    assert.equal(diagnostic.message, 'title must be a text, but it is empty (null). Expected: non-empty text.');
  });

  it('names a missing property at its parent key', () => {
    const diagnostic = only(MINIMAL.replace('    owner: corporate-it\n', ''));
    assert.equal(where(diagnostic), '13:5 PC2004');
    assert.equal(diagnostic.message, 'systems[0] is missing the required property "owner" (Team or person accountable for the system). Add owner.');
  });

  it('explains a date format', () => {
    const diagnostic = only(MINIMAL.replace('created: 2026-11-02', 'created: 02/11/2026'));
    assert.equal(where(diagnostic), '8:10 PC2005');
    assert.equal(diagnostic.message, 'created is "02/11/2026", which is not a date. Write it as YYYY-MM-DD, e.g. 2026-11-30.');
  });

  it('explains a date-time without offset', () => {
    const diagnostic = only(MINIMAL.replace('    status: in-progress', '    status: in-progress\n    startedAt: 2026-11-02T10:00:00'));
    assert.equal(diagnostic.message, 'steps.identify.startedAt is "2026-11-02T10:00:00", which is not a date-time with an offset. Write it as an ISO 8601 date-time with an offset, e.g. 2026-11-30T09:15:00+01:00 or 2026-11-30T08:15:00Z.');
  });

  it('rejects another schema version', () => {
    const diagnostic = only(MINIMAL.replace('schemaVersion: 1', 'schemaVersion: 2'));
    assert.equal(where(diagnostic), '1:16 PC2006');
    assert.equal(diagnostic.message, 'schemaVersion is 2, but this version of DORA Patch Cycles reads format version 1. Set schemaVersion: 1.');
    assert.equal(applyEdits(MINIMAL.replace('schemaVersion: 1', 'schemaVersion: 2'), diagnostic.fix!.edits), MINIMAL);
  });

  it('explains an invalid identifier', () => {
    const diagnostic = only(MINIMAL.replace('id: intranet', 'id: staff intranet'));
    assert.equal(diagnostic.message, 'systems[0].id is "staff intranet", which is not in the expected form: an identifier: letters, digits, `.`, `_` and `-`, starting with a letter or digit.');
  });

  it('rejects an invalid step key', () => {
    const diagnostic = only(MINIMAL.replace('  identify:\n', '  "first step":\n'));
    assert.equal(where(diagnostic), '19:3 PC2011');
    assert.equal(diagnostic.message, 'The key "first step" in steps is not a valid id: use letters, digits, ".", "_" and "-", starting with a letter or digit.');
  });

  it('asks for at least one entry', () => {
    const diagnostic = only(MINIMAL.replace('securityOfficers: [marco-bianchi]', 'securityOfficers: []'));
    assert.equal(diagnostic.message, 'securityOfficers must list at least 1 entry. Add one.');
  });

  it('points at the second of two equal entries', () => {
    const diagnostic = only(MINIMAL.replace('securityOfficers: [marco-bianchi]', 'securityOfficers: [marco-bianchi, elena-ferri, marco-bianchi]'));
    assert.equal(where(diagnostic), '7:48 PC2010');
    assert.equal(diagnostic.message, 'securityOfficers lists "marco-bianchi" twice (entries 0 and 2). Remove the duplicate.');
  });

  it('asks for a date or a date-time where both are allowed', () => {
    const text = MINIMAL.replace('steps:\n', `vulnerabilities:
  - id: V-001
    advisory: CVE-2019-11358
    title: jQuery prototype pollution
    category: application
    system: intranet
    component: { name: jquery }
    source: { kind: manual }
    detected: last week
steps:
`);
    const diagnostic = only(text);
    assert.equal(where(diagnostic), '26:15 PC2005');
    assert.equal(diagnostic.message, 'vulnerabilities[0].detected is "last week", which is not a date (YYYY-MM-DD) or a date-time with an offset (e.g. 2026-11-30T09:15:00+01:00).');
  });

  it('reports a number out of range', () => {
    const diagnostic = only(MINIMAL.replace('steps:\n', `approval:
  pullRequest: { number: 0, url: "https://github.com/banca-lumen/patch-cycles/pull/1", repository: banca-lumen/patch-cycles }
steps:
`));
    assert.equal(diagnostic.message, 'approval.pullRequest.number is 0; it must be >= 1.');
  });

  it('checks one vulnerability at its place in the document', () => {
    const text = MINIMAL.replace('steps:\n', `vulnerabilities:
  - id: V-001
    advisory: CVE-2019-11358
    title: jQuery prototype pollution
    category: aplication
    system: intranet
    component: { name: jquery }
    source: { kind: manual }
    detected: 2026-11-02
steps:
`);
    const located = loadForValidation(text);
    const single = checkSchema(located, 'cycle', 'vulnerability', ['vulnerabilities', 0]);
    assert.deepEqual(single.diagnostics, schemaDiagnostics(text));
    assert.deepEqual(single.diagnostics.map(where), ['22:15 PC2002']);
    assert.deepEqual(single.invalidPaths, [['vulnerabilities', 0, 'category']]);
  });

  it('reports a root that is not a map', () => {
    const diagnostic = only('- just\n- a list\n');
    assert.equal(where(diagnostic), '1:1 PC2003');
    assert.equal(diagnostic.message, 'the cycle must be a map, but it is a list (["just","a list"]). Expected: one run of the security patch process of an EU financial entity under DORA (Regulation (EU) 2022/2554 Art. 9(4)(e) and (f)), kept as a `*.cycle.yaml` file in git.');
  });
});

describe('cycle schema checked entry by entry', () => {
  const complete = readFileSync(path.join(repoRoot, 'examples/cycles/2026-019-buster-log-shipper.cycle.yaml'), 'utf8');
  const variants: Record<string, string> = {
    'valid cycle': complete,
    'errors in entries and at the root': complete
      .replace('track: standard', 'track: normal')
      .replace('      risk: medium\n      priority: 4', '      risk: medum\n      priority: 0')
      .replace('    fixes: [V-003]', '    fixes: []\n    colour: red')
      .replace('  - id: V-002\n', '  - id: V 002\n'),
    'lists of the wrong type': complete.replace('vulnerabilities:\n', 'vulnerabilities: none\nformerVulnerabilities:\n').replace('patches:\n', 'patches: {}\nformerPatches:\n'),
    'entries that are not maps': complete.replace('patches:\n', 'patches:\n  - P-009\n  - null\n')
  };

  /** Describe raw errors order-independently, for comparing two ways of validating. */
  function errorKeys(errors: { instancePath: string; keyword: string; params: unknown }[]): string[] {
    return errors.map((error) => `${error.instancePath} ${error.keyword} ${JSON.stringify(error.params)}`).sort();
  }

  for (const [name, text] of Object.entries(variants)) {
    it(`finds the whole-cycle errors for ${name}`, () => {
      const value = loadForValidation(text).value;
      const whole = schemaValidator('cycle');
      const wholeErrors = whole(value) ? [] : [...(whole.errors ?? [])];
      assert.deepEqual(errorKeys(cycleErrors(value)), errorKeys(wholeErrors));
      assert.deepEqual(errorKeys(cycleErrors(value, createSchemaCache())), errorKeys(wholeErrors));
    });
  }

  it('reuses the results of unchanged entries', () => {
    const located = loadForValidation(variants['errors in entries and at the root']);
    const cache = createSchemaCache();
    const first = checkSchema(located, 'cycle', undefined, [], cache);
    const vulnerabilities = (located.value as { vulnerabilities: object[] }).vulnerabilities;
    assert.ok(cache.entries.has(vulnerabilities[3]));
    assert.deepEqual(checkSchema(located, 'cycle', undefined, [], cache), first);
    assert.deepEqual(checkSchema(located, 'cycle'), first);
    assert.deepEqual(first.diagnostics.map((d) => d.code), ['PC2002', 'PC2007', 'PC2002', 'PC2008', 'PC2001', 'PC2009']);
  });
});

describe('cycle schema in yaml-language-server', () => {
  const schemaPath = path.join(repoRoot, 'schemas/cycle.schema.json');
  const schemaUri = pathToFileURL(schemaPath).toString();
  const service = getLanguageService({
    schemaRequestService: (uri: string) => (uri === schemaUri ? Promise.resolve(readFileSync(schemaPath, 'utf8')) : Promise.reject(new Error(`Only ${schemaUri} is served, not ${uri}.`))),
    workspaceContext: { resolveRelativePath: (relative: string, resource: string) => new URL(relative, resource).toString() }
  });
  service.configure({ validate: true, hover: true, completion: false, format: false, yamlVersion: '1.2', schemas: [{ uri: schemaUri, fileMatch: ['*.cycle.yaml'] }] });

  let documentCount = 0;

  /** Wrap text in a document with a new URI, because the language service caches by URI and version. */
  function document(text: string): TextDocument {
    documentCount += 1;
    return TextDocument.create(`file:///workspace/test-${documentCount}.cycle.yaml`, 'yaml', 1, text);
  }

  it('accepts every example cycle', async () => {
    const folder = path.join(repoRoot, 'examples/cycles');
    for (const file of readdirSync(folder).filter((name) => name.endsWith('.cycle.yaml'))) {
      const diagnostics = await service.doValidation(document(readFileSync(path.join(folder, file), 'utf8')), false);
      assert.deepEqual(diagnostics.map((d) => d.message), [], file);
    }
  });

  it('reports an enum value and an unknown property', async () => {
    const text = MINIMAL.replace('track: standard', 'track: normal').replace('    owner: corporate-it', '    owner: corporate-it\n    colour: blue');
    const diagnostics = await service.doValidation(document(text), false);
    assert.deepEqual(diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1}`), ['5:8', '18:5']);
  });

  it('shows the property description on hover', async () => {
    const hover = await service.doHover(document(MINIMAL), { line: 4, character: 2 });
    const contents = hover?.contents as { value: string } | undefined;
    assert.match(contents?.value ?? '', /or \\`emergency\\` when deployment may come before the approval \(RTS 2024\/1774 Art\. 10\(4\)\(b\)\)/);
  });
});
