// Builds elements from data. Text goes in as text nodes only, never parsed as HTML: the page's
// Trusted Types policy would refuse an HTML string anyway.

/**
 * h('p', {class: 'help', id: 'x'}, 'text', child) — attributes are set as strings; 'on' takes
 * event handlers; null, undefined and false children are skipped.
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'on') {
      for (const [event, handler] of Object.entries(value)) element.addEventListener(event, handler);
    } else if (value === true) {
      element.setAttribute(name, '');
    } else if (value !== false && value !== null && value !== undefined) {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

export function append(parent, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Replaces everything in {@code parent} with {@code children}. */
export function replace(parent, ...children) {
  parent.replaceChildren();
  return append(parent, children);
}

/** A link to an external page, only for http(s) addresses: a javascript: URL must never become a link. */
export function externalLink(url, text) {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'https:' || parsed.protocol === 'http:') {
      return h('a', {href: parsed.href, rel: 'noopener noreferrer', target: '_blank'}, text);
    }
  } catch (ignored) {
    // not a URL: shown as text below
  }
  return h('span', {}, url);
}

/** A date-time from the API in the reader's locale, in a <time> that keeps the exact value. */
export function time(iso) {
  const date = new Date(iso);
  const shown = Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
  return h('time', {datetime: iso}, shown);
}
