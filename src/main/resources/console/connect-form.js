// The "Connect an account" form: an owner and optional tags, then the provider's consent in a popup.
// Used on a provider's page (the provider is that one) and on the connections page (typed in).
import {call} from './api.js';
import {h, replace} from './dom.js';
import {connectInPopup} from './connect-popup.js';

/**
 * A section for {@code slug} (null: the form asks for the provider). {@code disabledReason}: the id
 * of the note that says why the form is disabled, or null when the key may connect.
 * {@code onConnected(connection)} runs after a connection was made.
 */
export function connectForm({slug, disabledReason, onConnected = () => {}}) {
  const disabled = Boolean(disabledReason);
  const described = (help) => [help, disabledReason].filter(Boolean).join(' ') || null;
  const provider = slug ? null : h('input', {id: 'connect-provider', name: 'provider_slug', required: true,
    autocomplete: 'off', spellcheck: 'false', maxlength: 64, disabled, 'aria-describedby': described(null)});
  const owner = h('input', {id: 'connect-owner', name: 'owner', required: true, autocomplete: 'off', maxlength: 256,
    disabled, 'aria-describedby': described('connect-owner-help')});
  const tags = h('textarea', {id: 'connect-tags', name: 'tags', rows: 2, spellcheck: 'false', disabled,
    'aria-describedby': described('connect-tags-help')});
  const button = h('button', {type: 'submit', id: 'connect-start', disabled}, 'Connect an account');
  const result = h('div', {id: 'connect-result', role: 'status', tabindex: '-1'});
  const form = h('form', {id: 'connect-form', novalidate: true},
    provider && h('div', {class: 'field'}, h('label', {for: 'connect-provider'}, 'Provider slug'), provider),
    h('div', {class: 'field'},
      h('label', {for: 'connect-owner'}, 'Owner'), owner,
      h('p', {id: 'connect-owner-help', class: 'help'}, 'The application\'s own id of the user or tenant.')),
    h('div', {class: 'field'},
      h('label', {for: 'connect-tags'}, 'Tags (optional)'), tags,
      h('p', {id: 'connect-tags-help', class: 'help'}, 'One key=value per line.')),
    h('div', {class: 'actions'}, button),
    result);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    replace(result);
    const parsed = parseTags(tags.value);
    if (parsed.error) {
      show(result, 'error', parsed.error);
      tags.focus();
      return;
    }
    const target = slug || provider.value.trim();
    button.disabled = true;
    // Nothing may be awaited before this call: the popup has to open within the click.
    const flow = connectInPopup({slug: target, owner: owner.value, tags: parsed.tags});
    show(result, 'notice', 'Waiting for the provider\'s consent in the popup window…');
    try {
      const {connectionId} = await flow;
      const connection = (await call('GET', `/v1/connections/${encodeURIComponent(connectionId)}`)).body.data;
      replace(result, h('p', {class: 'notice'}, 'Connected: ',
        h('a', {href: `#/connections/${encodeURIComponent(connection.id)}`, id: 'connect-new'},
          `${connection.owner} at ${connection.provider_slug}`),
        ` is ${connection.status}.`));
      owner.value = '';
      tags.value = '';
      onConnected(connection);
    } catch (failure) {
      show(result, 'error', failure.message);
    } finally {
      button.disabled = false;
      result.focus();
    }
  });
  return form;
}

function show(result, kind, text) {
  replace(result, h('p', {class: kind}, text));
}

/** "key=value" lines → {tags} or {error}; empty lines are skipped. Patchbay checks the lengths. */
export function parseTags(text) {
  const tags = {};
  for (const line of text.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const at = line.indexOf('=');
    if (at < 1) return {error: 'Write each tag as key=value, one per line.'};
    tags[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return {tags};
}
