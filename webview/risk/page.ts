/**
 * The "Prioritize Risks" page: heatmap, virtualised vulnerability table, editor for the
 * selected vulnerability and the prioritize step's checklist. The page never edits the
 * cycle itself. It posts change messages, and the host replies with a new state once the
 * document has changed.
 */
import type { Decision } from '../../src/core/model';
import {
  DECISIONS,
  DECISIONS_WITH_EXPIRY,
  IMPACTS,
  LIKELIHOODS,
  type AssessmentField,
  type PriorityChange,
  type RiskHostMessage,
  type RiskPageMessage,
  type RiskPageState,
  type RiskRow,
  type RiskViewState
} from '../../src/shared/protocol/risk';
import type { CheckboxElement, ValueElement } from '../shared/components';
import { h, replaceChildren, setAttribute } from '../shared/dom';
import type { HostConnection } from '../shared/vscodeApi';
import { computeWindow, scrollTopToReveal } from '../shared/virtualWindow';
import { moveBy, moveOnto, moveToPosition, rowsNeedingRationale } from './reorder';
import { COLUMN_IDS, countCells, filterRows, sortRows, type CellFilter, type ColumnId, type SortOrder } from './table';

/** Row height in pixels; webview/risk/risk.css sets `.row` to the same value. */
export const ROW_HEIGHT = 26;

const COLUMN_LABELS: Record<ColumnId, string> = {
  priority: 'Priority',
  id: 'ID',
  title: 'Title',
  system: 'Systems',
  component: 'Component',
  baseScore: 'CVSS',
  kev: 'KEV',
  epss: 'EPSS',
  impact: 'Impact',
  likelihood: 'Likelihood',
  risk: 'Risk',
  decision: 'Decision',
  rationale: 'Rationale',
  controls: 'Existing controls'
};

type Connection = HostConnection<RiskPageMessage, RiskHostMessage, RiskPageState>;

export class RiskPage {
  private state: RiskViewState | undefined;
  private visibleRows: RiskRow[] = [];
  private sort: SortOrder = { column: 'priority', descending: false };
  private filter = '';
  private cell: CellFilter | null = null;
  private selectedId: string | null = null;
  private scrollTop = 0;
  private nextRequestId = 1;
  private draggedId: string | null = null;
  private renderScheduled = false;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  /** The host's reason for the last rejected change; shown until the next change is sent or applied. */
  private rejection = '';

  private readonly title = h('h1', { text: 'Prioritize Risks' });
  private readonly file = h('p', { className: 'file' });
  private readonly banner = h('div', { className: 'banner', attributes: { role: 'alert', hidden: true } });
  private readonly checklist = h('ul', { className: 'checklist', attributes: { 'aria-label': 'Prioritize step checklist' } });
  private readonly heatmap = h('table', { className: 'heatmap' });
  private readonly filterField = h('vscode-textfield', { attributes: { placeholder: 'Filter vulnerabilities', 'aria-label': 'Filter vulnerabilities' } }) as ValueElement;
  private readonly clearCellButton = h('vscode-button', { text: 'Show all cells', attributes: { secondary: true, hidden: true } });
  private readonly suggestButton = h('vscode-button', { text: 'Apply suggested order' });
  private readonly status = h('span', { className: 'status', attributes: { 'aria-live': 'polite' } });
  private readonly headerRow = h('div', { className: 'row header', attributes: { role: 'row' } });
  private readonly viewport = h('div', { className: 'viewport', attributes: { tabindex: 0, role: 'rowgroup', 'aria-label': 'Vulnerabilities' } });
  private readonly spacer = h('div', { className: 'spacer' });
  private readonly rowLayer = h('div', { className: 'rows' });
  private readonly detail = h('section', { className: 'detail', attributes: { 'aria-label': 'Selected vulnerability' } });

  constructor(private readonly root: HTMLElement, private readonly host: Connection) {}

  start(): void {
    performance.mark('risk:script-started');
    this.restore();
    this.layout();
    this.host.onMessage((message) => this.receive(message));
    this.host.post({ type: 'ready' });
  }

  private restore(): void {
    const saved = this.host.restoreState();
    if (!saved) {
      return;
    }
    if (COLUMN_IDS.includes(saved.sort?.column as ColumnId)) {
      this.sort = { column: saved.sort.column as ColumnId, descending: saved.sort.descending === true };
    }
    this.filter = typeof saved.filter === 'string' ? saved.filter : '';
    this.cell = saved.cell && IMPACTS.includes(saved.cell.impact) && LIKELIHOODS.includes(saved.cell.likelihood) ? saved.cell : null;
    this.scrollTop = typeof saved.scrollTop === 'number' ? saved.scrollTop : 0;
    this.selectedId = typeof saved.selectedId === 'string' ? saved.selectedId : null;
  }

  private save(): void {
    if (!this.state) {
      return;
    }
    this.host.saveState({
      documentUri: this.state.documentUri,
      sort: this.sort,
      filter: this.filter,
      cell: this.cell,
      scrollTop: this.scrollTop,
      selectedId: this.selectedId
    });
  }

  private layout(): void {
    this.filterField.value = this.filter;
    this.filterField.addEventListener('input', () => {
      this.filter = this.filterField.value;
      this.refresh();
    });
    this.clearCellButton.addEventListener('click', () => this.toggleCell(null));
    this.suggestButton.addEventListener('click', () => this.send({ type: 'applySuggestedOrder' }));

    for (const column of COLUMN_IDS) {
      const button = h('button', { className: `cell col-${column}`, text: COLUMN_LABELS[column], attributes: { type: 'button' } });
      button.addEventListener('click', () => this.sortBy(column));
      this.headerRow.append(h('span', { className: 'cell-wrap', attributes: { role: 'columnheader', 'data-column': column } }, [button]));
    }

    this.spacer.append(this.rowLayer);
    this.viewport.append(this.spacer);
    this.viewport.addEventListener('scroll', () => {
      this.scrollTop = this.viewport.scrollTop;
      this.scheduleRows();
    });
    this.viewport.addEventListener('keydown', (event) => this.onTableKey(event));
    this.viewport.addEventListener('click', (event) => this.onRowClick(event));
    this.viewport.addEventListener('dragstart', (event) => this.onDragStart(event));
    this.viewport.addEventListener('dragover', (event) => event.preventDefault());
    this.viewport.addEventListener('drop', (event) => this.onDrop(event));

    const grid = h('div', { className: 'grid', attributes: { role: 'grid', 'aria-label': 'Vulnerabilities of the cycle' } }, [this.headerRow, this.viewport]);
    const toolbar = h('div', { className: 'toolbar' }, [this.filterField, this.clearCellButton, this.suggestButton, this.status]);
    const top = h('div', { className: 'top' }, [
      h('section', { className: 'heatmap-section', attributes: { 'aria-label': 'Risk matrix' } }, [h('h2', { text: 'Impact × likelihood' }), this.heatmap]),
      h('section', { className: 'checklist-section' }, [h('h2', { text: 'Checklist' }), this.checklist])
    ]);
    replaceChildren(this.root, [h('header', {}, [this.title, this.file]), this.banner, top, toolbar, grid, this.detail]);
  }

  private receive(message: RiskHostMessage): void {
    switch (message.type) {
      case 'state':
        this.state = message.state;
        this.render();
        // Marks for the e2e tier, which relates long tasks to these phases.
        performance.mark('risk:state-rendered');
        break;
      case 'rows':
        // Rows of a version the page no longer shows are dropped; that version's state has been replaced.
        if (this.state && message.version === this.state.version) {
          this.state.rows.push(...message.rows);
          this.scheduleRefresh();
        }
        break;
      case 'rejected':
        this.rejection = message.reason;
        this.showBanner();
        break;
      case 'applied':
        this.rejection = '';
        this.showBanner();
        break;
    }
  }

  private send(change: DistributiveOmit<Exclude<RiskPageMessage, { type: 'ready' }>, 'requestId' | 'version'>): void {
    if (!this.state) {
      return;
    }
    this.rejection = '';
    this.showBanner();
    this.host.post({ ...change, requestId: this.nextRequestId++, version: this.state.version } as RiskPageMessage);
  }

  private showBanner(): void {
    const text = [...(this.state?.problems ?? []), this.rejection].filter((part) => part !== '').join(' ');
    this.banner.textContent = text;
    setAttribute(this.banner, 'hidden', text === '');
  }

  private render(): void {
    const state = this.state;
    if (!state) {
      return;
    }
    this.title.textContent = state.cycleTitle ? `Prioritize Risks: ${state.cycleTitle}` : 'Prioritize Risks';
    this.file.textContent = state.file;
    this.showBanner();
    this.renderChecklist(state);
    this.refresh();
  }

  /** Refresh once after a burst of `rows` messages instead of once per message. */
  private scheduleRefresh(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => this.refresh(), 30);
  }

  /** Re-filter, re-sort and redraw everything that depends on the rows. */
  private refresh(): void {
    const state = this.state;
    if (!state) {
      return;
    }
    this.visibleRows = sortRows(filterRows(state.rows, this.filter, this.cell), this.sort);
    this.renderHeatmap(state);
    this.renderHeader();
    setAttribute(this.clearCellButton, 'hidden', this.cell === null);
    const loading = state.rows.length < state.totalRows ? ` (loading ${state.rows.length} of ${state.totalRows})` : '';
    this.status.textContent = `${this.visibleRows.length} of ${state.rows.length} vulnerabilities${loading}`;
    this.spacer.style.height = `${this.visibleRows.length * ROW_HEIGHT}px`;
    this.viewport.scrollTop = this.scrollTop;
    this.renderRows();
    this.renderDetail();
    this.save();
    if (state.rows.length === state.totalRows) {
      performance.mark('risk:all-rows-rendered');
    }
  }

  private renderChecklist(state: RiskViewState): void {
    replaceChildren(
      this.checklist,
      state.checklist.map((item) => {
        const box = h('vscode-checkbox', { attributes: { disabled: true } }) as CheckboxElement;
        box.checked = item.done;
        box.label = item.label;
        let note = 'condition not met';
        if (item.done) {
          note = 'done';
        } else if (item.conditionMet) {
          note = 'condition met, not yet checked';
        }
        return h('li', {}, [box, h('span', { className: 'note', text: note })]);
      })
    );
  }

  private renderHeatmap(state: RiskViewState): void {
    const counts = countCells(state.rows);
    const header = h('tr', {}, [h('th', { text: 'Impact \\ likelihood', attributes: { scope: 'col' } }), ...LIKELIHOODS.map((likelihood) => h('th', { text: likelihood, attributes: { scope: 'col' } }))]);
    const rows = [...IMPACTS.keys()].reverse().map((impactIndex) => {
      const impact = IMPACTS[impactIndex];
      const cells = LIKELIHOODS.map((likelihood, likelihoodIndex) => {
        const level = state.matrix[impactIndex]?.[likelihoodIndex] ?? 'low';
        const count = counts[impactIndex][likelihoodIndex];
        const pressed = this.cell?.impact === impact && this.cell.likelihood === likelihood;
        const button = h('button', {
          className: `heat risk-${level}`,
          text: String(count),
          attributes: {
            type: 'button',
            'aria-pressed': pressed ? 'true' : 'false',
            'data-level': level,
            'aria-label': `Impact ${impact}, likelihood ${likelihood}: ${count} vulnerabilities, risk ${level}`,
            title: `risk ${level}`
          }
        });
        button.addEventListener('click', () => this.toggleCell(pressed ? null : { impact, likelihood }));
        return h('td', {}, [button]);
      });
      return h('tr', {}, [h('th', { text: impact, attributes: { scope: 'row' } }), ...cells]);
    });
    replaceChildren(this.heatmap, [h('thead', {}, [header]), h('tbody', {}, rows)]);
  }

  private toggleCell(cell: CellFilter | null): void {
    this.cell = cell;
    this.scrollTop = 0;
    this.refresh();
  }

  private renderHeader(): void {
    for (const wrap of Array.from(this.headerRow.children)) {
      const column = wrap.getAttribute('data-column');
      let sorted = 'none';
      if (column === this.sort.column) {
        sorted = this.sort.descending ? 'descending' : 'ascending';
      }
      setAttribute(wrap, 'aria-sort', sorted);
    }
  }

  private sortBy(column: ColumnId): void {
    this.sort = { column, descending: this.sort.column === column ? !this.sort.descending : false };
    this.refresh();
  }

  private scheduleRows(): void {
    if (this.renderScheduled) {
      return;
    }
    this.renderScheduled = true;
    requestAnimationFrame(() => {
      this.renderScheduled = false;
      this.renderRows();
      this.save();
    });
  }

  /** Draw only the rows inside the viewport (plus overscan); the spacer keeps the scroll height. */
  private renderRows(): void {
    const range = computeWindow(this.viewport.scrollTop, this.viewport.clientHeight || 400, ROW_HEIGHT, this.visibleRows.length);
    // CSSOM property writes are allowed under a CSP without 'unsafe-inline'; style attributes are not.
    this.rowLayer.style.transform = `translateY(${range.offsetTop}px)`;
    setAttribute(this.viewport, 'aria-activedescendant', this.selectedId !== null && this.visibleRows.some((row) => row.id === this.selectedId) ? rowElementId(this.selectedId) : undefined);
    const needsRationale = new Set(rowsNeedingRationale(this.visibleRows.slice(range.start, range.end), this.suggestedPriorities()));
    const elements: HTMLElement[] = [];
    for (let index = range.start; index < range.end; index++) {
      elements.push(this.renderRow(this.visibleRows[index], index, needsRationale.has(this.visibleRows[index].id)));
    }
    replaceChildren(this.rowLayer, elements);
  }

  private renderRow(row: RiskRow, index: number, needsRationale: boolean): HTMLElement {
    const selected = row.id === this.selectedId;
    const element = h('div', {
      className: `row${selected ? ' selected' : ''}`,
      attributes: { role: 'row', id: rowElementId(row.id), 'aria-rowindex': index + 2, 'aria-selected': selected ? 'true' : 'false', draggable: 'true', 'data-id': row.id }
    });
    for (const column of COLUMN_IDS) {
      element.append(this.renderCell(row, column, needsRationale));
    }
    return element;
  }

  private renderCell(row: RiskRow, column: ColumnId, needsRationale: boolean): HTMLElement {
    const cell = h('span', { className: `cell col-${column}`, attributes: { role: 'gridcell' } });
    switch (column) {
      case 'priority':
        cell.textContent = row.priority === null ? '–' : String(row.priority);
        break;
      case 'id':
        cell.textContent = row.id;
        setAttribute(cell, 'title', row.advisory);
        break;
      case 'title':
        cell.textContent = row.title;
        setAttribute(cell, 'title', row.advisory);
        break;
      case 'system':
        cell.textContent = row.systemName || row.system;
        if (row.criticalFunction) {
          cell.prepend(h('vscode-badge', { text: 'critical', attributes: { title: 'Supports a critical or important function' } }), ' ');
        }
        break;
      case 'component':
        cell.textContent = row.component;
        break;
      case 'baseScore':
        cell.textContent = row.baseScore === null ? '' : `${row.baseScore.toFixed(1)} ${row.severity ?? ''}`.trim();
        break;
      case 'kev':
        if (row.kev) {
          cell.append(h('vscode-badge', { text: 'KEV', attributes: { title: 'In the CISA Known Exploited Vulnerabilities catalog' } }));
        }
        break;
      case 'epss':
        cell.textContent = row.epss === null ? '' : `${(row.epss * 100).toFixed(1)}%`;
        break;
      case 'impact':
        cell.textContent = row.impact ?? '';
        break;
      case 'likelihood':
        cell.textContent = row.likelihood ?? '';
        break;
      case 'risk':
        cell.textContent = row.risk ?? '';
        if (row.risk) {
          cell.classList.add(`risk-${row.risk}`);
        }
        break;
      case 'decision':
        cell.textContent = row.decision ?? '';
        if (row.decision !== null && row.expires) {
          cell.textContent = `${row.decision} until ${row.expires}`;
        }
        break;
      case 'rationale':
        cell.textContent = needsRationale ? 'Rationale required' : row.rationale;
        if (needsRationale) {
          cell.classList.add('missing');
        }
        break;
      case 'controls':
        cell.textContent = row.controls.join(', ');
        break;
    }
    return cell;
  }

  private suggestedPriorities(): Map<string, number> {
    return new Map((this.state?.suggestions ?? []).map((suggestion) => [suggestion.id, suggestion.priority]));
  }

  private select(id: string | null, reveal = true): void {
    this.selectedId = id;
    if (id !== null && reveal) {
      const index = this.visibleRows.findIndex((row) => row.id === id);
      if (index >= 0) {
        this.viewport.scrollTop = scrollTopToReveal(index, this.viewport.scrollTop, this.viewport.clientHeight, ROW_HEIGHT);
        this.scrollTop = this.viewport.scrollTop;
      }
    }
    this.renderRows();
    this.renderDetail();
    this.save();
  }

  private onRowClick(event: MouseEvent): void {
    const rowElement = (event.target as Element).closest('.row');
    const id = rowElement?.getAttribute('data-id');
    if (id) {
      this.select(id, false);
    }
  }

  /**
   * Keyboard of the table: Up/Down/Home/End/PageUp/PageDown move the selection,
   * Alt+Up/Down move the selected vulnerability in the priority order, Enter moves focus
   * to its editor.
   */
  private onTableKey(event: KeyboardEvent): void {
    if (this.visibleRows.length === 0) {
      return;
    }
    const index = Math.max(this.visibleRows.findIndex((row) => row.id === this.selectedId), -1);
    const page = Math.max(Math.floor(this.viewport.clientHeight / ROW_HEIGHT) - 1, 1);
    const selectAt = (target: number) => this.select(this.visibleRows[Math.min(Math.max(target, 0), this.visibleRows.length - 1)].id);

    if (event.altKey && (event.key === 'ArrowUp' || event.key === 'ArrowDown') && this.selectedId !== null) {
      this.movePriority(this.selectedId, event.key === 'ArrowUp' ? -1 : 1);
    } else if (event.key === 'ArrowDown') {
      selectAt(index + 1);
    } else if (event.key === 'ArrowUp') {
      selectAt(index - 1);
    } else if (event.key === 'Home') {
      selectAt(0);
    } else if (event.key === 'End') {
      selectAt(this.visibleRows.length - 1);
    } else if (event.key === 'PageDown') {
      selectAt(index + page);
    } else if (event.key === 'PageUp') {
      selectAt(index - page);
    } else if (event.key === 'Enter' && this.selectedId !== null) {
      this.detail.querySelector<HTMLElement>('[data-field="priority"]')?.focus();
    } else {
      return;
    }
    event.preventDefault();
  }

  private onDragStart(event: DragEvent): void {
    const id = (event.target as Element).closest('.row')?.getAttribute('data-id') ?? null;
    this.draggedId = id;
    if (id && event.dataTransfer) {
      event.dataTransfer.effectAllowed = 'move';
      event.dataTransfer.setData('text/plain', id);
    }
  }

  private onDrop(event: DragEvent): void {
    event.preventDefault();
    const targetId = (event.target as Element).closest('.row')?.getAttribute('data-id');
    const draggedId = this.draggedId;
    this.draggedId = null;
    if (!this.state || !draggedId || !targetId || draggedId === targetId) {
      return;
    }
    this.sendPriorities(moveOnto(this.state.rows, draggedId, targetId));
  }

  private movePriority(id: string, delta: number): void {
    if (this.state) {
      this.sendPriorities(moveBy(this.state.rows, id, delta));
    }
  }

  private sendPriorities(changes: PriorityChange[]): void {
    if (changes.length > 0) {
      this.send({ type: 'setPriorities', changes });
    }
  }

  private renderDetail(): void {
    const row = this.state?.rows.find((candidate) => candidate.id === this.selectedId);
    if (!row || !this.state) {
      replaceChildren(this.detail, [h('p', { className: 'hint', text: 'Select a vulnerability to set its impact, likelihood, decision, priority, rationale and controls. Alt+Up and Alt+Down move it in the priority order.' })]);
      return;
    }
    const suggestion = this.state.suggestions.find((candidate) => candidate.id === row.id);
    const children: HTMLElement[] = [
      h('h2', { text: `${row.id} ${row.advisory}: ${row.title}` }),
      h('p', { className: 'description', text: row.description })
    ];
    if (suggestion) {
      children.push(
        h('div', { className: 'suggestion' }, [
          h('p', { text: `Suggested priority ${suggestion.priority}${row.priority === suggestion.priority ? ' (as set)' : ''}` }),
          h('ul', {}, suggestion.reasons.map((reason) => h('li', { text: reason })))
        ])
      );
    }

    const fields = h('div', { className: 'fields' }, [
      this.selectField('Impact', 'impact', IMPACTS, row.impact, row.id),
      this.selectField('Likelihood', 'likelihood', LIKELIHOODS, row.likelihood, row.id),
      this.selectField('Decision', 'decision', DECISIONS, row.decision, row.id),
      this.priorityField(row),
      this.expiryField(row)
    ]);
    children.push(fields, this.rationaleField(row, suggestion?.priority), this.controlsField(row));
    replaceChildren(this.detail, children);
  }

  private selectField(label: string, field: 'impact' | 'likelihood' | 'decision', values: readonly string[], current: string | null, id: string): HTMLElement {
    const select = h('vscode-single-select', { attributes: { 'aria-label': label, 'data-field': field } }) as ValueElement;
    select.append(h('vscode-option', { text: '(not set)', attributes: { value: '' } }));
    for (const value of values) {
      select.append(h('vscode-option', { text: value, attributes: { value } }));
    }
    select.value = current ?? '';
    select.addEventListener('change', () => this.setField(id, field, select.value === '' ? null : select.value));
    return h('label', { className: 'field' }, [h('span', { text: label }), select]);
  }

  private priorityField(row: RiskRow): HTMLElement {
    const input = h('vscode-textfield', { attributes: { type: 'number', min: 1, 'aria-label': 'Priority', 'data-field': 'priority' } }) as ValueElement;
    input.value = row.priority === null ? '' : String(row.priority);
    input.addEventListener('change', () => {
      const position = Number.parseInt(input.value, 10);
      if (this.state && Number.isInteger(position) && position >= 1) {
        this.sendPriorities(moveToPosition(this.state.rows, row.id, position));
      }
    });
    input.addEventListener('keydown', (event) => {
      if (event.altKey && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
        event.preventDefault();
        this.movePriority(row.id, event.key === 'ArrowUp' ? -1 : 1);
      }
    });
    const up = h('vscode-button', { text: 'Move up', attributes: { secondary: true } });
    up.addEventListener('click', () => this.movePriority(row.id, -1));
    const down = h('vscode-button', { text: 'Move down', attributes: { secondary: true } });
    down.addEventListener('click', () => this.movePriority(row.id, 1));
    return h('label', { className: 'field' }, [h('span', { text: 'Priority' }), input, up, down]);
  }

  private expiryField(row: RiskRow): HTMLElement {
    const needed = row.decision !== null && DECISIONS_WITH_EXPIRY.includes(row.decision as Decision);
    const input = h('vscode-textfield', { attributes: { type: 'date', 'aria-label': 'Expiry date', 'data-field': 'expires' } }) as ValueElement;
    input.value = row.expires ?? '';
    input.addEventListener('change', () => this.setField(row.id, 'expires', input.value === '' ? null : input.value));
    const note = needed && !row.expires ? h('span', { className: 'missing', text: `Required: ${row.decision} needs an expiry date.` }) : h('span');
    return h('label', { className: `field${needed ? '' : ' muted'}` }, [h('span', { text: 'Expires' }), input, note]);
  }

  private rationaleField(row: RiskRow, suggested: number | undefined): HTMLElement {
    const area = h('vscode-textarea', { attributes: { 'aria-label': 'Rationale', rows: 3, 'data-field': 'rationale' } }) as ValueElement;
    area.value = row.rationale;
    area.addEventListener('change', () => this.setField(row.id, 'rationale', area.value.trim() === '' ? null : area.value));
    const differs = suggested !== undefined && row.priority !== null && suggested !== row.priority;
    const note = differs && row.rationale.trim() === '' ? h('span', { className: 'missing', text: `Required: priority ${row.priority} differs from the suggested ${suggested}.` }) : h('span');
    return h('label', { className: 'field wide' }, [h('span', { text: 'Rationale' }), area, note]);
  }

  private controlsField(row: RiskRow): HTMLElement {
    const area = h('vscode-textarea', { attributes: { 'aria-label': 'Existing controls, one per line', rows: 3, 'data-field': 'controls' } }) as ValueElement;
    area.value = row.controls.join('\n');
    area.addEventListener('change', () => {
      const controls = area.value.split('\n').map((line) => line.trim()).filter((line) => line.length > 0);
      this.send({ type: 'setControls', id: row.id, controls });
    });
    return h('label', { className: 'field wide' }, [h('span', { text: 'Existing controls (one per line)' }), area]);
  }

  private setField(id: string, field: AssessmentField, value: string | null): void {
    this.send({ type: 'setField', id, field, value } as Parameters<RiskPage['send']>[0]);
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function rowElementId(id: string): string {
  return `row-${encodeURIComponent(id)}`;
}
