/**
 * The "Prioritize Risks" panel of one cycle file. It re-renders whenever the open
 * document changes and writes every change from the page to that document as one
 * WorkspaceEdit, so the change is undoable and unsaved text is never overwritten.
 */
import * as vscode from 'vscode';
import { applyEdits } from '../../editing';
import { currentIdentity } from '../../identity';
import type { ExtensionServices } from '../../services';
import {
  RISK_VIEW_TYPE,
  ROW_CHUNK_SIZE,
  riskInboundSchema,
  type RiskHostMessage,
  type RiskPageMessage,
  type RiskViewState
} from '../../../shared/protocol/risk';
import { MessageValidator } from '../../../shared/protocol/validator';
import { WebviewPanelHost, webviewOptions } from '../webviewPanelHost';
import { buildRiskState, changeEdits, ChangeRejected, coreSuggester, staleChangeReason, type PrioritySuggester } from './riskModel';

type ChangeMessage = Exclude<RiskPageMessage, { type: 'ready' }>;

/** One validator for all risk panels: compiling the schema once keeps opening a panel cheap. */
let sharedValidator: MessageValidator<RiskPageMessage> | undefined;

function validator(): MessageValidator<RiskPageMessage> {
  sharedValidator ??= new MessageValidator<RiskPageMessage>(riskInboundSchema);
  return sharedValidator;
}

const suggest: PrioritySuggester = coreSuggester;

export class RiskPanel extends WebviewPanelHost<RiskPageMessage, RiskHostMessage> {
  private static readonly open = new Map<string, RiskPanel>();
  private stateTimer: ReturnType<typeof setTimeout> | undefined;
  private lastState: RiskViewState | undefined;

  /** Show the panel of `uri`, reusing the one already open for that file. */
  static show(services: ExtensionServices, uri: vscode.Uri): RiskPanel {
    const existing = RiskPanel.open.get(uri.toString());
    if (existing) {
      existing.panel.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(RISK_VIEW_TYPE, RiskPanel.titleFor(uri), vscode.ViewColumn.Beside, webviewOptions(services.context.extensionUri));
    return new RiskPanel(panel, services, uri);
  }

  /** Reopen a panel VS Code restored after a restart, for the file its saved state names. */
  static revive(services: ExtensionServices, panel: vscode.WebviewPanel, uri: vscode.Uri): RiskPanel {
    const existing = RiskPanel.open.get(uri.toString());
    if (existing) {
      existing.dispose();
    }
    return new RiskPanel(panel, services, uri);
  }

  /** The open panel of `uri`, for tests. */
  static get(uri: vscode.Uri): RiskPanel | undefined {
    return RiskPanel.open.get(uri.toString());
  }

  private static titleFor(uri: vscode.Uri): string {
    return vscode.l10n.t('Prioritize Risks: {0}', uri.path.split('/').pop() ?? uri.path);
  }

  private constructor(
    panel: vscode.WebviewPanel,
    private readonly services: ExtensionServices,
    readonly uri: vscode.Uri
  ) {
    super(panel, services.context.extensionUri, services.log, validator(), { name: 'risk', title: RiskPanel.titleFor(uri) });
    panel.title = RiskPanel.titleFor(uri);
    RiskPanel.open.set(uri.toString(), this);
    this.track(
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document.uri.toString() === uri.toString() && event.contentChanges.length > 0) {
          this.scheduleState();
        }
      })
    );
  }

  override dispose(): void {
    if (RiskPanel.open.get(this.uri.toString()) === this) {
      RiskPanel.open.delete(this.uri.toString());
    }
    clearTimeout(this.stateTimer);
    super.dispose();
  }

  protected override async onReady(): Promise<void> {
    this.log.info(`Risk view of ${vscode.workspace.asRelativePath(this.uri)}: page loaded.`);
    await this.postState();
  }

  protected override async onMessage(message: ChangeMessage): Promise<void> {
    const document = await vscode.workspace.openTextDocument(this.uri);
    const file = vscode.workspace.asRelativePath(this.uri);
    if (this.rejectIfStale(file, message.version, document.version)) {
      return;
    }

    const user = await currentIdentity(this.services.config, this.uri);
    let edits;
    try {
      edits = changeEdits(document.getText(), message, { suggest, user, now: new Date() });
    } catch (error) {
      if (error instanceof ChangeRejected) {
        this.log.warn(`Risk view of ${file}: ${message.type} rejected: ${error.message}`);
        this.post({ type: 'rejected', reason: error.message });
        await this.postState();
        return;
      }
      throw error;
    }

    // The identity lookup may have waited on git while the user typed.
    if (this.rejectIfStale(file, message.version, document.version)) {
      return;
    }
    await applyEdits(this.services, document, edits);
    this.log.info(`Risk view of ${file}: ${message.type} applied as ${edits.length} edit(s).`);
    this.post({ type: 'applied', requestId: message.requestId });
  }

  private rejectIfStale(file: string, basedOn: number, current: number): boolean {
    const reason = staleChangeReason(file, basedOn, current);
    if (reason === undefined) {
      return false;
    }
    this.log.warn(`Risk view of ${file}: stale change rejected (based on version ${basedOn}, document at ${current}).`);
    this.post({ type: 'rejected', reason });
    void this.postState();
    return true;
  }

  /** Typing produces a change event per keystroke; one state per pause is enough. */
  private scheduleState(): void {
    clearTimeout(this.stateTimer);
    this.stateTimer = setTimeout(() => void this.postState(), 50);
  }

  private async postState(): Promise<void> {
    const document = await vscode.workspace.openTextDocument(this.uri);
    // A page that reloads after being hidden requests the same version again. Parsing a
    // large cycle takes seconds, so the last state is kept per document version.
    if (this.lastState?.version !== document.version) {
      const started = Date.now();
      const file = vscode.workspace.asRelativePath(this.uri);
      this.lastState = buildRiskState({ text: document.getText(), version: document.version, documentUri: this.uri.toString(), file }, suggest);
      this.log.info(`Risk view of ${file}: state of version ${document.version} (${this.lastState.rows.length} vulnerabilities) built in ${Date.now() - started} ms.`);
    }
    const { rows, ...rest } = this.lastState;
    this.post({ type: 'state', state: { ...rest, rows: rows.slice(0, ROW_CHUNK_SIZE) } });
    for (let offset = ROW_CHUNK_SIZE; offset < rows.length; offset += ROW_CHUNK_SIZE) {
      this.post({ type: 'rows', version: rest.version, rows: rows.slice(offset, offset + ROW_CHUNK_SIZE) });
    }
  }
}
