/**
 * A user's path through the packaged extension in code-server: the tree, Check Item
 * from the command palette, Save, and the Problems panel.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { validateCycle } from '../../src/core/validate';
import { examplesDir, fixturesDir, openWorkbench, pickQuickItem, runCommand, screenshot, showCyclesView, sideBar, type Workbench } from './harness';

const integrationFixtures = path.resolve(__dirname, '../integration/fixtures');

/** Lines of `after` that differ from `before`, as one changed block. */
function changedBlock(before: string, after: string): { removed: string[]; added: string[]; firstLine: number } {
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

describe('extension in code-server', function () {
  let workbench: Workbench;

  before(async function () {
    workbench = await openWorkbench({
      copy: [
        { from: examplesDir, to: 'examples' },
        { from: fixturesDir, to: 'fixtures' },
        { from: path.join(integrationFixtures, 'december.cycle.yaml'), to: 'december.cycle.yaml' }
      ],
      settings: { 'patchCycles.identity.login': 'elena-e2e' }
    });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && workbench) {
      await screenshot(workbench.page, `e2e-failed-${this.currentTest.title.replace(/\W+/g, '-')}.png`);
    }
  });

  after(async function () {
    await workbench?.close();
  });

  it('shows the cycles in the tree', async function () {
    const { page } = workbench;
    const tree = await showCyclesView(page);
    await tree.locator('.monaco-list-row', { hasText: 'December patches' }).waitFor({ state: 'visible', timeout: 60_000 });
    await tree.locator('.monaco-list-row', { hasText: 'broken.cycle.yaml' }).waitFor({ state: 'visible' });
    const brokenRow = await tree.locator('.monaco-list-row', { hasText: 'broken.cycle.yaml' }).textContent();
    assert.match(brokenRow ?? '', /PC1002 line 7/);
    await tree.locator('.monaco-list-row', { hasText: 'Network vulnerabilities' }).waitFor({ state: 'visible' });
  });

  it('checks an item from the command palette', async function () {
    const { page, workspace } = workbench;
    const file = path.join(workspace, 'december.cycle.yaml');
    const original = readFileSync(file, 'utf8');

    await page.keyboard.press('Control+P');
    await pickQuickItem(page, 'december.cycle.yaml');
    await page.locator('.tab.active', { hasText: 'december.cycle.yaml' }).waitFor({ state: 'visible' });

    await runCommand(page, 'Patch Cycles: Check Item');
    await pickQuickItem(page, 'Identify security vulnerabilities');
    await pickQuickItem(page, 'Application vulnerabilities');
    await page.locator('.tab.active.dirty', { hasText: 'december.cycle.yaml' }).waitFor({ state: 'visible' });

    await page.keyboard.press('Control+S');
    await page.locator('.tab.active:not(.dirty)', { hasText: 'december.cycle.yaml' }).waitFor({ state: 'visible' });

    const saved = readFileSync(file, 'utf8');
    const change = changedBlock(original, saved);
    assert.equal(original.split('\n')[change.firstLine - 2], '      application:', 'the change starts inside identify/application');
    assert.deepEqual(change.removed, ['        done: false']);
    assert.equal(change.added.length, 3);
    assert.equal(change.added[0], '        done: true');
    assert.equal(change.added[1], '        by: elena-e2e');
    assert.match(change.added[2], /^ {8}at: '?\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})'?$/);

    const tree = sideBar(page);
    const row = tree.locator('.monaco-list-row', { hasText: 'Application vulnerabilities' });
    await row.locator('.monaco-checkbox.checked, input[type=checkbox]:checked, [aria-checked="true"]').first().waitFor({ state: 'attached', timeout: 30_000 });
    await screenshot(page, 'e2e-check-item.png', 'docs/screenshots/tree-and-diagnostics.png');
  });

  it('checks an item by its tree checkbox', async function () {
    const { page } = workbench;
    const tree = await showCyclesView(page);
    const row = tree.locator('.monaco-list-row', { hasText: 'Stored data vulnerabilities' }).first();
    await row.waitFor({ state: 'visible' });

    // The tree re-renders its rows after the previous test's undo, and a click that lands on a
    // row being replaced is lost. Click again only while the checkbox still shows unchecked,
    // so a click that did land is never toggled back.
    const dirtyTab = page.locator('.tab.active.dirty', { hasText: 'december.cycle.yaml' });
    for (let attempt = 0; attempt < 3; attempt++) {
      const checkbox = tree.locator('.monaco-list-row', { hasText: 'Stored data vulnerabilities' }).first().locator('.monaco-checkbox, input[type=checkbox]').first();
      if (await checkbox.locator('xpath=self::*[contains(@class, "checked")]').count() > 0) break;
      await checkbox.click();
      if (await dirtyTab.waitFor({ state: 'visible', timeout: 5_000 }).then(() => true, () => false)) break;
    }

    // The edit goes to the open editor, unsaved: the tab turns dirty and the row shows who checked it.
    await dirtyTab.waitFor({ state: 'visible' });
    await tree.locator('.monaco-list-row', { hasText: 'Stored data vulnerabilities' }).filter({ hasText: 'elena-e2e' }).first().waitFor({ state: 'visible' });
    // One undo reverts the whole edit, so the document is clean again.
    await page.keyboard.press('Control+Z');
    await page.locator('.tab.active:not(.dirty)', { hasText: 'december.cycle.yaml' }).waitFor({ state: 'visible' });
  });

  it('counts the problems of the broken fixture', async function () {
    const { page, workspace } = workbench;
    const expected = validateCycle(readFileSync(path.join(workspace, 'fixtures/broken.cycle.yaml'), 'utf8')).diagnostics.length;
    assert.ok(expected > 0, 'the broken fixture has diagnostics');

    await runCommand(page, 'View: Focus Problems');
    const fileRow = page.locator('.markers-panel .monaco-list-row', { hasText: 'broken.cycle.yaml' }).first();
    await fileRow.waitFor({ state: 'visible', timeout: 30_000 });
    const badge = fileRow.locator('.monaco-count-badge');
    assert.equal((await badge.textContent())?.trim(), String(expected));
    await screenshot(page, 'e2e-problems.png');
    assert.deepEqual(workbench.browser.blockedRequests, [], 'no request left 127.0.0.1');
  });
});
