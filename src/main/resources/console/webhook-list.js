// Webhook endpoints (never their secrets) and each one's recent deliveries, read only. Managing
// endpoints stays with the API: creating one shows its secret once, which a console tab should not hold.
import {ApiError, call, describe} from './api.js';
import {h, replace, time} from './dom.js';

const ENDPOINTS = '/v1/admin/webhook-endpoints';
const RECENT = 10;

export async function renderWebhookList(view) {
  let endpoints;
  try {
    endpoints = (await call('GET', ENDPOINTS)).body.data;
  } catch (failure) {
    if (failure instanceof ApiError && failure.status === 401) return; // signed out already
    if (!view.stale()) {
      replace(view.main, h('h1', {tabindex: '-1'}, 'Webhooks'),
        h('p', {class: 'error', role: 'alert'}, failure instanceof ApiError && failure.status === 403
          ? 'Webhook endpoints need an admin key.' : describe(failure)));
    }
    return;
  }
  if (view.stale()) return;
  replace(view.main,
    h('h1', {tabindex: '-1'}, 'Webhooks'),
    h('p', {class: 'help'}, 'Endpoints are added, rotated and deleted through the API (/v1/admin/webhook-endpoints).'),
    endpoints.length
      ? h('ul', {id: 'webhook-endpoints', class: 'webhooks'}, endpoints.map(endpointItem))
      : h('p', {id: 'webhook-endpoints-empty', role: 'status'}, 'No webhook endpoints yet.'));
}

function endpointItem(endpoint) {
  const deliveries = h('ol', {class: 'deliveries', 'aria-label': `Recent deliveries to ${endpoint.url}`});
  const status = h('p', {class: 'help', role: 'status'}, 'Loading deliveries…');
  const item = h('li', {class: 'webhook', 'data-endpoint-id': endpoint.id},
    h('h2', {}, endpoint.url),
    endpoint.description ? h('p', {}, endpoint.description) : null,
    h('p', {class: 'help'}, `Events: ${endpoint.events.join(', ')}`),
    status, deliveries);
  loadDeliveries(endpoint.id, deliveries, status);
  return item;
}

async function loadDeliveries(id, list, status) {
  try {
    const {data} = (await call('GET', `${ENDPOINTS}/${encodeURIComponent(id)}/deliveries?limit=${RECENT}`)).body;
    replace(list, data.map(deliveryItem));
    status.textContent = data.length ? '' : 'No deliveries yet.';
  } catch (failure) {
    if (failure instanceof ApiError && failure.status === 401) return;
    status.textContent = describe(failure);
  }
}

function deliveryItem(delivery) {
  const answer = delivery.last_status !== null ? `HTTP ${delivery.last_status}` : (delivery.last_error || 'not tried yet');
  return h('li', {class: 'delivery', 'data-status': delivery.status, 'data-event-id': delivery.event_id},
    time(delivery.created_at), ' ',
    h('strong', {}, delivery.event_type), ` (${delivery.subject}) — `,
    h('span', {class: 'delivery-status'}, delivery.status),
    `, ${delivery.attempts} attempt${delivery.attempts === 1 ? '' : 's'}, last: ${answer}`,
    delivery.status === 'pending' && delivery.next_attempt_at ? [', next: ', time(delivery.next_attempt_at)] : null);
}
