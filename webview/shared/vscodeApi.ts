/**
 * The page's side of the webview bridge. VS Code injects `acquireVsCodeApi`, which may
 * be called only once per page, so every page goes through `connectToHost`.
 */

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export interface HostConnection<Outbound, Inbound, State> {
  post(message: Outbound): void;
  /** State saved by `saveState`, or `undefined` on a first open. */
  restoreState(): State | undefined;
  /** Keep state across hiding the panel and restarting VS Code. */
  saveState(state: State): void;
  onMessage(handler: (message: Inbound) => void): void;
}

/**
 * Connect to the extension host. Messages are dispatched only when they come from the
 * frame VS Code relays host messages through.
 */
export function connectToHost<Outbound, Inbound, State>(): HostConnection<Outbound, Inbound, State> {
  const api = acquireVsCodeApi();
  return {
    post: (message) => api.postMessage(message),
    restoreState: () => (api.getState() as State | undefined) ?? undefined,
    saveState: (state) => api.setState(state),
    onMessage: (handler) => {
      window.addEventListener('message', (event: MessageEvent<Inbound>) => {
        // VS Code's webview frame relays host messages into the page from the parent
        // window; a message from anywhere else (the page itself, a nested frame) is not the host's.
        if (event.source !== window.parent) {
          return;
        }
        handler(event.data);
      });
    }
  };
}
