import * as vscode from 'vscode';
import { isCycleUri, type CycleEntry } from './cycleStore';
import type { ExtensionServices } from './services';
import type { ItemSummary, StepSummary } from './validation/protocol';

/** The cycle, step and item a command acts on. Tree nodes carry one, and tests and other commands may pass one. */
export interface CycleTarget {
  uri: vscode.Uri;
  step?: string;
  item?: string;
}

/** Read a command argument: a tree node, a Uri, or `{ uri, step?, item? }` with `uri` as Uri or string. */
export function targetFrom(argument: unknown): Partial<CycleTarget> {
  if (argument instanceof vscode.Uri) {
    return { uri: argument };
  }
  if (typeof argument !== 'object' || argument === null) {
    return {};
  }
  const candidate = 'target' in argument ? (argument as { target: unknown }).target : argument;
  if (typeof candidate !== 'object' || candidate === null) {
    return {};
  }
  const { uri, step, item } = candidate as Record<string, unknown>;
  let parsedUri: vscode.Uri | undefined;
  if (uri instanceof vscode.Uri) {
    parsedUri = uri;
  } else if (typeof uri === 'string') {
    parsedUri = vscode.Uri.parse(uri);
  }

  return {
    uri: parsedUri,
    step: typeof step === 'string' ? step : undefined,
    item: typeof item === 'string' ? item : undefined
  };
}

/**
 * Find the cycle a command acts on: the given one, else the active editor's cycle, else
 * the only cycle of the workspace, else the user's pick. It is validated again first, so the
 * steps and items offered match the editor's current text.
 */
export async function resolveCycle(services: ExtensionServices, uri: vscode.Uri | undefined): Promise<CycleEntry | undefined> {
  let chosen = uri;
  if (!chosen) {
    const active = vscode.window.activeTextEditor?.document.uri;
    if (active && isCycleUri(active)) {
      chosen = active;
    }
  }
  if (!chosen) {
    await services.cycles.whenScanned();
    const readable = services.cycles.all().filter((entry) => entry.summary);
    if (readable.length === 1) {
      chosen = readable[0].uri;
    } else if (readable.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No readable patch cycle (*.cycle.yaml) in this workspace.'));
      return undefined;
    } else {
      const picked = await vscode.window.showQuickPick(
        readable.map((entry) => ({
          label: entry.summary!.title,
          description: entry.summary!.id,
          detail: vscode.workspace.asRelativePath(entry.uri),
          entry
        })),
        { title: vscode.l10n.t('Select a patch cycle'), matchOnDescription: true, matchOnDetail: true }
      );
      chosen = picked?.entry.uri;
    }
  }
  if (!chosen) {
    return undefined;
  }
  const entry = await services.cycles.validate(chosen);
  if (!entry?.summary) {
    const first = entry?.diagnostics.find((diagnostic) => diagnostic.severity === 'error');
    throw new Error(
      vscode.l10n.t(
        '{0} cannot be read as a patch cycle{1}. Fix the file first.',
        vscode.workspace.asRelativePath(chosen),
        first ? `: line ${first.range.start.line}: ${first.message}` : ''
      )
    );
  }
  return entry;
}

export async function resolveStep(
  entry: CycleEntry,
  stepId: string | undefined,
  eligible: (step: StepSummary) => boolean,
  title: string
): Promise<StepSummary | undefined> {
  const steps = entry.summary?.steps ?? [];
  if (stepId) {
    const step = steps.find((candidate) => candidate.id === stepId);
    if (!step) {
      throw new Error(vscode.l10n.t('Step "{0}" is not in cycle {1}.', stepId, entry.summary?.id ?? ''));
    }
    return step;
  }
  const candidates = steps.filter(eligible);
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No step of cycle {0} fits this command.', entry.summary?.id ?? ''));
    return undefined;
  }
  const current = entry.summary?.currentStep;
  const picked = await vscode.window.showQuickPick(
    candidates.map((step) => ({
      label: step.name,
      description: `${step.id} · ${step.status} · ${step.done}/${step.total}`,
      picked: step.id === current,
      step
    })),
    { title }
  );
  return picked?.step;
}

export async function resolveItem(
  step: StepSummary,
  itemId: string | undefined,
  eligible: (item: ItemSummary) => boolean,
  title: string
): Promise<ItemSummary | undefined> {
  if (itemId) {
    const item = step.items.find((candidate) => candidate.id === itemId);
    if (!item) {
      throw new Error(vscode.l10n.t('Item "{0}" is not in step "{1}".', itemId, step.id));
    }
    return item;
  }
  const candidates = step.items.filter(eligible);
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No item of step "{0}" fits this command.', step.name));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    candidates.map((item) => ({ label: item.label, description: item.id, item })),
    { title, matchOnDescription: true }
  );
  return picked?.item;
}

/**
 * Show why an operation was refused; unmet gate conditions can be revealed one by one.
 * Returns at once: the command's result must not wait for the user to read the message.
 */
export function showRejection(
  uri: vscode.Uri,
  message: string,
  unmet: { message: string; range?: [number, number, number, number] }[] = []
): void {
  if (unmet.length === 0) {
    void vscode.window.showWarningMessage(message);
    return;
  }
  void offerUnmet(uri, message, unmet);
}

async function offerUnmet(uri: vscode.Uri, message: string, unmet: { message: string; range?: [number, number, number, number] }[]): Promise<void> {
  const show = vscode.l10n.t('Show What Is Missing');
  const choice = await vscode.window.showWarningMessage(message, show);
  if (choice !== show) {
    return;
  }
  const picked = await vscode.window.showQuickPick(
    unmet.map((condition) => ({
      label: condition.message,
      description: condition.range ? vscode.l10n.t('line {0}', condition.range[0]) : undefined,
      condition
    })),
    { title: vscode.l10n.t('Conditions not met: select one to reveal it') }
  );
  if (picked) {
    await revealRange(uri, picked.condition.range);
  }
}

/** Open `uri` and select `range` (1-based lines and columns), keeping focus where the user is. */
export async function revealRange(uri: vscode.Uri, range: [number, number, number, number] | undefined, preserveFocus = false): Promise<void> {
  const selection = range ? new vscode.Range(range[0] - 1, range[1] - 1, range[2] - 1, range[3] - 1) : undefined;
  await vscode.window.showTextDocument(uri, { selection, preserveFocus, preview: true });
}
