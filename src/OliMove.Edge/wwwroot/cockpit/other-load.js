// The other load panel (issue 18): per metered circuit, what the building draws now (meter minus the chargers, or
// from meters on its loads or the grid meter, decision 0351), the meter's state, and the forecast the last plan used
// for later slots: median (best effort) and envelope (guarantees).
import { $, api, session, siteTime } from './common.js';

const REFRESH_MS = 5000;
const kw = (w) => (w == null ? '–' : `${(w / 1000).toLocaleString('en', { maximumFractionDigits: 1, minimumFractionDigits: 1 })} kW`);
const SVG = 'http://www.w3.org/2000/svg';

function panel() {
  let section = $('#other-load');
  if (!section) {
    section = document.createElement('section');
    section.id = 'other-load';
    section.className = 'other-load';
    section.setAttribute('aria-label', 'Other load per metered circuit');
    section.hidden = true;
    $('#groups').after(section);
  }
  return section;
}

// Envelope (solid), median (dashed) and the static reservation (grey) over the plan's slots, one point a slot.
function sparkline(view) {
  const f = view.forecast;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 300 60');
  svg.setAttribute('class', 'spark');
  svg.setAttribute('role', 'img');
  if (!f || f.envelopeW.length === 0) return svg;
  const top = Math.max(view.limitW, ...f.envelopeW, 1);
  const x = (i) => (i / Math.max(1, f.envelopeW.length - 1)) * 300;
  const y = (w) => 58 - (w / top) * 56;
  const line = (values, cls) => {
    const path = document.createElementNS(SVG, 'polyline');
    path.setAttribute('points', values.map((w, i) => `${x(i).toFixed(1)},${y(w).toFixed(1)}`).join(' '));
    path.setAttribute('class', cls);
    svg.append(path);
  };
  line(f.envelopeW.map(() => view.staticReservationW), 'static');
  line(f.medianW, 'median');
  line(f.envelopeW, 'envelope');
  svg.setAttribute('aria-label', `forecast from ${siteTime(f.slotStart)}: envelope up to ${kw(Math.max(...f.envelopeW))}, static reservation ${kw(view.staticReservationW)}`);
  return svg;
}

function card(groupId, view) {
  const article = document.createElement('article');
  article.className = `other-load-card ${view.source}`;
  article.dataset.testid = 'other-load';
  article.dataset.circuit = view.circuitId;
  const h = document.createElement('h3');
  h.textContent = `Other load · ${view.circuitId}${groupId !== view.circuitId ? ` (${groupId})` : ''}`;
  const now = document.createElement('p');
  now.className = 'now';
  // measuredBy (decision 0351): the circuit's meter, meters on its loads (the rest at their worst case), or the grid
  // meter's residual capping the worst case.
  const what = { load: ' (metered loads, the rest at their worst case)', grid: ' (grid meter: at most the site\'s residual)' }[view.measuredBy] ?? '';
  const meters = view.meterId.includes(',') ? 'meters' : 'meter';
  now.textContent = view.source === 'measured'
    ? `measured now ${kw(view.measuredW)}${what} · ${meters} ${view.meterId} ${view.meterStatus}`
    : `${meters} ${view.meterId} ${view.meterStatus}: every slot keeps the static ${kw(view.staticReservationW)}`;
  const next = document.createElement('p');
  next.className = 'forecast';
  const f = view.forecast;
  if (f) {
    const later = f.envelopeW.slice(f.firstForecastSlot, f.firstForecastSlot + 4);
    const median = f.medianW.slice(f.firstForecastSlot, f.firstForecastSlot + 4);
    next.textContent = later.length
      ? `next hour: envelope up to ${kw(Math.max(...later))} (guarantees), median ${kw(Math.max(...median))} (best effort) · ${f.slotsFromHistory} of ${f.envelopeW.length} slots from history`
      : 'no later slot in the plan';
  } else {
    next.textContent = 'no forecast in use';
  }
  article.append(h, now, next, sparkline(view));
  return article;
}

async function refresh() {
  if (!session.token) return;
  const site = await api('/site');
  if (!site.ok) return;
  const cards = [];
  for (const g of site.body.groups) {
    const res = await api(`/groups/${encodeURIComponent(g.id)}/other-load`);
    if (res.ok) cards.push(...res.body.circuits.map((c) => card(g.id, c)));
  }
  const section = panel();
  section.replaceChildren(...cards);
  section.hidden = cards.length === 0;
}

refresh();
setInterval(refresh, REFRESH_MS);
