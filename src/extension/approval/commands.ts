/**
 * The approval commands: Request Approval, Show Approval, Set Up Approvals… and
 * Export Evidence Pack…. Files are read and written through `vscode.workspace.fs`. Git
 * history and SHA-256 come from Node, so the evidence export needs a desktop or remote
 * extension host.
 */
import * as vscode from 'vscode';
import { ApprovalRequestError } from '../../core/approval/request';
import {
  CODEOWNERS_LOCATIONS,
  isValidOfficer,
  mergeCodeowners,
  protectionInstructions,
  PULL_REQUEST_TEMPLATE_LOCATIONS,
  NAMED_PULL_REQUEST_TEMPLATE,
  pullRequestTemplate,
  REVIEW_PROTECTION,
  TEMPLATE_MARKER,
  WORKFLOW_PATH,
  workflowYaml
} from '../../core/approval/setup';
import { loadCycleRevision } from '../../core/approval/transitions';
import { APPROVAL_VIEW_TYPE } from '../../shared/protocol/approval';
import { isCycleUri } from '../cycleStore';
import { buildEvidencePack } from '../../node/evidence';
import type { CommandDefinition } from '../commands/index';
import type { ExtensionServices } from '../services';
import { resolveCycle, targetFrom } from '../targets';
import { ApprovalPanel } from './approvalPanel';
import { ApprovalService } from './approvalService';
import { gitRepositoryFor, remoteRepository } from './gitApi';
import { apiUrlFor, connectToGitHub } from './hostSession';

let sharedService: ApprovalService | undefined;

/** Return the extension's one approval service, created on first use and disposed with the extension. */
export function approvalService(services: ExtensionServices): ApprovalService {
  if (!sharedService) {
    const service = new ApprovalService(services);
    sharedService = service;
    services.context.subscriptions.push(service, { dispose: () => (sharedService = undefined) });
  }
  return sharedService;
}

/**
 * Restore approval panels after a restart. The saved state comes from the page, so only
 * its `documentUri` is used, and only when it names a cycle file.
 */
export function registerApprovalView(services: ExtensionServices): vscode.Disposable[] {
  return [
    vscode.window.registerWebviewPanelSerializer(APPROVAL_VIEW_TYPE, {
      deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
        const documentUri = typeof state === 'object' && state !== null ? (state as { documentUri?: unknown }).documentUri : undefined;
        let uri: vscode.Uri | undefined;
        try {
          uri = typeof documentUri === 'string' ? vscode.Uri.parse(documentUri, true) : undefined;
        } catch {
          uri = undefined;
        }
        if (!uri || !isCycleUri(uri)) {
          services.log.warn('Approval view: not restoring a panel whose saved state names no cycle file.');
          panel.dispose();
          return Promise.resolve();
        }
        ApprovalPanel.revive(services, approvalService(services), panel, uri);
        return Promise.resolve();
      }
    })
  ];
}

export const requestApprovalCommand: CommandDefinition = {
  id: 'patchCycles.requestApproval',
  requiresTrust: true,
  async run(services, argument) {
    const entry = await resolveCycle(services, targetFrom(argument).uri);
    if (!entry) return undefined;
    try {
      const result = await approvalService(services).requestApproval(entry.uri);
      if (!result) return undefined;
      const open = vscode.l10n.t('Open Pull Request');
      const show = vscode.l10n.t('Show Approval');
      const message = result.createdPullRequest
        ? vscode.l10n.t('Pull request #{0} opened on branch {1}; review requested from {2}.', result.pullRequest.number, result.branch, [...result.requestedUsers, ...result.requestedTeams].join(', ') || vscode.l10n.t('nobody'))
        : vscode.l10n.t('Pushed to pull request #{0} on branch {1}.', result.pullRequest.number, result.branch);
      void vscode.window.showInformationMessage(message, open, show).then((choice) => {
        if (choice === open) {
          void vscode.env.openExternal(vscode.Uri.parse(result.pullRequest.url));
        } else if (choice === show) {
          ApprovalPanel.show(services, approvalService(services), entry.uri);
        }
      });
      return { number: result.pullRequest.number, branch: result.branch, url: result.pullRequest.url };
    } catch (error) {
      if (error instanceof ApprovalRequestError) {
        services.log.warn(`Request approval of ${entry.uri.fsPath} (${error.kind}): ${error.message}`);
        void vscode.window.showErrorMessage(error.message);
        return undefined;
      }
      throw error;
    }
  }
};

export const showApprovalCommand: CommandDefinition = {
  id: 'patchCycles.showApproval',
  async run(services, argument) {
    const entry = await resolveCycle(services, targetFrom(argument).uri);
    if (!entry) return undefined;
    ApprovalPanel.show(services, approvalService(services), entry.uri);
    return true;
  }
};

export const setUpApprovalsCommand: CommandDefinition = {
  id: 'patchCycles.setUpApprovals',
  requiresTrust: true,
  async run(services) {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Open the repository folder first.'));
      return undefined;
    }
    const officers = await askOfficers(services);
    if (!officers) return undefined;

    const written: string[] = [];
    const codeowners = (await firstExisting(folder.uri, CODEOWNERS_LOCATIONS)) ?? CODEOWNERS_LOCATIONS[0];
    written.push(await writeIfChanged(folder.uri, codeowners, mergeCodeowners(await readText(folder.uri, codeowners), officers)));
    written.push(await writeIfChanged(folder.uri, WORKFLOW_PATH, workflowYaml(services.context.extension.packageJSON.version as string)));
    const defaultTemplate = await firstExisting(folder.uri, PULL_REQUEST_TEMPLATE_LOCATIONS);
    const ownsDefault = defaultTemplate !== undefined && ((await readText(folder.uri, defaultTemplate)) ?? '').startsWith(TEMPLATE_MARKER);
    const templatePath = defaultTemplate === undefined || ownsDefault ? (defaultTemplate ?? PULL_REQUEST_TEMPLATE_LOCATIONS[0]) : NAMED_PULL_REQUEST_TEMPLATE;
    written.push(await writeIfChanged(folder.uri, templatePath, pullRequestTemplate()));
    services.log.info(`Set Up Approvals: ${written.join(', ')}.`);

    const branchProtection = protectionInstructions('the default branch').join('\n');
    const apply = vscode.l10n.t('Apply Branch Protection');
    const choice = await vscode.window.showInformationMessage(
      vscode.l10n.t('Wrote {0}. Turn on branch protection?', written.join(', ')),
      { modal: true, detail: branchProtection + '\n\n' + vscode.l10n.t('Applying needs admin rights on the repository.') },
      apply
    );
    if (choice !== apply) return written;
    await applyProtection(services, folder.uri);
    return written;
  }
};

export const exportEvidencePackCommand: CommandDefinition = {
  id: 'patchCycles.exportEvidencePack',
  requiresTrust: true,
  async run(services, argument) {
    const entry = await resolveCycle(services, targetFrom(argument).uri);
    if (!entry) return undefined;
    const document = await vscode.workspace.openTextDocument(entry.uri);
    const text = document.getText();
    const cycle = loadCycleRevision(text).cycle;
    if (!cycle) {
      void vscode.window.showErrorMessage(vscode.l10n.t('{0} cannot be loaded as a cycle. Fix the errors in the Problems view first.', entry.uri.fsPath));
      return undefined;
    }
    const target = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: vscode.l10n.t('Export Here'), title: vscode.l10n.t('Folder for the evidence pack of {0}', cycle.id) });
    if (!target?.[0]) return undefined;

    const repository = await gitRepositoryFor(entry.uri);
    const remote = typeof repository === 'string' ? undefined : remoteRepository(repository);
    const apiUrl = apiUrlFor(remote?.url);
    const host = cycle.approval?.pullRequest && apiUrl ? await connectToGitHub(apiUrl) : undefined;
    const pack = await buildEvidencePack({ cycleFile: entry.uri.fsPath, cycle, cycleText: text, toolVersion: services.context.extension.packageJSON.version as string, now: new Date(), host });
    for (const file of pack.files) {
      await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(target[0], file.name), new TextEncoder().encode(file.text));
    }
    services.log.info(`Exported the evidence pack of ${entry.uri.fsPath} to ${target[0].fsPath}: ${pack.files.map((file) => file.name).join(', ')}.`);
    if (pack.apiProblem) {
      services.log.warn(`Evidence pack of ${entry.uri.fsPath}: reviews taken from the approval block because the API failed: ${pack.apiProblem}`);
    }
    void vscode.window.showInformationMessage(vscode.l10n.t('Evidence pack of {0} written to {1}.', cycle.id, target[0].fsPath));
    return pack.files.map((file) => file.name);
  }
};

async function askOfficers(services: ExtensionServices): Promise<string[] | undefined> {
  await services.cycles.whenScanned();
  const fromCycles = new Set<string>();
  for (const entry of services.cycles.all()) {
    const cycle = loadCycleRevision(new TextDecoder().decode(await vscode.workspace.fs.readFile(entry.uri))).cycle;
    for (const officer of Array.isArray(cycle?.securityOfficers) ? cycle.securityOfficers : []) {
      fromCycles.add(officer);
    }
  }
  const value = await vscode.window.showInputBox({
    title: vscode.l10n.t('Security Officers'),
    prompt: vscode.l10n.t('GitHub logins or @org/team, separated by commas; they become code owners of the cycle files.'),
    value: [...fromCycles].join(', '),
    validateInput: (text) => {
      const entries = text.split(',').map((part) => part.trim()).filter((part) => part !== '');
      if (entries.length === 0) return vscode.l10n.t('Name at least one Security Officer.');
      const invalid = entries.filter((entry) => !isValidOfficer(entry));
      return invalid.length > 0 ? vscode.l10n.t('{0} is not a GitHub login or @org/team.', invalid.join(', ')) : undefined;
    }
  });
  return value?.split(',').map((part) => part.trim()).filter((part) => part !== '').map((part) => (part.startsWith('@') ? part : `@${part}`));
}

async function applyProtection(services: ExtensionServices, folder: vscode.Uri): Promise<void> {
  const repository = await gitRepositoryFor(folder);
  if (typeof repository === 'string') {
    throw new Error(repository);
  }
  const remote = remoteRepository(repository);
  const apiUrl = apiUrlFor(remote?.url);
  if (!remote || !apiUrl) {
    throw new Error(vscode.l10n.t('The repository has no GitHub remote, so branch protection cannot be set.'));
  }
  const host = await connectToGitHub(apiUrl);
  if (!host) return;
  const info = await host.repository(remote.repository);
  if (!info.admin) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Your account has no admin rights on {0}/{1}; ask an administrator to turn on the branch protection settings.', remote.repository.owner, remote.repository.name));
    return;
  }
  await host.protectBranch(remote.repository, info.defaultBranch, REVIEW_PROTECTION);
  services.log.info(`Branch protection set on ${remote.repository.owner}/${remote.repository.name}:${info.defaultBranch}.`);
  void vscode.window.showInformationMessage(vscode.l10n.t('Branch protection of {0} now requires a code-owner review of the most recent push.', info.defaultBranch));
}

async function readText(folder: vscode.Uri, relative: string): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, relative)));
  } catch (error) {
    if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') {
      return undefined;
    }
    throw error;
  }
}

async function firstExisting(folder: vscode.Uri, candidates: readonly string[]): Promise<string | undefined> {
  for (const candidate of candidates) {
    if ((await readText(folder, candidate)) !== undefined) {
      return candidate;
    }
  }
  return undefined;
}

async function writeIfChanged(folder: vscode.Uri, relative: string, text: string): Promise<string> {
  if ((await readText(folder, relative)) === text) {
    return vscode.l10n.t('{0} (unchanged)', relative);
  }
  await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, relative), new TextEncoder().encode(text));
  return relative;
}
