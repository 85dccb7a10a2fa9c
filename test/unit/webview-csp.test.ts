import assert from 'node:assert/strict';
import { buildContentSecurityPolicy, createNonce, escapeAttribute, renderPageShell } from '../../src/extension/webviews/csp';

describe('webview content security policy', () => {
  const source = 'https://file+.vscode-resource.vscode-cdn.net';

  it('denies by default and allows scripts by nonce only', () => {
    assert.equal(
      buildContentSecurityPolicy(source, 'abc123'),
      `default-src 'none'; script-src 'nonce-abc123'; style-src ${source}; img-src ${source}; font-src ${source}; base-uri 'none'; form-action 'none'`
    );
  });

  it('never allows inline code or eval', () => {
    const policy = buildContentSecurityPolicy(source, 'n');
    assert.equal(/unsafe-inline|unsafe-eval|\*/.test(policy), false);
  });

  it('creates a fresh 128-bit nonce each time', () => {
    const nonces = new Set(Array.from({ length: 100 }, () => createNonce()));
    assert.equal(nonces.size, 100);
    for (const nonce of nonces) {
      assert.match(nonce, /^[A-Za-z0-9+/]{22}==$/);
    }
  });

  it('escapes attribute values', () => {
    assert.equal(escapeAttribute(`"><script>alert('x')</script>&`), '&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;');
  });

  it('renders a shell with one nonced script and no inline code', () => {
    const html = renderPageShell({ cspSource: source, nonce: 'N0nce', scriptUri: `${source}/dist/webview/risk.js`, styleUri: `${source}/dist/webview/risk.css`, title: 'Prioritize Risks' });
    assert.equal((html.match(/<script\b/g) ?? []).length, 1);
    assert.match(html, /<script nonce="N0nce" src="https:\/\/file\+\.vscode-resource\.vscode-cdn\.net\/dist\/webview\/risk\.js"><\/script>/);
    assert.equal(/<style\b|\sstyle=|\son[a-z]+=/i.test(html), false);
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; script-src &#39;nonce-N0nce&#39;;/);
  });
});
