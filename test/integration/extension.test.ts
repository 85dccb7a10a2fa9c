/**
 * The extension inside a real VS Code extension host. The workspace holds copies of
 * test/integration/fixtures/ under `integration/` (see scripts/vscode/runIntegration.ts).
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PatchCyclesApi } from '../../src/extension/extension';

const EXTENSION_ID = 'dora-patch-cycles.dora-patch-cycles';

function workspaceFile(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test run opens a workspace folder');
  return vscode.Uri.joinPath(folder.uri, relative);
}

async function readDisk(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

/** Wait until `condition` holds; the extension validates in a worker, so results arrive later. */
async function eventually<T>(what: string, probe: () => T | undefined | false, tries = 200): Promise<T> {
  for (let attempt = 0; attempt < tries; attempt++) {
    const value = probe();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Gave up waiting for ${what}.`);
}

function changedLines(before: string, after: string): { removed: string[]; added: string[]; firstLine: number } {
  const a = before.split('\n');
  const b = after.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  return { removed: a.slice(start, endA), added: b.slice(start, endB), firstLine: start + 1 };
}

suite('Patch Cycles extension', () => {
  let api: PatchCyclesApi;
  const december = () => workspaceFile('integration/december.cycle.yaml');

  suiteSetup(async () => {
    const extension = vscode.extensions.getExtension<PatchCyclesApi>(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is loaded`);
    api = await extension.activate();
    await api.services.cycles.whenScanned();
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('activation registers every command', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const id of ['patchCycles.checkItem', 'patchCycles.completeStep', 'patchCycles.newCycle', 'patchCycles.showLog']) {
      assert.ok(registered.has(id), `${id} is registered`);
    }
    assert.equal(typeof api.activationMs, 'number');
    const output = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, '.test-output');
    mkdirSync(output, { recursive: true });
    writeFileSync(path.join(output, 'activation.json'), JSON.stringify({ activationMs: api.activationMs, vscode: vscode.version }, null, 2));
  });

  test('diagnostics for an enum typo', async () => {
    const uri = workspaceFile('integration/typo.cycle.yaml');
    const diagnostics = await eventually('diagnostics of typo.cycle.yaml', () => {
      const found = vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'patch-cycles');
      return found.length > 0 && found;
    });
    const typo = diagnostics.find((diagnostic) => diagnostic.severity === vscode.DiagnosticSeverity.Error);
    assert.ok(typo);
    assert.deepEqual(typo.code && typeof typo.code === 'object' ? typo.code.value : typo.code, 'PC2002');
    assert.equal(typo.range.start.line, 7, 'line 8 (1-based) holds "track: standart"');
    assert.equal(typo.range.start.character, 7, 'column 8 (1-based) starts the value');
    const target = typeof typo.code === 'object' ? typo.code.target : undefined;
    assert.ok(target);
    assert.equal(path.basename(target.path), 'diagnostics.md');
    assert.equal(target.fragment, 'pc2002');
  });

  test('diagnostics for the broken fixture', async () => {
    const uri = workspaceFile('fixtures/broken.cycle.yaml');
    const diagnostics = await eventually('diagnostics of broken.cycle.yaml', () => {
      const found = vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'patch-cycles');
      return found.length > 0 && found;
    });
    const duplicate = diagnostics[0];
    assert.equal(typeof duplicate.code === 'object' ? duplicate.code.value : duplicate.code, 'PC1002');
    assert.equal(duplicate.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(duplicate.range.start.line, 6, 'line 7 (1-based) repeats "title"');
    assert.equal(duplicate.range.start.character, 0, 'column 1 (1-based)');
  });

  test('broken file shows its first error in the tree', async () => {
    const uri = workspaceFile('fixtures/broken.cycle.yaml');
    const node = await eventually('the broken file in the tree', () =>
      api.services.tree.getChildren().find((candidate) => 'entry' in candidate && candidate.entry.uri.toString() === uri.toString())
    );
    assert.equal(node.kind, 'broken');
    const item = api.services.tree.getTreeItem(node);
    assert.match(String(item.description), /^PC1002 line 7: /);
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'error');
  });

  test('tree lists steps, vulnerabilities and patches', async () => {
    const roots = await eventually('the December cycle in the tree', () => {
      const found = api.services.tree.getChildren();
      return found.some((node) => node.kind === 'cycle' && node.entry.uri.toString() === december().toString()) && found;
    });
    const cycle = roots.find((node) => node.kind === 'cycle' && node.entry.uri.toString() === december().toString())!;
    const children = api.services.tree.getChildren(cycle);
    assert.deepEqual(
      children.map((node) => node.kind),
      [...Array<string>(11).fill('step'), 'vulnerabilities', 'patches']
    );
    const identify = api.services.tree.getTreeItem(children[0]);
    assert.equal(identify.label, '1. Identify security vulnerabilities');
    assert.equal(identify.description, '0/5 · gate not met (5)');
    assert.match(String(identify.contextValue), /^step\b.*\binProgress\b.*\bcurrent\b/);
    const items = api.services.tree.getChildren(children[0]).map((node) => api.services.tree.getTreeItem(node));
    assert.deepEqual(
      items.map((item) => item.id?.split('/').pop()),
      ['network', 'application', 'stored-data', 'configuration', 'user-access']
    );
    assert.equal(items[0].checkboxState, vscode.TreeItemCheckboxState.Unchecked);
    const vulnerabilities = api.services.tree.getChildren(children[11]).map((node) => api.services.tree.getTreeItem(node));
    assert.deepEqual(
      vulnerabilities.map((item) => item.label),
      ['#1 CVE-2024-3094', 'CVE-2023-44487']
    );
    assert.equal(vulnerabilities[0].description, 'impact critical · risk very-high · patch');
    const patches = api.services.tree.getChildren(children[12]).map((node) => api.services.tree.getTreeItem(node));
    assert.deepEqual(patches.map((item) => item.label), ['P-001: Upgrade xz-utils to 5.6.2']);
  });

  test('status bar shows the current step', async () => {
    await vscode.window.showTextDocument(december());
    await eventually('the status bar text', () => api.statusBar.item.text === '$(checklist) Identify security vulnerabilities 0/5');
    assert.equal(api.statusBar.item.text, '$(checklist) Identify security vulnerabilities 0/5');
    assert.equal(api.statusBar.item.command && typeof api.statusBar.item.command === 'object' ? api.statusBar.item.command.command : undefined, 'patchCycles.goToCurrentStep');
  });

  test('Check Item changes only that item, undo restores it', async () => {
    await vscode.workspace.getConfiguration('patchCycles').update('identity.login', 'ines-integration', vscode.ConfigurationTarget.Global);
    const editor = await vscode.window.showTextDocument(december());
    const before = editor.document.getText();

    const applied = await vscode.commands.executeCommand<boolean>('patchCycles.checkItem', { uri: december(), step: 'identify', item: 'application' });
    assert.equal(applied, true);

    const after = editor.document.getText();
    const change = changedLines(before, after);
    assert.deepEqual(change.removed, ['        done: false']);
    assert.equal(change.added.length, 3);
    assert.equal(change.added[0], '        done: true');
    assert.equal(change.added[1], '        by: ines-integration');
    assert.match(change.added[2], /^ {8}at: '?\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})'?$/);
    assert.equal(before.split('\n')[change.firstLine - 2], '      application:', 'the changed lines belong to identify/application');
    assert.ok(editor.document.isDirty, 'the edit is left unsaved');
    assert.equal(await readDisk(december()), before, 'the file on disk is untouched');

    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), before, 'one undo restores the text byte for byte');
  });

  test('Check Item keeps unsaved edits of a dirty document', async () => {
    const editor = await vscode.window.showTextDocument(december());
    const original = editor.document.getText();
    await editor.edit((builder) => builder.insert(new vscode.Position(0, 0), '# unsaved note\n'));
    assert.ok(editor.document.isDirty);
    const dirty = editor.document.getText();

    const applied = await vscode.commands.executeCommand<boolean>('patchCycles.checkItem', { uri: december(), step: 'identify', item: 'network' });
    assert.equal(applied, true);

    const text = editor.document.getText();
    assert.ok(text.startsWith('# unsaved note\n'), 'the unsaved line is still there');
    const change = changedLines(dirty, text);
    assert.deepEqual(change.removed, ['        done: false']);
    assert.equal(dirty.split('\n')[change.firstLine - 2], '      network:');
    assert.equal(await readDisk(december()), original, 'nothing was saved');

    await vscode.commands.executeCommand('undo');
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), original);
  });

  test('Complete Step refuses while the gate fails', async () => {
    const editor = await vscode.window.showTextDocument(december());
    const before = editor.document.getText();
    // The refusal is shown as a warning message; the command reports false and edits nothing.
    const applied = await vscode.commands.executeCommand<boolean>('patchCycles.completeStep', { uri: december(), step: 'identify' });
    assert.equal(applied, false);
    assert.equal(editor.document.getText(), before);
  });
});
