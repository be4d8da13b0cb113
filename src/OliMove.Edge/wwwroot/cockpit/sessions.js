// The session list: filters, sort and paging from the URL, the same query as CSV, and each session's plan slots.
import { $, api, download, session, setupToken, siteDateTime, siteMidnight, toast } from './common.js';

const LIMIT = 50;
const view = { sort: 'started', order: 'desc', offset: 0 };
const FILTERS = ['groupId', 'chargePointId', 'idTag', 'user', 'optIn', 'promise'];

const kwh = (wh) => (wh == null ? '–' : (wh / 1000).toFixed(2));
const minutes = (from, to) => {
  const m = Math.round(((to ? Date.parse(to) : Date.now()) - Date.parse(from)) / 60000);
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')}`;
};

function readUrl() {
  const q = new URLSearchParams(location.search);
  const form = $('#filters');
  for (const name of [...FILTERS, 'fromDate', 'toDate']) if (q.has(name)) form.elements[name].value = q.get(name);
  view.sort = q.get('sort') ?? 'started';
  view.order = q.get('order') ?? 'desc';
  view.offset = Number(q.get('offset') ?? 0);
}

// The API query of the form: site dates become the UTC instants of their midnights (to is exclusive: the day after).
function query(paged) {
  const form = $('#filters');
  const q = new URLSearchParams();
  for (const name of FILTERS) if (form.elements[name].value) q.set(name, form.elements[name].value);
  if (form.elements.fromDate.value) q.set('from', siteMidnight(form.elements.fromDate.value));
  if (form.elements.toDate.value) {
    const next = new Date(`${form.elements.toDate.value}T00:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    q.set('to', siteMidnight(next.toISOString().slice(0, 10)));
  }
  q.set('sort', view.sort);
  q.set('order', view.order);
  if (paged) {
    q.set('offset', String(view.offset));
    q.set('limit', String(LIMIT));
  }
  return q;
}

function writeUrl() {
  const form = $('#filters');
  const q = new URLSearchParams();
  for (const name of [...FILTERS, 'fromDate', 'toDate']) if (form.elements[name].value) q.set(name, form.elements[name].value);
  if (view.sort !== 'started') q.set('sort', view.sort);
  if (view.order !== 'desc') q.set('order', view.order);
  if (view.offset) q.set('offset', String(view.offset));
  history.replaceState(null, '', `${location.pathname}${q.size ? `?${q}` : ''}`);
}

async function load() {
  writeUrl();
  const res = await api(`/sessions?${query(true)}`);
  if (!res.ok) {
    toast(res.body?.error ?? `The list failed (${res.status})`);
    return;
  }
  const { items, total, offset } = res.body;
  $('#summary').textContent = `${total} session${total === 1 ? '' : 's'} · times in ${session.timeZone}`;
  $('#page-info').textContent = total ? `${offset + 1}–${offset + items.length} of ${total}` : '';
  $('#prev').disabled = offset === 0;
  $('#next').disabled = offset + items.length >= total;
  for (const th of document.querySelectorAll('#sessions th[data-sort]')) {
    th.setAttribute('aria-sort', th.dataset.sort === view.sort ? (view.order === 'asc' ? 'ascending' : 'descending') : 'none');
  }
  $('#sessions tbody').replaceChildren(...items.map(row));
}

function row(s) {
  const tr = document.createElement('tr');
  tr.dataset.transactionId = s.transactionId;
  const cells = [
    siteDateTime(s.startedAt),
    s.active ? 'running' : siteDateTime(s.stoppedAt),
    `${s.chargePointId} #${s.connectorId}`,
    s.idTag,
    s.user ?? '–',
    kwh(s.energyWh),
    minutes(s.startedAt, s.stoppedAt),
    s.promise === 'none' ? '–' : `${s.promise.replace('_', ' ')}${s.requestedEnergyWh ? ` (${kwh(s.requestedEnergyWh)} kWh by ${siteDateTime(s.departure)})` : ''}`,
    s.billMinorUnits == null ? '–' : `${(s.billMinorUnits / 100).toFixed(2)} ${s.currency}`,
  ];
  for (const [i, text] of cells.entries()) {
    const td = Object.assign(document.createElement('td'), { textContent: text });
    if (i === 5) td.className = 'num';
    if (i === 7) td.className = `promise-${s.promise}`;
    tr.append(td);
  }
  const settlement = document.createElement('td');
  settlement.textContent = s.settlementTxHash ? '' : s.settlementState ?? (s.billMinorUnits == null ? '–' : 'no chain write');
  if (s.settlementTxHash) {
    settlement.append(Object.assign(document.createElement('span'), { className: 'hash', textContent: `${s.settlementState ?? ''} ${s.settlementTxHash.slice(0, 10)}…`, title: s.settlementTxHash }));
  }
  const plan = document.createElement('td');
  const button = Object.assign(document.createElement('button'), { type: 'button', textContent: 'slots' });
  button.dataset.testid = 'plan-slots';
  button.addEventListener('click', () => showPlan(s));
  plan.append(button);
  tr.append(settlement, plan);
  return tr;
}

async function showPlan(s) {
  const res = await api(`/sessions/${s.transactionId}/plan`);
  if (!res.ok) {
    toast(res.body?.error ?? `failed (${res.status})`);
    return;
  }
  $('#plan-title').textContent = `Plan slots of transaction ${s.transactionId} (${s.chargePointId} #${s.connectorId}, group ${res.body.groupId ?? '–'})`;
  const rows = res.body.slots.map((p) => {
    const tr = document.createElement('tr');
    for (const text of [siteDateTime(p.slotStart), p.revision, p.plannedW == null ? '–' : (p.plannedW / 1000).toFixed(1), p.status ?? '–', `${p.outputSha256.slice(0, 16)}…`]) {
      tr.append(Object.assign(document.createElement('td'), { textContent: String(text) }));
    }
    return tr;
  });
  $('#plan-rows').replaceChildren(...(rows.length ? rows : [Object.assign(document.createElement('tr'), { innerHTML: '<td colspan="5">No archived plan names this session.</td>' })]));
  $('#plan-dialog').showModal();
}

async function fillChoices() {
  const groups = $('#filters').elements.groupId;
  const chargers = $('#filters').elements.chargePointId;
  const keepGroup = groups.value;
  const keepCharger = chargers.value;
  for (const g of session.site?.groups ?? []) groups.append(new Option(g.id, g.id));
  const cps = await api('/chargepoints');
  if (cps.ok) for (const cp of cps.body) chargers.append(new Option(cp.id, cp.id));
  groups.value = keepGroup;
  chargers.value = keepCharger;
}

setupToken(async () => {
  // The URL's choices need the options to exist first.
  const q = new URLSearchParams(location.search);
  await fillChoices();
  readUrl();
  if (q.has('groupId')) $('#filters').elements.groupId.value = q.get('groupId');
  if (q.has('chargePointId')) $('#filters').elements.chargePointId.value = q.get('chargePointId');
  load();
});

$('#filters').addEventListener('submit', (e) => {
  e.preventDefault();
  view.offset = 0;
  load();
});
$('#csv').addEventListener('click', () => download(`/sessions?${query(false)}&format=csv`, 'sessions.csv'));
$('#prev').addEventListener('click', () => { view.offset = Math.max(0, view.offset - LIMIT); load(); });
$('#next').addEventListener('click', () => { view.offset += LIMIT; load(); });
for (const th of document.querySelectorAll('#sessions th[data-sort]')) {
  th.querySelector('button').addEventListener('click', () => {
    view.order = view.sort === th.dataset.sort && view.order === 'desc' ? 'asc' : 'desc';
    view.sort = th.dataset.sort;
    view.offset = 0;
    load();
  });
}
