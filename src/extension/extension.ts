/**
 * Entry point of the extension. `activate` only wires objects together and registers
 * providers and commands; the first workspace scan and the validation worker start
 * after it returns, so activation stays short (bench/RESULTS.md records the figure).
 */
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { CycleCodeActionProvider } from './codeActions';
import { registerCommands } from './commands/index';
import { Configuration } from './configuration';
import { CycleStore } from './cycleStore';
import { DiagnosticPublisher } from './diagnostics';
import type { ExtensionServices } from './services';
import { CycleStatusBar } from './statusBar';
import { ItemNode, type CycleTreeNode } from './tree/nodes';
import { CycleTreeProvider } from './tree/provider';
import { setItemChecked } from './commands/checkItem';
import { ValidationWorkerClient } from './validation/workerClient';

/** The API `activate` returns, used by the integration tests. */
export interface PatchCyclesApi {
  readonly services: ExtensionServices;
  readonly statusBar: CycleStatusBar;
  readonly diagnostics: DiagnosticPublisher;
  /** Milliseconds `activate` took, measured with `performance.now()` inside it. */
  readonly activationMs: number;
  /** The part of `activationMs` spent in `registerCommands` (the command table and what registers with it). */
  readonly commandRegistrationMs: number;
}

export function activate(context: vscode.ExtensionContext): PatchCyclesApi {
  const started = performance.now();

  const log = vscode.window.createOutputChannel('Patch Cycles', { log: true });
  const config = new Configuration();
  const worker = ValidationWorkerClient.besideExtension(log);
  const cycles = new CycleStore(worker, config, log);
  const tree = new CycleTreeProvider(cycles);
  const services: ExtensionServices = { context, log, config, worker, cycles, tree };

  const view = vscode.window.createTreeView<CycleTreeNode>('patchCycles.cycles', {
    treeDataProvider: tree,
    showCollapseAll: true,
    manageCheckboxStateManually: true
  });
  tree.attach(view);
  const diagnostics = new DiagnosticPublisher(cycles, vscode.Uri.joinPath(context.extensionUri, 'docs', 'diagnostics.md'));
  const statusBar = new CycleStatusBar(cycles);

  const registrationStarted = performance.now();
  const commandRegistrations = registerCommands(services);
  const commandRegistrationMs = performance.now() - registrationStarted;

  context.subscriptions.push(
    log,
    config,
    worker,
    cycles,
    tree,
    view,
    diagnostics,
    statusBar,
    view.onDidChangeCheckboxState((event) => void onCheckboxes(services, event)),
    vscode.languages.registerCodeActionsProvider(
      [{ pattern: '**/*.cycle.yaml' }, { pattern: '**/*.cycle.yml' }],
      new CycleCodeActionProvider(cycles, () => services),
      CycleCodeActionProvider.metadata
    ),
    ...commandRegistrations
  );

  // The scan reads every cycle file; it starts once activation has returned.
  setTimeout(() => cycles.start(), 0);

  const activationMs = performance.now() - started;
  log.info(`Activated in ${activationMs.toFixed(1)} ms, of which ${commandRegistrationMs.toFixed(1)} ms registering commands.`);
  return { services, statusBar, diagnostics, activationMs, commandRegistrationMs };
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions.
}

/** Check or uncheck the items whose checkbox the user toggled, through the Check Item command's logic. */
async function onCheckboxes(services: ExtensionServices, event: vscode.TreeCheckboxChangeEvent<CycleTreeNode>): Promise<void> {
  for (const [node, state] of event.items) {
    if (!(node instanceof ItemNode)) continue;
    try {
      const applied = await setItemChecked(services, node, state === vscode.TreeItemCheckboxState.Checked);
      if (!applied) services.tree.refresh(node);
    } catch (error) {
      services.log.error(`Checkbox of item ${node.item.id} in ${node.target.uri.fsPath} failed:`, error);
      void vscode.window.showErrorMessage(error instanceof Error ? error.message : String(error));
      services.tree.refresh(node);
    }
  }
}
