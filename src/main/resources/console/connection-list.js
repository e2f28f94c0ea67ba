// The connections: filters (provider, owner, status, tag), a status badge per connection, and paging
// through the cursor. Like the provider list, the filters and the cursor live in the address
// (#/connections?…); an owner or a tag is the application's id, never a secret.
import {call, describe} from './api.js';
import {h, replace, time} from './dom.js';
import {connectForm} from './connect-form.js';

const PAGE_SIZE = 25;
const FILTERS = ['provider_slug', 'owner', 'status', 'tag'];
const STATUSES = {active: 'Active', needs_reauth: 'Needs re-auth', disconnected: 'Disconnected'};

export async function renderConnectionList(view, params) {
  const query = new URLSearchParams();
  for (const name of [...FILTERS, 'cursor']) {
    if (params.get(name)) query.set(name, params.get(name));
  }
  query.set('limit', String(PAGE_SIZE));
  const heading = h('h1', {tabindex: '-1'}, 'Connections');
  let page;
  try {
    page = (await call('GET', `/v1/connections?${query}`)).body;
  } catch (failure) {
    if (!view.stale()) replace(view.main, heading, filterForm(params), h('p', {class: 'error', role: 'alert'}, describe(failure)));
    return;
  }
  if (view.stale()) return;
  replace(view.main,
    heading,
    filterForm(params),
    h('p', {id: 'connection-count', role: 'status'}, page.data.length
      ? `This page shows ${page.data.length} ${page.data.length === 1 ? 'connection' : 'connections'}${page.meta.next_cursor ? '; there are more' : ''}.`
      : 'No connection matches.'),
    h('ul', {class: 'providers', id: 'connections'}, page.data.map(connectionItem)),
    pager(params, page.meta.next_cursor),
    view.canConnect ? h('section', {'aria-labelledby': 'connect-heading'},
      h('h2', {id: 'connect-heading'}, 'Connect an account'),
      connectForm({slug: null, disabledReason: null, onConnected: () => {}})) : null);
}

function filterForm(params) {
  const text = (name, label, hint) => h('div', {class: 'field'},
    h('label', {for: `filter-${name}`}, label),
    h('input', {id: `filter-${name}`, name, value: params.get(name) || '', autocomplete: 'off', spellcheck: 'false',
      maxlength: 400, placeholder: hint}));
  const form = h('form', {class: 'filters', role: 'search', novalidate: true},
    text('provider_slug', 'Provider', 'slug, e.g. github'),
    text('owner', 'Owner', 'exactly'),
    h('div', {class: 'field'},
      h('label', {for: 'filter-status'}, 'Status'),
      h('select', {id: 'filter-status', name: 'status'},
        [['', 'Any'], ...Object.entries(STATUSES)].map(([value, label]) =>
          h('option', {value, selected: (params.get('status') || '') === value}, label)))),
    text('tag', 'Tag', 'key:value'),
    h('div', {class: 'actions'}, h('button', {type: 'submit'}, 'Filter')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const name of FILTERS) {
      const value = form.elements[name].value.trim();
      if (value) next.set(name, value);
    }
    location.hash = `#/connections${next.size ? `?${next}` : ''}`;
  });
  return form;
}

function connectionItem(connection) {
  const tags = Object.entries(connection.tags);
  return h('li', {class: 'provider connection', 'data-id': connection.id},
    h('div', {class: 'provider-head'},
      h('a', {href: `#/connections/${encodeURIComponent(connection.id)}`, class: 'owner'}, connection.owner),
      statusBadge(connection.status)),
    h('p', {class: 'meta'}, `${connection.provider_slug} · `, expiry(connection)),
    tags.length ? h('ul', {class: 'tags'}, tags.map(([key, value]) => h('li', {}, `${key}: ${value}`))) : null,
    connection.last_error ? h('p', {class: 'error'}, `Last error: ${connection.last_error.code}, `, time(connection.last_error.at)) : null);
}

/** Active, needs re-auth or disconnected; in words, not by colour alone. */
export function statusBadge(status) {
  const kind = status === 'active' ? 'ok' : status === 'needs_reauth' ? 'failed' : 'off';
  return h('span', {class: `badge ${kind}`}, STATUSES[status] || status);
}

/** When the current access token expires, in a phrase. */
export function expiry(connection) {
  if (connection.status === 'disconnected') return 'tokens destroyed';
  if (!connection.expires_at) return 'the token does not expire';
  return h('span', {}, 'token expires ', time(connection.expires_at));
}

function pager(params, nextCursor) {
  const links = [];
  if (params.get('cursor')) {
    const first = new URLSearchParams(params);
    first.delete('cursor');
    links.push(h('a', {href: `#/connections${first.size ? `?${first}` : ''}`}, 'First page'));
  }
  if (nextCursor) {
    const next = new URLSearchParams(params);
    next.set('cursor', nextCursor);
    links.push(h('a', {href: `#/connections?${next}`, rel: 'next'}, 'Next page'));
  }
  return links.length ? h('nav', {class: 'pager', 'aria-label': 'Pages'}, links) : null;
}
