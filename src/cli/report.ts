/**
 * Output formats of `patch-cycles validate`: compiler-style text, a stable JSON
 * structure, SARIF 2.1.0 for GitHub code scanning, and GitHub Actions workflow commands.
 */
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, Severity } from '../core/diagnostics';
import { formatDiagnostic } from '../core/diagnostics';
import { SchemaCodes } from '../core/schema';
import { WorkflowCodes } from '../core/workflow';
import { LoaderCodes } from '../core/yaml/load';
import packageJson from '../../package.json';
import { printable } from './printable';

export const OUTPUT_FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface FileReport {
  /** Path as shown to the user: relative to the working directory, with forward slashes. */
  path: string;
  diagnostics: Diagnostic[];
}

export interface ReportCounts {
  files: number;
  errors: number;
  warnings: number;
  infos: number;
}

export function countDiagnostics(reports: readonly FileReport[]): ReportCounts {
  const all = reports.flatMap((report) => report.diagnostics);
  return {
    files: reports.length,
    errors: all.filter((d) => d.severity === 'error').length,
    warnings: all.filter((d) => d.severity === 'warning').length,
    infos: all.filter((d) => d.severity === 'info').length
  };
}

/** Format one line per diagnostic: `path:line:col: severity code message`. */
export function formatText(reports: readonly FileReport[]): string {
  // Messages quote keys and values from the file, which may hold control characters.
  return reports.flatMap((report) => report.diagnostics.map((diagnostic) => `${printable(formatDiagnostic(report.path, diagnostic))}\n`)).join('');
}

/** Format the summary line that goes to stderr after the text format. */
export function formatSummary(counts: ReportCounts): string {
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  return `${plural(counts.files, 'file')} checked: ${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')}.\n`;
}

/**
 * The JSON format, version 1. Its shape only grows: new fields may appear, existing ones
 * keep their name and meaning. Lines and columns are 1-based.
 */
export function formatJson(reports: readonly FileReport[]): string {
  const files = reports.map((report) => ({
    path: report.path,
    diagnostics: report.diagnostics.map((diagnostic) => ({
      code: diagnostic.code,
      severity: diagnostic.severity,
      message: diagnostic.message,
      line: diagnostic.range.start.line,
      column: diagnostic.range.start.column,
      endLine: diagnostic.range.end.line,
      endColumn: diagnostic.range.end.column,
      ...(diagnostic.path ? { path: diagnostic.path } : {})
    }))
  }));
  return `${JSON.stringify({ version: 1, summary: countDiagnostics(reports), files }, null, 2)}\n`;
}

// ---------------------------------------------------------------------------------
// SARIF

/** Names of every known code, from the code tables of the loader, the schema check and the workflow rules. */
const CODE_NAMES: ReadonlyMap<string, string> = new Map(
  [LoaderCodes, SchemaCodes, WorkflowCodes].flatMap((table) => Object.entries(table).map(([name, code]) => [code, name] as [string, string]))
);

/** Build the URL of a code's section in docs/diagnostics.md of this version, from the package's repository URL. */
export function diagnosticsDocUri(code: string): string {
  const repository = packageJson.repository.url.replace(/\.git$/, '');
  return `${repository}/blob/v${packageJson.version}/docs/diagnostics.md#${code.toLowerCase()}`;
}

function ruleTitle(code: string): string {
  const name = CODE_NAMES.get(code);
  if (!name) {
    return `Diagnostic ${code}`;
  }
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function sarifLevel(severity: Severity): 'error' | 'warning' | 'note' {
  return severity === 'info' ? 'note' : severity;
}

/**
 * Locate a file for SARIF: a relative path becomes a URI reference against `%SRCROOT%`
 * (each segment percent-encoded), a path outside the working directory a `file:` URI.
 */
function artifactLocation(path: string): { uri: string; uriBaseId?: string } {
  if (isAbsolute(path)) {
    return { uri: pathToFileURL(path).href };
  }
  return { uri: path.split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

/**
 * SARIF 2.1.0 as GitHub code scanning reads it: one run, a rule for every code used,
 * results located by a path relative to the working directory (`%SRCROOT%`) and a
 * 1-based region.
 */
export function formatSarif(reports: readonly FileReport[], version: string): string {
  const codes = [...new Set(reports.flatMap((report) => report.diagnostics.map((d) => d.code)))].sort();
  const rules = codes.map((code) => ({
    id: code,
    name: ruleTitle(code).replace(/(?:^|\s)(\w)/g, (_, letter: string) => letter.toUpperCase()),
    shortDescription: { text: ruleTitle(code) },
    helpUri: diagnosticsDocUri(code)
  }));
  const results = reports.flatMap((report) =>
    report.diagnostics.map((diagnostic) => ({
      ruleId: diagnostic.code,
      ruleIndex: codes.indexOf(diagnostic.code),
      level: sarifLevel(diagnostic.severity),
      message: { text: diagnostic.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: artifactLocation(report.path),
            region: {
              startLine: diagnostic.range.start.line,
              startColumn: diagnostic.range.start.column,
              endLine: diagnostic.range.end.line,
              endColumn: diagnostic.range.end.column
            }
          }
        }
      ]
    }))
  );
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'patch-cycles',
            version,
            informationUri: packageJson.repository.url.replace(/\.git$/, ''),
            rules
          }
        },
        columnKind: 'utf16CodeUnits',
        results
      }
    ]
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

// ---------------------------------------------------------------------------------
// GitHub Actions workflow commands

const GITHUB_COMMANDS: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/** Escape a workflow command's message: `%`, CR and LF. */
export function escapeGithubData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escape a workflow command's property value: the message escapes plus `:` and `,`. */
export function escapeGithubProperty(text: string): string {
  return escapeGithubData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=CODE::message`, one per diagnostic. */
export function formatGithub(reports: readonly FileReport[]): string {
  return reports
    .flatMap((report) =>
      report.diagnostics.map((diagnostic) => {
        const { start, end } = diagnostic.range;
        const properties = [
          `file=${escapeGithubProperty(report.path)}`,
          `line=${start.line}`,
          `col=${start.column}`,
          `endLine=${end.line}`,
          `endColumn=${end.column}`,
          `title=${escapeGithubProperty(diagnostic.code)}`
        ].join(',');
        return `::${GITHUB_COMMANDS[diagnostic.severity]} ${properties}::${escapeGithubData(diagnostic.message)}\n`;
      })
    )
    .join('');
}
