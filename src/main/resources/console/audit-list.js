// A provider's or a connection's audit events, newest first: who changed what (field names only), when.
import {ApiError, call, describe} from './api.js';
import {h, replace, time} from './dom.js';

const ACTIONS = {'provider.setup': 'Set up', 'provider.updated': 'Updated', 'provider.reset': 'Reset',
  'provider.verified': 'Verified', 'connection.created': 'Connected', 'connection.reauthorized': 'Reconnected',
  'connection.refresh_failed': 'Refresh refused', 'connection.deleted': 'Disconnected',
  'connection.disconnected': 'Disconnected'};

/** A section that fills itself with the events {@code filter} selects ({provider_slug} or {connection_id}), twenty at a time. */
export function auditList(filter) {
  const list = h('ol', {id: 'audit-events', class: 'audit'});
  const more = h('div', {class: 'actions'});
  const status = h('p', {class: 'help', role: 'status'}, 'Loading changes…');
  const section = h('section', {'aria-labelledby': 'audit-heading'},
    h('h2', {id: 'audit-heading'}, 'Changes'), status, list, more);
  load(filter, null, list, more, status);
  return section;
}

async function load(filter, cursor, list, more, status) {
  const query = new URLSearchParams({...filter, limit: '20'});
  if (cursor) query.set('cursor', cursor);
  try {
    const {data, meta} = (await call('GET', `/v1/admin/audit-events?${query}`)).body;
    data.forEach((event) => list.append(item(event)));
    status.textContent = list.children.length ? '' : 'No changes yet.';
    replace(more, meta.next_cursor
      ? h('button', {type: 'button', on: {click: () => load(filter, meta.next_cursor, list, more, status)}}, 'Show older changes')
      : null);
  } catch (failure) {
    if (failure instanceof ApiError && failure.status === 401) return; // signed out already
    status.textContent = describe(failure);
  }
}

function item(event) {
  const fields = event.changed_fields.length ? ` — ${event.changed_fields.join(', ')}` : '';
  const revision = event.revision === null ? '' : `, revision ${event.revision}`;
  const disconnected = event.connections_disconnected ? `, ${event.connections_disconnected} connections disconnected` : '';
  return h('li', {'data-revision': event.revision},
    time(event.occurred_at), ' ',
    h('strong', {}, ACTIONS[event.action] || event.action),
    ` by ${event.actor}${revision}${disconnected}${fields}`);
}
