/**
 * DOM building for webview pages. Text goes in through `textContent` only, and attributes
 * through `setAttribute` with a deny-list for event handlers and inline styles, so data
 * from a cycle file can never become markup or script.
 */

export interface ElementOptions {
  className?: string;
  text?: string;
  attributes?: Record<string, string | number | boolean | undefined>;
}

/** Attribute names that would run script, load a resource or need an inline-style CSP exception. */
const FORBIDDEN_ATTRIBUTE = /^(on|style$|src$|href$|srcdoc$|formaction$|action$|xlink:href$)/i;

/** Set an attribute; `false` and `undefined` remove it, `true` sets it empty. */
export function setAttribute(element: Element, name: string, value: string | number | boolean | undefined): void {
  if (FORBIDDEN_ATTRIBUTE.test(name)) {
    throw new Error(`Attribute ${name} is not allowed on webview elements.`);
  }
  if (value === false || value === undefined) {
    element.removeAttribute(name);
  } else {
    element.setAttribute(name, value === true ? '' : String(value));
  }
}

/** Create an element with optional class, text and attributes, then append the children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options?: ElementOptions,
  children?: (Node | string)[]
): HTMLElementTagNameMap[K];
export function h(tag: string, options?: ElementOptions, children?: (Node | string)[]): HTMLElement;
export function h(tag: string, options: ElementOptions = {}, children: (Node | string)[] = []): HTMLElement {
  const element = document.createElement(tag);
  if (options.className) {
    element.className = options.className;
  }
  if (options.text !== undefined) {
    element.textContent = options.text;
  }
  for (const [name, value] of Object.entries(options.attributes ?? {})) {
    setAttribute(element, name, value);
  }
  for (const child of children) {
    element.append(child);
  }
  return element;
}

/** Replace all children of `parent`. `append` with strings creates text nodes, never markup. */
export function replaceChildren(parent: Element, children: (Node | string)[]): void {
  parent.replaceChildren(...children);
}
