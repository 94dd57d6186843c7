/*
 * Cockpit plugin "Runbook history" (issue 15): finished and running runbooks with filters, and per
 * runbook its timeline, the people who started, discussed and approved it with their notes, the
 * puppet attempts with their output, the incidents met and its diagram with the path taken.
 *
 * Cockpit 7.24 frontend plugin points: "cockpit.navigation" (the header entry) and "cockpit.route"
 * (the page at #/runbook-history). The data comes from this plugin's own resource
 * (/camunda/api/cockpit/plugin/runbook-history/{engine}/runbooks, the same record as
 * /engine-rest/runbook-history), the diagram from the engine API and is drawn by Cockpit's own
 * bpmn-js viewer widget (cam-widget-bpmn-viewer): nothing is loaded from outside the webapp.
 */

const ROUTE = '/runbook-history';
const FILTERS = ['key', 'host', 'startedBy', 'state', 'outcome', 'from', 'to', 'includeCalled'];
const TAKEN = 'runbook-history-taken';

let diagramScope = null;
let stopFollowingUrl = null;

function stopFollowing() {
  if (stopFollowingUrl) {
    stopFollowingUrl();
    stopFollowingUrl = null;
  }
}

/** What the page shows: its own parameters, not the diagram viewer's (viewbox, rootElement). */
function viewKey(params) {
  const own = new URLSearchParams();
  params.forEach((value, name) => {
    if (name === 'id' || FILTERS.indexOf(name) >= 0 || name === 'firstResult' || name === 'maxResults') {
      own.append(name, value);
    }
  });
  return own.toString();
}

function esc(value) {
  return String(value === null || value === undefined ? '' : value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function when(iso) {
  return iso ? esc(iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z').replace('Z', ' UTC')) : '';
}

function duration(ms) {
  if (ms === null || ms === undefined) {
    return '';
  }
  if (ms < 1000) {
    return ms + ' ms';
  }
  let s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  return (h ? h + 'h ' : '') + (h || m ? m + 'min ' : '') + s + 's';
}

/** The parameters after "?" in Cockpit's hash URL (#/runbook-history?host=alibuild05). */
function hashParams() {
  const hash = window.location.hash || '';
  const at = hash.indexOf('?');
  return new URLSearchParams(at < 0 ? '' : hash.substring(at + 1));
}

function go(params) {
  const query = params.toString();
  window.location.hash = '#' + ROUTE + (query ? '?' + query : '');
}

function historyApi(api) {
  return api.cockpitApi + '/plugin/runbook-history/' + encodeURIComponent(api.engine) + '/runbooks';
}

async function getJson(api, url) {
  const response = await fetch(url, {
    credentials: 'same-origin',
    headers: {Accept: 'application/json', 'X-XSRF-TOKEN': api.CSRFToken}
  });
  let body = null;
  try {
    body = await response.json();
  } catch (e) {
    body = null;
  }
  if (!response.ok) {
    const message = body && body.message ? body.message : response.status + ' ' + response.statusText;
    const error = new Error(message);
    error.status = response.status;
    throw error;
  }
  return body;
}

function stateLabel(runbook) {
  const labels = {
    ACTIVE: 'running',
    SUSPENDED: 'paused',
    COMPLETED: 'completed',
    EXTERNALLY_TERMINATED: 'canceled',
    INTERNALLY_TERMINATED: 'terminated'
  };
  return labels[runbook.state] || runbook.state;
}

function outcomeLabel(runbook) {
  if (!runbook.outcome) {
    return runbook.deleteReason ? 'canceled: ' + esc(runbook.deleteReason) : '';
  }
  // The end event says whether ending there means the runbook did its job (runbook.outcome).
  const notDone = runbook.outcome.done === false ? ' <span class="label label-warning">not done</span>' : '';
  return esc(runbook.outcome.name || runbook.outcome.activityId) +
    ' <small class="text-muted">(' + esc(runbook.outcome.activityId) + ')</small>' + notDone;
}

// --- the list ---

function filterForm(params, keys) {
  const value = name => esc(params.get(name) || '');
  const options = ['<option value="">all runbooks</option>']
    .concat(keys.map(k => `<option value="${esc(k.key)}"${params.get('key') === k.key ? ' selected' : ''}>${esc(k.name || k.key)} (${esc(k.key)})</option>`))
    .join('');
  const states = ['', 'running', 'finished', 'completed', 'canceled']
    .map(s => `<option value="${s}"${(params.get('state') || '') === s ? ' selected' : ''}>${s || 'any state'}</option>`)
    .join('');
  return `
    <form class="form-inline runbook-history-filters" data-role="filters">
      <label>Runbook <select class="form-control input-sm" name="key">${options}</select></label>
      <label>Host <input class="form-control input-sm" name="host" size="12" placeholder="alibuild05" value="${value('host')}"></label>
      <label>Started by <input class="form-control input-sm" name="startedBy" size="10" value="${value('startedBy')}"></label>
      <label>State <select class="form-control input-sm" name="state">${states}</select></label>
      <label>Outcome <input class="form-control input-sm" name="outcome" size="20" placeholder="end_event_agent_rebuilt" value="${value('outcome')}"></label>
      <label>From <input class="form-control input-sm" name="from" size="10" placeholder="2026-11-01" value="${value('from')}"></label>
      <label>To <input class="form-control input-sm" name="to" size="10" placeholder="2026-11-30" value="${value('to')}"></label>
      <label><input type="checkbox" name="includeCalled" value="true"${params.get('includeCalled') === 'true' ? ' checked' : ''}> called runbooks too</label>
      <button type="submit" class="btn btn-primary btn-sm" data-role="apply">Filter</button>
    </form>`;
}

function listTable(page) {
  if (!page.runbooks.length) {
    return '<p data-role="empty">No runbook matches these filters.</p>';
  }
  const rows = page.runbooks.map(r => `
      <tr data-runbook-id="${esc(r.id)}">
        <td><a href="#${ROUTE}?id=${encodeURIComponent(r.id)}">${esc(r.name || r.key)}</a><br><small class="text-muted">${esc(r.key)} v${esc(r.version)}</small></td>
        <td>${esc(r.hostname)}</td>
        <td>${esc(r.startedBy)}</td>
        <td>${when(r.startTime)}</td>
        <td>${when(r.endTime)}</td>
        <td>${duration(r.durationMillis)}</td>
        <td>${esc(stateLabel(r))}</td>
        <td>${outcomeLabel(r)}</td>
        <td>${esc(r.reason)}</td>
      </tr>`).join('');
  return `
    <p class="text-muted">${page.total} runbook(s)${page.total > page.runbooks.length ? ', the newest ' + page.runbooks.length + ' shown' : ''}.</p>
    <table class="cam-table runbook-history-list" data-role="list">
      <thead><tr><th>Runbook</th><th>Host</th><th>Started by</th><th>Started</th><th>Ended</th><th>Duration</th><th>State</th><th>Outcome</th><th>Reason</th></tr></thead>
      <tbody>${rows}</tbody>
    </table>`;
}

async function renderList(root, api, params) {
  root.innerHTML = '<h2>Runbook history</h2><div data-role="form"></div><div data-role="error"></div><div data-role="result">Loading…</div>';
  let keys = [];
  try {
    keys = await getJson(api, api.engineApi + '/process-definition?latestVersion=true&sortBy=key&sortOrder=asc');
  } catch (e) {
    keys = [];
  }
  root.querySelector('[data-role="form"]').innerHTML = filterForm(params, keys);
  root.querySelector('[data-role="filters"]').addEventListener('submit', event => {
    event.preventDefault();
    const form = new FormData(event.target);
    const next = new URLSearchParams();
    FILTERS.forEach(name => {
      const value = form.get(name);
      if (value !== null && String(value).trim() !== '') {
        next.set(name, String(value).trim());
      }
    });
    go(next);
  });
  const query = new URLSearchParams();
  params.forEach((value, name) => {
    if (name !== 'id' && (FILTERS.indexOf(name) >= 0 || name === 'firstResult' || name === 'maxResults')) {
      query.append(name, value);
    }
  });
  try {
    const page = await getJson(api, historyApi(api) + (query.toString() ? '?' + query : ''));
    root.querySelector('[data-role="result"]').innerHTML = listTable(page);
  } catch (e) {
    root.querySelector('[data-role="result"]').innerHTML = '';
    root.querySelector('[data-role="error"]').innerHTML =
      `<div class="alert alert-danger" data-role="refusal">${esc(e.message)}</div>`;
  }
}

// --- one runbook ---

function inputsText(inputs) {
  return Object.keys(inputs || {})
    .map(name => `<div><strong>${esc(name)}</strong>: <span class="runbook-history-note">${esc(inputs[name])}</span></div>`)
    .join('');
}

function peopleTable(people) {
  if (!people.length) {
    return '<p>Nobody worked on this runbook yet.</p>';
  }
  const rows = people.map(p => `
      <tr data-role="person" data-person-role="${esc(p.role)}">
        <td>${esc(p.role)}</td>
        <td>${esc(p.userId)}</td>
        <td>${esc(p.taskName || '')}${p.activityId ? '<br><small class="text-muted">' + esc(p.runbookKey) + ' / ' + esc(p.activityId) + '</small>' : ''}</td>
        <td>${when(p.time)}</td>
        <td>${esc(p.taskState || '')}</td>
        <td>${inputsText(p.inputs)}</td>
      </tr>`).join('');
  return `<table class="cam-table" data-role="people">
      <thead><tr><th>Role</th><th>Who</th><th>Task</th><th>When</th><th>Task state</th><th>Decision and notes</th></tr></thead>
      <tbody>${rows}</tbody></table>`;
}

function puppetList(attempts) {
  if (!attempts.length) {
    return '<p>No puppet run.</p>';
  }
  return attempts.map(a => `
      <div data-role="puppet-attempt">
        <h4>Attempt ${esc(a.attempt)} <small>${esc(a.hostname || '')} (${esc(a.runbookKey)} <a href="#${ROUTE}?id=${encodeURIComponent(a.runbookId)}">${esc(a.runbookId)}</a>)</small></h4>
        <pre class="runbook-history-output">${esc(a.output)}</pre>
      </div>`).join('');
}

function incidentTable(incidents) {
  if (!incidents.length) {
    return '<p data-role="no-incidents">No incident.</p>';
  }
  const rows = incidents.map(i => `
      <tr data-role="incident">
        <td>${esc(i.runbookKey)} / ${esc(i.activityId)}</td><td>${esc(i.type)}</td><td>${esc(i.message)}</td>
        <td>${when(i.createTime)}</td><td>${when(i.endTime)}</td><td>${esc(i.state)}</td>
      </tr>`).join('');
  return `<table class="cam-table" data-role="incidents">
      <thead><tr><th>Where</th><th>Type</th><th>Message</th><th>Since</th><th>Until</th><th>State</th></tr></thead>
      <tbody>${rows}</tbody></table>`;
}

const QUIET_TYPES = ['sequenceFlow', 'exclusiveGateway', 'parallelGateway', 'inclusiveGateway', 'eventBasedGateway'];

function timelineTable(steps) {
  const rows = steps
    .filter(s => QUIET_TYPES.indexOf(s.type) < 0)
    .map(s => `
      <tr data-role="step" data-activity-id="${esc(s.activityId)}">
        <td>${esc(s.name || s.activityId)}<br><small class="text-muted">${esc(s.activityId)}</small></td>
        <td>${esc(s.type)}</td>
        <td>${when(s.startTime)}</td>
        <td>${when(s.endTime)}</td>
        <td>${duration(s.durationMillis)}</td>
        <td>${esc(s.outcome)}</td>
        <td>${esc(s.assignee || '')}${s.calledRunbookId ? '<a href="#' + ROUTE + '?id=' + encodeURIComponent(s.calledRunbookId) + '">called runbook</a>' : ''}</td>
      </tr>`).join('');
  return `<table class="cam-table" data-role="timeline">
      <thead><tr><th>Step</th><th>Type</th><th>Start</th><th>End</th><th>Duration</th><th>Outcome</th><th>By / calls</th></tr></thead>
      <tbody>${rows}</tbody></table>`;
}

function calledList(called) {
  if (!called.length) {
    return '';
  }
  return '<h3>Called runbooks</h3><ul data-role="called">' + called.map(c => `
      <li><a href="#${ROUTE}?id=${encodeURIComponent(c.runbook.id)}">${esc(c.runbook.name || c.runbook.key)}</a>
        ${esc(c.runbook.hostname || '')}: ${esc(stateLabel(c.runbook))} ${outcomeLabel(c.runbook)}</li>`).join('') + '</ul>';
}

/** Cockpit's own viewer widget, compiled with the running Angular app; the path marked on it. */
function drawDiagram(container, xml, path) {
  const angular = window.angular;
  const injector = angular && angular.element(document.documentElement).injector();
  if (!injector) {
    container.innerHTML = '<p>The diagram viewer is not available on this page.</p>';
    return;
  }
  if (diagramScope) {
    diagramScope.$destroy();
  }
  const $compile = injector.get('$compile');
  const scope = injector.get('$rootScope').$new(true);
  diagramScope = scope;
  scope.diagramXml = xml;
  scope.control = {};
  scope.loaded = function() {
    const viewer = scope.control.getViewer();
    const canvas = viewer.get('canvas');
    const registry = viewer.get('elementRegistry');
    const taken = new Set(path);
    registry.getAll().forEach(element => {
      const bo = element.businessObject;
      const isFlow = element.waypoints && bo && bo.sourceRef && bo.targetRef;
      if (taken.has(element.id) || (isFlow && taken.has(bo.sourceRef.id) && taken.has(bo.targetRef.id))) {
        canvas.addMarker(element.id, TAKEN);
      }
    });
    container.setAttribute('data-diagram-ready', 'true');
  };
  container.innerHTML =
    '<div cam-widget-bpmn-viewer diagram-data="diagramXml" control="control" on-load="loaded()" class="runbook-history-viewer"></div>';
  $compile(container.firstChild)(scope);
  scope.$applyAsync();
}

async function renderRecord(root, api, id) {
  root.innerHTML = `<h2>Runbook history</h2><p><a href="#${ROUTE}" data-role="back">← all runbooks</a></p><div data-role="record">Loading…</div>`;
  let record;
  try {
    record = await getJson(api, historyApi(api) + '/' + encodeURIComponent(id));
  } catch (e) {
    root.querySelector('[data-role="record"]').innerHTML = `<div class="alert alert-danger" data-role="refusal">${esc(e.message)}</div>`;
    return;
  }
  const r = record.runbook;
  const running = !r.endTime;
  root.querySelector('[data-role="record"]').innerHTML = `
    <div class="runbook-history-header" data-role="header" data-runbook-id="${esc(r.id)}">
      <h3>${esc(r.name || r.key)} ${r.hostname ? 'on ' + esc(r.hostname) : ''}</h3>
      <dl class="dl-horizontal">
        <dt>Runbook</dt><dd>${esc(r.key)} v${esc(r.version)} (${esc(r.id)})${running ? ' <a href="#/process-instance/' + encodeURIComponent(r.id) + '/runtime">open the running instance</a>' : ''}</dd>
        <dt>State</dt><dd data-role="state">${esc(stateLabel(r))}</dd>
        <dt>Outcome</dt><dd data-role="outcome">${outcomeLabel(r)}</dd>
        <dt>Started by</dt><dd data-role="started-by">${esc(r.startedBy)}</dd>
        <dt>Reason</dt><dd>${esc(r.reason)}</dd>
        <dt>Started</dt><dd>${when(r.startTime)}</dd>
        <dt>Ended</dt><dd>${when(r.endTime)} ${duration(r.durationMillis)}</dd>
        ${r.calledBy ? '<dt>Called by</dt><dd><a href="#' + ROUTE + '?id=' + encodeURIComponent(r.calledBy) + '">' + esc(r.calledBy) + '</a></dd>' : ''}
      </dl>
    </div>
    <h3>People</h3>${peopleTable(record.people)}
    <h3>Puppet attempts</h3>${puppetList(record.puppetAttempts)}
    <h3>Incidents</h3>${incidentTable(record.incidents)}
    <h3>Path taken</h3>
    <div class="runbook-history-diagram" data-role="diagram" data-path="${esc(record.path.join(' '))}"></div>
    <h3>Timeline</h3>${timelineTable(record.steps)}
    ${calledList(record.calledRunbooks)}`;
  const container = root.querySelector('[data-role="diagram"]');
  try {
    const xml = await getJson(api, api.engineApi + '/process-definition/' + encodeURIComponent(r.processDefinitionId) + '/xml');
    drawDiagram(container, xml.bpmn20Xml, record.path);
  } catch (e) {
    container.innerHTML = `<div class="alert alert-warning">The diagram could not be loaded: ${esc(e.message)}</div>`;
  }
}

export default [
  {
    id: 'runbook-history-navigation',
    pluginPoint: 'cockpit.navigation',
    priority: 5,
    properties: {path: ROUTE},
    render: node => {
      node.innerHTML = `<a href="#${ROUTE}" data-role="runbook-history-link">Runbook history</a>`;
    }
  },
  {
    id: 'runbook-history-route',
    pluginPoint: 'cockpit.route',
    properties: {path: ROUTE},
    render: (node, {api}) => {
      const root = document.createElement('div');
      root.className = 'runbook-history';
      node.appendChild(root);
      let shown = null;
      const show = () => {
        const params = hashParams();
        const key = viewKey(params);
        if (key === shown) {
          return;
        }
        shown = key;
        if (diagramScope) {
          diagramScope.$destroy();
          diagramScope = null;
        }
        const id = params.get('id');
        (id ? renderRecord(root, api, id) : renderList(root, api, params)).catch(e => {
          root.innerHTML = `<div class="alert alert-danger" data-role="refusal">${esc(e.message)}</div>`;
        });
      };
      // The diagram widget keeps its zoom in the URL (?viewbox=...). A route registered by a
      // plugin reloads on every change of the URL's parameters, which would redraw this page at
      // each zoom; so the page follows its own parameters (filters, id) and ignores the viewer's.
      const injector = window.angular && window.angular.element(document.documentElement).injector();
      if (injector) {
        const $route = injector.get('$route');
        if ($route.current && $route.current.$$route) {
          $route.current.$$route.reloadOnSearch = false;
        }
        stopFollowing();
        stopFollowingUrl = injector.get('$rootScope').$on('$routeUpdate', show);
      }
      show();
    },
    unmount: () => {
      stopFollowing();
      if (diagramScope) {
        diagramScope.$destroy();
        diagramScope = null;
      }
    }
  }
];
