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
 * origin of the frame VS Code relays host messages through.
 */
export function connectToHost<Outbound, Inbound, State>(): HostConnection<Outbound, Inbound, State> {
  const api = acquireVsCodeApi();
  return {
    post: (message) => api.postMessage(message),
    restoreState: () => (api.getState() as State | undefined) ?? undefined,
    saveState: (state) => api.setState(state),
    onMessage: (handler) => {
      window.addEventListener('message', (event: MessageEvent<Inbound>) => {
        // VS Code relays host messages from its webview frame, which has the page's origin.
        // In code-server 4.139 `event.source` is not `window.parent`, so the origin is the check.
        // The page's CSP allows no frames, so nothing else of that origin can post here.
        if (event.origin !== window.location.origin || event.source === window) {
          return;
        }
        handler(event.data);
      });
    }
  };
}
