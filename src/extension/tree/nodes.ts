/**
 * The node kinds of the Cycles tree, one class each. Ids come from data (the file, the
 * cycle id, the step id, the item id, the vulnerability handle), never from labels.
 * `contextValue` starts with the kind and lists flags that `when` clauses in
 * package.json match with regexes (`viewItem =~ /^step\b.*\binProgress\b/`); a step also
 * carries `id-<step id>`, so a menu can target one step of the template.
 */
import * as vscode from 'vscode';
import type { CycleEntry } from '../cycleStore';
import { vulnerabilityAt, type ItemSummary, type PatchSummary, type SourceRange, type StepSummary, type VulnerabilityColumns, type VulnerabilitySummary } from '../validation/protocol';

export type CycleTreeNode = CycleNode | BrokenFileNode | StepNode | ItemNode | VulnerabilityGroupNode | VulnerabilityNode | PatchGroupNode | PatchNode;

function openAt(uri: vscode.Uri, range: SourceRange | undefined): vscode.Command {
  const selection = range ? new vscode.Range(range[0] - 1, range[1] - 1, range[0] - 1, range[1] - 1) : undefined;
  return {
    command: 'vscode.open',
    title: vscode.l10n.t('Reveal in Editor'),
    arguments: [uri, { selection, preserveFocus: true, preview: true } satisfies vscode.TextDocumentShowOptions]
  };
}

const STEP_ICONS: Record<StepSummary['status'], vscode.ThemeIcon> = {
  'not-started': new vscode.ThemeIcon('circle-large-outline'),
  'in-progress': new vscode.ThemeIcon('play-circle', new vscode.ThemeColor('charts.blue')),
  done: new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed')),
  skipped: new vscode.ThemeIcon('debug-step-over', new vscode.ThemeColor('disabledForeground'))
};

const STEP_FLAGS: Record<StepSummary['status'], string> = {
  'not-started': 'notStarted',
  'in-progress': 'inProgress',
  done: 'done',
  skipped: 'skipped'
};

const PATCH_ICONS: Record<PatchSummary['status'], string> = {
  planned: 'calendar',
  scheduled: 'calendar',
  deployed: 'pass',
  failed: 'error',
  'rolled-back': 'discard'
};

/** A readable cycle file. `entry` is replaced in place on revalidation, so the tree keeps this object. */
export class CycleNode {
  readonly kind = 'cycle';
  readonly parent = undefined;
  private cachedChildren: CycleTreeNode[] | undefined;

  constructor(public entry: CycleEntry) {}

  get id(): string {
    return `${this.entry.uri.toString()}#${this.entry.summary?.id ?? ''}`;
  }

  get target() {
    return { uri: this.entry.uri };
  }

  update(entry: CycleEntry): void {
    this.entry = entry;
    this.cachedChildren = undefined;
  }

  children(): CycleTreeNode[] {
    const summary = this.entry.summary;
    if (!summary) return [];
    this.cachedChildren ??= [
      ...summary.steps.map((step, index) => new StepNode(this, step, index + 1)),
      new VulnerabilityGroupNode(this, summary.vulnerabilities),
      new PatchGroupNode(this, summary.patches)
    ];
    return this.cachedChildren;
  }

  toTreeItem(): vscode.TreeItem {
    const summary = this.entry.summary!;
    const current = summary.steps.find((step) => step.id === summary.currentStep);
    const errors = this.entry.diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length;
    const item = new vscode.TreeItem(summary.title, vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    const where = current ? `${current.name} ${current.done}/${current.total}` : vscode.l10n.t('all steps closed');
    item.description = `${summary.track} · ${where} · ${summary.stepsDone}/${summary.stepsTotal}`;
    item.iconPath = errors > 0 ? new vscode.ThemeIcon('shield', new vscode.ThemeColor('list.errorForeground')) : new vscode.ThemeIcon('shield');
    item.tooltip = new vscode.MarkdownString(
      [
        `**${summary.title}** (${summary.id})`,
        vscode.l10n.t('Track: {0}', summary.track),
        vscode.l10n.t('Current step: {0}', current?.name ?? vscode.l10n.t('none')),
        vscode.l10n.t('Steps closed: {0} of {1}', summary.stepsDone, summary.stepsTotal),
        vscode.l10n.t('Errors: {0}', errors),
        vscode.workspace.asRelativePath(this.entry.uri)
      ].join('  \n')
    );
    item.accessibilityInformation = {
      label: vscode.l10n.t(
        'Cycle {0}, {1} track, current step {2}, {3} of {4} steps closed, {5} errors',
        summary.title,
        summary.track,
        current?.name ?? vscode.l10n.t('none'),
        summary.stepsDone,
        summary.stepsTotal,
        errors
      )
    };
    item.contextValue = ['cycle', current ? 'hasCurrentStep' : 'complete', errors > 0 ? 'hasErrors' : ''].filter(Boolean).join(' ');
    item.resourceUri = this.entry.uri;
    item.command = openAt(this.entry.uri, undefined);
    return item;
  }
}

/** A cycle file that does not load or is not a cycle: shown with its first error. */
export class BrokenFileNode {
  readonly kind = 'broken';
  readonly parent = undefined;

  constructor(public entry: CycleEntry) {}

  get id(): string {
    return `${this.entry.uri.toString()}#broken`;
  }

  get target() {
    return { uri: this.entry.uri };
  }

  update(entry: CycleEntry): void {
    this.entry = entry;
  }

  children(): CycleTreeNode[] {
    return [];
  }

  toTreeItem(): vscode.TreeItem {
    const first = this.entry.diagnostics.find((diagnostic) => diagnostic.severity === 'error') ?? this.entry.diagnostics[0];
    const item = new vscode.TreeItem(vscode.workspace.asRelativePath(this.entry.uri), vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
    item.description = first ? `${first.code} line ${first.range.start.line}: ${first.message}` : vscode.l10n.t('not a patch cycle');
    item.tooltip = item.description;
    item.accessibilityInformation = { label: vscode.l10n.t('{0} cannot be read: {1}', String(item.label), item.description) };
    item.contextValue = 'broken';
    item.command = openAt(this.entry.uri, first ? [first.range.start.line, first.range.start.column, first.range.end.line, first.range.end.column] : undefined);
    return item;
  }
}

export class StepNode {
  readonly kind = 'step';
  private cachedChildren: ItemNode[] | undefined;

  constructor(
    readonly parent: CycleNode,
    readonly step: StepSummary,
    readonly position: number
  ) {}

  get id(): string {
    return `${this.parent.id}/${this.step.id}`;
  }

  get target() {
    return { uri: this.parent.entry.uri, step: this.step.id };
  }

  children(): ItemNode[] {
    this.cachedChildren ??= this.step.items.map((item) => new ItemNode(this, item));
    return this.cachedChildren;
  }

  toTreeItem(): vscode.TreeItem {
    const { step } = this;
    const isCurrent = this.parent.entry.summary?.currentStep === step.id;
    let collapsed = vscode.TreeItemCollapsibleState.Collapsed;
    if (step.items.length === 0) {
      collapsed = vscode.TreeItemCollapsibleState.None;
    } else if (isCurrent) {
      collapsed = vscode.TreeItemCollapsibleState.Expanded;
    }
    const item = new vscode.TreeItem(`${this.position}. ${step.name}`, collapsed);
    item.id = this.id;
    item.iconPath = STEP_ICONS[step.status];
    const gate = step.gateMet ? vscode.l10n.t('gate met') : vscode.l10n.t('gate not met ({0})', step.unmetCount);
    item.description = step.total > 0 ? `${step.done}/${step.total} · ${gate}` : gate;
    item.tooltip = new vscode.MarkdownString(
      [
        `**${step.name}** (${step.id}): ${step.status}`,
        ...step.unmet.map((condition) => `- ${condition.code}: ${condition.message}`),
        ...(step.unmetCount > step.unmet.length ? [vscode.l10n.t('… and {0} more', step.unmetCount - step.unmet.length)] : [])
      ].join('\n\n')
    );
    item.accessibilityInformation = {
      label: vscode.l10n.t('Step {0}, {1}, {2} of {3} items done, {4}', step.name, step.status, step.done, step.total, gate)
    };
    item.contextValue = ['step', `id-${step.id}`, STEP_FLAGS[step.status], step.gateMet ? 'gateMet' : 'gateUnmet', isCurrent ? 'current' : ''].filter(Boolean).join(' ');
    item.command = openAt(this.parent.entry.uri, step.range);
    return item;
  }
}

export class ItemNode {
  readonly kind = 'item';

  constructor(
    readonly parent: StepNode,
    readonly item: ItemSummary
  ) {}

  get id(): string {
    return `${this.parent.id}/${this.item.id}`;
  }

  get target() {
    return { uri: this.parent.parent.entry.uri, step: this.parent.step.id, item: this.item.id };
  }

  children(): CycleTreeNode[] {
    return [];
  }

  toTreeItem(): vscode.TreeItem {
    const { item: summary } = this;
    const item = new vscode.TreeItem(summary.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.checkboxState = summary.done ? vscode.TreeItemCheckboxState.Checked : vscode.TreeItemCheckboxState.Unchecked;
    if (summary.done) {
      item.description = [summary.by, summary.at].filter(Boolean).join(' · ');
    } else if (summary.notApplicable) {
      item.description = vscode.l10n.t('not applicable: {0}', summary.notApplicable);
    }
    item.tooltip = `${summary.id}${item.description ? `: ${String(item.description)}` : ''}`;
    item.accessibilityInformation = {
      label: summary.done
        ? vscode.l10n.t('{0}, checked by {1} at {2}', summary.label, summary.by ?? '?', summary.at ?? '?')
        : summary.notApplicable
          ? vscode.l10n.t('{0}, not applicable: {1}', summary.label, summary.notApplicable)
          : vscode.l10n.t('{0}, not checked', summary.label)
    };
    item.contextValue = `item ${summary.done ? 'checked' : 'unchecked'}`;
    item.command = openAt(this.parent.parent.entry.uri, summary.range);
    return item;
  }
}

/** Priority 1 first; vulnerabilities without a priority last, by handle. */
function byPriority(a: VulnerabilitySummary, b: VulnerabilitySummary): number {
  const pa = a.priority ?? Number.POSITIVE_INFINITY;
  const pb = b.priority ?? Number.POSITIVE_INFINITY;
  return pa !== pb ? pa - pb : a.id.localeCompare(b.id);
}

export class VulnerabilityGroupNode {
  readonly kind = 'vulnerabilities';
  private cachedChildren: VulnerabilityNode[] | undefined;

  constructor(
    readonly parent: CycleNode,
    readonly vulnerabilities: VulnerabilityColumns
  ) {}

  get id(): string {
    return `${this.parent.id}/vulnerabilities`;
  }

  get target() {
    return { uri: this.parent.entry.uri };
  }

  children(): VulnerabilityNode[] {
    this.cachedChildren ??= Array.from({ length: this.vulnerabilities.count }, (_, index) => vulnerabilityAt(this.vulnerabilities, index))
      .sort(byPriority)
      .map((vulnerability) => new VulnerabilityNode(this, vulnerability));
    return this.cachedChildren;
  }

  toTreeItem(): vscode.TreeItem {
    const count = this.vulnerabilities.count;
    const item = new vscode.TreeItem(vscode.l10n.t('Vulnerabilities'), count ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = String(count);
    item.iconPath = new vscode.ThemeIcon('bug');
    item.accessibilityInformation = { label: vscode.l10n.t('{0} vulnerabilities', count) };
    item.contextValue = 'vulnerabilities';
    return item;
  }
}

export class VulnerabilityNode {
  readonly kind = 'vulnerability';

  constructor(
    readonly parent: VulnerabilityGroupNode,
    readonly vulnerability: VulnerabilitySummary
  ) {}

  get id(): string {
    return `${this.parent.id}/${this.vulnerability.id}`;
  }

  get target() {
    return { uri: this.parent.parent.entry.uri };
  }

  children(): CycleTreeNode[] {
    return [];
  }

  toTreeItem(): vscode.TreeItem {
    const { vulnerability: v } = this;
    const label = v.priority !== undefined ? `#${v.priority} ${v.advisory}` : v.advisory;
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    const unknown = vscode.l10n.t('not assessed');
    item.description = [vscode.l10n.t('impact {0}', v.impact ?? unknown), vscode.l10n.t('risk {0}', v.risk ?? unknown), v.decision].filter(Boolean).join(' · ');
    item.tooltip = new vscode.MarkdownString(`**${v.advisory}** (${v.id}) on ${v.system}\n\n${v.title}`);
    item.iconPath = new vscode.ThemeIcon(v.risk === 'extreme' || v.risk === 'very-high' ? 'warning' : 'circle-small-filled');
    item.accessibilityInformation = {
      label: vscode.l10n.t(
        '{0} {1}, priority {2}, impact {3}, risk {4}, decision {5}',
        v.advisory,
        v.title,
        v.priority ?? unknown,
        v.impact ?? unknown,
        v.risk ?? unknown,
        v.decision ?? unknown
      )
    };
    item.contextValue = `vulnerability${v.decision ? ` ${v.decision}` : ' undecided'}`;
    item.command = openAt(this.parent.parent.entry.uri, v.range);
    return item;
  }
}

export class PatchGroupNode {
  readonly kind = 'patches';
  private cachedChildren: PatchNode[] | undefined;

  constructor(
    readonly parent: CycleNode,
    readonly patches: PatchSummary[]
  ) {}

  get id(): string {
    return `${this.parent.id}/patches`;
  }

  get target() {
    return { uri: this.parent.entry.uri };
  }

  children(): PatchNode[] {
    this.cachedChildren ??= this.patches.map((patch) => new PatchNode(this, patch));
    return this.cachedChildren;
  }

  toTreeItem(): vscode.TreeItem {
    const count = this.patches.length;
    const item = new vscode.TreeItem(vscode.l10n.t('Patches'), count ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = String(count);
    item.iconPath = new vscode.ThemeIcon('package');
    item.accessibilityInformation = { label: vscode.l10n.t('{0} patches', count) };
    item.contextValue = 'patches';
    return item;
  }
}

export class PatchNode {
  readonly kind = 'patch';

  constructor(
    readonly parent: PatchGroupNode,
    readonly patch: PatchSummary
  ) {}

  get id(): string {
    return `${this.parent.id}/${this.patch.id}`;
  }

  get target() {
    return { uri: this.parent.parent.entry.uri };
  }

  children(): CycleTreeNode[] {
    return [];
  }

  toTreeItem(): vscode.TreeItem {
    const { patch } = this;
    const item = new vscode.TreeItem(`${patch.id}: ${patch.title}`, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    const window = patch.window ? `${patch.window.start} – ${patch.window.end}` : vscode.l10n.t('no window');
    item.description = `${patch.status} · ${window}`;
    item.iconPath = new vscode.ThemeIcon(PATCH_ICONS[patch.status]);
    item.accessibilityInformation = { label: vscode.l10n.t('Patch {0}, {1}, window {2}', patch.id, patch.status, window) };
    item.contextValue = `patch ${patch.status}`;
    item.command = openAt(this.parent.parent.entry.uri, patch.range);
    return item;
  }
}
