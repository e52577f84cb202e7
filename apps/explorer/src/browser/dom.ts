/** Tiny DOM helpers: the page is plain HTML built with textContent only (no innerHTML, so no injection from graph data). */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`index.html lacks #${id}`);
  return found as T;
}

export interface ElProps {
  text?: string;
  className?: string;
  attrs?: Record<string, string>;
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: ElProps = {}, children: (Node | string)[] = []): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.text !== undefined) node.textContent = props.text;
  if (props.className) node.className = props.className;
  for (const [k, v] of Object.entries(props.attrs ?? {})) node.setAttribute(k, v);
  for (const child of children) node.append(child);
  return node;
}

export function button(text: string, testId: string, onClick: () => void): HTMLButtonElement {
  const b = el('button', { text, attrs: { type: 'button', 'data-testid': testId } });
  b.addEventListener('click', onClick);
  return b;
}
