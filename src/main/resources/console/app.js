// Entry point: keeps track of who is signed in and sends each #/… address to its view.
//   #/providers?q=…&auth_type=…&category=…&setup_complete=…&cursor=…  the provider list
//   #/providers/{slug}                                                  one provider
//   #/webhooks                                                          webhook endpoints and deliveries
import {call, session, whenUnauthorized} from './api.js';
import {renderSignIn} from './sign-in.js';
import {renderProviderList} from './provider-list.js';
import {renderProviderPage} from './provider-page.js';
import {renderWebhookList} from './webhook-list.js';

const main = document.getElementById('main');
const sessionBar = document.getElementById('session');
const who = document.getElementById('who');
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
  who.textContent = '';
  renderSignIn(main, signedIn, notice);
}

function signedIn(identity) {
  me = identity;
  who.textContent = `${me.name} (${me.scope === 'admin' ? 'admin' : 'read only'})`;
  sessionBar.hidden = false;
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
  const view = {readOnly: me.scope !== 'admin', main, stale: () => ticket !== navigation};
  if (path.startsWith('/providers/') && path.length > '/providers/'.length) {
    await renderProviderPage(view, decodeURIComponent(path.slice('/providers/'.length)));
  } else if (path === '/providers') {
    await renderProviderList(view, new URLSearchParams(query));
  } else if (path === '/webhooks') {
    await renderWebhookList(view);
  } else {
    location.replace('#/providers');
    return;
  }
  if (!view.stale()) main.querySelector('h1')?.focus();
}
