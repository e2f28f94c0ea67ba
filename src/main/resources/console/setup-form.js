// The setup form, generated from a provider's config_schema. Patchbay validates every submission
// (the form sets no blocking browser checks), so the messages a user sees are the API's own, placed
// next to their field from each error's pointer.
import {h} from './dom.js';

export const MASK = '********';

/**
 * Builds the form for {@code schema}, filled from {@code setup} (null when not set up). Answers
 * {element, fields, changes(), showErrors(errors), clearErrors()}; {@code changes()} answers the body
 * to send: the whole configuration for a first setup (POST), only what changed for an existing one
 * (a JSON merge patch), or {error} when a field cannot be read.
 */
export function setupForm(schema, setup, {readOnly}) {
  const required = new Set(schema.required || []);
  const stored = setup?.config || {};
  const fields = Object.entries(schema.properties || {})
    .map(([name, property], index) => field(name, property, index, required.has(name), stored));
  const element = h('fieldset', {class: 'setup-fields', disabled: readOnly},
    h('legend', {}, 'Configuration'),
    fields.length ? fields.map((f) => f.element) : h('p', {class: 'help'}, 'This provider needs no configuration.'));
  return {
    element,
    fields,
    changes: () => (setup ? patchOf(fields) : wholeOf(fields)),
    showErrors: (errors) => showErrors(fields, errors),
    clearErrors: () => fields.forEach((f) => f.setError('')),
  };
}

function field(name, property, index, isRequired, stored) {
  const id = `field-${index}`;
  const kind = kindOf(property);
  const secret = property.writeOnly === true;
  const hasStored = Object.hasOwn(stored, name);
  const help = [];
  if (property.description) help.push(property.description);
  if (kind === 'list') help.push('One value per line.');
  if (kind === 'json') help.push('A JSON value.');
  if (secret) help.push(hasStored ? 'Stored — leave empty to keep it.' : 'Stored encrypted and never shown again.');
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const control = controlFor(kind, property, {id, name, secret, hasStored, isRequired, value: stored[name]});
  control.setAttribute('aria-describedby', `${helpId} ${errorId}`);
  if (isRequired) control.setAttribute('aria-required', 'true');
  const error = h('p', {id: errorId, class: 'error'});
  const element = h('div', {class: `field${kind === 'boolean' ? ' check' : ''}`, 'data-field': name},
    kind === 'boolean' ? [control, label(id, property, name, isRequired)] : [label(id, property, name, isRequired), control],
    help.length ? h('p', {id: helpId, class: 'help'}, help.join(' ')) : null,
    error);
  return {
    name,
    secret,
    isRequired,
    control,
    element,
    stored: stored[name],
    hasStored,
    read: () => read(kind, control, property),
    setError(message) {
      error.textContent = message;
      if (message) control.setAttribute('aria-invalid', 'true');
      else control.removeAttribute('aria-invalid');
    },
  };
}

function label(id, property, name, isRequired) {
  return h('label', {for: id}, property.title || name, isRequired ? h('span', {class: 'required'}, ' (required)') : null);
}

function kindOf(property) {
  const type = Array.isArray(property.type) ? property.type.find((t) => t !== 'null') : property.type;
  if (Array.isArray(property.enum)) return 'enum';
  if (type === 'string') return 'string';
  if (type === 'integer' || type === 'number') return type;
  if (type === 'boolean') return 'boolean';
  if (type === 'array' && kindOf(property.items || {}) === 'string') return 'list';
  return 'json';
}

function controlFor(kind, property, {id, name, secret, hasStored, isRequired, value}) {
  const common = {id, name};
  switch (kind) {
    case 'enum':
      return h('select', common,
        h('option', {value: ''}, isRequired ? 'Choose…' : '(not set)'),
        property.enum.map((option, i) => h('option', {value: String(i), selected: value !== undefined && same(value, option)}, String(option))));
    case 'boolean':
      return h('input', {...common, type: 'checkbox', checked: value === true});
    case 'integer':
    case 'number':
      return h('input', {...common, type: 'number', inputmode: kind === 'integer' ? 'numeric' : 'decimal',
        step: kind === 'integer' ? '1' : 'any', min: property.minimum, max: property.maximum,
        value: value ?? ''});
    case 'list':
      return h('textarea', {...common, rows: 3, spellcheck: 'false'}, (value || []).join('\n'));
    case 'json':
      return h('textarea', {...common, rows: 4, spellcheck: 'false'}, value === undefined ? '' : JSON.stringify(value, null, 2));
    default:
      if (secret) {
        return h('input', {...common, type: 'password', autocomplete: 'new-password', spellcheck: 'false',
          maxlength: property.maxLength, placeholder: hasStored ? 'stored — leave empty to keep' : ''});
      }
      return h('input', {...common, type: inputType(property.format), spellcheck: 'false',
        maxlength: property.maxLength, minlength: property.minLength, pattern: property.pattern, value: value ?? ''});
  }
}

function inputType(format) {
  return {uri: 'url', email: 'email'}[format] || 'text';
}

/** The field's value as JSON, undefined when empty, or {invalid: message} when it cannot be read. */
function read(kind, control, property) {
  const raw = control.value;
  switch (kind) {
    case 'enum':
      return raw === '' ? undefined : property.enum[Number(raw)];
    case 'boolean':
      return control.checked;
    case 'integer':
    case 'number': {
      if (raw.trim() === '') return undefined;
      const number = Number(raw);
      return Number.isFinite(number) ? number : raw; // Patchbay names the wrong type
    }
    case 'list': {
      const items = raw.split('\n').map((line) => line.trim()).filter((line) => line);
      return items.length ? items : undefined;
    }
    case 'json':
      if (raw.trim() === '') return undefined;
      try {
        return JSON.parse(raw);
      } catch (ignored) {
        return {invalid: 'This is not valid JSON.'};
      }
    default:
      return raw === '' ? undefined : raw;
  }
}

/** The whole configuration, for a first setup. */
function wholeOf(fields) {
  const body = {};
  for (const f of fields) {
    const value = f.read();
    if (value?.invalid) return {error: {field: f, message: value.invalid}};
    if (value === false && !f.hasStored && !f.isRequired) continue; // an unticked optional box stays unset
    if (value !== undefined) body[f.name] = value;
  }
  return {body};
}

/** Only what changed, as a merge patch: an emptied field is null (removed); an empty secret is kept. */
function patchOf(fields) {
  const body = {};
  for (const f of fields) {
    const value = f.read();
    if (value?.invalid) return {error: {field: f, message: value.invalid}};
    if (f.secret) {
      if (value !== undefined) body[f.name] = value;
      continue;
    }
    if (value === false && !f.hasStored && !f.isRequired) continue;
    if (value === undefined) {
      if (f.hasStored) body[f.name] = null;
    } else if (!f.hasStored || !same(value, f.stored)) {
      body[f.name] = value;
    }
  }
  return {body};
}

function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Puts each error next to the field its pointer names; answers the errors that name no field. */
function showErrors(fields, errors) {
  const byName = new Map(fields.map((f) => [f.name, f]));
  const unplaced = [];
  const messages = new Map();
  for (const error of errors || []) {
    const first = (error.pointer || '').split('/')[1];
    const name = first === undefined ? undefined : first.replaceAll('~1', '/').replaceAll('~0', '~');
    const target = name === undefined ? undefined : byName.get(name);
    if (target) messages.set(target, [...(messages.get(target) || []), error.message]);
    else unplaced.push(error);
  }
  for (const [target, list] of messages) target.setError(list.join(' '));
  const firstInvalid = fields.find((f) => messages.has(f));
  firstInvalid?.control.focus();
  return unplaced;
}
