import * as vscode from 'vscode';
import { currentIdentity } from '../identity';
import type { CommandDefinition } from './index';

/** Match of the cycle ids the examples use (`PC-2026-001`): letters, digits, dot, dash, underscore. */
const CYCLE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Create a cycle file from the built-in template. The core writes the text; this
 * command only asks for the header fields and writes `<id>.cycle.yaml` into the folder.
 */
export const newCycleCommand: CommandDefinition = {
  id: 'patchCycles.newCycle',
  async run(services, argument) {
    const folder = argument instanceof vscode.Uri ? argument : await pickFolder();
    if (!folder) return undefined;

    const today = new Date().toISOString().slice(0, 10);
    const id = await ask(vscode.l10n.t('Cycle id'), `PC-${today.slice(0, 4)}-001`, (value) =>
      CYCLE_ID.test(value) ? undefined : vscode.l10n.t('Use letters, digits, ".", "-" or "_", starting with a letter or digit.')
    );
    if (!id) return undefined;
    const title = await ask(vscode.l10n.t('Title'), vscode.l10n.t('Monthly security patches {0}', today.slice(0, 7)));
    if (!title) return undefined;
    const track = await vscode.window.showQuickPick(
      [
        { label: 'standard', description: vscode.l10n.t('Approval before deployment') },
        { label: 'emergency', description: vscode.l10n.t('Deployment may come first; approval is recorded afterwards') }
      ],
      { title: vscode.l10n.t('Track') }
    );
    if (!track) return undefined;
    const requester = await ask(vscode.l10n.t('Requester'), (await currentIdentity(services.config, folder)) ?? '');
    if (!requester) return undefined;
    const officers = await ask(vscode.l10n.t('Security Officers (git host logins or one @org/team, separated by commas)'), '');
    if (!officers) return undefined;

    const policyDocument = await ask(vscode.l10n.t('Patch and update policy that governs the cycle (DORA Art. 9(4)(f))'), vscode.l10n.t('Patch and update policy'));
    if (!policyDocument) return undefined;
    const policyVersion = await ask(vscode.l10n.t('Version of that policy'), '1.0');
    if (!policyVersion) return undefined;

    const target = vscode.Uri.joinPath(folder, `${id}.cycle.yaml`);
    if (await exists(target)) {
      throw new Error(vscode.l10n.t('{0} already exists. Choose another cycle id.', vscode.workspace.asRelativePath(target)));
    }
    const result = await services.worker.newCycle({
      id,
      title,
      track: track.label,
      requester,
      securityOfficers: officers.split(',').map((login) => login.trim()).filter(Boolean),
      created: today,
      policyDocument,
      policyVersion
    });
    if (!result.ok || result.text === undefined) {
      throw new Error(result.ok ? vscode.l10n.t('The core returned no text for the new cycle.') : result.message);
    }
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(result.text));
    services.log.info(`Created ${target.fsPath}.`);
    await vscode.window.showTextDocument(target);
    return target;
  }
};

async function pickFolder(): Promise<vscode.Uri | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Open a folder first: a cycle file is created inside it.'));
    return undefined;
  }
  if (folders.length === 1) return folders[0].uri;
  return (await vscode.window.showWorkspaceFolderPick({ placeHolder: vscode.l10n.t('Create the cycle in which folder?') }))?.uri;
}

function ask(prompt: string, value: string, validate?: (value: string) => string | undefined): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: vscode.l10n.t('New Patch Cycle'),
    prompt,
    value,
    ignoreFocusOut: true,
    validateInput: (input) => (input.trim() ? validate?.(input.trim()) : vscode.l10n.t('A value is required.'))
  }).then((input) => input?.trim());
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
