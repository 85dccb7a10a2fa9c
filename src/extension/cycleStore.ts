import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { Diagnostic as CoreDiagnostic } from '../core/diagnostics';
import type { Configuration } from './configuration';
import type { CycleSummary } from './validation/protocol';
import type { ValidationWorkerClient } from './validation/workerClient';

export const CYCLE_GLOB = '**/*.cycle.{yaml,yml}';
const EXCLUDE_GLOB = '{**/node_modules/**,**/.git/**}';

export function isCycleUri(uri: vscode.Uri): boolean {
  return /\.cycle\.ya?ml$/i.test(uri.path);
}

/** The last validation of one cycle file. */
export interface CycleEntry {
  readonly uri: vscode.Uri;
  readonly summary: CycleSummary | undefined;
  readonly diagnostics: readonly CoreDiagnostic[];
  /** True when the result came from the editor's text rather than the file on disk. */
  readonly fromEditor: boolean;
}

/**
 * Every cycle file of the workspace and its latest validation. Open documents are
 * validated from the editor text after a pause in typing; closed files from disk, on
 * activation and whenever the file system watcher reports a change. Results that
 * arrive after a newer request for the same file are dropped.
 */
export class CycleStore implements vscode.Disposable {
  private readonly entries = new Map<string, CycleEntry>();
  private readonly generation = new Map<string, number>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri | undefined>();
  private readonly disposables: vscode.Disposable[] = [];
  private scanned: Promise<void> | undefined;

  /** Fires with the changed file, or `undefined` when files were added or removed. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly worker: ValidationWorkerClient,
    private readonly config: Configuration,
    private readonly log: vscode.LogOutputChannel
  ) {}

  /** Start watching; call after `activate` has returned, since the first scan reads every cycle file. */
  start(): void {
    const watcher = vscode.workspace.createFileSystemWatcher(CYCLE_GLOB);
    this.disposables.push(
      watcher,
      watcher.onDidCreate((uri) => this.onDiskChange(uri)),
      watcher.onDidChange((uri) => this.onDiskChange(uri)),
      watcher.onDidDelete((uri) => this.remove(uri)),
      vscode.workspace.onDidOpenTextDocument((document) => this.onDocument(document, 0)),
      vscode.workspace.onDidChangeTextDocument((event) => this.onDocument(event.document, this.config.validationDelay)),
      vscode.workspace.onDidCloseTextDocument((document) => this.onClose(document)),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.scanWorkspace())
    );
    void this.scanWorkspace();
  }

  /** Resolves once the first workspace scan has validated every cycle file. */
  whenScanned(): Promise<void> {
    return this.scanned ?? this.scanWorkspace();
  }

  get(uri: vscode.Uri): CycleEntry | undefined {
    return this.entries.get(uri.toString());
  }

  all(): CycleEntry[] {
    return [...this.entries.values()].sort((a, b) => a.uri.path.localeCompare(b.uri.path));
  }

  /** Validate every cycle file of the workspace again; open documents from the editor. */
  scanWorkspace(): Promise<void> {
    const scan = (async () => {
      const uris = await vscode.workspace.findFiles(CYCLE_GLOB, EXCLUDE_GLOB);
      const found = new Set(uris.map((uri) => uri.toString()));
      for (const key of [...this.entries.keys()]) {
        if (!found.has(key) && !this.openDocument(vscode.Uri.parse(key))) {
          this.remove(vscode.Uri.parse(key));
        }
      }
      await Promise.all(uris.map((uri) => this.validate(uri)));
      this.log.info(`Validated ${uris.length} cycle file(s) in the workspace.`);
      await vscode.commands.executeCommand('setContext', 'patchCycles.cycleCount', this.entries.size);
    })();
    this.scanned = scan.catch((error: unknown) => this.log.error('Workspace scan failed:', error));
    return this.scanned;
  }

  /** Validate one file now: from the open document when there is one, else from disk. */
  async validate(uri: vscode.Uri): Promise<CycleEntry | undefined> {
    const key = uri.toString();
    const generation = (this.generation.get(key) ?? 0) + 1;
    this.generation.set(key, generation);

    const document = this.openDocument(uri);
    let text: string;
    const readStarted = performance.now();
    try {
      text = document ? document.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch (error) {
      this.log.warn(`Cannot read ${uri.fsPath}:`, error);
      return undefined;
    }
    this.reportSlow('Reading', uri, readStarted);

    try {
      const result = await this.worker.validate(key, text);
      if (this.generation.get(key) !== generation) {
        return this.entries.get(key);
      }
      const applyStarted = performance.now();
      const entry: CycleEntry = { uri, summary: result.summary, diagnostics: result.diagnostics, fromEditor: !!document };
      const isNew = !this.entries.has(key);
      this.entries.set(key, entry);
      this.changed.fire(isNew ? undefined : uri);
      if (isNew) {
        void vscode.commands.executeCommand('setContext', 'patchCycles.cycleCount', this.entries.size);
      }
      this.reportSlow('Publishing the validation of', uri, applyStarted);
      return entry;
    } catch (error) {
      this.log.error(`Validation of ${uri.fsPath} failed:`, error);
      return undefined;
    }
  }

  dispose(): void {
    for (const timer of this.timers.values()) {
      clearTimeout(timer);
    }
    this.timers.clear();
    vscode.Disposable.from(...this.disposables).dispose();
    this.changed.dispose();
  }

  /** Log work on the extension host's thread that took longer than a frame budget would allow. */
  private reportSlow(what: string, uri: vscode.Uri, started: number): void {
    const elapsed = performance.now() - started;
    if (elapsed > 50) {
      this.log.info(`${what} ${uri.fsPath} took ${elapsed.toFixed(0)} ms on the extension host's thread.`);
    }
  }

  private openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
    const key = uri.toString();
    return vscode.workspace.textDocuments.find((document) => document.uri.toString() === key);
  }

  private onDocument(document: vscode.TextDocument, delay: number): void {
    if (!isCycleUri(document.uri)) {
      return;
    }
    this.schedule(document.uri, delay);
  }

  private onClose(document: vscode.TextDocument): void {
    // The editor may have held unsaved changes: the file on disk is the truth again.
    if (isCycleUri(document.uri) && document.uri.scheme === 'file') {
      this.schedule(document.uri, 0);
    } else if (isCycleUri(document.uri)) {
      this.remove(document.uri);
    }
  }

  private onDiskChange(uri: vscode.Uri): void {
    // An open document is validated from its own text; a save also fires this event.
    const document = this.openDocument(uri);
    if (document && document.isDirty) {
      return;
    }
    this.schedule(uri, 0);
  }

  private schedule(uri: vscode.Uri, delay: number): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.validate(uri);
      }, delay)
    );
  }

  private remove(uri: vscode.Uri): void {
    const key = uri.toString();
    this.generation.set(key, (this.generation.get(key) ?? 0) + 1);
    if (this.entries.delete(key)) {
      this.changed.fire(undefined);
      void vscode.commands.executeCommand('setContext', 'patchCycles.cycleCount', this.entries.size);
    }
  }
}
