// "Connect an account": a connect session opened in a popup, whose callback page posts the result
// back. The popup is opened at once on the click (a popup opened after an await is blocked), blank,
// and sent to the session's authorize_url once Patchbay answered. The console sees the session's
// link, never a code, state or token.
import {ApiError, call, describe} from './api.js';

const SESSIONS = '/v1/connect-sessions';
const ERRORS = {
  access_denied: 'Consent was declined at the provider, so nothing was connected.',
  expired: 'The connect session expired before the provider sent the browser back (a session lasts 10 minutes). Start again.',
  exchange_failed: 'The provider did not accept the authorization code. Check the client ID and secret, '
    + 'and that the callback URL below is the one registered with the provider.',
  invalid_state: 'Patchbay did not recognise the provider\'s answer (it was used already or tampered with). Start again.',
};
// The callback page closes its window right after posting: the message may be dispatched a moment
// after the window reads as closed, so a closed window is only taken as "gave up" after this long.
const CLOSED_GRACE_MS = 1000;
const CLOSED_POLL_MS = 400;

/**
 * Runs one flow: {slug, owner, tags?, connectionId?} → a promise of {connectionId} or an Error whose
 * message is a sentence for the page. Must be called from a user's click.
 */
export function connectInPopup({slug, owner, tags, connectionId}) {
  const popup = window.open('about:blank', 'patchbay-connect', 'popup,width=600,height=720');
  if (!popup) {
    return Promise.reject(new Error('The browser blocked the popup. Allow popups for this page and try again.'));
  }
  return start(popup, {slug, owner, tags, connectionId}).catch((error) => {
    popup.close();
    throw error;
  });
}

async function start(popup, {slug, owner, tags, connectionId}) {
  const body = {provider_slug: slug, owner, origin: location.origin};
  if (tags && Object.keys(tags).length) body.tags = tags;
  if (connectionId) body.connection_id = connectionId;
  let session;
  try {
    session = (await call('POST', SESSIONS, {body})).body.data;
  } catch (failure) {
    throw new Error(sessionRefusal(failure));
  }
  const patchbay = new URL(session.authorize_url).origin;
  popup.location.href = session.authorize_url;
  return new Promise((resolve, reject) => {
    let closedSince = null;
    const finish = (settle, value) => {
      window.removeEventListener('message', onMessage);
      clearInterval(watch);
      settle(value);
    };
    const onMessage = (event) => {
      // Only the callback page in this popup, served by Patchbay, speaks for the flow.
      if (event.origin !== patchbay || event.source !== popup || event.data?.type !== 'patchbay:connection') return;
      if (event.data.status === 'connected' && typeof event.data.connection_id === 'string') {
        finish(resolve, {connectionId: event.data.connection_id});
      } else {
        finish(reject, new Error(ERRORS[event.data.error] || 'The account could not be connected. Start again.'));
      }
    };
    const watch = setInterval(() => {
      if (!popup.closed) return;
      closedSince ??= Date.now();
      if (Date.now() - closedSince >= CLOSED_GRACE_MS) {
        finish(reject, new Error('The window was closed before the provider sent a result. If the flow was '
          + 'finished, the connection is in the list; otherwise start again.'));
      }
    }, CLOSED_POLL_MS);
    window.addEventListener('message', onMessage);
  });
}

function sessionRefusal(failure) {
  if (!(failure instanceof ApiError)) return describe(failure);
  if (failure.status === 409) return 'The provider is not set up, so no account can be connected yet.';
  if (failure.status === 403) return 'Your key may not connect accounts: that needs a connect or admin key.';
  if (failure.status === 422) {
    const errors = failure.problem?.errors || [];
    if (errors.some((error) => error.pointer === '/origin')) {
      return 'Patchbay does not post results to this page\'s address. Open the console at Patchbay\'s public URL '
        + '(PATCHBAY_PUBLIC_URL), or allow this origin in PATCHBAY_CONNECT_ALLOWED_ORIGINS.';
    }
    if (errors.length) return `Not started: ${errors.map((error) => `${error.pointer || 'request'} ${error.message}`).join('; ')}.`;
  }
  return describe(failure);
}
