/**
 * `npm run bench`: times cycle validation against the `yaml` package, js-yaml,
 * JSON.parse and yaml-language-server on generated cycles of 100, 1,000 and 10,000
 * vulnerabilities, and times the loader's rejection of alias bombs. It prints a table
 * and rewrites the "Validation speed" section of bench/RESULTS.md.
 *
 * Each figure is the median of `RUNS` timed runs after `WARM_UP_RUNS` untimed ones,
 * taken in interleaved rounds.
 * yaml-language-server reads the cycle schema from schemas/ through its schema request
 * service, which rejects every other URI, so nothing goes over the network.
 */
import { execSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseDocument } from 'yaml';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from 'yaml-language-server';
import { createIncrementalValidator } from '../src/core/incremental';
import { validateCycle } from '../src/core/validate';
import { loadYaml } from '../src/core/yaml/load';
import { loadForValidation } from '../src/core/yaml/located';
import { generateCycle } from '../test/support/generate-cycle';
import { formatImportSection, runImportBench, writeImportSection } from './import';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const WARM_UP_RUNS = 2;
const SIZES = [100, 1000, 10000];
const repoRoot = path.resolve(__dirname, '..');
const schemaPath = path.join(repoRoot, 'schemas', 'cycle.schema.json');
const resultsPath = path.join(repoRoot, 'bench', 'RESULTS.md');
const NOW = new Date('2026-11-05T12:00:00Z');

type Row = { name: string; ms: number };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

interface Candidate {
  name: string;
  run: () => unknown;
}

/**
 * Time every candidate in interleaved rounds, one run of each per round, so that a
 * change in the machine's load during the benchmark affects all of them alike.
 * Returns the median of each candidate's runs, in candidate order.
 */
async function timeInterleaved(candidates: readonly Candidate[]): Promise<number[]> {
  for (let round = 0; round < WARM_UP_RUNS; round++) {
    for (const candidate of candidates) {
      await candidate.run();
    }
  }
  const samples: number[][] = candidates.map(() => []);
  for (let round = 0; round < RUNS; round++) {
    for (const [index, candidate] of candidates.entries()) {
      const started = performance.now();
      await candidate.run();
      samples[index].push(performance.now() - started);
    }
  }
  return samples.map(median);
}

/** js-yaml arrives with other packages; the benchmark skips it when it is absent. */
function loadJsYaml(): ((text: string) => unknown) | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('js-yaml') as { load: (text: string) => unknown }).load;
  } catch {
    return undefined;
  }
}

function createYamlLanguageService(): ReturnType<typeof getLanguageService> {
  const schemaUri = pathToFileURL(schemaPath).toString();
  const service = getLanguageService({
    schemaRequestService: (uri: string) => {
      if (uri !== schemaUri) {
        return Promise.reject(new Error(`The benchmark serves only ${schemaUri}, not ${uri}.`));
      }
      return Promise.resolve(fs.readFileSync(schemaPath, 'utf8'));
    },
    workspaceContext: { resolveRelativePath: (relative: string, resource: string) => new URL(relative, resource).toString() }
  });
  service.configure({ validate: true, hover: false, completion: false, format: false, yamlVersion: '1.2', schemas: [{ uri: schemaUri, fileMatch: ['*.cycle.yaml'] }] });
  return service;
}

/** Replace one line in the middle of the vulnerabilities, as a user edit would. */
function editOneLine(text: string, round: number): string {
  const marker = 'category: ';
  const at = text.indexOf(marker, Math.floor(text.length / 2));
  const end = text.indexOf('\n', at);
  return text.slice(0, at) + marker + (round % 2 === 0 ? 'network' : 'application') + text.slice(end);
}

const ABOUT_THE_DATA = [
  'The cycles come from test/support/generate-cycle.ts: block style, every tenth vulnerability',
  'with CVSS, EPSS and an assessment, valid against the schema and the workflow rules. The',
  'edit replaces one `category:` value in the middle of the vulnerabilities. Other work shares',
  'the machine, so absolute times vary from run to run; the ratios, measured in interleaved',
  'rounds, are the figures to compare.'
];

function verdict(ratio: number, target: number): string {
  return `${ratio.toFixed(3)}, ${ratio <= target ? 'met' : 'not met'}`;
}

function machine(startLoad: number[]): string[] {
  const cpu = /model name\s*:\s*(.*)/.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown';
  return [
    `- CPU: ${cpu}, ${execSync('nproc').toString().trim()} cores available (nproc)`,
    `- Memory: ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- Node.js: ${process.version}`,
    // Other processes share the machine, so the load average shows how far to trust the figures.
    `- Load average at the start (1, 5, 15 min): ${startLoad.map((load) => load.toFixed(1)).join(', ')}`,
    `- Runs: median of ${RUNS} after ${WARM_UP_RUNS} warm-up runs, in interleaved rounds (one run of each measurement per round)`
  ];
}

async function main(): Promise<void> {
  const startLoad = os.loadavg();
  const jsYamlLoad = loadJsYaml();
  const yamlLanguageService = createYamlLanguageService();
  const lines: string[] = [];
  let documentVersion = 0;

  for (const size of SIZES) {
    const text = generateCycle(size);
    const json = JSON.stringify(loadYaml(text).value);
    // The edited texts are built before timing, and alternate so that every run validates a change.
    const edited = [editOneLine(text, 0), editOneLine(text, 1)];
    const incremental = createIncrementalValidator({ now: NOW });
    incremental.update(text);
    let fullRound = 0;
    let incrementalRound = 0;
    const uri = `file:///bench/size-${size}.cycle.yaml`;
    const candidates: Candidate[] = [
      { name: 'our full validation (validateCycle)', run: () => validateCycle(text, { now: NOW }) },
      { name: 'our full validation of an edited text', run: () => validateCycle(edited[fullRound++ % 2], { now: NOW }) },
      { name: 'our re-validation after a one-line edit (incremental)', run: () => incremental.update(edited[incrementalRound++ % 2]) },
      { name: 'our loading only (loadForValidation, fast path)', run: () => loadForValidation(text) },
      { name: 'our loadYaml (yaml Document API)', run: () => loadYaml(text) },
      { name: 'yaml parseDocument', run: () => parseDocument(text) },
      ...(jsYamlLoad ? [{ name: 'js-yaml load', run: () => jsYamlLoad(text) }] : []),
      { name: 'JSON.parse of the same data', run: () => JSON.parse(json) },
      // A new document version each run, so the language service cannot return a cached result.
      { name: 'yaml-language-server doValidation', run: () => yamlLanguageService.doValidation(TextDocument.create(uri, 'yaml', ++documentVersion, text), false) }
    ];
    const medians = await timeInterleaved(candidates);
    const rows: Row[] = candidates.map((candidate, index) => ({ name: candidate.name, ms: medians[index] }));
    const fullMs = medians[0];
    const incrementalMs = medians[2];
    const languageServerMs = medians[medians.length - 1];

    const header = `### ${size.toLocaleString('en-US')} vulnerabilities (${(text.length / 1e6).toFixed(2)} MB, ${text.split('\n').length.toLocaleString('en-US')} lines)`;
    lines.push(header, '', '| measurement | median ms | vs. yaml-language-server |', '|---|---:|---:|');
    for (const row of rows) {
      lines.push(`| ${row.name} | ${row.ms.toFixed(1)} | ${(row.ms / languageServerMs).toFixed(3)} |`);
    }
    lines.push(
      '',
      `Targets: full validation at most 1/5 of yaml-language-server (${verdict(fullMs / languageServerMs, 1 / 5)}), ` +
        `re-validation after an edit at most 1/20 (${verdict(incrementalMs / languageServerMs, 1 / 20)}).`,
      ''
    );
    console.log([header, ...lines.slice(-rows.length - 4)].join('\n'));
  }

  const bombs = ['eemeli-billion-laughs.yaml', 'eemeli-quadratic-aliases.yaml'];
  lines.push('### Alias bombs (loadYaml, must fail within 100 ms)', '', '| file | median ms | codes |', '|---|---:|---|');
  for (const file of bombs) {
    const bombPath = path.resolve(repoRoot, '../shared/corpus/yaml-edge', file);
    if (!fs.existsSync(bombPath)) {
      throw new Error(`Alias bomb ${bombPath} not found; the corpus must sit beside the repository as ../shared/corpus.`);
    }
    const text = fs.readFileSync(bombPath, 'utf8');
    const [ms] = await timeInterleaved([{ name: file, run: () => loadYaml(text) }]);
    const codes = loadYaml(text).diagnostics.map((d) => d.code).join(', ');
    lines.push(`| ${file} | ${ms.toFixed(2)} | ${codes} |`);
    console.log(`${file}: ${ms.toFixed(2)} ms, ${codes}`);
  }
  lines.push('');

  writeSection(['Command: `npm run bench`', '', ...machine(startLoad), '', ...ABOUT_THE_DATA, '', ...lines]);
  if (!jsYamlLoad) {
    console.log('js-yaml is not installed; its row is left out.');
  }

  console.log('\nImport of a generated 10,000-finding Trivy report');
  const importSection = formatImportSection(runImportBench());
  console.log(importSection);
  writeImportSection(importSection);
}

/** Rewrite only the "## Validation speed" section of RESULTS.md, keeping other sections. */
function writeSection(body: string[]): void {
  const heading = '## Validation speed';
  const section = [heading, '', ...body].join('\n');
  const current = fs.existsSync(resultsPath) ? fs.readFileSync(resultsPath, 'utf8') : '# Benchmark results\n';
  const start = current.indexOf(`${heading}\n`);
  if (start < 0) {
    fs.writeFileSync(resultsPath, `${current.trimEnd()}\n\n${section}`);
    return;
  }
  const next = current.indexOf('\n## ', start + heading.length);
  fs.writeFileSync(resultsPath, current.slice(0, start) + section + (next < 0 ? '' : current.slice(next)));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
