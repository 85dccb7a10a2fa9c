import * as vscode from 'vscode';
import type { Diagnostic as CoreDiagnostic, Range as CoreRange } from '../core/diagnostics';
import type { CycleStore } from './cycleStore';

const SEVERITY: Record<CoreDiagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information
};

/** Core ranges count lines and columns from 1; VS Code from 0, in the same UTF-16 units. */
export function toVscodeRange(range: CoreRange): vscode.Range {
  return new vscode.Range(range.start.line - 1, range.start.column - 1, range.end.line - 1, range.end.column - 1);
}

/**
 * Publishes the store's diagnostics to the Problems panel. Each code links to its
 * section of docs/diagnostics.md, which ships inside the extension.
 */
export class DiagnosticPublisher implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('patch-cycles');
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly store: CycleStore,
    private readonly docsUri: vscode.Uri
  ) {
    this.subscription = store.onDidChange((uri) => (uri ? this.publish(uri) : this.publishAll()));
  }

  toVscodeDiagnostic(diagnostic: CoreDiagnostic): vscode.Diagnostic {
    const result = new vscode.Diagnostic(toVscodeRange(diagnostic.range), diagnostic.message, SEVERITY[diagnostic.severity]);
    result.source = 'patch-cycles';
    result.code = { value: diagnostic.code, target: this.docsUri.with({ fragment: diagnostic.code.toLowerCase() }) };
    return result;
  }

  dispose(): void {
    this.subscription.dispose();
    this.collection.dispose();
  }

  private publish(uri: vscode.Uri): void {
    const entry = this.store.get(uri);
    this.collection.set(uri, entry ? entry.diagnostics.map((diagnostic) => this.toVscodeDiagnostic(diagnostic)) : undefined);
  }

  private publishAll(): void {
    const known = new Set<string>();
    for (const entry of this.store.all()) {
      known.add(entry.uri.toString());
      this.publish(entry.uri);
    }
    this.collection.forEach((uri) => {
      if (!known.has(uri.toString())) {
        this.collection.delete(uri);
      }
    });
  }
}
