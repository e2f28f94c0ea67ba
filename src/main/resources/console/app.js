// Entry point: keeps track of who is signed in and sends each #/… address to its view.
//   #/                                                                  the overview
//   #/providers?q=…&auth_type=…&category=…&setup_complete=…&cursor=…  the provider list
//   #/providers/{slug}                                                  one provider
//   #/connections?provider_slug=…&owner=…&status=…&tag=…&cursor=…      the connection list
//   #/connections/{id}                                                  one connection
//   #/webhooks                                                          webhook endpoints and deliveries
import {call, session, whenUnauthorized} from './api.js';
import {renderSignIn} from './sign-in.js';
import {renderProviderList} from './provider-list.js';
import {renderProviderPage} from './provider-page.js';
import {renderOverview} from './overview.js';
import {renderConnectionList} from './connection-list.js';
import {renderConnectionPage} from './connection-page.js';

// What each scope's key may do, as the API's key filter allows it; the page only mirrors that.
const SCOPES = {
  admin: {label: 'admin', readsProviders: true, changesSetups: true, connects: true},
  read: {label: 'read only', readsProviders: true, changesSetups: false, connects: false},
  connect: {label: 'connect: connections only', readsProviders: false, changesSetups: false, connects: true},
};
import {renderWebhookList} from './webhook-list.js';

const main = document.getElementById('main');
const sessionBar = document.getElementById('session');
const who = document.getElementById('who');
const nav = document.getElementById('nav');
let me = null;
let navigation = 0; // a view that finishes after a newer navigation began draws nothing

document.getElementById('sign-out').addEventListener('click', () => signOut());
whenUnauthorized(() => signOut('Your key is no longer accepted; sign in again.'));
window.addEventListener('hashchange', () => route());
route();

function signOut(notice) {
  navigation++; // whatever was loading is for the signed-out user: drop it
  session.forget();
  me = null;
  sessionBar.hidden = true;
  nav.hidden = true;
  who.textContent = '';
  renderSignIn(main, signedIn, notice);
}

function signedIn(identity) {
  me = identity;
  const scope = SCOPES[me.scope] || SCOPES.read;
  who.textContent = `${me.name} (${scope.label})`;
  sessionBar.hidden = false;
  nav.hidden = false;
  // A connect key may not read providers or the audit log: its console is the connections.
  nav.querySelectorAll('[data-needs=providers]').forEach((item) => { item.hidden = !scope.readsProviders; });
  // Webhook endpoints are an administrator's matter (the API answers 403 to other keys).
  nav.querySelectorAll('[data-needs=admin]').forEach((item) => { item.hidden = !scope.changesSetups; });
  route();
}

async function route() {
  if (!session.key()) {
    signOut();
    return;
  }
  if (!me) {
    try {
      signedIn((await call('GET', '/v1/admin/me')).body.data);
    } catch (failure) {
      signOut('Sign in again: the key of this tab could not be checked.');
    }
    return;
  }
  const [path, query = ''] = location.hash.replace(/^#/, '').split('?');
  const ticket = ++navigation;
  const scope = SCOPES[me.scope] || SCOPES.read;
  const view = {readOnly: !scope.changesSetups, canConnect: scope.connects, canReadProviders: scope.readsProviders,
    canReadAudit: scope.readsProviders, canReadConnections: true, main, stale: () => ticket !== navigation};
  const home = scope.readsProviders ? '#/' : '#/connections';
  markCurrent(path);
  if (scope.readsProviders && path.startsWith('/providers/') && path.length > '/providers/'.length) {
    await renderProviderPage(view, decodeURIComponent(path.slice('/providers/'.length)));
  } else if (scope.readsProviders && path === '/providers') {
    await renderProviderList(view, new URLSearchParams(query));
  } else if (scope.readsProviders && path === '/') {
    await renderOverview(view);
  } else if (path.startsWith('/connections/') && path.length > '/connections/'.length) {
    await renderConnectionPage(view, decodeURIComponent(path.slice('/connections/'.length)));
  } else if (path === '/connections') {
    await renderConnectionList(view, new URLSearchParams(query));
  } else if (scope.changesSetups && path === '/webhooks') {
    await renderWebhookList(view);
  } else {
    location.replace(home);
    return;
  }
  if (!view.stale()) main.querySelector('h1')?.focus();
}

/** Marks the navigation entry of the section {@code path} is in, for screen readers and the eye. */
function markCurrent(path) {
  for (const link of nav.querySelectorAll('a')) {
    const section = new URL(link.href).hash.replace(/^#/, '');
    const current = section === '/' ? path === '/' : path === section || path.startsWith(`${section}/`);
    if (current) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}
