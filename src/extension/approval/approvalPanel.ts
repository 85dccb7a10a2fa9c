/**
 * The approval view of one cycle file: readiness per step with its gate, the
 * independence check, the pull request and its reviews, and for an independent Security
 * Officer the Approve and Request Changes buttons, which submit a pull-request review.
 */
import * as vscode from 'vscode';
import { APPROVAL_VIEW_TYPE, approvalInboundSchema, type ApprovalHostMessage, type ApprovalPageMessage } from '../../shared/protocol/approval';
import { MessageValidator } from '../../shared/protocol/validator';
import type { ExtensionServices } from '../services';
import { WebviewPanelHost, webviewOptions } from '../webviews/webviewPanelHost';
import type { ApprovalService } from './approvalService';

let sharedValidator: MessageValidator<ApprovalPageMessage> | undefined;

function validator(): MessageValidator<ApprovalPageMessage> {
  sharedValidator ??= new MessageValidator<ApprovalPageMessage>(approvalInboundSchema);
  return sharedValidator;
}

export class ApprovalPanel extends WebviewPanelHost<ApprovalPageMessage, ApprovalHostMessage> {
  private static readonly open = new Map<string, ApprovalPanel>();

  static show(services: ExtensionServices, approvals: ApprovalService, uri: vscode.Uri): ApprovalPanel {
    const existing = ApprovalPanel.open.get(uri.toString());
    if (existing) {
      existing.panel.reveal();
      return existing;
    }
    const title = vscode.l10n.t('Approval: {0}', vscode.workspace.asRelativePath(uri));
    const panel = vscode.window.createWebviewPanel(APPROVAL_VIEW_TYPE, title, vscode.ViewColumn.Beside, webviewOptions(services.context.extensionUri));
    return new ApprovalPanel(panel, services, approvals, uri);
  }

  /** Reopen a panel VS Code restored after a restart, for the file its saved state names. */
  static revive(services: ExtensionServices, approvals: ApprovalService, panel: vscode.WebviewPanel, uri: vscode.Uri): ApprovalPanel {
    ApprovalPanel.open.get(uri.toString())?.dispose();
    return new ApprovalPanel(panel, services, approvals, uri);
  }

  /** The open panel of `uri`, for tests. */
  static get(uri: vscode.Uri): ApprovalPanel | undefined {
    return ApprovalPanel.open.get(uri.toString());
  }

  private constructor(
    panel: vscode.WebviewPanel,
    private readonly services: ExtensionServices,
    private readonly approvals: ApprovalService,
    private readonly uri: vscode.Uri
  ) {
    super(panel, services.context.extensionUri, services.log, validator(), { name: 'approval', title: vscode.l10n.t('Approval: {0}', vscode.workspace.asRelativePath(uri)) });
    ApprovalPanel.open.set(uri.toString(), this);
    this.track(
      approvals.onDidChange((changed) => {
        if (changed.toString() === uri.toString()) {
          void this.postState();
        }
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document.uri.toString() === uri.toString()) {
          void this.postState();
        }
      }),
      { dispose: () => ApprovalPanel.open.delete(uri.toString()) }
    );
  }

  protected async onReady(): Promise<void> {
    await this.postState();
    await this.approvals.refresh(this.uri);
  }

  protected async onMessage(message: Exclude<ApprovalPageMessage, { type: 'ready' }>): Promise<void> {
    try {
      switch (message.type) {
        case 'refresh':
          await this.approvals.refresh(this.uri, true);
          break;
        case 'requestApproval':
          await vscode.commands.executeCommand('patchCycles.requestApproval', this.uri);
          break;
        case 'openPullRequest': {
          const url = this.approvals.pullRequestUrl(this.uri);
          if (url) {
            await vscode.env.openExternal(vscode.Uri.parse(url));
          }
          break;
        }
        case 'submitReview':
          await this.approvals.submitReview(this.uri, message.event, message.body);
          break;
      }
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      this.services.log.error(`Approval view of ${this.uri.fsPath}: ${message.type} failed:`, error);
      void vscode.window.showErrorMessage(text);
    }
    await this.postState();
  }

  private async postState(): Promise<void> {
    this.post({ type: 'state', state: await this.approvals.viewState(this.uri) });
  }
}
