import * as vscode from 'vscode';

const SECTION = 'patchCycles';

/**
 * The extension's settings, read in one place. Other modules read the getters and
 * subscribe to `onDidChange` instead of calling `getConfiguration` themselves.
 */
export class Configuration implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscription: vscode.Disposable;
  readonly onDidChange = this.changed.event;

  constructor() {
    this.subscription = vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(SECTION)) {
        this.changed.fire();
      }
    });
  }

  /** Git host login recorded as `by`; empty means "derive it from git". */
  get identityLogin(): string {
    return this.read<string>('identity.login', '').trim();
  }

  get saveAfterEdit(): boolean {
    return this.read<boolean>('saveAfterEdit', false);
  }

  /** Milliseconds between the last change of an open cycle document and its validation. */
  get validationDelay(): number {
    const delay = this.read<number>('validation.delay', 300);
    return Number.isFinite(delay) ? Math.min(Math.max(delay, 0), 5000) : 300;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  private read<T>(key: string, fallback: T): T {
    return vscode.workspace.getConfiguration(SECTION).get<T>(key, fallback);
  }
}
