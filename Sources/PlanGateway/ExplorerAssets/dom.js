// Small DOM helpers: elements are built with h(), never from HTML strings, so that the
// document's text is always shown as text.

/** An element `tag` with attributes (`class`, `on…` handlers, others as attributes) and children. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") {
      element.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (name === "class") {
      element.className = value;
    } else if (name === "dataset") {
      Object.assign(element.dataset, value);
    } else {
      element.setAttribute(name, value === true ? "" : String(value));
    }
  }
  append(element, children);
  return element;
}

/** Appends children (strings, numbers, nodes, arrays of them; null and undefined skipped). */
export function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** Replaces the content of `element` with `children`. */
export function replace(element, ...children) {
  element.replaceChildren();
  return append(element, children);
}

/** A table wrapped so that it scrolls sideways on a narrow screen. */
export function scroller(table, label) {
  return h("div", { class: "scroll", role: "region", "aria-label": label, tabindex: "0" }, table);
}
