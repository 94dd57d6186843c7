/*
 * Cockpit plugin "Start runbook" (issue 15, docs/webapps.md).
 *
 * On the process definition page (plugin point cockpit.processDefinition.runtime.action) a
 * "Start runbook" button opens the runbook's start form, starts the runbook AS THE LOGGED-IN USER
 * through the webapp's own engine REST API (POST .../process-definition/{id}/submit-form with the
 * session cookie and the CSRF token, exactly what Tasklist sends), shows a refusal's message in the
 * page and links to the new instance.
 *
 * The form: the runbook's Camunda Form (processes/forms/<key>-start.form) is fetched from the
 * engine (GET .../deployed-start-form) and rendered from its JSON by the small renderer below.
 * Tasklist's form-js renderer is bundled inside Tasklist and not reachable from Cockpit; shipping a
 * second copy of form-js would add a JavaScript build to a Maven project for six field types. The
 * renderer knows the types the start forms use (text, textfield, textarea, number, select, radio)
 * and their validate rules (required, pattern, minLength, maxLength, min, max); a form with any
 * other field is not started here but sent to Tasklist. The browser checks are a convenience: the
 * engine checks every start again (the runbook's request check), and its refusal is what is shown.
 *
 * The button appears only when the engine says the user may start this definition
 * (GET .../process-definition?startablePermissionCheck=true), the definition is active and is the
 * latest version of its runbook. Its holder (#runbook-start) says what it decided in data-state:
 * ready, not-startable, suspended, older-version or error.
 */

const ROOT_ID = 'runbook-start';

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  Object.entries(attributes || {}).forEach(([name, value]) => {
    if (value === undefined || value === null || value === false) {
      return;
    }
    if (name === 'className') {
      node.className = value;
    } else if (name === 'style') {
      node.style.cssText = value;
    } else if (name.startsWith('on')) {
      node.addEventListener(name.substring(2).toLowerCase(), value);
    } else {
      node.setAttribute(name, value === true ? '' : value);
    }
  });
  children.flat().forEach((child) => {
    if (child !== undefined && child !== null && child !== false) {
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    }
  });
  return node;
}

function cookie(name) {
  const match = document.cookie.split(';').map((c) => c.trim()).find((c) => c.startsWith(name + '='));
  return match ? decodeURIComponent(match.substring(name.length + 1)) : null;
}

async function getJson(api, path) {
  const response = await fetch(api.engineApi + path, {
    credentials: 'same-origin',
    headers: { Accept: 'application/json' }
  });
  if (!response.ok) {
    throw new Error(await problem(response));
  }
  return response.json();
}

/** The engine's message of a refused request ({type, message}), or the HTTP status. */
async function problem(response) {
  let text = '';
  try {
    text = await response.text();
    const body = JSON.parse(text);
    if (body && body.message) {
      return body.message;
    }
  } catch (e) {
    // not JSON: fall through
  }
  return 'HTTP ' + response.status + (text ? ': ' + text.substring(0, 300) : '');
}

/** Markdown of a "text" component, shown as plain text with its headings and emphasis marks removed. */
function plainText(markdown) {
  return String(markdown || '')
    .split('\n')
    .map((line) => line.replace(/^#+\s*/, '').replace(/\*\*|\*|`/g, ''))
    .filter((line) => line.trim() !== '');
}

const SUPPORTED = ['text', 'textfield', 'textarea', 'number', 'select', 'radio'];

/** One field: its DOM, how to read its value, and how to check it. */
function field(component) {
  const id = 'runbook-start-' + component.key;
  const validate = component.validate || {};
  const label = el('label', { for: id, className: 'control-label' }, component.label || component.key,
    validate.required ? ' *' : '');
  const description = component.description ? el('p', { className: 'help-block' }, component.description) : null;
  let input;
  let read;
  switch (component.type) {
    case 'textarea':
      input = el('textarea', { id, name: component.key, className: 'form-control', rows: 3 });
      input.value = component.defaultValue || '';
      read = () => input.value;
      break;
    case 'number':
      input = el('input', { id, name: component.key, type: 'number', className: 'form-control' });
      if (component.defaultValue !== undefined) {
        input.value = component.defaultValue;
      }
      read = () => input.value;
      break;
    case 'select':
      input = el('select', { id, name: component.key, className: 'form-control' },
        validate.required && component.defaultValue !== undefined ? null : el('option', { value: '' }, ''),
        (component.values || []).map((v) => el('option', { value: v.value }, v.label || v.value)));
      input.value = component.defaultValue !== undefined ? component.defaultValue : '';
      read = () => input.value;
      break;
    case 'radio': {
      const options = (component.values || []).map((v) => {
        const radio = el('input', { type: 'radio', name: component.key, value: v.value });
        radio.checked = v.value === component.defaultValue;
        return { radio, row: el('div', { className: 'radio' }, el('label', {}, radio, ' ', v.label || v.value)) };
      });
      input = el('div', { id }, options.map((o) => o.row));
      read = () => {
        const checked = options.find((o) => o.radio.checked);
        return checked ? checked.radio.value : '';
      };
      break;
    }
    default:
      input = el('input', { id, name: component.key, type: 'text', className: 'form-control' });
      input.value = component.defaultValue || '';
      read = () => input.value;
  }
  const error = el('p', { className: 'help-block runbook-start-field-error', style: 'color:#b94a48' });
  const group = el('div', { className: 'form-group' }, label, input, description, error);

  function check(value) {
    const empty = value === '' || value === null || value === undefined;
    if (empty) {
      return validate.required ? 'Required.' : null;
    }
    if (component.type === 'number') {
      const n = Number(value);
      if (!Number.isFinite(n)) {
        return 'Not a number.';
      }
      if (validate.min !== undefined && n < validate.min) {
        return 'At least ' + validate.min + '.';
      }
      if (validate.max !== undefined && n > validate.max) {
        return 'At most ' + validate.max + '.';
      }
      return null;
    }
    if (validate.minLength !== undefined && value.length < validate.minLength) {
      return 'At least ' + validate.minLength + ' characters.';
    }
    if (validate.maxLength !== undefined && value.length > validate.maxLength) {
      return 'At most ' + validate.maxLength + ' characters.';
    }
    if (validate.pattern && !new RegExp('^(?:' + validate.pattern + ')$').test(value)) {
      return 'Does not match ' + validate.pattern + '.';
    }
    return null;
  }

  return {
    key: component.key,
    node: group,
    /** The variable to submit, undefined when the field is empty (an optional field left out). */
    variable() {
      const value = read();
      if (value === '' || value === null || value === undefined) {
        return undefined;
      }
      if (component.type === 'number') {
        const n = Number(value);
        return { value: n, type: Number.isInteger(n) ? 'Long' : 'Double' };
      }
      return { value: String(value), type: 'String' };
    },
    validate() {
      const message = check(read());
      error.textContent = message || '';
      group.classList.toggle('has-error', !!message);
      return !message;
    }
  };
}

function dialog(title, body, footer) {
  const backdrop = el('div', {
    id: 'runbook-start-dialog',
    role: 'dialog',
    'aria-label': title,
    style: 'position:fixed;inset:0;background:rgba(0,0,0,.4);z-index:2000;overflow:auto;'
  });
  const panel = el('div', {
    className: 'panel panel-default',
    style: 'max-width:640px;margin:60px auto;background:#fff;border-radius:4px;box-shadow:0 4px 16px rgba(0,0,0,.3);'
  },
  el('div', { className: 'panel-heading' }, el('h3', { className: 'panel-title' }, title)),
  el('div', { className: 'panel-body' }, body),
  el('div', { className: 'panel-footer', style: 'text-align:right' }, footer));
  backdrop.appendChild(panel);
  return backdrop;
}

function openForm(api, definition, form) {
  const unsupported = (form.components || []).filter((c) => !SUPPORTED.includes(c.type));
  const fields = [];
  const body = el('div', {});
  (form.components || []).forEach((component) => {
    if (component.type === 'text') {
      body.appendChild(el('div', { className: 'runbook-start-text' },
        plainText(component.text).map((line) => el('p', {}, line))));
    } else if (SUPPORTED.includes(component.type) && component.key) {
      const f = field(component);
      fields.push(f);
      body.appendChild(f.node);
    }
  });
  const outcome = el('div', { id: 'runbook-start-outcome', role: 'status' });
  body.appendChild(outcome);

  const startButton = el('button', { type: 'button', className: 'btn btn-primary', id: 'runbook-start-submit' }, 'Start');
  const closeButton = el('button', { type: 'button', className: 'btn btn-default', id: 'runbook-start-close' }, 'Close');
  const root = dialog('Start runbook: ' + (definition.name || definition.key), body, [closeButton, ' ', startButton]);
  closeButton.addEventListener('click', () => root.remove());

  if (unsupported.length) {
    startButton.disabled = true;
    outcome.appendChild(el('div', { className: 'alert alert-warning' },
      'This start form has fields this page cannot show (' + unsupported.map((c) => c.type).join(', ') +
      '): start the runbook from Tasklist.'));
  }

  startButton.addEventListener('click', async () => {
    outcome.textContent = '';
    const valid = fields.map((f) => f.validate()).every(Boolean);
    if (!valid) {
      outcome.appendChild(el('div', { className: 'alert alert-danger' }, 'Please correct the marked fields.'));
      return;
    }
    const variables = {};
    fields.forEach((f) => {
      const v = f.variable();
      if (v !== undefined) {
        variables[f.key] = v;
      }
    });
    startButton.disabled = true;
    try {
      const response = await fetch(api.engineApi + '/process-definition/' + encodeURIComponent(definition.id) + '/submit-form', {
        method: 'POST',
        credentials: 'same-origin',
        headers: {
          Accept: 'application/json',
          'Content-Type': 'application/json',
          'X-XSRF-TOKEN': cookie('XSRF-TOKEN') || api.CSRFToken
        },
        body: JSON.stringify({ variables })
      });
      if (!response.ok) {
        const message = await problem(response);
        outcome.appendChild(el('div', { className: 'alert alert-danger runbook-start-refused' },
          el('strong', {}, 'Not started: '), message));
        startButton.disabled = false;
        return;
      }
      const instance = await response.json();
      const link = el('a', { href: '#/process-instance/' + encodeURIComponent(instance.id) + '/runtime', id: 'runbook-start-instance-link' },
        'Open the new runbook instance ' + instance.id);
      link.addEventListener('click', () => root.remove());
      outcome.appendChild(el('div', { className: 'alert alert-success runbook-start-started' },
        el('strong', {}, 'Runbook started. '), link));
      fields.forEach((f) => f.node.querySelectorAll('input,select,textarea').forEach((i) => { i.disabled = true; }));
    } catch (e) {
      outcome.appendChild(el('div', { className: 'alert alert-danger runbook-start-refused' },
        el('strong', {}, 'Not started: '), String(e.message || e)));
      startButton.disabled = false;
    }
  });
  document.body.appendChild(root);
  const first = root.querySelector('input,select,textarea');
  if (first) {
    first.focus();
  }
}

async function renderButton(node, api, processDefinitionId) {
  const holder = el('span', { id: ROOT_ID });
  node.appendChild(holder);
  let definition;
  let latest;
  try {
    definition = await getJson(api, '/process-definition/' + encodeURIComponent(processDefinitionId));
    const startable = await getJson(api, '/process-definition?startablePermissionCheck=true&processDefinitionId=' +
      encodeURIComponent(processDefinitionId));
    if (!startable.length) {
      // The user may not start runbooks (observers): no button.
      holder.dataset.state = 'not-startable';
      return;
    }
    latest = await getJson(api, '/process-definition?latestVersion=true&key=' + encodeURIComponent(definition.key));
  } catch (e) {
    holder.appendChild(el('span', { className: 'text-danger', title: String(e.message || e) }, 'Start runbook unavailable'));
    holder.dataset.state = 'error';
    return;
  }
  if (definition.suspended) {
    holder.appendChild(el('button', { type: 'button', className: 'btn btn-default action-button', disabled: true,
      title: 'This runbook definition is suspended' }, 'Start runbook'));
    holder.dataset.state = 'suspended';
    return;
  }
  if (latest.length && latest[0].id !== definition.id) {
    holder.appendChild(el('a', { className: 'btn btn-default action-button', href: '#/process-definition/' + encodeURIComponent(latest[0].id) + '/runtime',
      title: 'Runbooks start with their latest version (' + latest[0].version + ')' }, 'Start runbook (latest version)'));
    holder.dataset.state = 'older-version';
    return;
  }
  const button = el('button', { type: 'button', className: 'btn btn-default action-button', id: 'runbook-start-button',
    title: 'Start this runbook with its start form, as you' }, el('span', { className: 'glyphicon glyphicon-play' }), ' Start runbook');
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const form = await getJson(api, '/process-definition/' + encodeURIComponent(definition.id) + '/deployed-start-form');
      openForm(api, definition, form);
    } catch (e) {
      openForm(api, definition, { components: [{ type: 'unsupported-start-form' }] });
    } finally {
      button.disabled = false;
    }
  });
  holder.appendChild(button);
  holder.dataset.state = 'ready';
}

export default [
  {
    id: 'runbooks.startRunbook',
    pluginPoint: 'cockpit.processDefinition.runtime.action',
    priority: 50,
    render: (node, { api, processDefinitionId }) => {
      renderButton(node, api, processDefinitionId);
    },
    unmount: () => {
      const open = document.getElementById('runbook-start-dialog');
      if (open) {
        open.remove();
      }
    }
  }
];
