/**
 * The host side shared by every webview panel: page HTML with a strict CSP, narrow
 * resource roots, the `ready` handshake, and validation of every message from the page
 * against the protocol's JSON Schema before a subclass receives it.
 */
import * as vscode from 'vscode';
import { InboundMessageGate, MAX_LOGGED_REJECTIONS, type MessageValidator } from '../../shared/protocol/validator';
import { createNonce, renderPageShell } from './csp';

/**
 * Options of every panel: scripts on, resources only from the bundled pages and the
 * media folder. `retainContextWhenHidden` stays off: a page restores itself from
 * `getState` when shown again.
 */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    enableFindWidget: true,
    retainContextWhenHidden: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')]
  };
}

export interface PanelPage {
  /** Name of the page under webview/, bundled to dist/webview/<name>.js and .css. */
  name: string;
  title: string;
}

export abstract class WebviewPanelHost<Inbound extends { type: string }, Outbound> implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly gate: InboundMessageGate<Inbound>;
  private disposed = false;
  /** Messages from the page are handled one at a time, in order of arrival. */
  private queue: Promise<void> = Promise.resolve();

  protected constructor(
    readonly panel: vscode.WebviewPanel,
    protected readonly extensionUri: vscode.Uri,
    protected readonly log: vscode.LogOutputChannel,
    validator: MessageValidator<Inbound>,
    private readonly page: PanelPage
  ) {
    this.gate = new InboundMessageGate(validator, page.name, (line) => log.warn(line));
    panel.webview.options = webviewOptions(extensionUri);
    panel.webview.html = this.renderHtml();
    this.disposables.push(
      panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
      panel.onDidDispose(() => this.dispose())
    );
  }

  /** Called when the page has loaded and requests its first state. */
  protected abstract onReady(): Promise<void>;

  /** Called for each valid message other than `ready`. */
  protected abstract onMessage(message: Exclude<Inbound, { type: 'ready' }>): Promise<void>;

  protected post(message: Outbound): void {
    if (!this.disposed) {
      void this.panel.webview.postMessage(message);
    }
  }

  protected track(...disposables: vscode.Disposable[]): void {
    this.disposables.push(...disposables);
  }

  dispose(): void {
    if (this.disposed) {
      return;
    }
    this.disposed = true;
    if (this.gate.rejected > MAX_LOGGED_REJECTIONS) {
      this.log.warn(`Webview ${this.page.name}: ${this.gate.rejected} messages rejected in total.`);
    }
    this.panel.dispose();
    for (const disposable of this.disposables.splice(0)) {
      disposable.dispose();
    }
  }

  private renderHtml(): string {
    const webview = this.panel.webview;
    const asset = (extension: string) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview', `${this.page.name}.${extension}`)).toString();
    return renderPageShell({
      cspSource: webview.cspSource,
      nonce: createNonce(),
      scriptUri: asset('js'),
      styleUri: asset('css'),
      title: this.page.title
    });
  }

  private receive(raw: unknown): void {
    const message = this.gate.accept(raw);
    if (message === undefined) {
      return;
    }
    this.queue = this.queue.then(async () => {
      if (this.disposed) {
        return;
      }
      try {
        if (message.type === 'ready') {
          await this.onReady();
        } else {
          await this.onMessage(message as Exclude<Inbound, { type: 'ready' }>);
        }
      } catch (error) {
        this.log.error(`Webview ${this.page.name}: handling a ${message.type} message failed:`, error);
      }
    });
  }

  /** Number of messages rejected so far. */
  get rejectedCount(): number {
    return this.gate.rejected;
  }
}
