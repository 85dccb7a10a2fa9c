import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { createCycle } from '../../src/core/operations';
import { builtInTemplate } from '../../src/core/templates';

const REPO_ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(REPO_ROOT, 'bin', 'patch-cycles.js');
const EDIT_FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'edit');
const AT = '2026-12-04T11:00:00+01:00';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let workDirectory: string;

/** Run the built CLI as a child process, with git reading no global or system configuration. */
function cli(args: string[], cwd = workDirectory): Run {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_GLOBAL: path.join(workDirectory, 'no-gitconfig'), GIT_CONFIG_NOSYSTEM: '1', PATCH_CYCLES_DEBUG: '' },
    stdio: ['ignore', 'pipe', 'pipe']
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function copyFixture(name: string, as = name, directory = workDirectory): string {
  const target = path.join(directory, as);
  mkdirSync(path.dirname(target), { recursive: true });
  copyFileSync(path.join(EDIT_FIXTURES, name), target);
  return target;
}

/** The commented fixture with an invalid step status on line 46, column 13. */
function writeInvalidCycle(name: string, directory = workDirectory): string {
  const text = readFileSync(path.join(EDIT_FIXTURES, 'commented.cycle.yaml'), 'utf8').replace('  assess:\n    status: not-started', '  assess:\n    status: finished');
  const target = path.join(directory, name);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, text);
  return target;
}

const INVALID_STATUS_MESSAGE = 'steps.assess.status has the value "finished", which is not allowed. Allowed values: not-started, in-progress, done, skipped.';
const NO_SCAN_MESSAGE = 'System "gateway" supports a critical or important function but no scan in scans covers it. Import a scan of it no older than 7 days (RTS 2024/1774 Art. 10(2)(b)).';

describe('patch-cycles CLI', function () {
  this.timeout(120_000);

  before(() => {
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO_ROOT, stdio: 'pipe' });
  });

  beforeEach(() => {
    workDirectory = mkdtempSync(path.join(tmpdir(), 'patch-cycles-cli-'));
  });

  afterEach(() => {
    rmSync(workDirectory, { recursive: true, force: true });
  });

  describe('help and usage', () => {
    for (const command of ['validate', 'status', 'new', 'item', 'step']) {
      it(`prints help for ${command}`, () => {
        const run = cli([command, '--help']);
        assert.equal(run.code, 0);
        assert.ok(run.stdout.startsWith(`Usage: patch-cycles ${command}`), run.stdout);
      });
    }

    it('rejects an unknown option in one sentence', () => {
      const run = cli(['validate', '--colour']);
      assert.equal(run.code, 2);
      assert.equal(run.stderr, "patch-cycles validate: Unknown option '--colour'. Run `patch-cycles validate --help` for the options.\n");
    });

    it('rejects an unknown format', () => {
      const run = cli(['validate', '--format', 'xml']);
      assert.equal(run.code, 2);
      assert.equal(run.stderr, 'patch-cycles validate: --format xml is not supported; use one of: text, json, sarif, github.\n');
    });
  });

  describe('validate', () => {
    it('exits 0 for a valid cycle', () => {
      copyFixture('created.cycle.yaml');
      const run = cli(['validate', 'created.cycle.yaml']);
      assert.equal(run.code, 0);
      assert.equal(run.stdout, '');
      assert.equal(run.stderr, '1 file checked: 0 errors, 0 warnings.\n');
    });

    it('exits 1 with one text line per diagnostic', () => {
      writeInvalidCycle('bad.cycle.yaml');
      const run = cli(['validate', 'bad.cycle.yaml']);
      assert.equal(run.code, 1);
      assert.equal(run.stdout, [`bad.cycle.yaml:22:23: warning PC3102 ${NO_SCAN_MESSAGE}`, `bad.cycle.yaml:46:13: error PC2002 ${INVALID_STATUS_MESSAGE}`, ''].join('\n'));
      assert.equal(run.stderr, '1 file checked: 1 error, 1 warning.\n');
    });

    it('exits 2 for a missing file', () => {
      const run = cli(['validate', 'missing.cycle.yaml']);
      assert.equal(run.code, 2);
      assert.equal(run.stderr, 'patch-cycles validate: missing.cycle.yaml: no such file or directory.\n0 files checked: 0 errors, 0 warnings.\n');
    });

    it('searches directories and skips node_modules and .git', () => {
      copyFixture('created.cycle.yaml', 'cycles/a.cycle.yaml');
      copyFixture('created.cycle.yaml', 'cycles/nested/b.cycle.yml');
      writeInvalidCycle('node_modules/pkg/c.cycle.yaml');
      writeInvalidCycle('.git/d.cycle.yaml');
      copyFixture('created.cycle.yaml', 'cycles/not-a-cycle.yaml');
      const run = cli(['validate', '--format', 'json']);
      assert.equal(run.code, 0);
      const output = JSON.parse(run.stdout) as { files: { path: string }[] };
      assert.deepEqual(
        output.files.map((file) => file.path),
        ['cycles/a.cycle.yaml', 'cycles/nested/b.cycle.yml']
      );
    });

    it('prints the JSON format', () => {
      writeInvalidCycle('bad.cycle.yaml');
      const run = cli(['validate', '--format', 'json', 'bad.cycle.yaml']);
      assert.equal(run.code, 1);
      assert.equal(run.stderr, '');
      assert.deepEqual(JSON.parse(run.stdout), {
        version: 1,
        summary: { files: 1, errors: 1, warnings: 1, infos: 0 },
        files: [
          {
            path: 'bad.cycle.yaml',
            diagnostics: [
              { code: 'PC3102', severity: 'warning', message: NO_SCAN_MESSAGE, line: 22, column: 23, endLine: 22, endColumn: 27, path: ['systems', 0, 'criticalFunction'] },
              { code: 'PC2002', severity: 'error', message: INVALID_STATUS_MESSAGE, line: 46, column: 13, endLine: 46, endColumn: 21, path: ['steps', 'assess', 'status'] }
            ]
          }
        ]
      });
    });

    it('prints GitHub workflow commands with escaped properties', () => {
      writeInvalidCycle('odd, name: 100%.cycle.yaml');
      const run = cli(['validate', '--format', 'github', 'odd, name: 100%.cycle.yaml']);
      assert.equal(run.code, 1);
      assert.equal(
        run.stdout,
        [
          `::warning file=odd%2C name%3A 100%25.cycle.yaml,line=22,col=23,endLine=22,endColumn=27,title=PC3102::${NO_SCAN_MESSAGE}`,
          `::error file=odd%2C name%3A 100%25.cycle.yaml,line=46,col=13,endLine=46,endColumn=21,title=PC2002::${INVALID_STATUS_MESSAGE}`,
          ''
        ].join('\n')
      );
    });

    it('prints SARIF that the official SARIF 2.1.0 schema accepts', () => {
      writeInvalidCycle('cycles/bad.cycle.yaml');
      const run = cli(['validate', '--format', 'sarif']);
      assert.equal(run.code, 1);
      const log = JSON.parse(run.stdout) as SarifLog;

      const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
      // The schema's language pattern `^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$` is only valid without the `u` flag.
      const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
      addFormats(ajv);
      const validate = ajv.compile(schema);
      assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));

      const run0 = log.runs[0];
      assert.equal(log.version, '2.1.0');
      assert.equal(run0.tool.driver.name, 'patch-cycles');
      assert.deepEqual(
        run0.tool.driver.rules.map((rule) => [rule.id, rule.helpUri.replace(/^.*\/docs\//, 'docs/')]),
        [
          ['PC2002', 'docs/diagnostics.md#pc2002'],
          ['PC3102', 'docs/diagnostics.md#pc3102']
        ]
      );
      assert.deepEqual(run0.results[1], {
        ruleId: 'PC2002',
        ruleIndex: 0,
        level: 'error',
        message: { text: INVALID_STATUS_MESSAGE },
        locations: [{ physicalLocation: { artifactLocation: { uri: 'cycles/bad.cycle.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 46, startColumn: 13, endLine: 46, endColumn: 21 } } }]
      });
    });

    it('locates files outside the working directory by file URI in SARIF', () => {
      const outside = mkdtempSync(path.join(tmpdir(), 'patch-cycles-outside-'));
      try {
        const file = writeInvalidCycle('bad.cycle.yaml', outside);
        const run = cli(['validate', '--format', 'sarif', file]);
        assert.equal(run.code, 1);
        const log = JSON.parse(run.stdout) as { runs: { results: { locations: { physicalLocation: { artifactLocation: unknown } }[] }[] }[] };
        assert.deepEqual(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation, { uri: pathToFileURL(file).href });
      } finally {
        rmSync(outside, { recursive: true, force: true });
      }
    });

    it('finds the three problems of the broken example', () => {
      const broken = path.join(REPO_ROOT, 'test', 'fixtures', 'cycles', 'broken.cycle.yaml');
      const run = cli(['validate', '--format', 'json', broken]);
      assert.equal(run.code, 1);
      const output = JSON.parse(run.stdout) as { files: { diagnostics: { code: string; line: number; column: number; severity: string }[] }[] };
      assert.deepEqual(
        output.files[0].diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.code}`),
        ['7:1 error PC1002', '26:16 error PC3101', '32:13 error PC2002']
      );
    });
  });

  describe('status', () => {
    it('shows the current step and what blocks it', () => {
      copyFixture('commented.cycle.yaml');
      const run = cli(['status', 'commented.cycle.yaml']);
      assert.equal(run.code, 0);
      const lines = run.stdout.split('\n');
      assert.equal(lines[0], 'commented.cycle.yaml: PC-2026-014 "December payment gateway patches" (standard)');
      assert.equal(lines[1], '  current step: identify (Identify security vulnerabilities), in-progress, items 1 of 5 done');
      assert.equal(lines[2], '  blocked by 4 gate conditions:');
      assert.match(lines[3], /^ {4}commented\.cycle\.yaml:38:20: PC3101 Checklist item "application" /);
    });

    it('prints JSON', () => {
      copyFixture('commented.cycle.yaml');
      const run = cli(['status', '--format', 'json']);
      assert.equal(run.code, 0);
      const output = JSON.parse(run.stdout) as { version: number; cycles: { path: string; id: string; currentStep: unknown; blockedBy: { code: string; line: number; column: number }[]; errors: number }[] };
      assert.equal(output.version, 1);
      assert.equal(output.cycles[0].id, 'PC-2026-014');
      assert.deepEqual(output.cycles[0].currentStep, { id: 'identify', name: 'Identify security vulnerabilities', status: 'in-progress', itemsDone: 1, itemsTotal: 5 });
      assert.deepEqual(
        output.cycles[0].blockedBy.map((blocker) => `${blocker.code} ${blocker.line}:${blocker.column}`),
        ['PC3101 38:20', 'PC3101 41:9', 'PC3101 31:5', 'PC3101 31:5']
      );
      assert.equal(output.cycles[0].errors, 0);
    });
  });

  describe('new', () => {
    const ARGS = ['--id', 'PC-2026-030', '--title', 'Quarterly patches', '--requester', 'giulia-rossi', '--security-officer', 'marco-bianchi', '--security-officer', '@acme/security', '--policy-document', 'POL-ICT-07', '--policy-version', '3.2', '--created', '2026-12-04'];

    it('writes the same text as createCycle', () => {
      const run = cli(['new', 'q.cycle.yaml', ...ARGS, '--track', 'emergency']);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stdout, 'q.cycle.yaml: created cycle PC-2026-030 with 11 steps, all not started.\n');
      const expected = createCycle({ template: builtInTemplate, id: 'PC-2026-030', title: 'Quarterly patches', track: 'emergency', requester: 'giulia-rossi', securityOfficers: ['marco-bianchi', '@acme/security'], created: '2026-12-04', policy: { document: 'POL-ICT-07', version: '3.2' } });
      assert.ok(expected.ok);
      assert.equal(readFileSync(path.join(workDirectory, 'q.cycle.yaml'), 'utf8'), expected.text);
    });

    it('refuses to overwrite a file', () => {
      copyFixture('commented.cycle.yaml', 'q.cycle.yaml');
      const run = cli(['new', 'q.cycle.yaml', ...ARGS]);
      assert.equal(run.code, 2);
      assert.equal(run.stderr, 'patch-cycles new: q.cycle.yaml already exists; choose another file name or delete it first.\n');
      assert.equal(readFileSync(path.join(workDirectory, 'q.cycle.yaml'), 'utf8'), readFileSync(path.join(EDIT_FIXTURES, 'commented.cycle.yaml'), 'utf8'));
    });

    it('requires an id', () => {
      const run = cli(['new', 'q.cycle.yaml', ...ARGS.slice(2)]);
      assert.equal(run.code, 2);
      assert.equal(run.stderr, 'patch-cycles new: --id is required. Run `patch-cycles new --help` for the options.\n');
    });
  });

  describe('item and step', () => {
    it('checks an item in place, byte for byte', () => {
      const file = copyFixture('commented.cycle.yaml');
      const run = cli(['item', 'check', 'commented.cycle.yaml', 'identify', 'application', '--by', 'dana-weiss', '--at', AT]);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(
        run.stdout,
        [
          'commented.cycle.yaml: Checked item "application" of step "identify".',
          '  -38:       application: {done: false}  # flow style, edited as a whole',
          "  +38:       application: { done: true, by: dana-weiss, at: '2026-12-04T11:00:00+01:00' }  # flow style, edited as a whole",
          ''
        ].join('\n')
      );
      assert.equal(readFileSync(file, 'utf8'), readFileSync(path.join(EDIT_FIXTURES, 'commented.check-flow-item.yaml'), 'utf8'));
    });

    it('marks an item not applicable', () => {
      const file = copyFixture('commented.cycle.yaml');
      const run = cli(['item', 'not-applicable', 'commented.cycle.yaml', 'identify', 'user-access', '--reason', 'No accounts change: the gateway has no local users.', '--by', 'dana-weiss', '--at', AT]);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stdout.split('\n')[0], 'commented.cycle.yaml: Marked item "user-access" of step "identify" not applicable.');
      assert.equal(readFileSync(file, 'utf8'), readFileSync(path.join(EDIT_FIXTURES, 'commented.not-applicable.yaml'), 'utf8'));
    });

    it('writes through a symbolic link', () => {
      const file = copyFixture('commented.cycle.yaml');
      symlinkSync(file, path.join(workDirectory, 'link.cycle.yaml'));
      const run = cli(['step', 'start', 'link.cycle.yaml', 'assess', '--at', AT]);
      assert.equal(run.code, 0, run.stderr);
      assert.ok(lstatSync(path.join(workDirectory, 'link.cycle.yaml')).isSymbolicLink());
      assert.equal(readFileSync(file, 'utf8'), readFileSync(path.join(EDIT_FIXTURES, 'commented.start-step.yaml'), 'utf8'));
    });

    it('keeps CRLF and the byte-order mark on disk', () => {
      const file = copyFixture('crlf-bom.cycle.yaml');
      const run = cli(['item', 'check', 'crlf-bom.cycle.yaml', 'identify', 'network', '--by', 'dana-weiss', '--at', AT, '--note', 'on: the\tDMZ']);
      assert.equal(run.code, 0, run.stderr);
      assert.ok(readFileSync(file).equals(readFileSync(path.join(EDIT_FIXTURES, 'crlf-bom.check-item.yaml'))));
    });

    it('records the email login when --by is missing', () => {
      const file = copyFixture('commented.cycle.yaml');
      execFileSync('git', ['init', '-q', workDirectory]);
      execFileSync('git', ['-C', workDirectory, 'config', 'user.name', 'Dana Weiss']);
      execFileSync('git', ['-C', workDirectory, 'config', 'user.email', 'dana@example.org']);
      const run = cli(['item', 'check', 'commented.cycle.yaml', 'identify', 'configuration', '--at', AT]);
      assert.equal(run.code, 0, run.stderr);
      assert.ok(readFileSync(file, 'utf8').includes("      configuration:\n        done: true\n        by: dana\n        at: '2026-12-04T11:00:00+01:00'\n"));
    });

    it('prefers the github.user login as --by', () => {
      const file = copyFixture('commented.cycle.yaml');
      execFileSync('git', ['init', '-q', workDirectory]);
      execFileSync('git', ['-C', workDirectory, 'config', 'user.name', 'Dana Weiss']);
      execFileSync('git', ['-C', workDirectory, 'config', 'github.user', 'dana-weiss']);
      const run = cli(['item', 'check', 'commented.cycle.yaml', 'identify', 'configuration', '--at', AT]);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(readFileSync(file, 'utf8'), readFileSync(path.join(EDIT_FIXTURES, 'commented.check-missing-item.yaml'), 'utf8'));
    });

    it('asks for --by outside a repository with no git user', () => {
      copyFixture('commented.cycle.yaml');
      const run = cli(['item', 'check', 'commented.cycle.yaml', 'identify', 'configuration', '--at', AT]);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /^patch-cycles item: no --by given and git has neither github\.user nor user\.name for .*; pass --by <login> or run `git config github\.user <login>`\.\n$/);
    });

    it('prints the unmet conditions of a refused completion and exits 1', () => {
      const file = copyFixture('commented.cycle.yaml');
      const before = readFileSync(file, 'utf8');
      const run = cli(['step', 'complete', 'commented.cycle.yaml', 'identify', '--by', 'dana-weiss', '--at', AT]);
      assert.equal(run.code, 1);
      assert.equal(run.stdout, '');
      const lines = run.stderr.split('\n');
      assert.equal(lines[0], 'commented.cycle.yaml: Step "identify" cannot be completed: 4 gate conditions are unmet.');
      assert.match(lines[1], /^ {2}commented\.cycle\.yaml:38:20: PC3101 Checklist item "application" \(Application vulnerabilities\) of step "identify" is not checked\./);
      assert.equal(lines.length, 6);
      assert.equal(readFileSync(file, 'utf8'), before);
    });

    it('skips a step with a reason', () => {
      const file = copyFixture('commented.cycle.yaml');
      const run = cli(['step', 'skip', 'commented.cycle.yaml', 'assess', '--reason', 'Covered by cycle PC-2026-013', '--by', 'dana-weiss', '--at', AT]);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(readFileSync(file, 'utf8'), readFileSync(path.join(EDIT_FIXTURES, 'commented.skip-step.yaml'), 'utf8'));
    });

    it('requires a reason to skip', () => {
      copyFixture('commented.cycle.yaml');
      const run = cli(['step', 'skip', 'commented.cycle.yaml', 'assess', '--by', 'dana-weiss']);
      assert.equal(run.code, 2);
      assert.equal(run.stderr, 'patch-cycles step: --reason is required. Run `patch-cycles step --help` for the options.\n');
    });

    it('exits 1 for an unknown step and 2 for a missing file', () => {
      copyFixture('commented.cycle.yaml');
      const unknown = cli(['step', 'start', 'commented.cycle.yaml', 'deploy-now', '--at', AT]);
      assert.equal(unknown.code, 1);
      assert.match(unknown.stderr, /^commented\.cycle\.yaml: Step "deploy-now" is not a step of template "dora-security-patch"\./);
      const missing = cli(['step', 'start', 'nothing.cycle.yaml', 'assess']);
      assert.equal(missing.code, 2);
      assert.equal(missing.stderr, 'patch-cycles step: nothing.cycle.yaml: cannot be read (no such file).\n');
    });

    it('reports an unchanged file without writing it', () => {
      copyFixture('commented.cycle.yaml');
      const run = cli(['step', 'start', 'commented.cycle.yaml', 'identify', '--at', AT]);
      assert.equal(run.code, 0);
      assert.equal(run.stdout, 'commented.cycle.yaml: Step "identify" is already in progress; nothing changed.\n');
    });
  });

  describe('option values', () => {
    const NEW_ARGS = ['--id', 'PC-2026-031', '--title', 'T', '--requester', 'giulia-rossi', '--security-officer', 'marco-bianchi', '--policy-document', 'P', '--policy-version', '1', '--created', '2026-12-04'];

    function refused(args: string[], stderr: string, file?: string): void {
      const before = file ? readFileSync(path.join(workDirectory, file), 'utf8') : undefined;
      const run = cli(args);
      assert.equal(run.stderr, stderr);
      assert.equal(run.code, 2);
      assert.equal(run.stdout, '');
      if (file) {
        assert.equal(readFileSync(path.join(workDirectory, file), 'utf8'), before);
      }
    }

    it('refuses a --by that is not a login', () => {
      copyFixture('commented.cycle.yaml');
      refused(['item', 'check', 'commented.cycle.yaml', 'identify', 'application', '--by', 'a: b', '--at', AT], 'patch-cycles item: --by "a: b" is not a login; use letters, digits, ".", "_", "/" and "-", e.g. dana-weiss or @acme/security.\n', 'commented.cycle.yaml');
      refused(['step', 'skip', 'commented.cycle.yaml', 'assess', '--reason', 'r', '--by', 'Dana Weiss', '--at', AT], 'patch-cycles step: --by "Dana Weiss" is not a login; use letters, digits, ".", "_", "/" and "-", e.g. dana-weiss or @acme/security.\n', 'commented.cycle.yaml');
    });

    it('refuses an empty --by instead of using git', () => {
      copyFixture('commented.cycle.yaml');
      refused(['item', 'check', 'commented.cycle.yaml', 'identify', 'application', '--by', '', '--at', AT], 'patch-cycles item: --by is empty; give a value or leave the option out.\n', 'commented.cycle.yaml');
    });

    it('refuses an --at that is not a real date-time', () => {
      copyFixture('commented.cycle.yaml');
      refused(['item', 'check', 'commented.cycle.yaml', 'identify', 'application', '--by', 'dana', '--at', '2026-02-30T10:00:00Z'], 'patch-cycles item: --at "2026-02-30T10:00:00Z" is not an ISO 8601 date-time with an offset that exists in the calendar, e.g. 2026-11-30T09:15:00+01:00.\n', 'commented.cycle.yaml');
      refused(['item', 'check', 'commented.cycle.yaml', 'identify', 'application', '--by', 'dana', '--at', '2026-12-04 11:00'], 'patch-cycles item: --at "2026-12-04 11:00" is not an ISO 8601 date-time with an offset that exists in the calendar, e.g. 2026-11-30T09:15:00+01:00.\n', 'commented.cycle.yaml');
    });

    it('refuses malformed values for new', () => {
      const withValue = (name: string, value: string): string[] => NEW_ARGS.map((item, index) => (NEW_ARGS[index - 1] === name ? value : item));
      refused(['new', 'n.cycle.yaml', ...withValue('--created', '2026-02-30')], 'patch-cycles new: --created "2026-02-30" is not a date (YYYY-MM-DD) that exists in the calendar, e.g. 2026-12-04.\n');
      refused(['new', 'n.cycle.yaml', ...withValue('--requester', 'a b')], 'patch-cycles new: --requester "a b" is not a login; use letters, digits, ".", "_", "/" and "-", e.g. dana-weiss or @acme/security.\n');
      refused(['new', 'n.cycle.yaml', ...NEW_ARGS, '--security-officer', 'marco-bianchi'], 'patch-cycles new: --security-officer marco-bianchi is given twice; name each Security Officer once.\n');
      refused(['new', 'n.cycle.yaml', ...NEW_ARGS, '--security-officer', ''], 'patch-cycles new: --security-officer is empty; give a value or leave the option out.\n');
      assert.equal(cli(['validate', 'n.cycle.yaml']).code, 2);
    });
  });

  describe('untrusted text on the terminal', () => {
    it('escapes control characters of an unknown key in validate', () => {
      const text = readFileSync(path.join(EDIT_FIXTURES, 'created.cycle.yaml'), 'utf8').replace(/^title: .*\n/m, (line) => `${line}"x\\e[31mRED\\e[0m\\nfake.cycle.yaml:1:1: info PC0000 all good": 1\n`);
      writeFileSync(path.join(workDirectory, 'keys.cycle.yaml'), text);
      const run = cli(['validate', 'keys.cycle.yaml']);
      assert.equal(run.code, 1);
      const lines = run.stdout.split('\n');
      assert.equal(lines.length, 2);
      assert.match(lines[0], /^keys\.cycle\.yaml:\d+:1: error PC2001 .*"x\\u001b\[31mRED\\u001b\[0m\\nfake\.cycle\.yaml:1:1: info PC0000 all good"/);
      assert.doesNotMatch(run.stdout, /\u001b/);
    });

    it('escapes control characters in a refused operation', () => {
      copyFixture('commented.cycle.yaml');
      const run = cli(['item', 'check', 'commented.cycle.yaml', 'identify\u001b[2J', 'application', '--by', 'dana', '--at', AT]);
      assert.equal(run.code, 1);
      assert.match(run.stderr, /identify\\u001b\[2J/);
      assert.doesNotMatch(run.stderr, /\u001b/);
    });

    it('escapes control characters in the status title', () => {
      const text = readFileSync(path.join(EDIT_FIXTURES, 'created.cycle.yaml'), 'utf8').replace(/^id: .*\n/m, 'id: "PC-1\\e[2J"\n');
      writeFileSync(path.join(workDirectory, 'title.cycle.yaml'), text);
      const run = cli(['status', 'title.cycle.yaml']);
      assert.match(run.stdout.split('\n')[0], /^title\.cycle\.yaml: PC-1\\u001b\[2J /);
      assert.doesNotMatch(run.stdout, /\u001b/);
    });
  });
});

interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { name: string; rules: { id: string; helpUri: string }[] } };
    results: unknown[];
  }[];
}
