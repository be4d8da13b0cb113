// The fleet page: every site of the CPO's contracts as the chain records it (GET /api/v1/fleet).
import { $, api, session, setupToken, siteDateTime, toast } from '/cockpit/common.js';

const kwh = (wh) => (wh / 1000).toFixed(3);
const tokens = (t) => Number(t).toLocaleString('en-GB', { maximumFractionDigits: 6 });
const cell = (text, className) => Object.assign(document.createElement('td'), { textContent: String(text), ...(className ? { className } : {}) });

function verification(v) {
  if (!v) return cell('none: no slot committed');
  const ok = v.commitmentMatches && v.algorithmPublished;
  const problems = [v.commitmentMatches ? null : 'stored commitment differs', v.algorithmPublished ? null : `v${v.algorithmVersion} not published`].filter(Boolean);
  const td = cell(`slot ${siteDateTime(v.slotStart)}, block ${v.blockNumber} at ${siteDateTime(v.blockTime)}: ${ok ? 'matches' : problems.join(', ')}`, ok ? 'promise-met' : 'promise-missed');
  td.dataset.testid = 'last-verification';
  return td;
}

function row(s) {
  const tr = document.createElement('tr');
  tr.dataset.siteId = s.siteId;
  const name = cell(s.name ?? '(not registered)');
  if (s.thisSite) name.append(Object.assign(document.createElement('small'), { textContent: ' · this site' }));
  tr.append(
    name,
    Object.assign(cell(`${s.siteId.slice(0, 10)}…`, 'hash'), { title: s.siteId }),
    cell(s.slotsCommitted, 'num'),
    cell(s.firstSlot ? siteDateTime(s.firstSlot.start) : '–'),
    cell(s.lastSlot ? siteDateTime(s.lastSlot.start) : '–'),
    cell(kwh(s.energyWh), 'num'),
    cell(s.sessionsSettled, 'num'),
    cell(tokens(s.tokens), 'num'),
    cell(s.algorithmVersions.length ? s.algorithmVersions.map((v) => `v${v.version} (${v.slots})`).join(' ') : '–'),
    verification(s.lastVerification),
  );
  return tr;
}

async function load() {
  $('#summary').textContent = 'Reading the chain…';
  const res = await api('/fleet');
  if (!res.ok) {
    $('#summary').textContent = res.body?.error ?? `The fleet could not be read (${res.status})`;
    toast($('#summary').textContent);
    return;
  }
  const f = res.body;
  $('#kpi-sites').textContent = String(f.totals.sites);
  $('#kpi-slots').textContent = String(f.totals.slotsCommitted);
  $('#kpi-energy').textContent = `${kwh(f.totals.energyWh)} kWh`;
  $('#kpi-sessions').textContent = String(f.totals.sessionsSettled);
  $('#kpi-tokens').textContent = tokens(f.totals.tokens);
  $('#summary').textContent = `Chain ${f.chainId}, blocks ${f.fromBlock}–${f.toBlock} (${f.logRequests} log page${f.logRequests === 1 ? '' : 's'}), AssetStatus ${f.contracts.assetStatus}`;
  $('#sites tbody').replaceChildren(...f.sites.map(row));
}

setupToken(() => {
  $('#tz').textContent = session.timeZone;
  load();
});
$('#refresh').addEventListener('click', load);
