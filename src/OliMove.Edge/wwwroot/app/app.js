// The EV driver's app: sign in, ask for a charge, take a counter-offer, follow progress, read the receipt.
const TOKEN_KEY = 'olimove.app.token';
const DEPARTURE_KEY = 'olimove.app.departure';
const $ = (s) => document.querySelector(s);
const show = (id, on = true) => { $(id).hidden = !on; };

const state = { token: localStorage.getItem(TOKEN_KEY) || '', signUp: false, mode: 'kwh', current: null, source: null, online: navigator.onLine };

const hhmm = (iso) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const num = (v, d = 1) => (v == null ? '–' : Number(v).toLocaleString('en', { maximumFractionDigits: d, minimumFractionDigits: d }));
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

async function api(path, method = 'GET', body) {
  try {
    const res = await fetch(`/api/v1${path}`, {
      method,
      headers: { ...(state.token ? { Authorization: `Bearer ${state.token}` } : {}), ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    setOnline(true);
    const data = res.headers.get('content-type')?.includes('json') ? await res.json() : null;
    if (res.status === 401 && state.token && !path.startsWith('/me/sign')) signOut('Your session has expired. Please sign in again.');
    return { ok: res.ok, status: res.status, data };
  } catch {
    setOnline(false);
    return { ok: false, status: 0, data: { error: 'No connection. Try again when you are back online.' } };
  }
}

function setOnline(on) {
  state.online = on;
  show('#offline', !on);
  document.querySelectorAll('main button, .sticky button').forEach((b) => { if (!on) b.dataset.offline = '1'; b.disabled = !on || b.dataset.busy === '1'; });
}

function stamp() { $('#updated').textContent = `updated ${new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })}`; }

// ---- sign in / sign up ----
function setAuthMode(up) {
  state.signUp = up;
  $('#tab-in').setAttribute('aria-selected', String(!up));
  $('#tab-up').setAttribute('aria-selected', String(up));
  show('#idtag-field', up);
  $('#auth-submit').textContent = up ? 'Create account' : 'Sign in';
  $('#password').autocomplete = up ? 'new-password' : 'current-password';
  $('#auth-error').textContent = '';
}

async function submitAuth(e) {
  e.preventDefault();
  const login = $('#login').value.trim();
  const password = $('#password').value;
  if (password.length < 10) { $('#auth-error').textContent = 'The password needs at least 10 characters.'; $('#password').focus(); return; }
  const body = state.signUp ? { login, password, idTag: $('#idtag').value.trim() } : { login, password };
  if (state.signUp && !body.idTag) { $('#auth-error').textContent = 'Enter your charging card number.'; $('#idtag').focus(); return; }
  const res = await api(state.signUp ? '/me/sign-up' : '/me/sign-in', 'POST', body);
  if (!res.ok) { $('#auth-error').textContent = res.data?.error ?? 'That did not work. Try again.'; return; }
  state.token = res.data.token;
  localStorage.setItem(TOKEN_KEY, state.token);
  await enter();
}

function signOut(message) {
  state.token = '';
  localStorage.removeItem(TOKEN_KEY);
  state.source?.close();
  ['#ask', '#progress', '#receipt', '#history', '#sign-out', '#card-note'].forEach((id) => show(id, false));
  $('#answer').replaceChildren();
  show('#auth');
  $('#auth-error').textContent = message ?? '';
}

// ---- the request form ----
async function loadConnectors() {
  const res = await api('/me/chargepoints');
  if (!res.ok) return;
  const select = $('#connector');
  const remembered = localStorage.getItem('olimove.app.connector');
  select.replaceChildren(...res.data.flatMap((cp) => cp.connectors.map((c) => {
    const o = document.createElement('option');
    o.value = `${cp.id}|${c.connectorId}`;
    const status = !cp.online ? 'offline' : c.status === 'Available' || c.status == null ? 'free' : c.status === 'Charging' ? 'in use' : c.status.toLowerCase();
    o.textContent = `${cp.id} #${c.connectorId} · ${Math.round(c.ratedPowerW / 1000)} kW · ${status}`;
    return o;
  })));
  const fromUrl = new URLSearchParams(location.search).get('cp');
  const pick = [...select.options].find((o) => o.value.startsWith(`${fromUrl}|`)) ?? [...select.options].find((o) => o.value === remembered);
  if (pick) select.value = pick.value;
}

function defaultDeparture() {
  const remembered = localStorage.getItem(DEPARTURE_KEY);
  if (remembered) return remembered;
  const d = new Date(Date.now() + 4 * 3600e3);
  return `${String(d.getHours()).padStart(2, '0')}:${String(Math.floor(d.getMinutes() / 15) * 15).padStart(2, '0')}`;
}

function departureFrom(value) {
  const [h, m] = value.split(':').map(Number);
  const d = new Date();
  d.setHours(h, m, 0, 0);
  if (d.getTime() <= Date.now()) d.setDate(d.getDate() + 1); // a time earlier than now means tomorrow
  return d;
}

function noteDeparture() {
  const v = $('#departure').value;
  if (!v) { $('#departure-note').textContent = ''; return; }
  const d = departureFrom(v);
  const hours = (d - Date.now()) / 3600e3;
  $('#departure-note').textContent = `${d.getDate() !== new Date().getDate() ? 'Tomorrow' : 'Today'} at ${hhmm(d)} — in ${hours < 1 ? `${Math.round(hours * 60)} min` : `${num(hours, 1)} h`}.`;
}

function setMode(mode) {
  state.mode = mode;
  $('#mode-kwh').setAttribute('aria-checked', String(mode === 'kwh'));
  $('#mode-soc').setAttribute('aria-checked', String(mode === 'soc'));
  show('#kwh-fields', mode === 'kwh');
  show('#soc-fields', mode === 'soc');
}

function step(e) {
  const spec = e.target.closest('[data-step]')?.dataset.step;
  if (!spec) return;
  const [id, delta] = spec.split(':');
  const input = document.getElementById(id);
  const v = Math.min(Number(input.max), Math.max(Number(input.min), (Number(input.value) || 0) + Number(delta)));
  input.value = String(v);
}

function syncOptIn() {
  const on = $('#optin').checked;
  $('#smart').disabled = !on;
  show('#smart', on);
  $('#submit').textContent = on ? 'Start smart charging' : 'Charge now at full power';
}

async function submitRequest() {
  $('#ask-error').textContent = '';
  const [chargePointId, connector] = ($('#connector').value || '|').split('|');
  if (!chargePointId) { $('#connector-error').textContent = 'Pick the charger you are plugged into.'; return; }
  localStorage.setItem('olimove.app.connector', $('#connector').value);
  const body = { chargePointId, connectorId: Number(connector), optIn: $('#optin').checked };
  if (body.optIn) {
    if (!$('#departure').value) { $('#ask-error').textContent = 'When are you leaving?'; $('#departure').focus(); return; }
    localStorage.setItem(DEPARTURE_KEY, $('#departure').value);
    body.departure = departureFrom($('#departure').value).toISOString();
    if (state.mode === 'kwh') body.energyKWh = Number($('#energy').value);
    else Object.assign(body, { batteryCapacityKWh: Number($('#capacity').value), currentSocPercent: Number($('#soc-now').value), targetSocPercent: Number($('#soc-target').value) });
  }
  const button = $('#submit');
  button.dataset.busy = '1'; button.disabled = true; button.textContent = 'Asking…';
  const res = await api('/me/requests', 'POST', body);
  button.dataset.busy = ''; button.disabled = !state.online; syncOptIn();
  if (!res.ok) { $('#ask-error').textContent = res.data?.error ?? 'That did not work.'; return; }
  await refresh();
}

// ---- the answer and progress ----
// Whether the charger keeps the connector for this driver until they arrive (ReserveNow); some chargers cannot.
function holdLine(r) {
  if (r.state !== 'Accepted' || r.connectorHeld == null) return '';
  return r.connectorHeld
    ? `<p data-testid="connector-held">${esc(r.connectorHoldNote)}</p>`
    : `<p class="warn" data-testid="connector-not-held">${esc(r.connectorHoldNote)}</p>`;
}

function renderAnswer(r) {
  const box = $('#answer');
  if (!r) { box.replaceChildren(); return; }
  if (r.state === 'CounterOffered') {
    const choices = [];
    if (r.offerEnergyKWh) choices.push(`<button class="take" data-take="energy">${num(r.offerEnergyKWh)} kWh by ${hhmm(r.departure)}</button>`);
    if (r.offerDeparture) choices.push(`<button data-take="departure">${num(r.energyKWh)} kWh by ${hhmm(r.offerDeparture)}</button>`);
    choices.push('<button data-decline="1">Charge without a guarantee</button>');
    box.innerHTML = `<div class="card offer" data-testid="counter-offer"><h2>We can't promise ${num(r.energyKWh)} kWh by ${hhmm(r.departure)}</h2>
      <p>The site's power is shared with other cars and loads; sun power is never part of a promise. Pick one:</p>
      <div class="choices">${choices.join('')}</div></div>`;
    return;
  }
  if (r.state === 'Accepted' || r.state === 'Active') {
    box.innerHTML = r.guaranteed
      ? `<div class="card" data-testid="accepted"><h2>✓ Guaranteed</h2><p><strong>${num(r.energyKWh)} kWh by ${hhmm(r.departure)}</strong></p>${r.state === 'Accepted' ? '<p>Plug in your car if you have not: charging starts when the charger sees it.</p>' : ''}${holdLine(r)}</div>`
      : `<div class="card" data-testid="accepted"><h2>Charging as soon as possible</h2><p>No guarantee and no tokens: your car takes what the site can give now.</p>${holdLine(r)}</div>`;
    return;
  }
  if (r.state === 'Declined') {
    box.innerHTML = '<div class="card" data-testid="accepted"><h2>Charging without a guarantee</h2><p>Your car charges as soon as possible with what the site can give.</p></div>';
    return;
  }
  box.replaceChildren();
}

function renderProgress(p) {
  const r = p.request;
  $('#p-title').textContent = p.plugged ? 'Charging' : r.state === 'Completed' ? 'Finished' : 'Waiting for your car';
  const nextSlot = p.plan.find((s) => s.w > 0 && Date.parse(s.at) > Date.now());
  $('#p-status').textContent = !p.plugged ? (p.connectorStatus === 'Faulted' ? 'The charger reports a fault: ask the site staff.' : 'Plug in: charging starts when the charger reports your car.')
    : p.powerW > 100 ? `Charging at ${num(p.powerW / 1000)} kW`
      : nextSlot ? `Waiting for your slot at ${hhmm(nextSlot.at)}` : p.connectorStatus === 'SuspendedEV' ? 'Paused by the car (it may be full)' : 'Paused by the site limit';
  $('#p-kwh').textContent = num(p.energyAddedKWh ?? 0);
  $('#p-soc').textContent = p.socPercent == null ? '–' : `${Math.round(p.socPercent)} %`;
  $('#p-soc-label').textContent = p.socPercent == null ? 'battery (unknown)' : p.socEstimated ? 'battery (estimate)' : 'battery';
  $('#p-kw').textContent = p.powerW == null ? '–' : num(p.powerW / 1000);
  const target = r.energyKWh;
  const share = target ? Math.min(1, (p.energyAddedKWh ?? 0) / target) : 0;
  $('#p-bar .fill').style.width = `${share * 100}%`;
  $('#p-bar').setAttribute('aria-valuemax', String(target ?? 0));
  $('#p-bar').setAttribute('aria-valuenow', String(p.energyAddedKWh ?? 0));
  $('#p-target').textContent = target ? `Target ${num(target)} kWh${r.departure ? ` · leaving ${hhmm(r.departure)}` : ''}` : 'As much as the site can give.';
  const track = $('#p-track');
  track.textContent = p.onTrackMessage;
  track.className = `track ${p.onTrack === false ? (p.planStatus === 'NotGuaranteed' ? 'bad' : 'warn') : ''}`;
  const late = p.expectedFinish && r.departure && Date.parse(p.expectedFinish) > Date.parse(r.departure);
  $('#p-finish').innerHTML = p.expectedFinish ? `Expected to finish at <strong>${hhmm(p.expectedFinish)}</strong>${late ? '<span class="chip">after your departure</span>' : ''}` : '';
  renderCost(p.cost);
  drawPlan(p.plan, r.departure);
  show('#p-cancel', ['Accepted', 'Active', 'Pending', 'CounterOffered'].includes(r.state) && r.optIn);
}

// With price signals: what this charge is expected to cost at the slot prices of its plan, and what planning by price
// saves against charging the same energy at once (docs/prices.md).
function money(amount, currency) { return `${Number(amount).toFixed(2)} ${currency}`; }

function renderCost(c) {
  const box = $('#p-cost');
  if (!c) { box.replaceChildren(); show('#p-cost', false); return; }
  const saves = c.saves > 0.005
    ? ` Smart charging saves <strong data-testid="cost-saves">${esc(money(c.saves, c.currency))}</strong> against charging at once (${esc(money(c.atOnce, c.currency))}).`
    : ' Charging at once would cost the same.';
  box.innerHTML = `Expected energy cost <strong data-testid="cost-expected">${esc(money(c.expected, c.currency))}</strong> at this site's slot prices.${saves}`;
  show('#p-cost');
}

function drawPlan(plan, departure) {
  const svg = $('#p-plan');
  // Show up to a little after the departure (at least two hours), not the whole 24 h horizon.
  const depIndex = departure ? plan.findIndex((s) => Date.parse(s.at) >= Date.parse(departure)) : -1;
  const slots = plan.slice(0, Math.min(plan.length, Math.max(8, (depIndex < 0 ? 32 : depIndex + 4))));
  if (!slots.length) { svg.innerHTML = '<text x="8" y="50" font-size="12">The plan appears once your car is plugged in.</text>'; return; }
  const max = Math.max(...slots.map((s) => s.w), 1);
  const w = 320 / slots.length;
  const bars = slots.map((s, i) => `<rect x="${i * w + 1}" y="${90 - (s.w / max) * 80}" width="${w - 2}" height="${(s.w / max) * 80}" fill="#0f3d91"><title>${hhmm(s.at)}: ${num(s.w / 1000)} kW</title></rect>`);
  const every = Math.max(2, Math.ceil(slots.length / 4));
  const labels = slots.filter((_, i) => i % every === 0).map((s) => `<text x="${slots.indexOf(s) * w + 2}" y="11" font-size="10" fill="#333">${hhmm(s.at)}</text>`);
  let dep = '';
  if (departure) {
    const i = slots.findIndex((s) => Date.parse(s.at) >= Date.parse(departure));
    if (i > 0) dep = `<line x1="${i * w}" x2="${i * w}" y1="0" y2="90" stroke="#a10f16" stroke-width="2" stroke-dasharray="4 3"/>`;
  }
  svg.innerHTML = bars.join('') + labels.join('') + dep;
}

async function renderReceipt(transactionId) {
  const res = await api('/me/sessions?limit=20');
  if (!res.ok) return false;
  const s = res.data.items.find((x) => x.transactionId === transactionId);
  if (!s || !s.settled) return false;
  $('#r-list').innerHTML = [
    ['Energy', `${num(s.energyKWh, 2)} kWh`], ['Duration', `${Math.floor(s.durationMinutes / 60)} h ${Math.round(s.durationMinutes % 60)} min`],
    ['Started', hhmm(s.startedAt)], ['Ended', s.stoppedAt ? hhmm(s.stoppedAt) : '–'], ['Bill', s.bill], ['Tokens earned', s.tokens ?? '0'],
  ].map(([k, v]) => `<dt>${k}</dt><dd data-testid="r-${k.toLowerCase().replace(/\s+/g, '-')}">${esc(v)}</dd>`).join('');
  $('#r-flex').textContent = s.flexibilitySentence;
  // The energy at the slot prices actually paid; the bill above is the site's tariff (docs/prices.md).
  const ec = s.energyCost;
  $('#r-energy-cost').textContent = ec
    ? `Energy cost to the site at the slot prices paid: ${money(ec.cost, ec.currency)} for ${num(ec.pricedKWh, 2)} kWh${ec.unpricedKWh > 0 ? ` (${num(ec.unpricedKWh, 2)} kWh in slots without prices)` : ''}. Your bill is the site's tariff.`
    : '';
  show('#r-energy-cost', Boolean(ec));
  const wallet = await api('/me/wallet');
  $('#r-wallet').textContent = wallet.ok && wallet.data.address
    ? `Wallet ${wallet.data.address}${wallet.data.tokens != null ? ` · balance ${wallet.data.tokens} tokens` : ''} (tokens are written to the chain shortly after the session).`
    : 'Tokens are kept for you and written to the chain when the site is connected to it.';
  return true;
}

async function renderHistory() {
  const res = await api('/me/sessions?limit=10');
  if (!res.ok) return;
  const list = $('#h-list');
  list.replaceChildren(...res.data.items.filter((s) => s.stoppedAt).map((s) => {
    const li = document.createElement('li');
    li.dataset.testid = 'past-session';
    li.innerHTML = `<span>${new Date(s.startedAt).toLocaleDateString()} ${hhmm(s.startedAt)} · ${esc(s.chargePointId)}</span><strong>${num(s.energyKWh)} kWh${s.bill ? ` · ${esc(s.bill)}` : ''}</strong>`;
    return li;
  }));
  show('#history', list.children.length > 0);
}

async function refresh() {
  const res = await api('/me/current');
  if (!res.ok) return;
  stamp();
  // Presenting the card (which usually starts the charge) binds it: the note goes once the card is bound.
  if (!$('#card-note').hidden) { const me = await api('/me'); if (me.ok) noteCards(me.data.cards ?? []); }
  const p = res.data.progress;
  state.current = p;
  const r = p?.request;
  const finished = r && (r.state === 'Completed' || (r.state === 'Declined' && !p.plugged && r.transactionId));
  show('#ask', !r);
  show('#receipt', false);
  if (!r) { renderAnswer(null); show('#progress', false); await renderHistory(); return; }
  if (finished && r.transactionId && await renderReceipt(r.transactionId)) {
    renderAnswer(null); show('#progress', false); show('#receipt'); await renderHistory(); return;
  }
  renderAnswer(r);
  const charging = ['Accepted', 'Active', 'Declined', 'Completed'].includes(r.state);
  show('#progress', charging);
  if (charging) renderProgress(p);
}

async function onAnswerClick(e) {
  const b = e.target.closest('button');
  if (!b || !state.current) return;
  const id = state.current.request.id;
  const res = b.dataset.take ? await api(`/me/requests/${id}/take-offer`, 'POST', { take: b.dataset.take })
    : b.dataset.decline ? await api(`/me/requests/${id}/decline`, 'POST') : null;
  if (res && !res.ok) $('#answer').insertAdjacentHTML('beforeend', `<p class="error" role="alert">${esc(res.data?.error ?? 'That did not work.')}</p>`);
  await refresh();
}

function listen() {
  state.source?.close();
  const source = new EventSource(`/api/v1/me/events?access_token=${encodeURIComponent(state.token)}`);
  state.source = source;
  source.addEventListener('changed', () => refresh());
  source.addEventListener('error', () => { $('#updated').textContent = 'reconnecting…'; });
}

// A pending card earns nothing and shows no sessions until it is presented at one of the site's chargers.
function noteCards(cards) {
  const pending = cards.find((c) => c.state === 'pending');
  $('#card-note').textContent = pending
    ? `Hold card ${pending.idTag} to any charger here before ${hhmm(pending.expiresAt)} to link it to your account.`
    : '';
  show('#card-note', Boolean(pending));
}

async function enter() {
  const me = await api('/me');
  if (!me.ok) { signOut(me.status === 401 ? '' : me.data?.error); return; }
  show('#auth', false);
  show('#sign-out');
  noteCards(me.data.cards ?? []);
  await loadConnectors();
  await refresh();
  listen();
}

function start() {
  $('#tab-in').addEventListener('click', () => setAuthMode(false));
  $('#tab-up').addEventListener('click', () => setAuthMode(true));
  $('#auth-form').addEventListener('submit', submitAuth);
  $('#sign-out').addEventListener('click', async () => { await api('/me/sign-out', 'POST'); signOut(); });
  $('#mode-kwh').addEventListener('click', () => setMode('kwh'));
  $('#mode-soc').addEventListener('click', () => setMode('soc'));
  $('#ask').addEventListener('click', step);
  $('#optin').addEventListener('change', syncOptIn);
  $('#departure').value = defaultDeparture();
  $('#departure').addEventListener('input', noteDeparture);
  noteDeparture();
  $('#submit').addEventListener('click', submitRequest);
  $('#answer').addEventListener('click', onAnswerClick);
  $('#p-cancel').addEventListener('click', async () => { if (state.current) { await api(`/me/requests/${state.current.request.id}/cancel`, 'POST'); await refresh(); } });
  $('#r-new').addEventListener('click', () => { show('#receipt', false); show('#ask'); });
  window.addEventListener('online', () => { setOnline(true); refresh(); });
  window.addEventListener('offline', () => setOnline(false));
  // Polling fallback: SSE may be cut by a phone's network; the page never shows data older than 15 s.
  setInterval(() => { if (state.token && document.visibilityState === 'visible') refresh(); }, 15000);
  if (state.token) enter(); else { show('#auth'); setAuthMode(new URLSearchParams(location.search).has('signup')); }
}

start();
