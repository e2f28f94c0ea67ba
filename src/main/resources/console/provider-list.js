// The provider list: search, filters, a status badge per provider, and paging through the cursor.
// Filters and the cursor live in the address (#/providers?…), so back and forward work and a view
// can be bookmarked; no key or secret is ever part of it.
import {PROVIDERS, call, describe} from './api.js';
import {h, replace} from './dom.js';
import {LOGOS} from './logos.js';

const PAGE_SIZE = 25;
const AUTH_TYPES = ['oauth2', 'api_key', 'basic', 'none'];
const FILTERS = ['q', 'auth_type', 'category', 'setup_complete', 'last_verification'];
// The State select sets setup_complete, or last_verification for this value of its own.
const VERIFICATION_FAILED = 'verification-failed';
let categories = null; // every category in the catalog, read once per page load

export async function renderProviderList(view, params) {
  const query = new URLSearchParams();
  for (const name of [...FILTERS, 'cursor']) {
    if (params.get(name)) query.set(name, params.get(name));
  }
  query.set('limit', String(PAGE_SIZE));
  let page;
  try {
    [page] = await Promise.all([call('GET', `${PROVIDERS}?${query}`), loadCategories()]);
  } catch (failure) {
    if (!view.stale()) replace(view.main, h('h1', {tabindex: '-1'}, 'Providers'), h('p', {class: 'error', role: 'alert'}, describe(failure)));
    return;
  }
  if (view.stale()) return;
  const {data, meta} = page.body;
  replace(view.main,
    h('h1', {tabindex: '-1'}, 'Providers'),
    filterForm(params),
    h('p', {id: 'result-count', role: 'status'}, summary(data.length, meta.total)),
    h('ul', {class: 'providers', id: 'providers'}, data.map(providerItem)),
    pager(params, meta.next_cursor));
}

async function loadCategories() {
  if (categories) return;
  const found = new Set();
  let cursor = null;
  do {
    const page = (await call('GET', `${PROVIDERS}?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).body;
    page.data.forEach((provider) => found.add(provider.category));
    cursor = page.meta.next_cursor;
  } while (cursor);
  categories = [...found].sort();
}

function filterForm(params) {
  const select = (name, label, options) => h('div', {class: 'field'},
    h('label', {for: `filter-${name}`}, label),
    h('select', {id: `filter-${name}`, name},
      options.map(([value, text]) => h('option', {value, selected: (params.get(name) || '') === value}, text))));
  const form = h('form', {class: 'filters', role: 'search', novalidate: true},
    h('div', {class: 'field grow'},
      h('label', {for: 'filter-q'}, 'Search'),
      h('input', {id: 'filter-q', name: 'q', type: 'search', value: params.get('q') || '',
        placeholder: 'name, slug or description', maxlength: 200})),
    select('auth_type', 'Auth type', [['', 'Any'], ...AUTH_TYPES.map((type) => [type, type])]),
    select('category', 'Category', [['', 'Any'], ...categories.map((category) => [category, category])]),
    stateSelect(params),
    h('div', {class: 'actions'}, h('button', {type: 'submit'}, 'Filter')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const name of FILTERS) {
      const value = form.elements[name]?.value.trim();
      if (value === VERIFICATION_FAILED) next.set('last_verification', 'failed');
      else if (value) next.set(name, value);
    }
    location.hash = `#/providers${next.size ? `?${next}` : ''}`;
  });
  return form;
}

function stateSelect(params) {
  const chosen = params.get('last_verification') === 'failed' ? VERIFICATION_FAILED : (params.get('setup_complete') || '');
  const options = [['', 'Any'], ['true', 'Set up'], ['false', 'Not set up'], [VERIFICATION_FAILED, 'Verification failed']];
  return h('div', {class: 'field'},
    h('label', {for: 'filter-setup_complete'}, 'State'),
    h('select', {id: 'filter-setup_complete', name: 'setup_complete'},
      options.map(([value, text]) => h('option', {value, selected: chosen === value}, text))));
}

function summary(shown, total) {
  if (total === 0) return 'No provider matches.';
  return `${total} ${total === 1 ? 'provider matches' : 'providers match'}; this page shows ${shown}.`;
}

function providerItem(provider) {
  return h('li', {class: 'provider', 'data-slug': provider.provider_slug},
    h('div', {class: 'provider-head'},
      h('span', {class: 'provider-name'}, logo(provider),
        h('a', {href: `#/providers/${encodeURIComponent(provider.provider_slug)}`}, provider.display_name)),
      badge(provider)),
    h('p', {class: 'description'}, provider.description),
    h('p', {class: 'meta'}, `${provider.provider_slug} · ${provider.auth_type} · ${provider.category}`));
}

/** The provider's logo, so people find theirs at a glance; its initial when there is none. */
export function logo(provider) {
  if (LOGOS.has(provider.provider_slug)) {
    return h('img', {class: 'logo', src: `/console/logo-${provider.provider_slug}.svg`,
      alt: `${provider.display_name} logo`, width: 24, height: 24});
  }
  // Drawn by the style sheet from the attribute, so the initial is no text of the page.
  return h('span', {class: 'logo initial', 'aria-hidden': 'true',
    'data-initial': (provider.display_name || '?').charAt(0).toUpperCase()});
}

/** Set up, not set up, or set up but its last verification failed; in words, not by colour alone. */
export function badge(provider) {
  const verification = provider.setup?.last_verification;
  if (provider.setup_complete && verification && !verification.ok) {
    return h('span', {class: 'badge failed'}, 'Verification failed');
  }
  return provider.setup_complete
    ? h('span', {class: 'badge ok'}, 'Set up')
    : h('span', {class: 'badge off'}, 'Not set up');
}

function pager(params, nextCursor) {
  const links = [];
  if (params.get('cursor')) {
    const first = new URLSearchParams(params);
    first.delete('cursor');
    links.push(h('a', {href: `#/providers${first.size ? `?${first}` : ''}`}, 'First page'));
  }
  if (nextCursor) {
    const next = new URLSearchParams(params);
    next.set('cursor', nextCursor);
    links.push(h('a', {href: `#/providers?${next}`, rel: 'next'}, 'Next page'));
  }
  return links.length ? h('nav', {class: 'pager', 'aria-label': 'Pages'}, links) : null;
}
