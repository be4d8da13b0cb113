// The CPO cockpit: groups, charge point tiles and per-group charts, live from the SSE stream.
import uPlot from '/vendor/uplot/uPlot.esm.js';
import { confirmAction, mountNav, session, siteTime } from './common.js';
import { renderBatteries } from './batteries.js';

const TOKEN_KEY = 'olimove.cockpit.token';
const STALE_AFTER_MS = 15000;
const $ = (sel, root = document) => root.querySelector(sel);

const state = {
  token: localStorage.getItem(TOKEN_KEY) || '',
  role: null,
  groups: [],
  chargePoints: new Map(),
  lastEventAt: 0,
  streamOpen: false,
  source: null,
  charts: new Map(),
  days: new Map(),
};

const kw = (w) => (w == null ? '–' : (w / 1000).toLocaleString('en', { maximumFractionDigits: 1, minimumFractionDigits: 1 }));
const time = siteTime;
const ago = (iso) => {
  if (!iso) return 'never';
  const s = Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 1000));
  return s < 60 ? `${s} s ago` : s < 3600 ? `${Math.round(s / 60)} min ago` : `${Math.round(s / 3600)} h ago`;
};
const STATUS_WORDS = {
  Available: 'Available', Preparing: 'Preparing', Charging: 'Charging', SuspendedEV: 'Paused by car',
  SuspendedEVSE: 'Paused by charger', Finishing: 'Finishing', Reserved: 'Reserved', Unavailable: 'Unavailable', Faulted: 'Faulted',
};
const statusClass = (s) => (s === 'Charging' ? 'charging' : s === 'Available' ? 'available' : s?.startsWith('Suspended') ? 'suspended' : s === 'Faulted' ? 'faulted' : s === 'Unavailable' ? 'unavailable' : '');

async function api(path, options = {}) {
  const res = await fetch(`/api/v1${path}`, {
    ...options,
    headers: { Authorization: `Bearer ${state.token}`, ...(options.body ? { 'Content-Type': 'application/json' } : {}), ...options.headers },
  });
  const body = res.headers.get('content-type')?.includes('json') ? await res.json() : null;
  return { ok: res.ok, status: res.status, body };
}

function toast(text) {
  const t = $('#toast');
  t.textContent = text;
  t.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { t.hidden = true; }, 5000);
}

function banner(text) {
  const b = $('#banner');
  b.hidden = !text;
  b.textContent = text || '';
}

async function start() {
  $('#token-input').value = state.token;
  $('#token-form').addEventListener('submit', (e) => {
    e.preventDefault();
    state.token = $('#token-input').value.trim();
    session.token = state.token;
    localStorage.setItem(TOKEN_KEY, state.token);
    connect();
  });
  mountNav();
  setInterval(tickAge, 1000);
  setInterval(loadDays, 60000);
  if (state.token) connect();
  else banner('Enter an API token to see the site.');
}

async function connect() {
  state.source?.close();
  const who = await api('/whoami');
  if (who.status === 401) {
    banner('This token is not valid (or expired). Enter another one.');
    $('#whoami').textContent = '';
    return;
  }
  state.role = who.body?.role;
  $('#whoami').textContent = `${who.body?.name} · ${state.role}`;
  if (state.role === 'user') {
    banner('This is a driver token: the cockpit needs a viewer or operator token.');
    return;
  }
  const site = await api('/site');
  if (site.ok) {
    $('#site-name').textContent = site.body.name;
    session.timeZone = site.body.timeZone || 'UTC';
  }
  loadChain();
  const source = new EventSource(`/api/v1/events?access_token=${encodeURIComponent(state.token)}`);
  state.source = source;
  source.addEventListener('open', () => { state.streamOpen = true; tickAge(); });
  source.addEventListener('error', () => { state.streamOpen = false; tickAge(); });
  source.addEventListener('snapshot', (e) => {
    const data = JSON.parse(e.data);
    state.chargePoints = new Map(data.chargePoints.map((cp) => [cp.id, cp]));
    setGroups(data.groups, data.at);
    loadDays();
  });
  source.addEventListener('groups', (e) => {
    const data = JSON.parse(e.data);
    setGroups(data.groups, data.at);
  });
  source.addEventListener('chargePoint', (e) => {
    const cp = JSON.parse(e.data);
    state.chargePoints.set(cp.id, cp);
    state.lastEventAt = Date.now();
    renderTile(cp);
    renderHeader();
  });
}

function setGroups(groups, at) {
  state.groups = groups;
  state.lastEventAt = Date.now();
  for (const g of groups) {
    const day = state.days.get(g.id);
    if (day && at) day.measured.push({ at, w: g.measuredW });
  }
  render();
}

async function loadChain() {
  const chain = await api('/chain');
  if (!chain.ok) return;
  const c = chain.body;
  const pending = c.pendingCount ?? c.pending ?? 0;
  const block = c.lastConfirmedBlock ?? c.lastBlock;
  const parked = c.failedCount ?? 0;
  $('#kpi-chain').textContent = `${pending} pending${block != null ? ` · block ${block}` : ''}${parked ? ` · ${parked} parked` : ''}${c.lastError ? ' · error' : ''}`;
  $('#kpi-chain').title = [parked ? `Parked (never lands as it is): ${c.lastFailure}` : null, c.lastError ? `Last error: ${c.lastError}` : `Health: ${c.health ?? 'ok'}`]
    .filter(Boolean).join('\n');
}

async function loadDays() {
  for (const g of state.groups) {
    const day = await api(`/groups/${encodeURIComponent(g.id)}/day`);
    if (day.ok) {
      state.days.set(g.id, day.body);
      drawChart(g.id);
    }
  }
  loadChain();
}

function tickAge() {
  const age = state.lastEventAt ? Date.now() - state.lastEventAt : null;
  $('#data-age').textContent = age == null ? '–' : `${Math.round(age / 1000)} s`;
  if (!state.token) return;
  if (!state.streamOpen && state.lastEventAt) banner(`Offline: the live stream is down (last data ${Math.round(age / 1000)} s ago). Retrying…`);
  else if (age != null && age > STALE_AFTER_MS) banner(`Data is ${Math.round(age / 1000)} s old: the service may be unreachable.`);
  else if (state.role && state.role !== 'user') banner('');
}

function renderHeader() {
  const used = state.groups.reduce((s, g) => s + g.measuredW, 0);
  const limit = state.groups.reduce((s, g) => s + g.limitW, 0);
  $('#kpi-used').textContent = `${kw(used)} / ${kw(limit)} kW`;
  const pv = state.groups.filter((g) => g.pvW != null);
  $('#kpi-pv').textContent = pv.length ? `${kw(pv.reduce((s, g) => s + g.pvW, 0))} kW` : 'none';
  const cps = [...state.chargePoints.values()];
  const online = cps.filter((c) => c.connected).length;
  const faulted = cps.filter((c) => c.connectors.some((k) => k.status === 'Faulted')).length;
  $('#kpi-cps').textContent = `${online} online · ${cps.length - online} offline${faulted ? ` · ${faulted} faulted` : ''}`;
}

function render() {
  const main = $('#groups');
  for (const g of state.groups) {
    let section = main.querySelector(`[data-group="${CSS.escape(g.id)}"]`);
    if (!section) {
      section = $('#group-template').content.firstElementChild.cloneNode(true);
      section.dataset.group = g.id;
      section.dataset.testid = 'group';
      $('h2', section).textContent = g.id;
      main.append(section);
    }
    const otherW = g.otherLoads.reduce((s, l) => s + l.powerW, 0);
    const usedShare = (g.measuredW + otherW) / g.limitW;
    section.classList.toggle('red', usedShare >= 1);
    section.classList.toggle('amber', usedShare >= 0.9 && usedShare < 1);
    const level = usedShare >= 1 ? ' — AT LIMIT' : usedShare >= 0.9 ? ' — near limit' : '';
    $('.group-numbers', section).textContent =
      `${kw(g.measuredW)} kW charging + ${kw(otherW)} kW other loads of ${kw(g.limitW)} kW limit · planned ${kw(g.plannedW)} kW · PV ${g.pvW == null ? 'none' : `${kw(g.pvW)} kW`}${level}`;
    const bar = $('.capacity', section);
    bar.setAttribute('aria-label', `${Math.round(usedShare * 100)} % of the limit in use`);
    $('.seg.other', bar).style.width = `${Math.min(100, (otherW / g.limitW) * 100)}%`;
    $('.seg.used', bar).style.width = `${Math.min(100, (g.measuredW / g.limitW) * 100)}%`;
    const mark = $('.planned-mark', bar);
    mark.hidden = g.plannedW == null;
    mark.style.left = `${Math.min(99.5, ((otherW + (g.plannedW ?? 0)) / g.limitW) * 100)}%`;
    renderBatteries(section, g);
    for (const id of g.chargePointIds) {
      const cp = state.chargePoints.get(id);
      if (cp) renderTile(cp, section);
    }
  }
  renderHeader();
}

function renderTile(cp, section) {
  section ??= document.querySelector(`[data-group="${CSS.escape(cp.groupId)}"]`);
  if (!section) return;
  let tile = section.querySelector(`[data-cp="${CSS.escape(cp.id)}"]`);
  if (!tile) {
    tile = $('#tile-template').content.firstElementChild.cloneNode(true);
    tile.dataset.cp = cp.id;
    tile.dataset.testid = 'cp-tile';
    tile.id = `cp-${cp.id}`;
    $('h3', tile).textContent = cp.id;
    $('.actions [data-act="reset"]', tile).addEventListener('click', async () => {
      if (await confirmAction(`Soft reset ${cp.id}? The charger restarts; a running session is stopped by the charger.`, 'Reset')) act(cp.id, 'reset', { type: 'Soft' }, `Soft reset of ${cp.id}`);
    });
    $('.actions [data-act="remote-start"]', tile).addEventListener('click', () => remoteStart(state.chargePoints.get(cp.id) ?? cp));
    $('.tiles', section).append(tile);
  }
  const conn = $('.conn', tile);
  conn.textContent = cp.connected ? '● online' : '○ offline';
  conn.className = `conn ${cp.connected ? 'online' : 'offline'}`;
  tile.classList.toggle('offline', !cp.connected);
  $('.seen', tile).textContent = `Last seen ${ago(cp.lastSeenAt)}`;
  $('.seen', tile).dataset.at = cp.lastSeenAt ?? '';
  // The link to the CPO's backend, when there is one: up/down, and what waits for it.
  const up = cp.upstream;
  $('.upstream', tile).textContent = !up ? '' : up.connected
    ? `Backend ● linked${up.queuedMessages ? `, ${up.queuedMessages} queued` : ''}`
    : `Backend ○ down since ${new Date(up.since).toLocaleTimeString()}${up.queuedMessages ? `, ${up.queuedMessages} queued` : ''}${up.lastError ? ` (${up.lastError})` : ''}`;
  // The limits the CPO's backend set, as the plan and the fail-safe honour them (decisions 0155, 0190).
  const bl = cp.backendLimit;
  const limitLine = $('.backend-limit', tile);
  const parts = !bl ? [] : [
    ...(bl.chargePointMaxW != null ? [`charger ${kw(bl.chargePointMaxW)} kW`] : []),
    ...bl.connectors.filter((c) => c.limitW != null).map((c) => `#${c.connectorId} ${kw(c.limitW)} kW`),
  ];
  limitLine.hidden = parts.length === 0;
  limitLine.textContent = parts.length ? `Backend limit ${parts.join(' · ')}` : '';
  limitLine.title = !bl ? '' : bl.profiles.map((p) => `${p.purpose} #${p.chargingProfileId} on connector ${p.connectorId}, stack level ${p.stackLevel}`).join('\n');
  $('.problems', tile).replaceChildren(...cp.problems.map((p) => Object.assign(document.createElement('li'), { textContent: p })));
  const box = $('.connectors', tile);
  box.replaceChildren(...cp.connectors.map((c) => connectorBlock(cp, c)));
  setDisabled($('.actions [data-act="reset"]', tile), cp);
  setDisabled($(':scope > .actions [data-act="remote-start"]', tile), cp, cp.connectors.every((c) => c.transactionId) ? 'every connector has a session' : null);
}

// Remote start: pick a free connector and the idTag the charger should authorize (OCPP 1.6 RemoteStartTransaction).
async function remoteStart(cp) {
  const dialog = $('#start-dialog');
  $('#start-cp').textContent = cp.id;
  const select = $('#start-connector');
  select.replaceChildren(...cp.connectors.map((c) => Object.assign(document.createElement('option'), {
    value: String(c.connectorId),
    textContent: `#${c.connectorId} ${c.status ?? ''}${c.transactionId ? ' (session running)' : ''}`,
    disabled: !!c.transactionId,
  })));
  const free = cp.connectors.find((c) => !c.transactionId);
  if (free) select.value = String(free.connectorId);
  $('#start-idtag').value = '';
  dialog.showModal();
  const ok = await new Promise((resolve) => dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true }));
  const idTag = $('#start-idtag').value.trim();
  if (!ok || !idTag) return;
  const connectorId = Number(select.value);
  act(cp.id, 'remote-start', { connectorId, idTag }, `Start on ${cp.id} #${connectorId}`);
}

function connectorBlock(cp, c) {
  const div = document.createElement('div');
  div.className = 'connector';
  div.dataset.connector = c.connectorId;
  const status = c.status ?? 'Unknown';
  const pct = c.measuredW != null ? Math.min(100, (c.measuredW / c.ratedPowerW) * 100) : 0;
  const sp = c.setpointW != null ? Math.min(100, (c.setpointW / c.ratedPowerW) * 100) : null;
  div.innerHTML = `
    <div><span class="status ${statusClass(status)}"></span> <small>#${c.connectorId}</small></div>
    <p class="power" data-testid="power"><span class="measured"></span> <small>of <span class="rated"></span> kW rated</small></p>
    <div class="gauge" role="meter" aria-valuemin="0"><div class="fill"></div>${sp == null ? '' : '<div class="setpoint" title="setpoint"></div>'}</div>
    <dl class="facts">
      <dt>Setpoint</dt><dd class="sp"></dd>
      <dt>Session</dt><dd class="energy"></dd>
      <dt>SoC</dt><dd class="soc"></dd>
      <dt>Departure</dt><dd class="dep"></dd>
      <dt>Plan</dt><dd class="plan"></dd>
    </dl>
    <div class="actions"></div>`;
  $('.status', div).textContent = STATUS_WORDS[status] ?? (status === 'Unknown' ? 'No status yet' : status);
  $('.measured', div).textContent = c.measuredW == null ? '–' : kw(c.measuredW);
  $('.rated', div).textContent = kw(c.ratedPowerW);
  const gauge = $('.gauge', div);
  gauge.setAttribute('aria-valuemax', c.ratedPowerW);
  gauge.setAttribute('aria-valuenow', c.measuredW ?? 0);
  gauge.setAttribute('aria-label', `${kw(c.measuredW)} of ${kw(c.ratedPowerW)} kW`);
  $('.fill', div).style.width = `${pct}%`;
  if (sp != null) $('.setpoint', div).style.left = `calc(${sp}% - 1px)`;
  $('.sp', div).textContent = c.setpointW == null ? '–' : `${kw(c.setpointW)} kW (measured ${c.measuredW == null ? '–' : kw(c.measuredW)} kW)`;
  $('.energy', div).textContent = c.sessionEnergyWh == null ? 'no session' : `${kw(c.sessionEnergyWh)} kWh${c.requestedEnergyWh ? ` of ${kw(c.requestedEnergyWh)} kWh asked` : ''}`;
  $('.soc', div).textContent = c.socPercent == null ? 'not reported' : `${Math.round(c.socPercent)} %`;
  $('.dep', div).textContent = c.departure ? time(c.departure) : c.transactionId ? (c.optIn === false ? 'ASAP (no guarantee)' : 'not given') : '–';
  $('.plan', div).textContent = c.stale ? 'stale: charger silent, held at its fail-safe share' : c.planStatus ?? (c.transactionId ? 'waiting for plan' : '–');
  div.classList.toggle('stale', !!c.stale);
  const actions = $('.actions', div);
  const add = (label, action, body, what, question = null) => {
    const b = Object.assign(document.createElement('button'), { textContent: label });
    b.dataset.act = action;
    b.addEventListener('click', async () => {
      if (!question || await confirmAction(question, label)) act(cp.id, action, body, what);
    });
    setDisabled(b, cp, action === 'remote-stop' && !c.transactionId ? 'no session to stop' : null);
    actions.append(b);
  };
  add('Stop session', 'remote-stop', { connectorId: c.connectorId }, `Stop on ${cp.id} #${c.connectorId}`,
    `Stop the session on ${cp.id} #${c.connectorId}${c.sessionEnergyWh != null ? ` (${kw(c.sessionEnergyWh)} kWh so far)` : ''}? The driver's car stops charging.`);
  add('Unlock', 'unlock', { connectorId: c.connectorId }, `Unlock ${cp.id} #${c.connectorId}`);
  const off = status === 'Unavailable';
  add(off ? 'Enable' : 'Disable', 'availability', { connectorId: c.connectorId, type: off ? 'Operative' : 'Inoperative' }, `${off ? 'Enable' : 'Disable'} ${cp.id} #${c.connectorId}`,
    off ? null : `Disable ${cp.id} #${c.connectorId}? No driver can charge there until it is enabled again${c.transactionId ? '; the running session ends first' : ''}.`);
  return div;
}

function setDisabled(button, cp, reason = null) {
  const why = reason ?? (state.role !== 'operator' ? 'needs an operator token' : !cp.connected ? 'charge point offline' : null);
  button.disabled = !!why;
  button.title = why ?? '';
}

async function act(chargePointId, action, body, what) {
  const res = await api(`/chargepoints/${encodeURIComponent(chargePointId)}/${action}`, { method: 'POST', body: JSON.stringify(body) });
  if (res.ok) toast(`${what}: ${res.body.status}`);
  else if (res.status === 403) toast(`${what}: not allowed — this token is not an operator token`);
  else toast(`${what}: ${res.body?.error ?? `failed (${res.status})`}`);
}

function drawChart(groupId) {
  const day = state.days.get(groupId);
  const section = document.querySelector(`[data-group="${CSS.escape(groupId)}"]`);
  if (!day || !section) return;
  const el = $('.chart', section);
  const xs = new Set();
  const planned = new Map(day.planned.map((p) => [Date.parse(p.at) / 1000, p.w / 1000]));
  const measured = new Map(day.measured.map((p) => [Date.parse(p.at) / 1000, p.w / 1000]));
  planned.forEach((_, t) => xs.add(t));
  measured.forEach((_, t) => xs.add(t));
  const from = Date.parse(day.from) / 1000;
  const to = Date.parse(day.to) / 1000;
  xs.add(from); xs.add(to);
  const x = [...xs].sort((a, b) => a - b);
  let lastPlan = null;
  const p = x.map((t) => { if (planned.has(t)) lastPlan = planned.get(t); return t === to ? null : lastPlan; });
  const m = x.map((t) => measured.get(t) ?? null);
  const limit = x.map(() => day.limitW / 1000);
  const data = [x, p, m, limit];
  const width = Math.max(300, el.clientWidth || 600);
  let chart = state.charts.get(groupId);
  if (chart && chart.width !== width) { chart.destroy(); chart = null; }
  if (!chart) {
    el.replaceChildren();
    chart = new uPlot({
      width, height: 200,
      // The axis reads in the site's zone, as every time in the cockpit does.
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), session.timeZone),
      scales: { x: { time: true, range: [from, to] }, y: { range: (u, lo, hi) => [0, Math.max(hi, day.limitW / 1000) * 1.1] } },
      axes: [{}, { label: 'kW', size: 50 }],
      series: [
        {},
        { label: 'planned', stroke: '#111', width: 2, paths: uPlot.paths.stepped({ align: 1 }), fill: 'rgba(17,17,17,0.06)', points: { show: false } },
        { label: 'measured', stroke: '#1d5fd1', width: 2, spanGaps: true, points: { show: false } },
        { label: 'limit', stroke: '#b3141c', width: 1.5, dash: [6, 4], points: { show: false } },
      ],
    }, data, el);
    state.charts.set(groupId, chart);
  } else {
    chart.setData(data);
  }
}

window.addEventListener('resize', () => state.days.forEach((_, id) => drawChart(id)));
start();
