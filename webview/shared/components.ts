/**
 * The vscode-elements components the pages use, registered as custom elements. Only these
 * modules are bundled; importing the package root would pull in every component.
 */
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';

/** The value-carrying surface shared by vscode-single-select, vscode-textfield and vscode-textarea. */
export interface ValueElement extends HTMLElement {
  value: string;
  disabled: boolean;
}

export interface CheckboxElement extends HTMLElement {
  checked: boolean;
  disabled: boolean;
  label: string;
}
