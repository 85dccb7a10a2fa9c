import * as vscode from 'vscode';
import { parseReport } from '../../core/import/detect';
import { importReport, type ImportSummary } from '../../core/import/merge';
import { formatSummary } from '../../core/import/summary';
import { ReportError } from '../../core/import/types';
import { asArray, asObject, asString } from '../../core/import/values';
import { loadYaml } from '../../core/yaml/load';
import { applyEdits } from '../editing';
import type { ExtensionServices } from '../services';
import { resolveCycle, targetFrom } from '../targets';
import type { CommandDefinition } from './index';

/** Attempts when the user types in the cycle while the import is computed. */
const MAX_ATTEMPTS = 3;

interface SystemChoice extends vscode.QuickPickItem {
  system: string | undefined;
}

interface PhaseChoice extends vscode.QuickPickItem {
  phase: 'identify' | 'verify';
}

/**
 * Import scanner reports into the cycle. The user picks the files, the system and the phase.
 * Each report is merged into the open document as one WorkspaceEdit, so unsaved work is kept,
 * and nothing is saved unless `patchCycles.saveAfterEdit` is on. Files are read through
 * `vscode.workspace.fs`, so the command also works in a browser build.
 */
async function importScan(services: ExtensionServices, argument: unknown): Promise<ImportSummary[]> {
  const entry = await resolveCycle(services, targetFrom(argument).uri);
  if (!entry) {
    return [];
  }
  const reports = await vscode.window.showOpenDialog({
    canSelectMany: true,
    openLabel: vscode.l10n.t('Import'),
    title: vscode.l10n.t('Select scanner reports (Trivy, Grype, SARIF, OSV, CycloneDX)'),
    filters: { [vscode.l10n.t('Scanner reports')]: ['json', 'sarif'], [vscode.l10n.t('All files')]: ['*'] }
  });
  if (!reports || reports.length === 0) {
    return [];
  }

  const document = await vscode.workspace.openTextDocument(entry.uri);
  const system = await pickSystem(document.getText());
  if (!system) {
    return [];
  }
  const phase = await vscode.window.showQuickPick<PhaseChoice>(
    [
      { label: vscode.l10n.t('Identify'), description: vscode.l10n.t('step 1: findings of a first scan'), phase: 'identify' },
      { label: vscode.l10n.t('Verify'), description: vscode.l10n.t('step 8: a re-scan after deployment records fixed or still open'), phase: 'verify' }
    ],
    { title: vscode.l10n.t('Which step is this scan for?') }
  );
  if (!phase) {
    return [];
  }

  const summaries: ImportSummary[] = [];
  const failures: string[] = [];
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Importing scan reports'), cancellable: false },
    async (progress) => {
      for (const report of reports) {
        const name = vscode.workspace.asRelativePath(report);
        progress.report({ message: name, increment: 100 / reports.length });
        const outcome = await importOne(services, document, report, system.system, phase.phase);
        if (typeof outcome === 'string') {
          failures.push(`${name}: ${outcome}`);
          services.log.error(`Import of ${name} into ${entry.uri.fsPath} failed: ${outcome}`);
        } else {
          summaries.push(outcome);
          services.log.info(formatSummary(name, outcome).trimEnd());
        }
      }
    }
  );

  showResult(services, summaries, failures);
  return summaries;
}

async function pickSystem(text: string): Promise<SystemChoice | undefined> {
  const systems = (asArray(asObject(loadYaml(text).value)?.systems) ?? []).map(asObject);
  const choices: SystemChoice[] = [
    { label: vscode.l10n.t('Match from the report'), description: vscode.l10n.t('each report target is matched to a system id or name'), system: undefined },
    ...systems
      .map((system) => ({ id: asString(system?.id), name: asString(system?.name) }))
      .filter((system): system is { id: string; name: string | undefined } => system.id !== undefined)
      .map((system) => ({ label: system.id, description: system.name, system: system.id }))
  ];
  return vscode.window.showQuickPick(choices, { title: vscode.l10n.t('Which system was scanned?'), matchOnDescription: true });
}

/** Import one report; returns the summary, or the reason it failed. */
async function importOne(
  services: ExtensionServices,
  document: vscode.TextDocument,
  report: vscode.Uri,
  system: string | undefined,
  phase: 'identify' | 'verify'
): Promise<ImportSummary | string> {
  let parsed;
  let modified: number;
  try {
    const bytes = await vscode.workspace.fs.readFile(report);
    modified = (await vscode.workspace.fs.stat(report)).mtime;
    parsed = parseReport(new TextDecoder('utf-8').decode(bytes));
  } catch (error) {
    if (error instanceof ReportError || error instanceof vscode.FileSystemError) {
      return error.message;
    }
    throw error;
  }

  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const version = document.version;
    const result = importReport(document.getText(), parsed, {
      fileName: reportName(report, document.uri),
      system,
      phase,
      now: new Date().toISOString(),
      fallbackScanTime: new Date(modified).toISOString()
    });
    if (!result.ok) {
      return result.message;
    }
    if (document.version !== version) {
      continue;
    }
    await applyEdits(services, document, result.edits);
    return result.summary;
  }
  return vscode.l10n.t('{0} changed while the import was computed. Run the command again.', document.uri.fsPath);
}

/** Build the report's path relative to the cycle file's folder, with `/`, as the CLI records it. */
function reportName(report: vscode.Uri, cycle: vscode.Uri): string {
  const from = cycle.path.split('/').slice(0, -1);
  const to = report.path.split('/');
  let common = 0;
  while (common < from.length && common < to.length - 1 && from[common] === to[common]) {
    common++;
  }
  if (report.scheme !== cycle.scheme || report.authority !== cycle.authority || common === 0) {
    return report.path;
  }
  return [...from.slice(common).map(() => '..'), ...to.slice(common)].join('/');
}

function showResult(services: ExtensionServices, summaries: ImportSummary[], failures: string[]): void {
  const added = summaries.reduce((sum, summary) => sum + summary.added.length, 0);
  const updated = summaries.reduce((sum, summary) => sum + summary.updated.length, 0);
  const notSeen = summaries.reduce((sum, summary) => sum + summary.notSeen.length, 0);
  const skipped = summaries.reduce((sum, summary) => sum + summary.skipped.length, 0);
  const mismatches = summaries.reduce((sum, summary) => sum + summary.scoreMismatches.length, 0);
  const showDetails = vscode.l10n.t('Show Details');
  const message = vscode.l10n.t(
    'Imported {0} of {1} reports: {2} added, {3} updated, {4} no longer seen, {5} skipped, {6} CVSS score mismatches.',
    summaries.length,
    summaries.length + failures.length,
    added,
    updated,
    notSeen,
    skipped,
    mismatches
  );
  const notification = failures.length > 0
    ? vscode.window.showErrorMessage(`${message} ${failures.join(' ')}`, showDetails)
    : vscode.window.showInformationMessage(message, showDetails);
  void notification.then((choice) => {
    if (choice === showDetails) {
      services.log.show();
    }
  });
}

export const importScanCommand: CommandDefinition = {
  id: 'patchCycles.importScan',
  run: (services, argument) => importScan(services, argument)
};
