// Tiny DOM helpers. Text is always set with textContent: nothing the engine or the resident
// supplies is ever parsed as HTML.

/**
 * Creates an element.
 * @param {string} tag
 * @param {Record<string, unknown>} [attrs] attributes; `on*` keys add listeners; `class` sets className
 * @param {...(Node|string|null|undefined|false)} children strings become text nodes
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Creates an SVG element. */
export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function setAttrs(el, attrs) {
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.setAttribute('class', String(v));
    else if (k === 'checked' || k === 'selected' || k === 'value') el[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'string' ? document.createTextNode(c) : c);
  }
}

/**
 * A `<details>` whose content is built when it is first opened: a long list folded away (the
 * programs a household does not qualify for) costs the results nothing until it is asked for.
 */
export function lazyDetails({ print, ...attrs }, summary, build) {
  const el = h('details', attrs, summary);
  let built = false;
  const make = () => {
    if (built) return;
    built = true;
    append(el, [build()]);
  };
  el.addEventListener('toggle', () => { if (el.open) make(); });
  if (print) forPrint.set(el, make);
  return el;
}

/** Folds a printout shows (open or not): built before printing. */
const forPrint = new WeakMap();

/** Builds every fold a printout shows within `root` (a `beforeprint` listener calls it). */
export function buildForPrint(root) {
  for (const el of root.querySelectorAll('details')) forPrint.get(el)?.();
}

/** Replaces an element's children. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

let uid = 0;
/** A page-unique id for label/aria wiring. */
export function nextId(prefix = 'hm') {
  uid += 1;
  return `${prefix}-${uid}`;
}
