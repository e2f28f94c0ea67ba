// The sign-in form: a key pasted once, checked against /v1/admin/me, then kept for this tab only.
import {ApiError, call, describe, session} from './api.js';
import {h, replace} from './dom.js';

/** Shows the form in {@code main}; {@code signedIn(me)} runs once a key is accepted. */
export function renderSignIn(main, signedIn, notice) {
  const input = h('input', {id: 'api-key', name: 'api-key', type: 'password', autocomplete: 'off',
    spellcheck: 'false', required: true, 'aria-describedby': 'api-key-help sign-in-error'});
  const error = h('p', {id: 'sign-in-error', class: 'error', role: 'alert'}, notice || '');
  const button = h('button', {type: 'submit'}, 'Sign in');
  const form = h('form', {class: 'card narrow', novalidate: true},
    h('label', {for: 'api-key'}, 'API key'),
    input,
    h('p', {id: 'api-key-help', class: 'help'},
      'Kept in this browser tab only, until you sign out or close the tab. ',
      'The first start of the service printed one; create another with ',
      h('code', {}, 'bin/patchbay keys create --name NAME'), '.'),
    h('div', {class: 'actions'}, button),
    error);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const key = input.value.trim();
    if (!key) {
      error.textContent = 'Paste an API key first.';
      input.focus();
      return;
    }
    button.disabled = true;
    error.textContent = '';
    try {
      const me = (await call('GET', '/v1/admin/me', {key})).body.data;
      input.value = '';
      session.remember(key);
      signedIn(me);
    } catch (failure) {
      error.textContent = message(failure);
      input.select();
    } finally {
      button.disabled = false;
    }
  });
  replace(main, h('h1', {tabindex: '-1'}, 'Sign in to the Patchbay console'), form);
  input.focus();
}

function message(failure) {
  if (failure instanceof ApiError && failure.status === 401) return 'That key is unknown or revoked.';
  if (failure instanceof ApiError && failure.status === 429) {
    return `Too many wrong keys from this address; try again in ${failure.retryAfter || 'a few'} seconds.`;
  }
  return describe(failure);
}
