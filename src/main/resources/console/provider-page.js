// One provider: what it is, its setup form, verify and reset, its connections (the callback URL to
// register, the counts, "Connect an account") and its changes. Every write carries If-Match with the
// revision this page shows, so a change someone made meanwhile is never overwritten.
import {ApiError, call, describe, providerPath} from './api.js';
import {externalLink, h, replace, time} from './dom.js';
import {badge, logo} from './provider-list.js';
import {setupForm} from './setup-form.js';
import {auditList} from './audit-list.js';
import {confirmDialog} from './dialog.js';
import {connectForm} from './connect-form.js';

export async function renderProviderPage(view, slug) {
  let answer;
  try {
    answer = await call('GET', providerPath(slug));
  } catch (failure) {
    if (view.stale()) return;
    const text = failure instanceof ApiError && failure.status === 404 ? `There is no provider “${slug}”.` : describe(failure);
    replace(view.main, backLink(), h('h1', {tabindex: '-1'}, 'Provider'), h('p', {class: 'error', role: 'alert'}, text));
    return;
  }
  if (!view.stale()) draw(view, answer.body.data, answer.etag);
}

function draw(view, provider, etag, notice) {
  const slug = provider.provider_slug;
  const setup = provider.setup;
  const form = setupForm(provider.config_schema, setup, view);
  const message = h('p', {id: 'form-message', class: 'notice', role: 'status', tabindex: '-1'}, notice || '');
  const alert = h('div', {id: 'form-alert', class: 'error', role: 'alert'});
  const readOnlyNote = view.readOnly
    ? h('p', {id: 'read-only-note', class: 'note'},
      'Your key has the read scope: it can look at providers and connections but not change them or connect accounts. '
      + 'Sign in with an admin key to make changes.')
    : null;
  const disabledReason = view.readOnly ? 'read-only-note' : null;
  const status = h('div', {id: 'setup-status'});
  const verifyFirst = provider.auth_type === 'none' ? null : h('input', {id: 'verify-first', type: 'checkbox', disabled: view.readOnly});
  const save = h('button', {type: 'submit', id: 'save', disabled: view.readOnly, 'aria-describedby': disabledReason},
    setup ? 'Save changes' : 'Save setup');
  const verify = setup ? h('button', {type: 'button', id: 'verify', disabled: view.readOnly, 'aria-describedby': disabledReason}, 'Verify') : null;
  const reset = setup ? h('button', {type: 'button', id: 'reset', class: 'danger', disabled: view.readOnly, 'aria-describedby': disabledReason}, 'Reset…') : null;
  const formElement = h('form', {id: 'setup-form', novalidate: true},
    form.element,
    verifyFirst && h('div', {class: 'field check'}, verifyFirst,
      h('label', {for: 'verify-first'}, `Check the configuration with ${provider.display_name} before saving`)),
    h('div', {class: 'actions'}, save, verify, reset),
    message, alert);
  const dialog = confirmDialog({id: 'reset', title: `Reset ${provider.display_name}?`, text: resetText(provider),
    confirmLabel: `Reset ${provider.display_name}`});
  const buttons = [save, verify, reset].filter(Boolean);
  const busy = (on) => buttons.forEach((button) => { button.disabled = on || view.readOnly; });
  const redraw = (fresh, freshEtag, text) => {
    if (view.stale()) return; // the user went elsewhere while the write was under way
    draw(view, fresh, freshEtag, text);
    view.main.querySelector('#form-message').focus();
  };

  const drawStatus = () => replace(status, badge(provider), ' ', stateLine(setup), verificationLine(setup?.last_verification));
  drawStatus();

  formElement.addEventListener('submit', async (event) => {
    event.preventDefault();
    message.textContent = '';
    message.classList.remove('bad');
    replace(alert);
    form.clearErrors();
    const changes = form.changes();
    if (changes.error) {
      changes.error.field.setError(changes.error.message);
      changes.error.field.control.focus();
      return;
    }
    if (setup && Object.keys(changes.body).length === 0) {
      message.textContent = 'Nothing changed, so nothing was saved.';
      return;
    }
    const query = verifyFirst?.checked ? '?verify=true' : '';
    busy(true);
    try {
      const saved = await call(setup ? 'PATCH' : 'POST', `${providerPath(slug)}/setup${query}`, {
        body: changes.body,
        ifMatch: etag,
        contentType: setup ? 'application/merge-patch+json' : 'application/json',
      });
      const revision = saved.body.data.setup.revision;
      redraw(saved.body.data, saved.etag, `Saved: the setup is at revision ${revision}.`);
    } catch (failure) {
      busy(false);
      showWriteFailure(failure, form, alert, () => renderProviderPage(view, slug));
    }
  });

  verify?.addEventListener('click', async () => {
    message.textContent = '';
    message.classList.remove('bad');
    replace(alert);
    busy(true);
    message.textContent = `Checking with ${provider.display_name}…`;
    try {
      const result = (await call('POST', `${providerPath(slug)}/verify`)).body.data;
      setup.last_verification = result; // the revision is unchanged, so the form stays as the user left it
      drawStatus();
      auditSection.replaceWith(auditSection = auditList({provider_slug: slug})); // the check is an audit event of its own
      message.classList.toggle('bad', !result.ok); // a failure must not look like a success
      message.textContent = result.ok
        ? `Verified: ${provider.display_name} accepted the configuration.`
        : `Verification failed (${result.reason}): ${result.detail}`;
    } catch (failure) {
      message.textContent = '';
      showWriteFailure(failure, form, alert, () => renderProviderPage(view, slug));
    } finally {
      busy(false);
    }
  });

  reset?.addEventListener('click', () => dialog.open());
  dialog.onConfirm(async () => {
    busy(true);
    try {
      const answer = await call('DELETE', `${providerPath(slug)}/setup`, {ifMatch: etag});
      redraw(answer.body.data, answer.etag, 'Reset: the setup and its secrets are destroyed.');
    } catch (failure) {
      busy(false);
      showWriteFailure(failure, form, alert, () => renderProviderPage(view, slug));
    }
  });

  let auditSection = auditList({provider_slug: slug});
  replace(view.main,
    backLink(),
    h('h1', {tabindex: '-1', class: 'with-logo'}, logo(provider), provider.display_name),
    h('p', {class: 'description'}, provider.description),
    facts(provider),
    h('section', {'aria-labelledby': 'setup-heading'},
      h('h2', {id: 'setup-heading'}, 'Setup'),
      status,
      readOnlyNote,
      formElement),
    connectionsSection(view, provider, dialog),
    auditSection,
    dialog.element);
}

function backLink() {
  return h('p', {class: 'crumbs'}, h('a', {href: '#/providers'}, '← All providers'));
}

function facts(provider) {
  const row = (term, ...value) => [h('dt', {}, term), h('dd', {}, ...value)];
  const scopes = provider.default_scopes.length
    ? h('ul', {class: 'scopes'}, provider.default_scopes.map((scope) =>
      h('li', {}, h('code', {}, scope.name), scope.description ? ` — ${scope.description}` : '')))
    : 'none';
  return h('dl', {class: 'facts'},
    row('Slug', h('code', {}, provider.provider_slug)),
    row('Auth type', provider.auth_type),
    row('Category', provider.category),
    row('Runs', provider.execution_strategy),
    row('Documentation', externalLink(provider.docs_url, provider.docs_url)),
    row('Default scopes', scopes));
}

function stateLine(setup) {
  if (!setup) return h('p', {id: 'setup-state'}, 'Not set up yet.');
  return h('p', {id: 'setup-state'},
    `Revision ${setup.revision}, updated `, time(setup.updated_at), ` by ${setup.updated_by}.`);
}

function verificationLine(result) {
  if (!result) return null;
  const outcome = result.ok ? 'accepted' : `failed (${result.reason})`;
  return h('p', {id: 'last-verification'}, `Last verification: ${outcome}, `, time(result.checked_at),
    result.detail ? ` — ${result.detail}` : '');
}

function showWriteFailure(failure, form, alert, reload) {
  if (!(failure instanceof ApiError)) {
    replace(alert, describe(failure));
    return;
  }
  if (failure.status === 412) {
    replace(alert,
      h('p', {}, 'Someone else changed this provider after this page was loaded, so nothing was saved. ',
        'Reload to see the current setup (your edits on this page are discarded).'),
      h('button', {type: 'button', id: 'reload', on: {click: reload}}, 'Reload the provider'));
    alert.querySelector('button').focus();
    return;
  }
  if (failure.status === 422 && failure.kind === 'verification-failed') {
    replace(alert, `Not saved: the service did not accept this configuration. ${failure.problem.detail}`);
    return;
  }
  if (failure.status === 422) {
    const errors = failure.problem.errors || [];
    const unplaced = form.showErrors(errors);
    const placed = errors.length - unplaced.length;
    replace(alert,
      h('p', {}, placed
        ? `Not saved: ${placed === 1 ? 'one problem is' : `${placed} problems are`} shown next to the fields.`
        : `Not saved: ${failure.problem.detail}`),
      unplaced.length ? h('ul', {}, unplaced.map((error) => h('li', {}, `${error.pointer || 'configuration'}: ${error.message}`))) : null);
    return;
  }
  replace(alert, describe(failure));
}

/** What a reset does, with what it would disconnect: the counts the provider resource carries. */
function resetText(provider) {
  const base = 'Patchbay removes the stored setup and destroys its secrets. This cannot be undone.';
  const counts = provider.connections;
  if (!counts) return provider.auth_type === 'none' ? base : `${base} Its connections, not counted yet, are all disconnected.`;
  const total = counts.active + counts.needs_reauth;
  if (total === 0) return `${base} It has no connections to disconnect.`;
  return `${base} It disconnects ${total === 1 ? 'its one connection' : `its ${total} connections`} `
    + `(${counts.active} active, ${counts.needs_reauth} needing re-auth): their tokens are destroyed too.`;
}

/** The callback URL to register, the connection counts and, for oauth2, "Connect an account". */
function connectionsSection(view, provider, resetDialog) {
  const slug = provider.provider_slug;
  const counts = provider.connections;
  const listLink = view.canReadConnections
    ? h('a', {href: `#/connections?provider_slug=${encodeURIComponent(slug)}`, id: 'provider-connections'}, 'See its connections')
    : null;
  const countLine = h('p', {id: 'connection-counts'}, counts
    ? `${counts.active} active, ${counts.needs_reauth} needing re-auth. `
    : 'Not counted yet. ', listLink);
  if (provider.auth_type !== 'oauth2') {
    return h('section', {'aria-labelledby': 'connections-heading'},
      h('h2', {id: 'connections-heading'}, 'Connections'), countLine);
  }
  const callback = h('input', {id: 'callback-url', type: 'text', readonly: true, value: provider.callback_url || '',
    'aria-describedby': 'callback-help'});
  const copied = h('span', {id: 'callback-copied', role: 'status'});
  const copy = h('button', {type: 'button', id: 'copy-callback'}, 'Copy');
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(callback.value);
      copied.textContent = 'Copied.';
    } catch (ignored) {
      // No clipboard permission (an insecure origin, say): select it for the user to copy.
      callback.select();
      copied.textContent = 'Selected: copy it with the keyboard.';
    }
  });
  return h('section', {'aria-labelledby': 'connections-heading'},
    h('h2', {id: 'connections-heading'}, 'Connections'),
    h('div', {class: 'field'},
      h('label', {for: 'callback-url'}, 'Callback URL to register'),
      h('div', {class: 'inline'}, callback, copy),
      h('p', {id: 'callback-help', class: 'help'},
        `Register exactly this redirect URI with ${provider.display_name}'s OAuth app. `, copied)),
    countLine,
    h('h3', {id: 'connect-heading'}, 'Connect an account'),
    provider.setup_complete
      ? connectForm({slug, disabledReason: view.canConnect ? null : 'read-only-note', onConnected: () => {
        // The counts moved: read the provider again (a redraw keeps nothing typed in the connect form).
        call('GET', providerPath(slug)).then((fresh) => {
          const again = fresh.body.data.connections;
          if (again) countLine.firstChild.textContent = `${again.active} active, ${again.needs_reauth} needing re-auth. `;
          resetDialog.setText(resetText(fresh.body.data));
        }).catch(() => {});
      }})
      : h('p', {class: 'help'}, 'Set the provider up to connect accounts through it.'));
}
