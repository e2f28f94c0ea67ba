// The console's first page: which providers are set up and whether they verify, their connections
// by status (a bar per provider), and the latest refresh failures; each entry links to its page.
import {PROVIDERS, call, describe} from './api.js';
import {h, replace, time} from './dom.js';

// Refresh failures are found among this many of the latest audit events (one page of the audit log).
const AUDIT_WINDOW = 500;
const FAILURES_SHOWN = 10;

export async function renderOverview(view) {
  const heading = h('h1', {tabindex: '-1'}, 'Overview');
  let providers;
  let events;
  try {
    [providers, events] = await Promise.all([setUpProviders(), call('GET', `/v1/admin/audit-events?limit=${AUDIT_WINDOW}`)]);
  } catch (failure) {
    if (!view.stale()) replace(view.main, heading, h('p', {class: 'error', role: 'alert'}, describe(failure)));
    return;
  }
  if (view.stale()) return;
  replace(view.main,
    heading,
    providerSection(providers),
    connectionSection(providers),
    failureSection(events.body.data),
    webhookSection(view));
}

// Deliveries that were tried and did not succeed (still retrying, or given up), newest first;
// webhook endpoints are an administrator's matter, so other keys see a note instead.
function webhookSection(view) {
  const list = h('ul', {id: 'overview-webhook-failures', class: 'failures'});
  const status = h('p', {class: 'help', role: 'status'}, view.readOnly ? 'Webhook deliveries need an admin key.' : 'Loading deliveries…');
  if (!view.readOnly) loadFailingDeliveries(list, status);
  return h('section', {id: 'overview-webhooks', 'aria-labelledby': 'webhooks-heading'},
    h('h2', {id: 'webhooks-heading'}, 'Webhook deliveries'), status, list);
}

async function loadFailingDeliveries(list, status) {
  try {
    const endpoints = (await call('GET', '/v1/admin/webhook-endpoints')).body.data;
    const pages = await Promise.all(endpoints.map((endpoint) =>
      call('GET', `/v1/admin/webhook-endpoints/${encodeURIComponent(endpoint.id)}/deliveries?limit=${FAILURES_SHOWN}`)
        .then((page) => page.body.data.map((delivery) => ({endpoint, delivery})))));
    const failing = pages.flat()
      .filter(({delivery}) => delivery.status === 'failed' || (delivery.status === 'pending' && delivery.attempts > 0))
      .sort((a, b) => b.delivery.created_at.localeCompare(a.delivery.created_at))
      .slice(0, FAILURES_SHOWN);
    replace(list, failing.map(({endpoint, delivery}) => h('li', {'data-delivery-id': delivery.id},
      time(delivery.created_at), ' ',
      h('a', {href: '#/webhooks'}, `${delivery.event_type} to ${endpoint.url}`),
      ` — ${delivery.status}, ${delivery.attempts} attempt${delivery.attempts === 1 ? '' : 's'}`,
      delivery.last_status !== null ? `, last HTTP ${delivery.last_status}` : (delivery.last_error ? `, ${delivery.last_error}` : ''))));
    status.textContent = endpoints.length === 0 ? 'No webhook endpoints.'
      : failing.length === 0 ? 'No failing deliveries.' : '';
  } catch (failure) {
    status.textContent = describe(failure);
  }
}

async function setUpProviders() {
  const found = [];
  let cursor = null;
  do {
    const query = new URLSearchParams({setup_complete: 'true', limit: '500'});
    if (cursor) query.set('cursor', cursor);
    const page = (await call('GET', `${PROVIDERS}?${query}`)).body;
    found.push(...page.data);
    cursor = page.meta.next_cursor;
  } while (cursor);
  return found;
}

function providerLink(provider) {
  return h('a', {href: `#/providers/${encodeURIComponent(provider.provider_slug)}`}, provider.display_name);
}

function providerSection(providers) {
  const verified = providers.filter((p) => p.setup.last_verification?.ok === true);
  const failing = providers.filter((p) => p.setup.last_verification?.ok === false);
  return h('section', {'aria-labelledby': 'providers-heading'},
    h('h2', {id: 'providers-heading'}, 'Providers'),
    h('ul', {class: 'stats', id: 'provider-stats'},
      h('li', {}, h('a', {href: '#/providers?setup_complete=true'}, h('strong', {}, String(providers.length)), ' set up')),
      h('li', {}, h('strong', {}, String(verified.length)), ' verified'),
      h('li', {}, h('a', {href: '#/providers?last_verification=failed'}, h('strong', {}, String(failing.length)), ' failing verification'))),
    failing.length ? h('ul', {id: 'failing-providers'}, failing.map((provider) => h('li', {},
      providerLink(provider), ` — ${provider.setup.last_verification.reason}, `, time(provider.setup.last_verification.checked_at)))) : null,
    providers.length ? null : h('p', {}, 'No provider is set up yet. ', h('a', {href: '#/providers'}, 'Choose one to set up.')));
}

function connectionSection(providers) {
  const counted = providers.filter((p) => p.connections && p.connections.active + p.connections.needs_reauth > 0);
  const widest = Math.max(1, ...counted.map((p) => p.connections.active + p.connections.needs_reauth));
  return h('section', {'aria-labelledby': 'by-provider-heading'},
    h('h2', {id: 'by-provider-heading'}, 'Connections by provider'),
    counted.length
      ? h('ul', {class: 'bars', id: 'connection-bars'}, counted.map((provider) => bar(provider, widest)))
      : h('p', {class: 'help'}, 'No provider has connections yet.'),
    h('p', {class: 'help'}, 'Disconnected connections are not counted. ', h('a', {href: '#/connections'}, 'All connections')));
}

/** A stacked bar, its length relative to the busiest provider; the numbers are written out as well. */
function bar(provider, widest) {
  const {active, needs_reauth: needsReauth} = provider.connections;
  const part = (kind, count, label) => {
    const element = h('span', {class: `part ${kind}`, title: `${count} ${label}`});
    element.style.flexGrow = String(count); // CSSOM, which the policy allows, unlike a style attribute
    return count ? element : null;
  };
  const track = h('span', {class: 'track', 'aria-hidden': 'true'}, part('ok', active, 'active'), part('failed', needsReauth, 'needing re-auth'));
  track.style.width = `${Math.max(4, Math.round(100 * (active + needsReauth) / widest))}%`;
  return h('li', {'data-slug': provider.provider_slug},
    h('span', {class: 'bar-label'}, providerLink(provider), ' ',
      h('a', {href: `#/connections?provider_slug=${encodeURIComponent(provider.provider_slug)}`, class: 'bar-counts'},
        `${active} active, ${needsReauth} needing re-auth`)),
    track);
}

function failureSection(events) {
  const failures = events.filter((event) => event.action === 'connection.refresh_failed').slice(0, FAILURES_SHOWN);
  return h('section', {'aria-labelledby': 'failures-heading'},
    h('h2', {id: 'failures-heading'}, 'Recent refresh failures'),
    failures.length
      ? h('ol', {class: 'audit', id: 'refresh-failures'}, failures.map((event) => h('li', {},
        time(event.occurred_at), ' ',
        h('a', {href: `#/connections/${encodeURIComponent(event.connection_id)}`}, `connection ${event.connection_id.slice(0, 8)}…`),
        ` of `, h('a', {href: `#/providers/${encodeURIComponent(event.provider_slug)}`}, event.provider_slug),
        ' needs re-authorization: the provider refused its refresh token.')))
      : h('p', {class: 'help', id: 'refresh-failures'}, `None among the latest ${AUDIT_WINDOW} changes.`));
}
