import * as vscode from 'vscode';
import type { CycleEntry, CycleStore } from '../cycleStore';
import { BrokenFileNode, CycleNode, ItemNode, StepNode, type CycleTreeNode } from './nodes';

type RootNode = CycleNode | BrokenFileNode;

/**
 * The Cycles tree. Root nodes are kept per file and updated in place, so a change to
 * one file refreshes that file's subtree only; adding or removing a file, or a file
 * turning readable or unreadable, refreshes the root.
 */
export class CycleTreeProvider implements vscode.TreeDataProvider<CycleTreeNode>, vscode.Disposable {
  private readonly roots = new Map<string, RootNode>();
  private readonly changed = new vscode.EventEmitter<CycleTreeNode | undefined>();
  private readonly subscription: vscode.Disposable;
  private view: vscode.TreeView<CycleTreeNode> | undefined;

  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly store: CycleStore) {
    this.subscription = store.onDidChange((uri) => this.onStoreChange(uri));
  }

  attach(view: vscode.TreeView<CycleTreeNode>): void {
    this.view = view;
  }

  getTreeItem(node: CycleTreeNode): vscode.TreeItem {
    return node.toTreeItem();
  }

  getChildren(node?: CycleTreeNode): CycleTreeNode[] {
    return node ? node.children() : this.rootNodes();
  }

  getParent(node: CycleTreeNode): CycleTreeNode | undefined {
    return node.parent;
  }

  /** Reveal and select a step of a cycle in the tree, when the view is visible. */
  async revealStep(uri: vscode.Uri, stepId: string): Promise<void> {
    const root = this.roots.get(uri.toString());
    const step = root instanceof CycleNode ? root.children().find((node): node is StepNode => node instanceof StepNode && node.step.id === stepId) : undefined;
    if (step && this.view?.visible) {
      await this.view.reveal(step, { select: true, focus: false, expand: true });
    }
  }

  /** Find the node of a checklist item (for tests and the checkbox handler). */
  findItem(uri: vscode.Uri, stepId: string, itemId: string): ItemNode | undefined {
    const root = this.roots.get(uri.toString());
    if (!(root instanceof CycleNode)) return undefined;
    const step = root.children().find((node): node is StepNode => node instanceof StepNode && node.step.id === stepId);
    return step?.children().find((item) => item.item.id === itemId);
  }

  /** Refresh one node, e.g. to undo a checkbox the user toggled when the command was cancelled. */
  refresh(node?: CycleTreeNode): void {
    this.changed.fire(node);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  private rootNodes(): RootNode[] {
    const ordered: RootNode[] = [];
    for (const entry of this.store.all()) {
      const key = entry.uri.toString();
      let root = this.roots.get(key);
      if (!root || kindOf(entry) !== root.kind) {
        root = createRoot(entry);
        this.roots.set(key, root);
      } else if (root.entry !== entry) {
        root.update(entry);
      }
      ordered.push(root);
    }

    const current = new Set(ordered.map((root) => root.entry.uri.toString()));
    for (const key of [...this.roots.keys()]) {
      if (!current.has(key)) this.roots.delete(key);
    }

    // Files that cannot be read come first: they need attention before any cycle does. The
    // rest keep the store's order by path, whatever order the scan found them in.
    return ordered.sort((a, b) => Number(b.kind === 'broken') - Number(a.kind === 'broken'));
  }

  private onStoreChange(uri: vscode.Uri | undefined): void {
    const entry = uri && this.store.get(uri);
    const existing = uri && this.roots.get(uri.toString());
    if (!entry || !existing || kindOf(entry) !== existing.kind || idOf(entry) !== existing.id) {
      this.changed.fire(undefined);
      return;
    }
    existing.update(entry);
    this.changed.fire(existing);
  }
}

function kindOf(entry: CycleEntry): RootNode['kind'] {
  return entry.summary ? 'cycle' : 'broken';
}

function idOf(entry: CycleEntry): string {
  return createRoot(entry).id;
}

function createRoot(entry: CycleEntry): RootNode {
  return entry.summary ? new CycleNode(entry) : new BrokenFileNode(entry);
}
