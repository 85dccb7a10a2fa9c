/**
 * The Content-Security-Policy and HTML shell of every webview page. No `vscode` import,
 * so plain Node tests check the policy text. The policy allows nothing by default.
 * Scripts load only with the per-render nonce, and styles, images and fonts only from the
 * webview's resource origin (`webview.cspSource`). There is no 'unsafe-inline'.
 */

/** Create a 128-bit random nonce, base64 encoded, for one render of a page. */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

export function buildContentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    // vscode-elements styles its components with constructable stylesheets
    // (adoptedStyleSheets), which style-src does not govern, so no 'unsafe-inline' is needed.
    `style-src ${cspSource}`,
    `img-src ${cspSource}`,
    `font-src ${cspSource}`,
    // base-uri and form-action do not fall back to default-src.
    "base-uri 'none'",
    "form-action 'none'"
  ].join('; ');
}

const ATTRIBUTE_ESCAPES: Record<string, string> = { '&': '&amp;', '"': '&quot;', '<': '&lt;', '>': '&gt;', "'": '&#39;' };

/** Escape a value for a double-quoted HTML attribute. */
export function escapeAttribute(value: string): string {
  return value.replace(/[&"<>']/g, (character) => ATTRIBUTE_ESCAPES[character]);
}

export interface PageShell {
  cspSource: string;
  nonce: string;
  /** `asWebviewUri` of dist/webview/<page>.js. */
  scriptUri: string;
  /** `asWebviewUri` of dist/webview/<page>.css. */
  styleUri: string;
  /** The document title, for screen readers. */
  title: string;
}

/**
 * Render the page's HTML: only the policy, the stylesheet, an empty root and the script.
 * All data reaches the page later as messages, never interpolated into this text.
 */
export function renderPageShell(shell: PageShell): string {
  const policy = buildContentSecurityPolicy(shell.cspSource, shell.nonce);
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="UTF-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(policy)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1.0">',
    `<link rel="stylesheet" href="${escapeAttribute(shell.styleUri)}">`,
    `<title>${escapeAttribute(shell.title)}</title>`,
    '</head>',
    '<body>',
    '<main id="root"></main>',
    `<script nonce="${escapeAttribute(shell.nonce)}" src="${escapeAttribute(shell.scriptUri)}"></script>`,
    '</body>',
    '</html>'
  ].join('\n');
}
