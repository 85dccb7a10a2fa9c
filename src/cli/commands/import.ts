/**
 * `patch-cycles import`: merge scanner reports into a cycle file.
 * Exit codes: 0 every report was read (a report whose entries were all skipped for a reason
 * stated in the summary, e.g. VEX not_affected, still counts as read); 1 a report is not a
 * supported format, or the cycle cannot take the import (YAML errors, no matching system);
 * 2 usage or I/O error. Reports that were read are merged even when another one fails.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { parseEpssCsv, type EpssSnapshot } from '../../core/enrich/epss';
import { parseKevCatalog, SnapshotError, type KevCatalog } from '../../core/enrich/kev';
import { parseReport } from '../../core/import/detect';
import { importReport, type ImportSummary } from '../../core/import/merge';
import { formatSummary } from '../../core/import/summary';
import { ReportError } from '../../core/import/types';
import { checkLogin } from '../args';
import { CliUsageError, type CliCommand, type CliIo } from '../io';
import { printable, printableValue } from '../printable';

const HELP = `Usage: patch-cycles import <report…> --cycle <file> [options]

Merge scanner reports (Trivy JSON, Grype JSON, SARIF 2.1.0, OSV, CycloneDX 1.4–1.6) into a
cycle file. The format is detected from the content. Importing the same report again
changes nothing.

Options:
  --cycle <file>        cycle file to update (required)
  --system <id>         system every finding belongs to; without it, each report target is
                        matched against the cycle's system ids and names
  --kev <file>          CISA KEV catalog JSON snapshot to enrich findings with
  --epss <file>         FIRST EPSS CSV snapshot to enrich findings with
  --phase <phase>       identify (default) or verify: a verify scan records per vulnerability
                        whether it is fixed or still open
  --by <name>           who the verification is recorded for (phase verify; default: the scanner)
  --dry-run             print the summary without writing the cycle file
  --json                print the summaries as JSON

Exit codes: 0 imported, 1 a report could not be read or merged, 2 usage or I/O error.
`;

export const importCommand: CliCommand = {
  name: 'import',
  summary: 'Import scanner reports (Trivy, Grype, SARIF, OSV, CycloneDX) into a cycle',
  help: HELP,
  run: runImport
};

async function runImport(args: string[], io: CliIo): Promise<number> {
  const options = readOptions(args);
  const cyclePath = path.resolve(io.cwd, options.cycle);
  let text = readText(cyclePath, 'cycle file');
  const kev = options.kev ? loadSnapshot(() => parseKevCatalog(readText(path.resolve(io.cwd, options.kev as string), 'KEV catalog')), options.kev) : undefined;
  const epss = options.epss ? loadSnapshot(() => parseEpssCsv(readText(path.resolve(io.cwd, options.epss as string), 'EPSS file')), options.epss) : undefined;
  printSnapshotSkips(io, kev, epss);

  let failed = false;
  const summaries: ImportSummary[] = [];
  for (const report of options.reports) {
    const reportPath = path.resolve(io.cwd, report);
    const reportText = readText(reportPath, 'report');
    let parsed;
    try {
      parsed = parseReport(reportText);
    } catch (error) {
      if (!(error instanceof ReportError)) {
        throw error;
      }
      io.err(`${printable(report)}: ${printable(error.message)}\n`);
      failed = true;
      continue;
    }
    const result = importReport(text, parsed, {
      fileName: reportName(reportPath, cyclePath),
      system: options.system,
      phase: options.phase,
      now: new Date().toISOString(),
      fallbackScanTime: fs.statSync(reportPath).mtime.toISOString(),
      kev,
      epss,
      verifiedBy: options.by
    });
    if (!result.ok) {
      io.err(`${printable(report)}: ${printable(result.message)}\n`);
      failed = true;
      continue;
    }
    text = result.text;
    summaries.push(result.summary);
    if (!options.json) {
      // Package names, titles and targets come from the report, which may hold control characters.
      io.out(formatSummary(printable(report), printableValue(result.summary)));
    }
  }

  if (options.json) {
    io.out(`${JSON.stringify(summaries, null, 2)}\n`);
  }
  const original = readText(cyclePath, 'cycle file');
  if (!options.dryRun && text !== original) {
    fs.writeFileSync(cyclePath, text);
    io.err(`Updated ${path.relative(io.cwd, cyclePath) || cyclePath}.\n`);
  } else if (text === original && !options.json) {
    io.err(`${path.relative(io.cwd, cyclePath) || cyclePath}: no changes.\n`);
  } else if (options.dryRun) {
    io.err('Dry run: the cycle file was not written.\n');
  }
  return failed ? 1 : 0;
}

interface ImportCliOptions {
  reports: string[];
  cycle: string;
  system?: string;
  kev?: string;
  epss?: string;
  phase: 'identify' | 'verify';
  by?: string;
  dryRun: boolean;
  json: boolean;
}

function readOptions(args: string[]): ImportCliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        cycle: { type: 'string' },
        system: { type: 'string' },
        kev: { type: 'string' },
        epss: { type: 'string' },
        phase: { type: 'string' },
        by: { type: 'string' },
        'dry-run': { type: 'boolean' },
        json: { type: 'boolean' }
      }
    });
  } catch (error) {
    throw new CliUsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (positionals.length === 0) {
    throw new CliUsageError('name at least one report file, e.g. `patch-cycles import trivy.json --cycle cycle.cycle.yaml`.');
  }
  if (!values.cycle) {
    throw new CliUsageError('--cycle <file> is required: the cycle file to import into.');
  }
  const phase = values.phase ?? 'identify';
  if (phase !== 'identify' && phase !== 'verify') {
    throw new CliUsageError(`--phase must be identify or verify, not "${phase}".`);
  }
  return {
    reports: positionals,
    cycle: values.cycle,
    system: values.system,
    kev: values.kev,
    epss: values.epss,
    phase,
    by: values.by === undefined ? undefined : checkByOption(values.by),
    dryRun: values['dry-run'] ?? false,
    json: values.json ?? false
  };
}

/** `--by` is written into verification records, so it must be a login the validator accepts. */
function checkByOption(value: string): string {
  if (value.trim() === '') {
    throw new CliUsageError('--by is empty; give a value or leave the option out.');
  }
  return checkLogin(value, 'by');
}

function readText(file: string, what: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliUsageError(`cannot read the ${what} ${file}${code ? ` (${code})` : ''}.`);
  }
}

function loadSnapshot<T>(load: () => T, file: string): T {
  try {
    return load();
  } catch (error) {
    if (error instanceof SnapshotError) {
      throw new CliUsageError(`${file}: ${error.message}`);
    }
    throw error;
  }
}

/** A hostile snapshot may skip thousands of entries; the first few show what is wrong. */
const SHOWN_SNAPSHOT_SKIPS = 5;

function printSnapshotSkips(io: CliIo, kev: KevCatalog | undefined, epss: EpssSnapshot | undefined): void {
  for (const [name, skipped] of [['KEV catalog', kev?.skipped ?? []], ['EPSS file', epss?.skipped ?? []]] as const) {
    if (skipped.length > 0) {
      const shown = skipped.slice(0, SHOWN_SNAPSHOT_SKIPS).map((entry) => `  ${printable(entry.location)}: ${printable(entry.reason)}\n`);
      const rest = skipped.length - shown.length;
      io.err(`${name}: ${skipped.length} ${skipped.length === 1 ? 'entry' : 'entries'} skipped:\n${shown.join('')}${rest > 0 ? `  and ${rest} more.\n` : ''}`);
    }
  }
}

/** Build the report's path relative to the cycle file's directory, with `/`, so the record is the same on every machine. */
function reportName(reportPath: string, cyclePath: string): string {
  return path.relative(path.dirname(cyclePath), reportPath).split(path.sep).join('/');
}
