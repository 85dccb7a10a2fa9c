/**
 * `patch-cycles validate`: check cycle files against the loader, the schema and the
 * workflow rules. Exit codes: 0 no errors, 1 errors found, 2 usage or I/O error.
 */
import { validateCycle } from '../../core/validate';
import { displayPath, findCycleFiles, readText } from '../../node/files';
import { choiceOption, parseOptions, stringOption } from '../args';
import type { CliCommand, CliIo } from '../io';
import { countDiagnostics, formatGithub, formatJson, formatSarif, formatSummary, formatText, OUTPUT_FORMATS, type FileReport } from '../report';
import { printable } from '../printable';

const HELP = `Usage: patch-cycles validate [path…] [--format text|json|sarif|github]

Check cycle files: YAML structure, the cycle schema and the workflow rules (gates of
done steps, checklist items, ids). A directory is searched recursively for *.cycle.yaml
and *.cycle.yml, skipping node_modules and .git; without a path, the current directory.

Options:
  --format <format>   text (default): one line per diagnostic, path:line:col: severity code
                      message, and a summary on stderr
                      json: a stable structure with every diagnostic and a summary
                      sarif: SARIF 2.1.0, for GitHub code scanning (upload-sarif);
                      paths are relative to the current directory, so run it
                      from the repository root
                      github: GitHub Actions workflow commands, shown as annotations

Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 usage or I/O error.
`;

export const validateCommand: CliCommand = {
  name: 'validate',
  summary: 'Check cycle files for YAML, schema and workflow errors',
  help: HELP,
  run: runValidate
};

async function runValidate(args: string[], io: CliIo): Promise<number> {
  const parsed = parseOptions(args, { format: { type: 'string' } }, 'validate');
  const format = choiceOption(stringOption(parsed, 'format'), OUTPUT_FORMATS, 'text', 'format');

  const found = await findCycleFiles(parsed.positionals, io.cwd);
  let ioFailed = false;
  for (const missing of found.missing) {
    io.err(`patch-cycles validate: ${printable(missing)}: no such file or directory.\n`);
    ioFailed = true;
  }

  const now = new Date();
  const reports: FileReport[] = [];
  for (const file of found.files) {
    let text: string;
    try {
      text = await readText(file);
    } catch (error) {
      io.err(`patch-cycles validate: ${printable(displayPath(file, io.cwd))}: cannot be read (${printable(error instanceof Error ? error.message : String(error))}).\n`);
      ioFailed = true;
      continue;
    }
    reports.push({ path: displayPath(file, io.cwd), diagnostics: validateCycle(text, { now }).diagnostics });
  }

  if (format === 'json') {
    io.out(formatJson(reports));
  } else if (format === 'sarif') {
    io.out(formatSarif(reports, io.version));
  } else if (format === 'github') {
    io.out(formatGithub(reports));
  } else {
    io.out(formatText(reports));
  }
  const counts = countDiagnostics(reports);
  if (format === 'text' || format === 'github') {
    io.err(formatSummary(counts));
  }

  if (ioFailed) {
    return 2;
  }
  return counts.errors > 0 ? 1 : 0;
}
