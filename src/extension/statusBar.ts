import * as vscode from 'vscode';
import type { CycleStore } from './cycleStore';

/** Shows the active editor's cycle: current step and its progress; a click goes to that step. */
export class CycleStatusBar implements vscode.Disposable {
  readonly item = vscode.window.createStatusBarItem('patchCycles.currentStep', vscode.StatusBarAlignment.Left, 50);
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly store: CycleStore) {
    this.item.name = vscode.l10n.t('Patch Cycle: Current Step');
    this.disposables = [
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      store.onDidChange(() => this.update())
    ];
    this.update();
  }

  update(): void {
    const uri = vscode.window.activeTextEditor?.document.uri;
    const summary = uri ? this.store.get(uri)?.summary : undefined;
    if (!uri || !summary) {
      this.item.hide();
      return;
    }
    const step = summary.steps.find((candidate) => candidate.id === summary.currentStep);
    if (step) {
      this.item.text = step.total > 0 ? `$(checklist) ${step.name} ${step.done}/${step.total}` : `$(checklist) ${step.name}`;
      this.item.tooltip = vscode.l10n.t('{0}: step {1} of {2}, {3} of {4} items done. Select to go to the step.', summary.title, summary.stepsDone + 1, summary.stepsTotal, step.done, step.total);
      this.item.accessibilityInformation = { label: vscode.l10n.t('Current step {0}, {1} of {2} items done', step.name, step.done, step.total) };
    } else {
      this.item.text = `$(pass-filled) ${vscode.l10n.t('All steps closed')}`;
      this.item.tooltip = summary.title;
      this.item.accessibilityInformation = undefined;
    }
    this.item.command = { command: 'patchCycles.goToCurrentStep', title: vscode.l10n.t('Go to Current Step'), arguments: [{ uri }] };
    this.item.show();
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
