// One connection: who it belongs to, its state and token expiry (never a token), Reconnect for one
// that needs re-authorization, Disconnect after a confirmation, and its history.
import {ApiError, call, describe} from './api.js';
import {h, replace, time} from './dom.js';
import {expiry, statusBadge} from './connection-list.js';
import {connectInPopup} from './connect-popup.js';
import {confirmDialog} from './dialog.js';
import {auditList} from './audit-list.js';

export async function renderConnectionPage(view, id) {
  let connection;
  try {
    connection = (await call('GET', path(id))).body.data;
  } catch (failure) {
    if (view.stale()) return;
    const text = failure instanceof ApiError && (failure.status === 404 || failure.status === 400)
      ? 'There is no such connection.' : describe(failure);
    replace(view.main, backLink(), h('h1', {tabindex: '-1'}, 'Connection'), h('p', {class: 'error', role: 'alert'}, text));
    return;
  }
  if (!view.stale()) draw(view, connection);
}

function path(id) {
  return `/v1/connections/${encodeURIComponent(id)}`;
}

function draw(view, connection, notice) {
  const message = h('p', {id: 'connection-message', class: 'notice', role: 'status', tabindex: '-1'}, notice || '');
  const alert = h('p', {id: 'connection-alert', class: 'error', role: 'alert'});
  const note = view.canConnect ? null : h('p', {id: 'connection-note', class: 'note'},
    'Your key has the read scope: it can look at connections but not connect or disconnect them.');
  const reason = note ? 'connection-note' : null;
  const reconnect = connection.status === 'needs_reauth' && connection.auth_type === 'oauth2'
    ? h('button', {type: 'button', id: 'reconnect', disabled: !view.canConnect, 'aria-describedby': reason}, 'Reconnect…')
    : null;
  const disconnect = connection.status === 'disconnected' ? null
    : h('button', {type: 'button', id: 'disconnect', class: 'danger', disabled: !view.canConnect, 'aria-describedby': reason},
      'Disconnect…');
  const dialog = confirmDialog({id: 'disconnect', title: `Disconnect ${connection.owner}?`,
    text: `Patchbay revokes the grant at ${connection.provider_slug} where it can and destroys the tokens. `
      + 'The application can no longer act as this account until the user connects again.',
    confirmLabel: 'Disconnect'});
  const fresh = (text) => async () => {
    const again = (await call('GET', path(connection.id))).body.data;
    if (view.stale()) return;
    draw(view, again, text);
    view.main.querySelector('#connection-message').focus();
  };
  const failed = (failure) => {
    alert.textContent = failure instanceof ApiError || failure instanceof TypeError ? describe(failure) : failure.message;
    [reconnect, disconnect].forEach((button) => { if (button) button.disabled = false; });
  };

  reconnect?.addEventListener('click', () => {
    alert.textContent = '';
    reconnect.disabled = true;
    message.textContent = 'Waiting for the provider\'s consent in the popup window…';
    connectInPopup({slug: connection.provider_slug, owner: connection.owner, connectionId: connection.id})
      .then(fresh('Reconnected: the connection has new tokens.'))
      .catch((failure) => {
        message.textContent = '';
        failed(failure);
      });
  });
  disconnect?.addEventListener('click', () => dialog.open());
  dialog.onConfirm(async () => {
    alert.textContent = '';
    disconnect.disabled = true;
    try {
      await call('DELETE', path(connection.id));
      await fresh('Disconnected: the tokens are destroyed.')();
    } catch (failure) {
      failed(failure);
    }
  });

  const row = (term, ...value) => [h('dt', {}, term), h('dd', {}, ...value)];
  const tags = Object.entries(connection.tags);
  replace(view.main,
    backLink(),
    h('h1', {tabindex: '-1'}, connection.owner),
    h('p', {}, statusBadge(connection.status), ` at ${connection.provider_slug}`),
    h('dl', {class: 'facts', id: 'connection-facts'},
      row('Id', h('code', {}, connection.id)),
      row('Provider', view.canReadProviders
        ? h('a', {href: `#/providers/${encodeURIComponent(connection.provider_slug)}`}, connection.provider_slug)
        : connection.provider_slug),
      row('Owner', connection.owner),
      row('Tags', tags.length ? h('ul', {class: 'tags'}, tags.map(([key, value]) => h('li', {}, `${key}: ${value}`))) : 'none'),
      row('Auth type', connection.auth_type),
      row('Scopes', connection.scopes.length ? connection.scopes.join(' ') : 'none'),
      row('Expiry', expiry(connection)),
      row('Last refreshed', connection.last_refreshed_at ? time(connection.last_refreshed_at) : 'never'),
      row('Last error', connection.last_error
        ? h('span', {id: 'last-error'}, `${connection.last_error.code}, `, time(connection.last_error.at)) : 'none'),
      row('Created', time(connection.created_at)),
      row('Updated', time(connection.updated_at))),
    note,
    h('div', {class: 'actions'}, reconnect, disconnect),
    message, alert,
    view.canReadAudit ? auditList({connection_id: connection.id}) : null,
    dialog.element);
}

function backLink() {
  return h('p', {class: 'crumbs'}, h('a', {href: '#/connections'}, '← All connections'));
}
