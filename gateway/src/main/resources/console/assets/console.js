// The Rapport console: one page, talking only to the public REST API with the session cookie.
// Everything a customer or a user wrote is put on the page as text (textContent, never HTML).

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const who = document.getElementById('who');
const status = document.getElementById('status');

const state = { session: null, canWrite: false, isAdmin: false };
let navigation = 0;

const CHANNELS = ['EMAIL', 'SMS', 'PUSH', 'SOCIAL', 'WEB', 'APP', 'STORE', 'SUPPORT', 'PHONE'];
const KINDS = ['PURCHASE', 'RETURN', 'MESSAGE', 'OPEN', 'CLICK', 'REPLY', 'VISIT', 'COMPLAINT', 'UNSUBSCRIBE',
  'SUPPRESSED', 'FAILED', 'DELIVERED', 'BOUNCED'];

// ---------------------------------------------------------------- the API

class Problem extends Error {
  constructor(status, body) {
    super((body && (body.detail || body.title)) || ('HTTP ' + status));
    this.status = status;
    this.body = body || {};
  }
}

async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') headers['X-Rapport-Console'] = '1';
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {
    method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json = null;
  if (text) {
    try { json = JSON.parse(text); } catch (e) { json = { detail: 'The gateway answered ' + response.status + '.' }; }
  }
  if (!response.ok) {
    if (response.status === 401 && !path.startsWith('/v1/sessions')) {
      signedOut('Your session has ended: sign in again.');
    }
    throw new Problem(response.status, json);
  }
  return json;
}

function query(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (Array.isArray(value)) value.forEach(v => search.append(name, v));
    else if (value !== undefined && value !== null && value !== '') search.append(name, value);
  }
  const text = search.toString();
  return text ? '?' + text : '';
}

const enc = encodeURIComponent;

// ---------------------------------------------------------------- building the page

function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (name === 'class') element.className = value;
    else if (name === 'value') element.value = value;
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  add(element, children);
  return element;
}

/** Replaces what an element holds; arrays are flattened and null, undefined and false left out (as in h). */
function put(element, ...children) {
  element.replaceChildren();
  return add(element, children);
}

function add(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

const SVG = 'http://www.w3.org/2000/svg';
function s(tag, attributes, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes || {})) element.setAttribute(name, String(value));
  add(element, children);
  return element;
}

function link(href, ...children) { return h('a', { href }, ...children); }
function customerLink(id) { return link('#/customers/' + enc(id), id); }
function card(title, ...children) { return h('section', { class: 'card', 'aria-label': title }, h('h2', {}, title), ...children); }
function wideCard(title, ...children) {
  const section = card(title, ...children);
  section.classList.add('wide');
  return section;
}
function empty(text) { return h('p', { class: 'empty' }, text); }
function badge(text, kind) { return h('span', { class: 'badge' + (kind ? ' ' + kind : '') }, text); }
function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter(p => p[1] !== undefined && p[1] !== null && p[1] !== '')
    .map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));
}
function table(headings, rows) {
  return h('div', { class: 'table-wrap' }, h('table', {},
    h('thead', {}, h('tr', {}, headings.map(t => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows)));
}
function problemText(error) {
  if (!(error instanceof Problem)) return 'Something went wrong: ' + error.message;
  const errors = Array.isArray(error.body.errors) ? error.body.errors : [];
  return errors.length ? errors.map(e => typeof e === 'string' ? e : (e.field ? e.field + ': ' : '') + (e.message || e.detail || ''))
    .join('; ') : error.message;
}
/** The links to a list's first and next pages (the cursor of the page shown, the next page's cursor). */
function pager(base, cursor, next) {
  return h('div', { class: 'pager' }, cursor ? link(base, 'First page') : null,
    next ? link(base + query({ cursor: next }), 'Next page') : null);
}

/** A section's list page: its resources a page at a time, and a link to make one for a key that may. */
async function listPage(params, { title, path, hash, create, headings, row, none }) {
  const cursor = params.get('cursor');
  const page = await api('GET', path + query({ limit: 50, cursor }));
  return [
    h('h1', {}, title),
    writeOnly(h('p', {}, link(hash + '/new', create))),
    card(title, page.items.length ? table(headings, page.items.map(row)) : empty(none), pager(hash, cursor, page.nextCursor)),
  ];
}

/** Runs a form's action on submit (the page stays), saying what went wrong in {@code problem}. */
function onSubmit(form, problem, action) {
  form.addEventListener('submit', async event => {
    event.preventDefault();
    problem.textContent = '';
    try {
      await action();
    } catch (error) {
      problem.textContent = problemText(error);
    }
  });
}

function alertBox() { return h('p', { class: 'error', role: 'alert' }); }
function say(text) {
  status.textContent = text;
  clearTimeout(say.timer);
  say.timer = setTimeout(() => { status.textContent = ''; }, 4000);
}

const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
function when(instant) { return instant ? dateTime.format(new Date(instant)) + ' UTC' : ''; }
function number(value, digits = 2) {
  return value === undefined || value === null ? '' : Number(value).toLocaleString('en-GB', { maximumFractionDigits: digits });
}
function percent(value) { return value === undefined || value === null ? '' : (100 * value).toFixed(1) + ' %'; }
function money(map) { return Object.entries(map || {}).map(([currency, amount]) => amount + ' ' + currency).join(', '); }
function name(view) {
  const profile = view.profile || {};
  return [profile.firstName, profile.lastName].filter(Boolean).join(' ');
}
// A datetime-local value is read as UTC.
function instantOf(local) { return local ? new Date(local + (local.length === 16 ? ':00' : '') + 'Z').toISOString() : ''; }
function localOf(instant) { return instant ? new Date(instant).toISOString().slice(0, 16) : ''; }
function stageBadge(stage) {
  const kind = { LOYAL: 'good', ENGAGED: 'good', AT_RISK: 'warn', LAPSED: 'bad' }[stage];
  return stage ? badge(stage.replace('_', ' ').toLowerCase(), kind) : null;
}
function writeOnly(...children) { return state.canWrite ? children : []; }

// ---------------------------------------------------------------- session and routing

async function start() {
  try {
    signedIn(await api('GET', '/v1/sessions/current'));
  } catch (error) {
    signedOut(error instanceof Problem && error.status === 401 ? null : problemText(error));
  }
}

function signedIn(session) {
  state.session = session;
  state.canWrite = session.scopes.includes('write');
  state.isAdmin = session.scopes.includes('admin');
  nav.hidden = false;
  document.getElementById('nav-admin').hidden = !state.isAdmin;
  put(who,
    h('span', {}, 'Workspace ', h('strong', {}, session.workspace), state.canWrite ? '' : ' (read only)'),
    h('button', { type: 'button', class: 'secondary', onclick: signOut }, 'Sign out'));
  if (!location.hash || location.hash === '#' || location.hash === '#/') location.hash = '#/customers';
  else route();
}

function signedOut(message) {
  state.session = null;
  nav.hidden = true;
  who.replaceChildren();
  navigation++;
  const key = h('input', { id: 'api-key', name: 'apiKey', type: 'password', autocomplete: 'off', required: true });
  const problem = alertBox();
  if (message) problem.textContent = message;
  const form = h('form', { class: 'card signin', 'aria-labelledby': 'signin-title' },
    h('h1', { id: 'signin-title' }, 'Sign in to Rapport'),
    h('p', { class: 'muted' }, 'Use an API key of your workspace. The console keeps it only on the server, for this session.'),
    h('label', { for: 'api-key' }, 'API key', key), problem,
    h('p', {}, h('button', { type: 'submit' }, 'Sign in')));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    problem.textContent = '';
    try {
      const session = await api('POST', '/v1/sessions', { apiKey: key.value });
      key.value = '';
      signedIn(session);
    } catch (error) {
      problem.textContent = error.status === 401 ? 'That API key is not valid.' : problemText(error);
    }
  });
  document.title = 'Sign in · Rapport';
  put(main, form);
  key.focus();
}

async function signOut() {
  try { await api('DELETE', '/v1/sessions/current'); } finally { signedOut('You are signed out.'); }
}

const routes = [
  [/^\/customers$/, customersPage],
  [/^\/customers\/(.+)$/, customerPage],
  [/^\/inbox$/, inboxPage],
  [/^\/inbox\/(.+)$/, conversationPage],
  [/^\/segments$/, segmentsPage],
  [/^\/segments\/new$/, () => segmentEditor(null)],
  [/^\/segments\/(.+)$/, segmentPage],
  [/^\/campaigns$/, campaignsPage],
  [/^\/campaigns\/new$/, newCampaignPage],
  [/^\/campaigns\/(.+)$/, campaignPage],
  [/^\/journeys$/, journeysPage],
  [/^\/journeys\/new$/, newJourneyPage],
  [/^\/journeys\/(.+)\/edit$/, editJourneyPage],
  [/^\/journeys\/(.+)$/, journeyPage],
  [/^\/imports$/, importsPage],
  [/^\/imports\/(.+)$/, importPage],
  [/^\/models$/, modelsPage],
  [/^\/admin$/, adminPage],
];

async function route() {
  if (!state.session) return;
  const ticket = ++navigation;
  const hash = location.hash.replace(/^#/, '') || '/customers';
  const [path, search] = hash.split('?');
  const params = new URLSearchParams(search || '');
  const section = path.split('/')[1];
  nav.querySelectorAll('a').forEach(a => {
    if (a.dataset.section === section) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  });
  for (const [pattern, page] of routes) {
    const match = pattern.exec(path);
    if (!match) continue;
    put(main, h('p', { class: 'muted' }, 'Loading…'));
    try {
      const content = await page(...match.slice(1).map(decodeURIComponent), params);
      if (ticket !== navigation) return;
      put(main, content);
      const heading = main.querySelector('h1');
      document.title = (heading ? heading.textContent + ' · ' : '') + 'Rapport';
      main.focus({ preventScroll: true });
    } catch (error) {
      if (ticket !== navigation || (error instanceof Problem && error.status === 401)) return;
      put(main, h('h1', {}, error.status === 404 ? 'Not found' : 'Could not load this page'),
        h('p', { class: 'error', role: 'alert' }, problemText(error)));
    }
    return;
  }
  put(main, h('h1', {}, 'Not found'), empty('There is no such page. Choose a section above.'));
}

function go(hash) {
  if (location.hash === hash) route(); else location.hash = hash;
}

// ---------------------------------------------------------------- customers

const IDENTIFIER_TYPES = [['', 'Customer id or any identifier'], ['EMAIL', 'E-mail'], ['PHONE', 'Phone'],
  ['SOCIAL', 'Social handle (network:handle)'], ['EXTERNAL', 'External id (system:id)']];

async function find(type, value) {
  value = value.trim();
  if (!value) throw new Error('Type what to look for.');
  if (!type) {
    if (value.includes('@')) type = 'EMAIL';
    else if (/^\+?[0-9 ()-]{6,}$/.test(value)) type = 'PHONE';
    else {
      try {
        return (await api('GET', '/v1/customers/' + enc(value))).id;
      } catch (error) {
        if (!(error instanceof Problem) || (error.status !== 404 && error.status !== 400) || !value.includes(':')) throw error;
      }
      for (const kind of ['SOCIAL', 'EXTERNAL']) {
        try { return (await api('GET', '/v1/identifiers' + query({ type: kind, value }))).customerId; } catch (error) {
          if (!(error instanceof Problem) || error.status !== 404) throw error;
        }
      }
      throw new Problem(404, { detail: 'Nobody in this workspace has the id or handle ' + value + '.' });
    }
  }
  return (await api('GET', '/v1/identifiers' + query({ type, value }))).customerId;
}

function findForm() {
  const type = h('select', { id: 'find-type', name: 'type' }, IDENTIFIER_TYPES.map(([v, t]) => h('option', { value: v }, t)));
  const value = h('input', { id: 'find-value', name: 'value', type: 'search', required: true, autocomplete: 'off',
    placeholder: 'ada@example.com' });
  const problem = alertBox();
  const form = h('form', { class: 'inline', role: 'search', 'aria-label': 'Find a customer' },
    h('label', { for: 'find-type' }, 'Find by', type),
    h('label', { for: 'find-value' }, 'Looking for', value),
    h('button', { type: 'submit' }, 'Find'));
  onSubmit(form, problem, async () => go('#/customers/' + enc(await find(type.value, value.value))));
  return [form, problem];
}

async function customersPage(params) {
  const cursor = params.get('cursor');
  const page = await api('GET', '/v1/customers' + query({ limit: 25, cursor }));
  const rows = page.items.map(view => h('tr', {},
    h('td', {}, customerLink(view.id), name(view) ? h('div', { class: 'muted' }, name(view)) : null),
    h('td', {}, stageBadge(view.stage)),
    h('td', {}, view.prediction ? (view.prediction.churnRisk ? badge('churn risk', 'bad') : percent(view.prediction.pAlive) + ' alive') : ''),
    h('td', {}, view.prediction ? number(view.prediction.expectedValue) : ''),
    h('td', {}, money(view.spend)),
    h('td', {}, when(view.lastActivityAt))));
  return [
    h('h1', {}, 'Customers'),
    card('Find a customer', findForm()),
    card('All customers',
      page.items.length ? table(['Customer', 'Stage', 'Churn risk', 'Expected value (365 d)', 'Spend', 'Last activity'], rows)
        : empty('No customers yet. Import a file (Imports) or record interactions through the API, and they appear here.'),
      pager('#/customers', cursor, page.nextCursor)),
  ];
}

async function customerPage(id, params) {
  const asOf = params.get('asOf');
  const knownAt = params.get('knownAt');
  const past = Boolean(asOf || knownAt);
  let view;
  try {
    view = await api('GET', '/v1/customers/' + enc(id) + query({ asOf, knownAt }));
  } catch (error) {
    if (!(error instanceof Problem) || error.status !== 404 || !past) throw error;
    return [h('h1', {}, id), asOfForm(id, asOf, knownAt),
      empty('Rapport knew nothing of this customer at that time. Move the date later, or go back to now.')];
  }
  const prediction = view.prediction;
  const heading = h('h1', {}, name(view) || view.id, ' ', stageBadge(view.stage),
    prediction && prediction.churnRisk ? [' ', badge('churn risk', 'bad')] : null,
    prediction && prediction.bigSpender ? [' ', badge('big spender', 'good')] : null,
    view.erased ? [' ', badge('erased', 'bad')] : null);
  const sections = [
    heading,
    past ? h('p', { class: 'banner', id: 'as-of-banner' }, 'Showing this relationship ',
      asOf ? 'as of ' + when(asOf) : '', asOf && knownAt ? ', ' : '', knownAt ? 'as Rapport knew it on ' + when(knownAt) : '',
      '. ', link('#/customers/' + enc(id), 'Back to now')) : null,
    asOfForm(id, asOf, knownAt),
    view.mergedInto ? h('p', { class: 'banner' }, 'Merged into ', customerLink(view.mergedInto), '.') : null,
    h('div', { class: 'grid' },
      card('Profile', facts([
        ['Customer id', view.id], ['Name', name(view)], ['E-mail', view.profile.email], ['Phone', view.profile.phone],
        ['Time zone', view.profile.timeZone], ['Locale', view.profile.locale], ['Registered', when(view.registeredAt)],
        ...Object.entries(view.profile.attributes || {}).map(([k, v]) => [k, String(v)])])),
      card('Identifiers', view.identifiers && view.identifiers.length
        ? h('ul', {}, view.identifiers.map(i => h('li', {}, i.type.toLowerCase() + ': ', i.value)))
        : empty('No identifiers.')),
      card('Relationship', facts([
        ['Stage', view.stage], ['Interactions', number(view.interactionCount, 0)], ['Orders', number(view.orderCount, 0)],
        ['Spend', money(view.spend)], ['Average order', money(view.averageOrderValue)],
        ['First interaction', when(view.firstInteractionAt)], ['Last activity', when(view.lastActivityAt)],
        ['Preferred channel', view.preferredChannel],
        ['Best hour', view.bestSendHour !== undefined && view.bestSendHour !== null
          ? String(view.bestSendHour).padStart(2, '0') + ':00 ' + (view.timeZone || 'UTC') : ''],
        ['Interests', (view.interests || []).join(', ')],
        ['Sentiment', view.sentiment && view.sentiment.readings ? number(view.sentiment.average) + ' average, '
          + number(view.sentiment.latest) + ' latest, trend ' + view.sentiment.direction.toLowerCase() : '']])),
      card('Predictions', prediction ? facts([
        ['Chance still active', percent(prediction.pAlive)],
        ['Expected purchases', number(prediction.expectedPurchases) + ' in ' + prediction.horizonDays + ' days'],
        ['Expected value', number(prediction.expectedValue) + ' in ' + prediction.horizonDays + ' days'],
        ['Churn risk', prediction.churnRisk ? 'yes' : 'no'], ['Big spender', prediction.bigSpender ? 'yes' : 'no']])
        : empty('No purchase model fitted for this workspace yet: fit one through the API (POST /v1/models/purchase/fits).')),
      wideCard('Consent', view.consents && view.consents.length ? table(['Channel', 'Purpose', 'Held', 'Since', 'Source'],
        view.consents.map(c => h('tr', {}, h('td', {}, c.channel), h('td', {}, c.purpose),
          h('td', {}, c.granted ? badge('granted', 'good') : badge('withdrawn', 'bad')), h('td', {}, when(c.at)),
          h('td', {}, c.source || ''))))
        : empty('No consent recorded.'),
        consentHistory(id, asOf))),
    await chartsCard(id, asOf),
    timelineCard(id, asOf),
    past || view.erased ? null : actionsCard(view),
  ];
  return sections;
}

function asOfForm(id, asOf, knownAt) {
  const business = h('input', { id: 'as-of', name: 'asOf', type: 'datetime-local', value: localOf(asOf) });
  const system = h('input', { id: 'known-at', name: 'knownAt', type: 'datetime-local', value: localOf(knownAt) });
  const form = h('form', { class: 'inline card', 'aria-label': 'Time travel' },
    h('label', { for: 'as-of' }, 'As of (UTC, business time)', business),
    h('label', { for: 'known-at' }, 'As known at (UTC, system time)', system),
    h('button', { type: 'submit' }, 'Show then'),
    asOf || knownAt ? h('button', { type: 'button', class: 'secondary', onclick: () => go('#/customers/' + enc(id)) }, 'Now') : null);
  form.addEventListener('submit', event => {
    event.preventDefault();
    go('#/customers/' + enc(id) + query({ asOf: instantOf(business.value), knownAt: instantOf(system.value) }));
  });
  return form;
}

async function chartsCard(id, asOf) {
  const page = await api('GET', '/v1/customers/' + enc(id) + '/timeline'
    + query({ limit: 500, to: asOf ? new Date(new Date(asOf).getTime() + 1).toISOString() : null }));
  const interactions = page.entries.filter(e => e.interaction).reverse();
  const currencies = {};
  for (const entry of interactions) {
    const i = entry.interaction;
    if (!i.amount || (i.kind !== 'PURCHASE' && i.kind !== 'RETURN')) continue;
    const total = currencies[i.currency] || (currencies[i.currency] = { sum: 0, points: [] });
    total.sum += (i.kind === 'RETURN' ? -1 : 1) * Number(i.amount);
    total.points.push([new Date(entry.at).getTime(), total.sum]);
  }
  const moods = interactions.filter(e => e.interaction.sentiment)
    .map(e => [new Date(e.at).getTime(), e.interaction.sentiment.compound]);
  const [currency, spend] = Object.entries(currencies).sort((a, b) => b[1].points.length - a[1].points.length)[0] || [];
  return card('Over time',
    h('p', { class: 'muted' }, 'From the latest ' + interactions.length + ' interactions'
      + (page.nextCursor ? ' (older ones are in the timeline)' : '') + '.'),
    h('div', { class: 'grid' },
      h('figure', {}, h('figcaption', {}, 'Spend' + (currency ? ' (' + currency + ', cumulative)' : '')),
        spend ? chart(spend.points, 'Cumulative spend in ' + currency) : empty('No purchases yet.')),
      h('figure', {}, h('figcaption', {}, 'Sentiment of what they wrote (−1 to 1)'),
        moods.length ? chart(moods, 'Sentiment over time', [-1, 1]) : empty('Nothing inbound to read yet.'))));
}

function chart(points, label, range) {
  const width = 400, height = 160, pad = 28;
  const xs = points.map(p => p[0]), ys = points.map(p => p[1]);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs) || 1];
  const [y0, y1] = range || [Math.min(0, ...ys), Math.max(...ys, 1)];
  const x = v => pad + (x1 === x0 ? (width - 2 * pad) / 2 : (v - x0) / (x1 - x0) * (width - 2 * pad));
  const y = v => height - pad - (y1 === y0 ? 0 : (v - y0) / (y1 - y0) * (height - 2 * pad));
  const path = points.map((p, i) => (i ? 'L' : 'M') + x(p[0]).toFixed(1) + ' ' + y(p[1]).toFixed(1)).join(' ');
  const short = t => new Date(t).toISOString().slice(0, 10);
  return s('svg', { class: 'chart', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': label },
    s('title', {}, label),
    s('line', { class: 'axis', x1: pad, y1: height - pad, x2: width - pad, y2: height - pad }),
    s('line', { class: 'axis', x1: pad, y1: pad, x2: pad, y2: height - pad }),
    y0 < 0 && y1 > 0 ? s('line', { class: 'zero', x1: pad, y1: y(0), x2: width - pad, y2: y(0) }) : null,
    s('path', { class: 'line', d: path }),
    points.length === 1 ? s('circle', { cx: x(points[0][0]), cy: y(points[0][1]), r: 3 }) : null,
    s('text', { x: pad, y: height - 8 }, short(x0)),
    s('text', { x: width - pad, y: height - 8, 'text-anchor': 'end' }, short(x1)),
    s('text', { x: 2, y: pad }, number(y1)),
    s('text', { x: 2, y: height - pad }, number(y0)));
}

function timelineCard(id, asOf) {
  const channel = h('select', { id: 'timeline-channel' }, h('option', { value: '' }, 'Any'), CHANNELS.map(c => h('option', { value: c }, c)));
  const kind = h('select', { id: 'timeline-kind' }, h('option', { value: '' }, 'Any'), KINDS.map(k => h('option', { value: k }, k)));
  const from = h('input', { id: 'timeline-from', type: 'datetime-local' });
  const to = h('input', { id: 'timeline-to', type: 'datetime-local', value: localOf(asOf) });
  const body = h('tbody', {});
  const more = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Older');
  const problem = alertBox();
  let cursor = null;
  async function load(reset) {
    problem.textContent = '';
    if (reset) { body.replaceChildren(); cursor = null; }
    try {
      const page = await api('GET', '/v1/customers/' + enc(id) + '/timeline' + query({
        channel: channel.value, kind: kind.value, from: instantOf(from.value), to: instantOf(to.value), limit: 25, cursor }));
      add(body, page.entries.map(timelineRow));
      if (!body.children.length) body.append(h('tr', {}, h('td', { colspan: 6 }, 'Nothing in this range.')));
      cursor = page.nextCursor || null;
      more.hidden = !cursor;
    } catch (error) {
      problem.textContent = problemText(error);
    }
  }
  more.addEventListener('click', () => load(false));
  const form = h('form', { class: 'inline', 'aria-label': 'Filter the timeline' },
    h('label', { for: 'timeline-channel' }, 'Channel', channel), h('label', { for: 'timeline-kind' }, 'Kind', kind),
    h('label', { for: 'timeline-from' }, 'From (UTC)', from), h('label', { for: 'timeline-to' }, 'Before (UTC)', to),
    h('button', { type: 'submit' }, 'Filter'));
  form.addEventListener('submit', event => { event.preventDefault(); load(true); });
  load(true);
  return card('Timeline', form, problem,
    h('div', { class: 'table-wrap' }, h('table', { id: 'timeline' },
      h('thead', {}, h('tr', {}, ['When', 'What', 'Channel', 'Amount', 'Said', 'Sentiment'].map(t => h('th', { scope: 'col' }, t)))),
      body)),
    h('div', { class: 'pager' }, more));
}

/** Every consent change, newest first, a page at a time: what was granted or withdrawn, when, from where. */
function consentHistory(id, asOf) {
  const body = h('tbody', {});
  const more = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Older changes');
  const problem = alertBox();
  let cursor = null;
  async function load() {
    problem.textContent = '';
    try {
      const page = await api('GET', '/v1/customers/' + enc(id) + '/timeline' + query({ type: 'CONSENT_CHANGED', limit: 25,
        to: asOf ? new Date(new Date(asOf).getTime() + 1).toISOString() : null, cursor }));
      add(body, page.entries.map(e => h('tr', {}, h('td', {}, when(e.at)), h('td', {}, e.consent.channel),
        h('td', {}, e.consent.purpose), h('td', {}, e.consent.granted ? badge('granted', 'good') : badge('withdrawn', 'bad')),
        h('td', {}, e.consent.source || ''), h('td', {}, when(e.recordedAt)))));
      if (!body.children.length) body.append(h('tr', {}, h('td', { colspan: 6 }, 'No consent change recorded yet.')));
      cursor = page.nextCursor || null;
      more.hidden = !cursor;
    } catch (error) {
      problem.textContent = problemText(error);
    }
  }
  more.addEventListener('click', load);
  load();
  return h('section', { 'aria-label': 'Consent history' }, h('h3', {}, 'History'), problem,
    h('div', { class: 'table-wrap' }, h('table', { id: 'consent-history' },
      h('thead', {}, h('tr', {}, ['Effective', 'Channel', 'Purpose', 'Change', 'Source', 'Recorded']
        .map(t => h('th', { scope: 'col' }, t)))), body)),
    h('div', { class: 'pager' }, more));
}

function timelineRow(entry) {
  const i = entry.interaction;
  if (!i) {
    const what = entry.consent ? 'consent ' + (entry.consent.granted ? 'granted' : 'withdrawn') + ': '
      + entry.consent.channel + ' ' + entry.consent.purpose : entry.type.toLowerCase().replace(/_/g, ' ');
    return h('tr', {}, h('td', {}, when(entry.at)), h('td', { colspan: 5 }, what,
      entry.otherCustomerId ? [' ', customerLink(entry.otherCustomerId)] : null));
  }
  return h('tr', {},
    h('td', {}, when(entry.at)),
    h('td', {}, i.kind.toLowerCase(), ' ', h('span', { class: 'muted' }, i.direction.toLowerCase())),
    h('td', {}, i.channel),
    h('td', {}, i.amount ? i.amount + ' ' + i.currency : ''),
    h('td', {}, i.content || ''),
    h('td', {}, i.sentiment ? number(i.sentiment.compound) : ''));
}

function actionsCard(view) {
  if (!state.canWrite) return null;
  const problem = alertBox();
  const mergedId = h('input', { id: 'merge-id', name: 'mergedCustomerId', required: true, autocomplete: 'off' });
  const merge = h('form', { class: 'inline', 'aria-label': 'Merge' },
    h('label', { for: 'merge-id' }, 'Customer id to merge into this one', mergedId), h('button', { type: 'submit' }, 'Merge'));
  onSubmit(merge, problem, async () => {
    await api('POST', '/v1/customers/' + enc(view.id) + '/merges', { mergedCustomerId: mergedId.value.trim() });
    say('Merged ' + mergedId.value.trim() + ' into ' + view.id + '.');
    route();
  });
  const merged = (view.mergedCustomers || []).map(other => h('li', {}, customerLink(other), ' ',
    h('button', { type: 'button', class: 'secondary', onclick: async () => {
      try {
        await api('DELETE', '/v1/customers/' + enc(view.id) + '/merges/' + enc(other));
        say('Unmerged ' + other + '.');
        route();
      } catch (error) { problem.textContent = problemText(error); }
    } }, 'Unmerge')));
  const confirmation = h('input', { id: 'erase-confirm', autocomplete: 'off' });
  const eraseButton = h('button', { type: 'submit', class: 'danger', disabled: true }, 'Erase for good');
  confirmation.addEventListener('input', () => { eraseButton.disabled = confirmation.value !== view.id; });
  const erase = h('form', { class: 'inline', hidden: true, 'aria-label': 'Confirm erasure' },
    h('label', { for: 'erase-confirm' }, 'Type the customer id (' + view.id + ') to confirm', confirmation), eraseButton);
  onSubmit(erase, problem, async () => {
    await api('DELETE', '/v1/customers/' + enc(view.id));
    say('Erased ' + view.id + ': their personal data can no longer be read.');
    route();
  });
  const askErase = h('button', { type: 'button', class: 'danger', onclick: () => { erase.hidden = false; confirmation.focus(); } },
    'Erase this customer…');
  return card('Actions', merge, merged.length ? [h('p', {}, 'Merged into this customer:'), h('ul', {}, merged)] : null,
    h('p', { class: 'muted' }, 'Erasure destroys the key of their personal data: it cannot be undone.'), askErase, erase, problem);
}

// ---------------------------------------------------------------- inbox

function conversationRow(c) {
  return h('tr', {},
    h('td', {}, link('#/inbox/' + enc(c.id), c.customerId)),
    h('td', {}, c.channel),
    h('td', {}, c.flaggedComplaint ? badge('unanswered complaint', 'bad') : badge(c.status.toLowerCase())),
    h('td', {}, number(c.lastSentiment)),
    h('td', {}, c.assignee || ''),
    h('td', {}, when(c.lastMessageAt)));
}

async function inboxPage(params) {
  const cursor = params.get('cursor');
  const [flagged, open] = await Promise.all([
    api('GET', '/v1/conversations' + query({ flagged: true, limit: 50 })),
    api('GET', '/v1/conversations' + query({ status: 'OPEN', limit: 50, cursor }))]);
  const headings = ['Customer', 'Channel', 'State', 'Sentiment', 'Assignee', 'Last message'];
  const others = open.items.filter(c => !c.flaggedComplaint);
  return [
    h('h1', {}, 'Inbox'),
    card('Unanswered complaints', flagged.items.length ? table(headings, flagged.items.map(conversationRow))
      : empty('No complaint is waiting for an answer.')),
    card('Open conversations', others.length ? table(headings, others.map(conversationRow))
      : empty('Nothing else is open. Inbound e-mail, SMS and social posts arrive here through the inbound webhooks.'),
      pager('#/inbox', cursor, open.nextCursor)),
  ];
}

async function conversationPage(id) {
  const c = await api('GET', '/v1/conversations/' + enc(id));
  const messages = (c.messages || []).map(m => h('article', { class: 'message ' + m.direction.toLowerCase() },
    h('p', { class: 'muted' }, m.direction === 'INBOUND' ? (m.from || c.customerId) : (m.agent || 'Rapport'), ' · ', when(m.at),
      m.sentiment !== undefined ? [' · sentiment ', number(m.sentiment)] : null,
      m.complaint ? [' ', badge('complaint', 'bad')] : null),
    m.subject ? h('p', {}, h('strong', {}, m.subject)) : null,
    h('div', { class: 'text' }, m.text || '')));
  const problem = alertBox();
  const parts = [
    h('h1', {}, 'Conversation with ', c.customerId),
    h('p', {}, c.channel, ' · ', badge(c.status.toLowerCase()), c.flaggedComplaint ? [' ', badge('unanswered complaint', 'bad')] : null,
      ' · first response ', c.firstResponseSeconds !== undefined ? duration(c.firstResponseSeconds) : 'not yet', ' · ',
      customerLink(c.customerId)),
    card('Messages', messages.length ? messages : empty('No messages.')),
  ];
  if (state.canWrite) {
    const text = h('textarea', { id: 'reply-text', name: 'text', required: true, value: c.suggestedReply || '' });
    const agent = h('input', { id: 'reply-agent', name: 'agent', required: true, value: agentName() });
    const reply = h('form', { 'aria-label': 'Reply' },
      c.suggestedReply ? h('p', { class: 'muted' }, 'A suggested apology is filled in: make it yours before you send it.') : null,
      h('label', { for: 'reply-text' }, 'Reply to ' + c.customerId, text),
      h('div', { class: 'row' }, h('label', { for: 'reply-agent' }, 'Signed by', agent), h('button', { type: 'submit' }, 'Send reply')));
    onSubmit(reply, problem, async () => {
      rememberAgent(agent.value);
      await api('POST', '/v1/conversations/' + enc(id) + '/replies',
        { replyId: crypto.randomUUID(), agent: agent.value.trim(), text: text.value });
      say('Reply sent to ' + c.customerId + '.');
      route();
    });
    const assignee = h('input', { id: 'assignee', name: 'assignee', value: c.assignee || '' });
    const conversationStatus = h('select', { id: 'conversation-status', name: 'status' },
      ['OPEN', 'PENDING', 'CLOSED'].map(v => h('option', { value: v, selected: v === c.status }, v.toLowerCase())));
    const manage = h('form', { class: 'inline', 'aria-label': 'Assign and change status' },
      h('label', { for: 'assignee' }, 'Assignee (empty to unassign)', assignee),
      h('label', { for: 'conversation-status' }, 'Status', conversationStatus), h('button', { type: 'submit' }, 'Save'));
    onSubmit(manage, problem, async () => {
      await api('PATCH', '/v1/conversations/' + enc(id), { assignee: assignee.value.trim(), status: conversationStatus.value });
      say('Saved.');
      route();
    });
    parts.push(card('Answer', reply, problem), card('Assign', manage));
  }
  return parts;
}

function duration(seconds) {
  if (seconds < 90) return Math.round(seconds) + ' s';
  if (seconds < 5400) return Math.round(seconds / 60) + ' min';
  return (seconds / 3600).toFixed(1) + ' h';
}
// The agent's name (not a secret) is remembered in this tab.
function agentName() { return sessionStorage.getItem('rapport.agent') || ''; }
function rememberAgent(value) { sessionStorage.setItem('rapport.agent', value.trim()); }

// ---------------------------------------------------------------- segments

async function segmentsPage(params) {
  return listPage(params, {
    title: 'Segments', path: '/v1/segments', hash: '#/segments', create: 'New segment', headings: ['Name', 'Rule', 'Members'],
    row: segment => h('tr', {}, h('td', {}, link('#/segments/' + enc(segment.id), segment.name)),
      h('td', {}, h('code', {}, segment.rule)), h('td', {}, number(segment.memberCount, 0))),
    none: 'No segments yet. A segment is a rule over what Rapport knows of each customer, such as stage = "AT_RISK".',
  });
}

async function segmentPage(id, params) {
  const segment = await api('GET', '/v1/segments/' + enc(id));
  const cursor = params.get('cursor');
  const members = await api('GET', '/v1/segments/' + enc(id) + '/members' + query({ limit: 50, cursor }));
  return [
    h('h1', {}, segment.name),
    card('Rule', h('p', {}, h('code', {}, segment.rule)), facts([['Reads', (segment.attributes || []).join(', ')],
      ['Members', number(segment.memberCount, 0)]])),
    writeOnly(segmentEditor(segment)),
    card('Members', members.items.length ? h('ul', {}, members.items.map(m => h('li', {}, customerLink(m))))
      : empty('Nobody is in this segment now.'),
      pager('#/segments/' + enc(id), cursor, members.nextCursor)),
  ];
}

/** While a rule is written, it is counted over this many customers at most, so that the count comes in a moment. */
const PREVIEWED = 2000;

function segmentEditor(segment) {
  const nameInput = h('input', { id: 'segment-name', name: 'name', required: true, value: segment ? segment.name : '' });
  const rule = h('textarea', { id: 'segment-rule', name: 'rule', class: 'rule', required: true, spellcheck: 'false',
    'aria-describedby': 'rule-feedback', value: segment ? segment.rule : '' });
  const feedback = h('div', { id: 'rule-feedback', 'aria-live': 'polite' });
  const problem = alertBox();
  let timer, asked = 0;
  async function evaluate() {
    const text = rule.value;
    const ticket = ++asked;
    if (!text.trim()) {
      rule.removeAttribute('aria-invalid');
      put(feedback, h('p', { class: 'muted' }, 'Type a rule, e.g. stage = "AT_RISK" and order_count >= 2.'));
      return;
    }
    put(feedback, h('p', { class: 'muted' }, 'Counting…'));
    try {
      const answer = await api('POST', '/v1/segments/evaluations' + query({ sample: 10, maxCustomers: PREVIEWED }), { rule: text });
      if (ticket !== asked) return;
      rule.removeAttribute('aria-invalid');
      put(feedback, h('p', { id: 'rule-count' }, h('strong', {}, number(answer.members, 0)), ' of ',
        answer.complete ? number(answer.customers, 0) + ' customers' : 'the first ' + number(answer.customers, 0)
          + ' customers by id (a preview: saved, the segment covers everyone)'),
      answer.sample.length ? h('p', {}, 'For example: ', answer.sample.map((m, i) => [i ? ', ' : '', customerLink(m)])) : null);
    } catch (error) {
      if (ticket !== asked) return;
      rule.setAttribute('aria-invalid', 'true');
      const position = error.body && error.body.position;
      put(feedback, h('p', { class: 'error', id: 'rule-error' }, problemText(error)),
        position ? [h('pre', { class: 'rule-echo' }, text.split('\n').join(' ')),
          h('pre', { class: 'caret', 'aria-hidden': 'true' }, ' '.repeat(Math.max(0, position - 1)) + '^')] : null);
    }
  }
  rule.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(evaluate, 400); });
  const form = h('form', { 'aria-label': segment ? 'Change the segment' : 'New segment' },
    h('label', { for: 'segment-name' }, 'Name', nameInput),
    h('label', { for: 'segment-rule' }, 'Rule', rule), feedback, problem,
    h('p', {}, h('button', { type: 'submit' }, segment ? 'Save changes' : 'Save segment')));
  onSubmit(form, problem, async () => {
    const saved = segment
      ? await api('PATCH', '/v1/segments/' + enc(segment.id), { name: nameInput.value, rule: rule.value })
      : await api('POST', '/v1/segments', { name: nameInput.value, rule: rule.value });
    say('Segment saved.');
    go('#/segments/' + enc(saved.id));
  });
  if (segment) return card('Change the rule', form);
  evaluate();
  return [h('h1', {}, 'New segment'), card('Rule', form)];
}

// ---------------------------------------------------------------- campaigns

async function campaignsPage(params) {
  return listPage(params, {
    title: 'Campaigns', path: '/v1/campaigns', hash: '#/campaigns', create: 'New campaign',
    headings: ['Name', 'Status', 'Segment', 'Audience'],
    row: c => h('tr', {}, h('td', {}, link('#/campaigns/' + enc(c.id), c.definition.name || c.id)),
      h('td', {}, badge(c.status.toLowerCase())), h('td', {}, c.definition.segmentId || ''),
      h('td', {}, c.audience ? number(c.audience, 0) : '')),
    none: 'No campaigns yet. A campaign sends one message to a segment, with a control group to measure its lift.',
  });
}

function variantFields(index) {
  const idOf = field => 'variant-' + index + '-' + field;
  const letter = String.fromCharCode(97 + index);
  const fields = {
    variantId: h('input', { id: idOf('id'), value: letter, required: true }),
    weight: h('input', { id: idOf('weight'), type: 'number', min: 1, max: 100, value: 1, required: true }),
    subject: h('input', { id: idOf('subject'), value: '' }),
    body: h('textarea', { id: idOf('body') }),
    sms: h('textarea', { id: idOf('sms') }),
  };
  const element = h('fieldset', { class: 'card' }, h('legend', {}, 'Variant ' + letter.toUpperCase()),
    h('div', { class: 'row' }, h('label', { for: idOf('id') }, 'Variant id', fields.variantId),
      h('label', { for: idOf('weight') }, 'Weight', fields.weight)),
    h('label', { for: idOf('subject') }, 'E-mail subject (Liquid)', fields.subject),
    h('label', { for: idOf('body') }, 'E-mail body (Liquid)', fields.body),
    h('label', { for: idOf('sms') }, 'SMS text (Liquid, optional)', fields.sms));
  return { element, fields };
}

async function newCampaignPage() {
  const segments = await api('GET', '/v1/segments' + query({ limit: 100 }));
  if (!segments.items.length) {
    return [h('h1', {}, 'New campaign'), empty('A campaign goes to a segment: define one first under Segments.')];
  }
  const id = h('input', { id: 'campaign-id', name: 'id', autocomplete: 'off' });
  const nameInput = h('input', { id: 'campaign-name', name: 'name', required: true });
  const segment = h('select', { id: 'campaign-segment', name: 'segmentId' },
    segments.items.map(s => h('option', { value: s.id }, s.name)));
  const channel = h('select', { id: 'campaign-channel', name: 'channel' },
    ['PREFERRED', 'EMAIL', 'SMS'].map(c => h('option', { value: c }, c === 'PREFERRED' ? 'Each person\u2019s preferred channel' : c)));
  const control = h('input', { id: 'campaign-control', type: 'number', min: 0, max: 50, value: 10 });
  const scheduleKind = h('select', { id: 'campaign-schedule' },
    [['NOW', 'As soon as it is scheduled'], ['AT', 'At a time'], ['BEST_HOUR', 'At each person\u2019s best hour']]
      .map(([v, t]) => h('option', { value: v }, t)));
  const sendTime = h('input', { id: 'campaign-send-time', type: 'datetime-local' });
  const windowEnd = h('input', { id: 'campaign-window-end', type: 'datetime-local' });
  const variants = [variantFields(0)];
  const variantList = h('div', {}, variants[0].element);
  const addVariant = h('button', { type: 'button', class: 'secondary', onclick: () => {
    if (variants.length >= 10) return;
    variants.push(variantFields(variants.length));
    variantList.append(variants[variants.length - 1].element);
  } }, 'Add a variant');
  const problem = alertBox();
  const form = h('form', { 'aria-label': 'New campaign' },
    card('Campaign', h('div', { class: 'row' },
      h('label', { for: 'campaign-name' }, 'Name', nameInput), h('label', { for: 'campaign-id' }, 'Id (optional)', id),
      h('label', { for: 'campaign-segment' }, 'Segment', segment), h('label', { for: 'campaign-channel' }, 'Channel', channel),
      h('label', { for: 'campaign-control' }, 'Control group (%)', control)),
    h('div', { class: 'row' }, h('label', { for: 'campaign-schedule' }, 'When', scheduleKind),
      h('label', { for: 'campaign-send-time' }, 'Send time (UTC)', sendTime),
      h('label', { for: 'campaign-window-end' }, 'Best-hour window ends (UTC)', windowEnd))),
    variantList, h('p', {}, addVariant), problem, h('p', {}, h('button', { type: 'submit' }, 'Create draft')));
  onSubmit(form, problem, async () => {
    const schedule = { kind: scheduleKind.value };
    if (sendTime.value) schedule.sendTime = instantOf(sendTime.value);
    if (windowEnd.value) schedule.windowEndTime = instantOf(windowEnd.value);
    const definition = {
      name: nameInput.value, segmentId: segment.value, channel: channel.value, controlPercent: Number(control.value),
      schedule,
      variants: variants.map(({ fields }) => {
        const templates = {};
        if (fields.subject.value || fields.body.value) templates.email = { subject: fields.subject.value, body: fields.body.value };
        if (fields.sms.value) templates.sms = { body: fields.sms.value };
        return { variantId: fields.variantId.value, weight: Number(fields.weight.value), templates };
      }),
    };
    const created = await api('POST', '/v1/campaigns', id.value.trim() ? { id: id.value.trim(), definition } : { definition });
    say('Draft created.');
    go('#/campaigns/' + enc(created.id));
  });
  return [h('h1', {}, 'New campaign'), form];
}

async function campaignPage(id) {
  const [campaign, report] = await Promise.all([api('GET', '/v1/campaigns/' + enc(id)),
    api('GET', '/v1/campaigns/' + enc(id) + '/report')]);
  const d = campaign.definition;
  const problem = alertBox();
  const act = (label, path, body, kind) => h('button', { type: 'button', class: kind || '', onclick: async () => {
    try {
      await api('POST', '/v1/campaigns/' + enc(id) + path, body);
      say(label + ': done.');
      route();
    } catch (error) { problem.textContent = problemText(error); }
  } }, label);
  const actions = [h('button', { type: 'button', class: 'secondary', onclick: route }, 'Refresh'), ' '];
  if (state.canWrite && campaign.status === 'DRAFT') actions.push(act('Schedule', '/schedule', {}));
  if (state.canWrite && ['DRAFT', 'SCHEDULED', 'RUNNING'].includes(campaign.status)) {
    actions.push(' ', act('Cancel', '/cancel', { reason: 'cancelled in the console' }, 'danger'));
  }
  return [
    h('h1', {}, d.name || campaign.id, ' ', badge(campaign.status.toLowerCase())),
    h('div', { class: 'grid' },
      card('Campaign', facts([['Id', campaign.id], ['Segment', d.segmentId], ['Channel', d.channel],
        ['Control group', (d.controlPercent || 0) + ' %'], ['When', d.schedule ? d.schedule.kind : ''],
        ['Audience', campaign.audience ? number(campaign.audience, 0) + ' (' + number(campaign.control || 0, 0) + ' held out)' : ''],
        ['Started', when(campaign.startTime)], ['Ended', when(campaign.endTime)], ['Cancelled because', campaign.cancelReason]]),
      h('p', {}, actions), problem),
      previewCard('/v1/campaigns/' + enc(campaign.id) + '/previews', {
        label: 'Variant', select: h('select', { id: 'preview-choice' }, h('option', { value: '' }, 'Their own variant'),
          (d.variants || []).map(v => h('option', { value: v.variantId }, v.variantId))) }, 'variantId')),
    reportCard(report),
  ];
}

/**
 * A message as one customer would get it. {@code choice} is the select of what to preview (a campaign's variant, a
 * journey's send step) and {@code field} the name the API takes it by.
 */
function previewCard(path, choice, field) {
  const customer = h('input', { id: 'preview-customer', name: 'customerId', required: true, autocomplete: 'off' });
  const result = h('div', { id: 'preview', 'aria-live': 'polite' });
  const form = h('form', { class: 'inline', 'aria-label': 'Preview' },
    h('label', { for: 'preview-customer' }, 'Customer id', customer), h('label', { for: choice.select.id }, choice.label, choice.select),
    h('button', { type: 'submit' }, 'Preview'));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    try {
      const body = { customerId: customer.value.trim() };
      if (choice.select.value) body[field] = choice.select.value;
      const p = await api('POST', path, body);
      put(result, facts([['Variant', p.variantId], ['Channel', p.channel], ['To', p.recipient],
        ['Would not be sent', p.refusal], ['Subject', p.subject]]), h('pre', { class: 'preview' }, p.body || ''));
    } catch (error) {
      put(result, h('p', { class: 'error', role: 'alert' }, problemText(error)));
    }
  });
  return card('Preview for a customer', form, result);
}

const FUNNEL = [['audience', 'Audience'], ['sent', 'Sent'], ['delivered', 'Delivered'], ['opened', 'Opened'],
  ['clicked', 'Clicked'], ['converted', 'Converted']];

function reportCard(report) {
  const groups = [...(report.variants || []), ...(report.control ? [report.control] : [])];
  if (!groups.length) return card('Report', empty('The report fills in once the campaign has started.'));
  return card('Report',
    h('p', { class: 'muted' }, 'Goal: ', report.goal ? report.goal.kind.toLowerCase() + ' within ' + human(report.goal.within) : '',
      '. Lift compares each variant\u2019s conversion rate with the control group\u2019s, with its 95 % interval.'),
    h('div', { class: 'grid' }, groups.map(funnel)),
    liftChart(report.variants || []));
}

function funnel(group) {
  const width = 360, row = 22, top = 24;
  const most = Math.max(1, Number(group.audience || 0));
  const label = group.group === 'control' ? 'Control group' : 'Variant ' + group.group;
  return h('figure', { class: 'report-group' }, h('figcaption', {}, label + ': conversion ' + percent(group.conversionRate || 0)),
    s('svg', { class: 'funnel', viewBox: `0 0 ${width} ${top + FUNNEL.length * row}`, role: 'img',
      'aria-label': label + ' funnel: ' + FUNNEL.map(([k, t]) => t + ' ' + Number(group[k] || 0)).join(', ') },
    FUNNEL.map(([key, title], i) => {
      const value = Number(group[key] || 0);
      return [s('rect', { class: 'bar', x: 90, y: top + i * row, height: row - 6, width: Math.max(1, value / most * (width - 150)) }),
        s('text', { x: 0, y: top + i * row + 12 }, title), s('text', { x: width - 55, y: top + i * row + 12 }, number(value, 0))];
    })));
}

function liftChart(variants) {
  const lifts = variants.filter(v => v.lift);
  if (!lifts.length) return h('p', { class: 'muted' }, 'No lift yet: it needs conversions in a variant and in the control group.');
  const width = 400, row = 28, pad = 70;
  const low = Math.min(-0.1, ...lifts.map(v => v.lift.low)), high = Math.max(0.1, ...lifts.map(v => v.lift.high));
  const x = v => pad + (v - low) / (high - low) * (width - pad - 20);
  return h('figure', {}, h('figcaption', {}, 'Lift over the control group (95 % interval)'),
    s('svg', { class: 'funnel', viewBox: `0 0 ${width} ${row * lifts.length + 30}`, role: 'img', 'aria-label': 'Lift: '
        + lifts.map(v => v.group + ' ' + percent(v.lift.relative) + ' (' + percent(v.lift.low) + ' to ' + percent(v.lift.high) + ')').join(', ') },
      s('line', { class: 'mark', x1: x(0), y1: 0, x2: x(0), y2: row * lifts.length + 8 }),
      lifts.map((v, i) => [
        s('text', { x: 0, y: i * row + 16 }, 'Variant ' + v.group),
        s('rect', { class: 'ci', x: x(v.lift.low), y: i * row + 6, height: 12, width: Math.max(1, x(v.lift.high) - x(v.lift.low)) }),
        s('line', { class: 'mark', x1: x(v.lift.relative), y1: i * row + 2, x2: x(v.lift.relative), y2: i * row + 22 })]),
      s('text', { x: x(0), y: row * lifts.length + 24, 'text-anchor': 'middle' }, '0 %')));
}

// ---------------------------------------------------------------- journeys

const JOURNEY_TEMPLATE = {
  name: 'Welcome',
  entry: { segmentId: '', reEntry: 'NEVER' },
  goal: { kind: 'PURCHASE', within: 'P14D' },
  steps: [
    { stepId: 'hello', send: { channel: 'EMAIL', templates: { email: { subject: 'Welcome, {{ customer_first_name }}', body: 'Hello {{ customer_first_name }}!' } } } },
    { stepId: 'pause', wait: { duration: 'P2D' } },
    { stepId: 'opened', branch: { on: 'OPENED', within: 'P1D', yesStepId: 'out' } },
    { stepId: 'nudge', send: { channel: 'PREFERRED', templates: { email: { subject: 'Still there?', body: 'We kept something for you.' } } } },
    { stepId: 'out', exit: {} }],
};

async function journeysPage(params) {
  const entry = e => !e ? '' : e.segmentId ? 'segment ' + e.segmentId : 'interaction ' + ((e.interaction || {}).kind || '');
  return listPage(params, {
    title: 'Journeys', path: '/v1/journeys', hash: '#/journeys', create: 'New journey',
    headings: ['Name', 'Status', 'Entry', 'Steps'],
    row: j => h('tr', {}, h('td', {}, link('#/journeys/' + enc(j.id), j.definition.name || j.id)),
      h('td', {}, badge(j.status.toLowerCase())), h('td', {}, entry(j.definition.entry)),
      h('td', {}, number((j.definition.steps || []).length, 0))),
    none: 'No journeys yet. A journey takes each person who enters it through sends, waits and branches until its goal.',
  });
}

const UNITS = [['M', 'minutes'], ['H', 'hours'], ['D', 'days']];

/** A duration typed as a number and a unit, read and written as ISO-8601 (PT30M, PT4H, P2D). */
function durationField(idBase, label, iso) {
  const parts = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(iso || '') || [];
  const [amount, unit] = parts[1] ? [parts[1], 'D'] : parts[2] ? [parts[2], 'H'] : parts[3] ? [parts[3], 'M'] : ['1', 'D'];
  const count = h('input', { id: idBase, type: 'number', min: 1, value: amount, required: true, class: 'short' });
  const units = h('select', { id: idBase + '-unit', 'aria-label': label + ' unit' },
    UNITS.map(([v, t]) => h('option', { value: v }, t)));
  units.value = unit;
  return {
    element: h('label', { for: idBase }, label, h('span', { class: 'inline' }, count, units)),
    value: () => (units.value === 'D' ? 'P' : 'PT') + Number(count.value) + units.value,
  };
}

const STEP_TYPES = [['send', 'Send a message'], ['wait', 'Wait'], ['waitBestHour', 'Wait for their best hour'],
  ['branch', 'Branch on what they did'], ['exit', 'Exit']];

/** One step of the journey builder: its id, what it does, and the fields of that. */
function stepFields(step, index, builder) {
  const idOf = field => 'step-' + index + '-' + field;
  const type = STEP_TYPES.map(([t]) => t).find(t => step[t]) || 'send';
  const stepId = h('input', { id: idOf('id'), value: step.stepId || 'step-' + (index + 1), required: true, autocomplete: 'off' });
  const kind = h('select', { id: idOf('type') }, STEP_TYPES.map(([v, t]) => h('option', { value: v }, t)));
  kind.value = type;
  const send = step.send || {};
  const email = (send.templates || {}).email || {};
  const channel = h('select', { id: idOf('channel') },
    ['EMAIL', 'SMS', 'PREFERRED'].map(c => h('option', { value: c }, c === 'PREFERRED' ? 'Each person\u2019s preferred channel' : c)));
  channel.value = send.channel || 'EMAIL';
  const subject = h('input', { id: idOf('subject'), value: email.subject || '' });
  const body = h('textarea', { id: idOf('body'), value: email.body || '' });
  const sms = h('textarea', { id: idOf('sms'), value: ((send.templates || {}).sms || {}).body || '' });
  const wait = durationField(idOf('duration'), 'For', (step.wait || {}).duration || 'P1D');
  const branch = step.branch || {};
  const on = h('select', { id: idOf('on') }, [['OPENED', 'opened the journey\u2019s latest message'],
    ['CLICKED', 'clicked in it'], ['REPLIED', 'replied to it'], ['PURCHASED', 'bought something']]
    .map(([v, t]) => h('option', { value: v }, t)));
  on.value = branch.on || 'OPENED';
  const within = durationField(idOf('within'), 'Within', branch.within || 'P1D');
  const yes = h('input', { id: idOf('yes'), value: branch.yesStepId || '', placeholder: 'the next step', autocomplete: 'off' });
  const no = h('input', { id: idOf('no'), value: branch.noStepId || '', placeholder: 'the next step', autocomplete: 'off' });
  const areas = {
    send: h('div', {}, h('div', { class: 'row' }, h('label', { for: idOf('channel') }, 'Channel', channel)),
      h('label', { for: idOf('subject') }, 'E-mail subject (Liquid)', subject),
      h('label', { for: idOf('body') }, 'E-mail body (Liquid)', body),
      h('label', { for: idOf('sms') }, 'SMS text (Liquid, optional)', sms)),
    wait: h('div', { class: 'row' }, wait.element),
    waitBestHour: h('p', { class: 'muted' }, 'Waits until the person\u2019s best hour starts; goes on at once during it, or without one.'),
    branch: h('div', { class: 'row' }, h('label', { for: idOf('on') }, 'If they', on), within.element,
      h('label', { for: idOf('yes') }, 'Then go to step', yes), h('label', { for: idOf('no') }, 'Otherwise go to step', no)),
    exit: h('p', { class: 'muted' }, 'The run ends here.'),
  };
  const show = () => Object.entries(areas).forEach(([t, area]) => { area.hidden = t !== kind.value; });
  kind.addEventListener('change', show);
  show();
  const legend = h('legend', {}, 'Step ' + (index + 1));
  const element = h('fieldset', { class: 'card step' }, legend,
    h('div', { class: 'row' }, h('label', { for: idOf('id') }, 'Step id', stepId), h('label', { for: idOf('type') }, 'Does', kind)),
    Object.values(areas),
    h('p', { class: 'inline' },
      h('button', { type: 'button', class: 'secondary', onclick: () => builder.move(element, -1) }, 'Move up'),
      h('button', { type: 'button', class: 'secondary', onclick: () => builder.move(element, 1) }, 'Move down'),
      h('button', { type: 'button', class: 'secondary', onclick: () => builder.remove(element) }, 'Remove step')));
  const read = () => {
    const result = { stepId: stepId.value.trim() };
    if (kind.value === 'send') {
      const templates = {};
      if (subject.value || body.value) templates.email = { subject: subject.value, body: body.value };
      if (sms.value) templates.sms = { body: sms.value };
      result.send = { channel: channel.value, templates };
    } else if (kind.value === 'wait') {
      result.wait = { duration: wait.value() };
    } else if (kind.value === 'branch') {
      result.branch = { on: on.value, within: within.value() };
      if (yes.value.trim()) result.branch.yesStepId = yes.value.trim();
      if (no.value.trim()) result.branch.noStepId = no.value.trim();
    } else {
      result[kind.value] = {};
    }
    return result;
  };
  return { element, legend, read };
}

/** The journey builder: entry, re-entry, goal and the steps, with the definition as JSON beside it for those who paste. */
async function journeyBuilder(journey) {
  const segments = await api('GET', '/v1/segments' + query({ limit: 100 }));
  const definition = journey ? journey.definition : structuredClone(JOURNEY_TEMPLATE);
  if (!journey && segments.items.length) definition.entry.segmentId = segments.items[0].id;
  const id = h('input', { id: 'journey-id', autocomplete: 'off', value: journey ? journey.id : '', disabled: Boolean(journey) });
  const nameInput = h('input', { id: 'journey-name', required: true });
  const entryKind = h('select', { id: 'journey-entry' },
    h('option', { value: 'segment' }, 'They enter a segment'), h('option', { value: 'interaction' }, 'They do something'));
  const segment = h('select', { id: 'journey-segment' }, segments.items.map(s => h('option', { value: s.id }, s.name)));
  const kind = h('select', { id: 'journey-kind' }, KINDS.map(k => h('option', { value: k }, k)));
  const firstOnly = h('input', { id: 'journey-first-only', type: 'checkbox' });
  const reEntry = h('select', { id: 'journey-re-entry' },
    h('option', { value: 'NEVER' }, 'Never: once per person'), h('option', { value: 'AFTER_EXIT' }, 'Again after their run ended'));
  const reEntryAfter = durationField('journey-re-entry-after', 'No sooner than', 'P30D');
  const goalKind = h('select', { id: 'journey-goal' }, h('option', { value: '' }, 'No goal'), KINDS.map(k => h('option', { value: k }, k)));
  const goalWithin = durationField('journey-goal-within', 'Within', 'P14D');
  const steps = h('div', { id: 'journey-steps' });
  let fields = [];
  const builder = {
    move(element, by) {
      const at = fields.findIndex(f => f.element === element);
      const to = at + by;
      if (to < 0 || to >= fields.length) return;
      [fields[at], fields[to]] = [fields[to], fields[at]];
      builder.redraw();
    },
    remove(element) {
      fields = fields.filter(f => f.element !== element);
      builder.redraw();
    },
    redraw() {
      steps.replaceChildren(...fields.map(f => f.element));
      fields.forEach((f, i) => { f.legend.textContent = 'Step ' + (i + 1); });
    },
  };
  const segmentLabel = h('label', { for: 'journey-segment' }, 'Segment', segment);
  const kindLabel = h('label', { for: 'journey-kind' }, 'Kind', kind);
  const firstOnlyLabel = h('label', { for: 'journey-first-only', class: 'check' }, firstOnly, 'Their first of that kind only');
  const showEntry = () => {
    segmentLabel.hidden = entryKind.value !== 'segment';
    kindLabel.hidden = firstOnlyLabel.hidden = entryKind.value !== 'interaction';
    reEntryAfter.element.hidden = reEntry.value !== 'AFTER_EXIT';
    goalWithin.element.hidden = !goalKind.value;
  };
  [entryKind, reEntry, goalKind].forEach(select => select.addEventListener('change', showEntry));
  function fill(d) {
    nameInput.value = d.name || '';
    const entry = d.entry || {};
    entryKind.value = entry.interaction ? 'interaction' : 'segment';
    if (entry.segmentId) segment.value = entry.segmentId;
    if (entry.interaction) { kind.value = entry.interaction.kind; firstOnly.checked = Boolean(entry.interaction.firstOnly); }
    reEntry.value = entry.reEntry || 'NEVER';
    goalKind.value = d.goal ? d.goal.kind : '';
    fields = (d.steps || []).map((step, i) => stepFields(step, i, builder));
    builder.redraw();
    showEntry();
  }
  function read() {
    const entry = entryKind.value === 'segment' ? { segmentId: segment.value }
      : { interaction: firstOnly.checked ? { kind: kind.value, firstOnly: true } : { kind: kind.value } };
    entry.reEntry = reEntry.value;
    if (reEntry.value === 'AFTER_EXIT') entry.reEntryAfter = reEntryAfter.value();
    const d = { name: nameInput.value, entry, steps: fields.map(f => f.read()) };
    if (goalKind.value) d.goal = { kind: goalKind.value, within: goalWithin.value() };
    return d;
  }
  const addStep = h('button', { type: 'button', class: 'secondary', onclick: () => {
    fields.push(stepFields({ stepId: 'step-' + (fields.length + 1), send: {} }, fields.length, builder));
    builder.redraw();
    fields[fields.length - 1].element.querySelector('input').focus();
  } }, 'Add a step');
  const json = h('textarea', { id: 'journey-json', class: 'rule', rows: 18, spellcheck: 'false' });
  const jsonProblem = alertBox();
  const details = h('details', {}, h('summary', {}, 'The definition as JSON (to copy, or to paste one)'),
    h('label', { for: 'journey-json' }, 'Definition (entry, goal and steps, as the README\u2019s Journeys describes)', json),
    jsonProblem, h('p', {}, h('button', { type: 'button', class: 'secondary', onclick: () => {
      jsonProblem.textContent = '';
      try {
        fill(JSON.parse(json.value));
        json.removeAttribute('aria-invalid');
        say('The form now holds the pasted definition.');
      } catch (error) {
        json.setAttribute('aria-invalid', 'true');
        jsonProblem.textContent = 'The definition is not JSON: ' + error.message;
      }
    } }, 'Fill the form from this JSON')));
  details.addEventListener('toggle', () => { if (details.open) json.value = JSON.stringify(read(), null, 2); });
  const problem = alertBox();
  const label = journey ? 'Save draft' : 'Create draft';
  const form = h('form', { 'aria-label': journey ? 'Edit journey' : 'New journey' },
    card('Journey', h('div', { class: 'row' },
      h('label', { for: 'journey-name' }, 'Name', nameInput), h('label', { for: 'journey-id' }, 'Id (optional)', id)),
    h('div', { class: 'row' }, h('label', { for: 'journey-entry' }, 'Who enters', entryKind), segmentLabel, kindLabel, firstOnlyLabel),
    h('div', { class: 'row' }, h('label', { for: 'journey-re-entry' }, 'Re-entry', reEntry), reEntryAfter.element),
    h('div', { class: 'row' }, h('label', { for: 'journey-goal' }, 'Goal (ends a run when done)', goalKind), goalWithin.element)),
    h('h2', {}, 'Steps'), h('p', { class: 'muted' }, 'In order, unless a branch says otherwise; a branch only leads forward.'),
    steps, h('p', {}, addStep), details, problem, h('p', {}, h('button', { type: 'submit' }, label)));
  fill(definition);
  onSubmit(form, problem, async () => {
    const d = read();
    const saved = journey ? await api('PUT', '/v1/journeys/' + enc(journey.id), { definition: d })
      : await api('POST', '/v1/journeys', id.value.trim() ? { id: id.value.trim(), definition: d } : { definition: d });
    say(journey ? 'Draft saved.' : 'Draft created.');
    go('#/journeys/' + enc(saved.id));
  });
  return form;
}

async function newJourneyPage() {
  return [h('h1', {}, 'New journey'), await journeyBuilder(null)];
}

async function editJourneyPage(id) {
  const journey = await api('GET', '/v1/journeys/' + enc(id));
  if (journey.status !== 'DRAFT') {
    return [h('h1', {}, journey.definition.name || id), empty('Only a draft can be changed; this journey is '
      + journey.status.toLowerCase() + '.'), h('p', {}, link('#/journeys/' + enc(id), 'Back to the journey'))];
  }
  return [h('h1', {}, 'Edit ', journey.definition.name || id), await journeyBuilder(journey)];
}

/** An ISO-8601 duration as people say it: PT48H is "2 days". */
function human(iso) {
  const parts = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(iso || '');
  if (!parts) return iso || '';
  const seconds = (Number(parts[1] || 0) * 24 + Number(parts[2] || 0)) * 3600 + Number(parts[3] || 0) * 60 + Number(parts[4] || 0);
  for (const [unit, size] of [['day', 86400], ['hour', 3600], ['minute', 60]]) {
    if (seconds >= size && seconds % size === 0) return seconds / size + ' ' + unit + (seconds === size ? '' : 's');
  }
  return seconds + ' second' + (seconds === 1 ? '' : 's');
}

function stepText(step) {
  if (step.send) return 'send on ' + step.send.channel;
  if (step.wait) return 'wait ' + human(step.wait.duration);
  if (step.waitBestHour) return 'wait for their best hour';
  if (step.branch) return 'if ' + step.branch.on.toLowerCase() + ' within ' + human(step.branch.within) + ' go to '
    + (step.branch.yesStepId || 'next') + ', else ' + (step.branch.noStepId || 'next');
  if (step.exit) return 'exit';
  return '';
}

async function journeyPage(id, params) {
  const cursor = params.get('cursor');
  const [journey, report, runs] = await Promise.all([api('GET', '/v1/journeys/' + enc(id)),
    api('GET', '/v1/journeys/' + enc(id) + '/report'), api('GET', '/v1/journeys/' + enc(id) + '/runs' + query({ limit: 25, cursor }))]);
  const d = journey.definition;
  const problem = alertBox();
  const act = (label, path, kind) => h('button', { type: 'button', class: kind || '', onclick: async () => {
    try {
      await api('POST', '/v1/journeys/' + enc(id) + path, {});
      say(label + ': done.');
      route();
    } catch (error) { problem.textContent = problemText(error); }
  } }, label);
  const actions = [];
  if (state.canWrite && journey.status === 'DRAFT') {
    actions.push(act('Activate', '/activate'), ' ', link('#/journeys/' + enc(id) + '/edit', 'Edit the draft'));
  }
  if (state.canWrite && journey.status === 'ACTIVE') actions.push(act('Stop', '/stop', 'danger'));
  const byStep = Object.fromEntries((report.steps || []).map(s => [s.stepId, s]));
  return [
    h('h1', {}, d.name || journey.id, ' ', badge(journey.status.toLowerCase())),
    card('Journey', facts([['Id', journey.id], ['Entry', d.entry && d.entry.segmentId ? 'entering segment ' + d.entry.segmentId
      : 'an interaction: ' + ((d.entry && d.entry.interaction) || {}).kind], ['Goal', d.goal ? d.goal.kind.toLowerCase() + ' within ' + human(d.goal.within) : ''],
    ['Entered', number(report.entered || 0, 0)], ['Active', number(report.active || 0, 0)],
    ['Reached the goal', number(report.goalReached || 0, 0)], ['Completed', number(report.completed || 0, 0)],
    ['Exited', number(report.exited || 0, 0)]]), actions.length ? h('p', {}, actions) : null, problem),
    card('Steps', table(['Step', 'Does', 'Reached', 'Waiting', 'Goal here', 'Yes / no', 'Sent', 'Opened', 'Clicked'],
      (d.steps || []).map(step => {
        const r = byStep[step.stepId] || {};
        const m = r.messages || {};
        return h('tr', {}, h('td', {}, step.stepId), h('td', {}, stepText(step)), h('td', {}, number(r.reached || 0, 0)),
          h('td', {}, number(r.waiting || 0, 0)), h('td', {}, number(r.goalReached || 0, 0)),
          h('td', {}, step.branch ? number(r.yes || 0, 0) + ' / ' + number(r.no || 0, 0) : ''),
          h('td', {}, step.send ? number(m.sent || 0, 0) : ''), h('td', {}, step.send ? number(m.opened || 0, 0) : ''),
          h('td', {}, step.send ? number(m.clicked || 0, 0) : ''));
      }))),
    (d.steps || []).some(step => step.send) ? previewCard('/v1/journeys/' + enc(id) + '/previews', {
      label: 'Send step', select: h('select', { id: 'preview-choice', required: true },
        d.steps.filter(step => step.send).map(step => h('option', { value: step.stepId }, step.stepId))) }, 'stepId') : null,
    card('Runs', runs.items.length ? table(['Customer', 'State', 'Step', 'Entered', 'Next due'], runs.items.map(run => h('tr', {},
      h('td', {}, customerLink(run.customerId)), h('td', {}, badge((run.state || '').toLowerCase())), h('td', {}, run.stepId || ''),
      h('td', {}, when(run.enterTime)), h('td', {}, when(run.dueTime)))))
      : empty('Nobody has entered this journey yet.'),
      pager('#/journeys/' + enc(id), cursor, runs.nextCursor)),
  ];
}

// ---------------------------------------------------------------- imports

const IMPORT_FORMATS = [['csv', 'CSV of interactions (with a column mapping)'], ['ndjson', 'NDJSON of interactions'],
  ['customers', 'CSV of customers'], ['cdnow', 'CDNOW'], ['online-retail', 'Online Retail']];

function importRow(job) {
  return h('tr', {}, h('td', {}, link('#/imports/' + enc(job.id), (job.files || []).join(', ') || job.id)),
    h('td', {}, job.format), h('td', {}, badge(job.status.toLowerCase(), job.status === 'FAILED' ? 'bad' : null)),
    h('td', {}, number(job.rowsImported, 0) + ' of ' + number(job.rowsRead, 0)), h('td', {}, when(job.startedAt)));
}

async function importsPage(params) {
  const cursor = params.get('cursor');
  const page = await api('GET', '/v1/imports' + query({ limit: 20, cursor }));
  return [
    h('h1', {}, 'Imports'),
    writeOnly(uploadCard()),
    card('History', page.items.length ? table(['Files', 'Format', 'Status', 'Rows imported', 'Started'], page.items.map(importRow))
      : empty('Nothing imported yet. Upload a file above to bring customers or their history in.'),
      pager('#/imports', cursor, page.nextCursor)),
  ];
}

function uploadCard() {
  const file = h('input', { id: 'import-file', type: 'file', required: true, multiple: true });
  const format = h('select', { id: 'import-format' }, IMPORT_FORMATS.map(([v, t]) => h('option', { value: v }, t)));
  const mapping = h('textarea', { id: 'import-mapping', class: 'rule', rows: 3, spellcheck: 'false',
    placeholder: '{"customerId":"customer","eventId":"order","kind":"=PURCHASE","channel":"=STORE","direction":"=INBOUND","occurredAt":"date","amount":"total","currency":"=EUR"}' });
  const bar = h('progress', { id: 'upload-progress', max: 100, value: 0, hidden: true });
  const problem = alertBox();
  const form = h('form', { 'aria-label': 'Upload' },
    h('div', { class: 'row' }, h('label', { for: 'import-file' }, 'File', file), h('label', { for: 'import-format' }, 'Format', format)),
    h('label', { for: 'import-mapping' }, 'Column mapping (CSV of interactions only: field to column, or "=constant")', mapping),
    bar, problem, h('p', {}, h('button', { type: 'submit' }, 'Upload and import')));
  form.addEventListener('submit', event => {
    event.preventDefault();
    problem.textContent = '';
    const body = new FormData();
    for (const f of file.files) body.append('file', f);
    body.append('format', format.value);
    if (format.value === 'csv') body.append('mapping', mapping.value);
    // XMLHttpRequest rather than fetch: it reports the upload's progress.
    const request = new XMLHttpRequest();
    request.open('POST', '/v1/imports');
    request.setRequestHeader('X-Rapport-Console', '1');
    request.setRequestHeader('Accept', 'application/json');
    bar.hidden = false;
    request.upload.addEventListener('progress', e => { if (e.lengthComputable) bar.value = Math.round(100 * e.loaded / e.total); });
    request.addEventListener('load', () => {
      let answer = {};
      try { answer = JSON.parse(request.responseText); } catch (e) { answer = { detail: 'The gateway answered ' + request.status + '.' }; }
      if (request.status === 202) go('#/imports/' + enc(answer.id));
      else { bar.hidden = true; problem.textContent = problemText(new Problem(request.status, answer)); }
    });
    request.addEventListener('error', () => { bar.hidden = true; problem.textContent = 'The upload did not reach the gateway.'; });
    request.send(body);
  });
  return card('Upload a file', form);
}

async function importPage(id) {
  const job = await api('GET', '/v1/imports/' + enc(id));
  const running = job.status === 'RUNNING';
  if (running) {
    const ticket = navigation;
    setTimeout(() => { if (ticket === navigation) route(); }, 1000);
  }
  return [
    h('h1', {}, 'Import ', job.id),
    card('Progress', h('progress', { id: 'import-progress', max: 1, value: job.progress || 0, 'aria-label': 'Import progress' }),
      facts([['Status', job.status], ['Files', (job.files || []).join(', ')], ['Rows read', number(job.rowsRead, 0)],
        ['Imported', number(job.rowsImported, 0)], ['Skipped', number(job.rowsSkipped, 0)],
        ['Interactions recorded', number(job.recorded, 0)], ['Already there', number(job.duplicates, 0)],
        ['Rows per second', number(job.rowsPerSecond, 0)], ['Time left', job.etaSeconds ? duration(job.etaSeconds) : ''],
        ['Started', when(job.startedAt)], ['Finished', when(job.finishedAt)], ['Error', job.error]])),
    job.rowsSkipped ? card('Skipped rows', table(['Reason', 'Rows'], Object.entries(job.skipped || {}).map(([reason, rows]) =>
      h('tr', {}, h('td', {}, reason), h('td', {}, number(rows, 0))))),
    (job.skipExamples || []).length ? h('ul', {}, job.skipExamples.map(e => h('li', {}, e))) : null) : null,
  ];
}

// ---------------------------------------------------------------- models

async function modelsPage(params) {
  const cursor = params.get('cursor');
  const page = await api('GET', '/v1/models/purchase/fits' + query({ limit: 20, cursor }));
  const problem = alertBox();
  const fit = h('button', { type: 'button', onclick: async () => {
    fit.disabled = true;
    say('Fitting on every customer\u2019s purchases…');
    try {
      await api('POST', '/v1/models/purchase/fits', {});
      say('Fitted.');
      route();
    } catch (error) { problem.textContent = problemText(error); fit.disabled = false; }
  } }, 'Fit now');
  const f = v => v === undefined || v === null ? '' : Number(v).toPrecision(4);
  return [
    h('h1', {}, 'Purchase models'),
    h('p', { class: 'muted' }, 'BG/NBD (who is still a customer, and how often they buy) and Gamma-Gamma (how much), fitted on every customer\u2019s purchases; predictions on customer pages use the latest fit.'),
    writeOnly(h('p', {}, fit), problem),
    card('Fits, newest first', page.items.length ? table(['Fitted', 'Data up to', 'Customers', 'r', 'α', 'a', 'b', 'p', 'q', 'γ', 'Log-likelihood', 'Big spender from'],
      page.items.map(m => h('tr', {}, h('td', {}, when(m.fittedAt)), h('td', {}, when(m.asOf)), h('td', {}, number(m.customers, 0)),
        h('td', {}, f(m.r)), h('td', {}, f(m.alpha)), h('td', {}, f(m.a)), h('td', {}, f(m.b)), h('td', {}, f(m.p)), h('td', {}, f(m.q)),
        h('td', {}, f(m.gamma)), h('td', {}, f(m.logLikelihood)),
        h('td', {}, m.bigSpenderThreshold !== undefined ? number(m.bigSpenderThreshold) + ' ' + (m.currency || '') : ''))))
      : empty('No fit yet. Fit the models once customers have purchases; they are fitted again every day.'),
      pager('#/models', cursor, page.nextCursor)),
  ];
}

// ---------------------------------------------------------------- admin

async function adminPage() {
  const [keys, settings] = await Promise.all([keysCard(), api('GET', '/v1/admin/messaging-settings')]);
  const workspaces = state.session.operator ? await api('GET', '/v1/admin/workspaces' + query({ limit: 100 })) : null;
  return [h('h1', {}, 'Admin'), keys, settingsCard(settings), workspaces ? workspacesCard(workspaces) : null];
}

function shownOnce(label, key) {
  const field = h('input', { id: 'new-key', readonly: true, value: key, size: 60 });
  return h('div', { class: 'banner', role: 'status' }, h('label', { for: 'new-key' }, label, field),
    h('button', { type: 'button', class: 'secondary', onclick: () => { field.select(); navigator.clipboard && navigator.clipboard.writeText(key); } }, 'Copy'));
}

async function keysCard() {
  const problem = alertBox();
  const made = h('div', {});
  const list = h('div', {});
  async function reload() {
    const keys = await api('GET', '/v1/admin/api-keys' + query({ limit: 100 }));
    const rows = keys.items.map(k => h('tr', {}, h('td', {}, k.name), h('td', {}, k.prefix), h('td', {}, k.scopes.join(', ')),
      h('td', {}, when(k.createdAt)), h('td', {}, when(k.lastUsedAt)), h('td', {}, k.revokedAt ? 'revoked ' + when(k.revokedAt)
        : k.expiresAt ? 'expires ' + when(k.expiresAt) : 'active'),
      h('td', {}, k.revokedAt ? null : h('button', { type: 'button', class: 'danger', onclick: async () => {
        if (!window.confirm('Revoke the key "' + k.name + '"? Whatever uses it stops working.')) return;
        try { await api('DELETE', '/v1/admin/api-keys/' + enc(k.id)); say('Revoked.'); await reload(); } catch (error) { problem.textContent = problemText(error); }
      } }, 'Revoke'))));
    put(list, rows.length ? table(['Name', 'Prefix', 'Scopes', 'Made', 'Last used', 'State', ''], rows)
      : empty('No keys made through the API yet.'));
  }
  const nameInput = h('input', { id: 'key-name', required: true });
  const scopes = ['read', 'write', 'admin'].map(scope => h('input', { type: 'checkbox', id: 'scope-' + scope, value: scope, checked: scope === 'read' }));
  const expires = h('input', { id: 'key-expires', type: 'datetime-local' });
  const form = h('form', { class: 'inline', 'aria-label': 'New API key' },
    h('label', { for: 'key-name' }, 'Name', nameInput),
    h('fieldset', {}, h('legend', {}, 'Scopes'), scopes.map(box => h('label', { for: box.id, class: 'check' }, box, box.value))),
    h('label', { for: 'key-expires' }, 'Expires (UTC, optional)', expires), h('button', { type: 'submit' }, 'Make key'));
  onSubmit(form, problem, async () => {
    const body = { name: nameInput.value, scopes: scopes.filter(b => b.checked).map(b => b.value) };
    if (expires.value) body.expiresAt = instantOf(expires.value);
    const key = await api('POST', '/v1/admin/api-keys', body);
    put(made, shownOnce('The new key, shown only this once: keep it', key.key));
    nameInput.value = '';
    await reload();
  });
  await reload();
  return card('API keys', form, made, problem, list);
}

function settingsCard(settings) {
  const count = h('input', { id: 'cap-count', type: 'number', min: 0, value: settings.marketingCap.count });
  const window_ = h('input', { id: 'cap-window', value: settings.marketingCap.window });
  const from = h('input', { id: 'quiet-from', value: settings.quietHours.from, pattern: '[0-2][0-9]:[0-5][0-9]' });
  const until = h('input', { id: 'quiet-until', value: settings.quietHours.until, pattern: '[0-2][0-9]:[0-5][0-9]' });
  const problem = alertBox();
  const form = h('form', { class: 'inline', 'aria-label': 'Messaging settings' },
    h('label', { for: 'cap-count' }, 'Marketing messages at most', count), h('label', { for: 'cap-window' }, 'per (ISO-8601 duration)', window_),
    h('label', { for: 'quiet-from' }, 'Quiet hours from', from), h('label', { for: 'quiet-until' }, 'until (the customer\u2019s time)', until),
    h('button', { type: 'submit' }, 'Save'));
  onSubmit(form, problem, async () => {
    await api('PUT', '/v1/admin/messaging-settings', { marketingCap: { count: Number(count.value), window: window_.value },
      quietHours: { from: from.value, until: until.value } });
    say('Saved.');
  });
  return card('Messaging', h('p', { class: 'muted' }, 'Equal quiet hours (00:00 to 00:00) mean none.'), form, problem);
}

function workspacesCard(workspaces) {
  const id = h('input', { id: 'workspace-id', required: true, pattern: '[a-z0-9][a-z0-9-]*' });
  const nameInput = h('input', { id: 'workspace-name', required: true });
  const made = h('div', {});
  const problem = alertBox();
  const form = h('form', { class: 'inline', 'aria-label': 'New workspace' },
    h('label', { for: 'workspace-id' }, 'Id', id), h('label', { for: 'workspace-name' }, 'Name', nameInput),
    h('button', { type: 'submit' }, 'Make workspace'));
  onSubmit(form, problem, async () => {
    const created = await api('POST', '/v1/admin/workspaces', { id: id.value.trim(), name: nameInput.value });
    put(made, shownOnce('Its first admin key, shown only this once: hand it to the workspace\u2019s team', created.apiKey.key));
  });
  return card('Workspaces (operator)', form, made, problem,
    table(['Id', 'Name', 'Made'], workspaces.items.map(w => h('tr', {}, h('td', {}, w.id), h('td', {}, w.name), h('td', {}, when(w.createdAt))))));
}

// ---------------------------------------------------------------- start

// The skip link moves focus to the content; it must not change the route.
document.querySelector('.skip').addEventListener('click', event => {
  event.preventDefault();
  main.focus();
});
window.addEventListener('hashchange', route);
start();
