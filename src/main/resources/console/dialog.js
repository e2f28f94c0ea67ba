// A modal confirmation: a <dialog> whose Cancel button has the focus first, so Enter on an opened
// dialog never confirms a destructive action by accident; Escape closes it too.
import {h} from './dom.js';

/**
 * {id, title, text, confirmLabel} → {element, open(), onConfirm(handler)}; {@code text} may be
 * replaced before opening through {@code setText}. Put {@code element} on the page once.
 */
export function confirmDialog({id, title, text, confirmLabel}) {
  let confirmed = () => {};
  const cancel = h('button', {type: 'button', id: `${id}-cancel`, autofocus: true}, 'Cancel');
  const confirm = h('button', {type: 'button', id: `${id}-confirm`, class: 'danger'}, confirmLabel);
  const paragraph = h('p', {id: `${id}-text`}, text);
  const element = h('dialog', {id: `${id}-dialog`, 'aria-labelledby': `${id}-title`, 'aria-describedby': `${id}-text`},
    h('h2', {id: `${id}-title`}, title),
    paragraph,
    h('div', {class: 'actions'}, cancel, confirm));
  cancel.addEventListener('click', () => element.close());
  confirm.addEventListener('click', () => {
    element.close();
    confirmed();
  });
  return {
    element,
    open: () => element.showModal(),
    setText: (...children) => paragraph.replaceChildren(...children.map((c) => (c instanceof Node ? c : document.createTextNode(String(c))))),
    onConfirm: (handler) => { confirmed = handler; },
  };
}
