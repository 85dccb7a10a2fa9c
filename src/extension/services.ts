import type * as vscode from 'vscode';
import type { Configuration } from './configuration';
import type { CycleStore } from './cycleStore';
import type { CycleTreeProvider } from './tree/provider';
import type { ValidationWorkerClient } from './validation/workerClient';

/** What every command and view of the extension works with; created once in `activate`. */
export interface ExtensionServices {
  readonly context: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  readonly config: Configuration;
  readonly worker: ValidationWorkerClient;
  readonly cycles: CycleStore;
  readonly tree: CycleTreeProvider;
}
