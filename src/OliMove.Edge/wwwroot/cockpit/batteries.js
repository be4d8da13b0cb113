// The battery panel of a group in the cockpit: per battery its state of charge against its reserve, its measured
// power, the plan's setpoint this slot and its status (GET /api/v1/groups: batteries[]; decision 0310).
import { api, session } from './common.js';

// The live stream sends the groups only when a charger changes; a battery charging from PV while every charger is
// quiet would show a stale state of charge, so the panel also asks for the groups itself.
const REFRESH_MS = 5000;
const kw = (w) => (w == null ? '–' : (w / 1000).toLocaleString('en', { maximumFractionDigits: 1, minimumFractionDigits: 1 }));
const STATUS_COLOURS = { ok: '#2e7d32', 'not following': '#ef6c00', failing: '#c62828', stale: '#c62828', 'never read': '#757575', 'not controlled': '#757575' };

function el(tag, text, style = {}) {
  const e = document.createElement(tag);
  if (text != null) e.textContent = text;
  Object.assign(e.style, style);
  return e;
}

function direction(w) {
  if (w == null) return 'power unknown';
  if (w > 0) return `charging ${kw(w)} kW`;
  if (w < 0) return `discharging ${kw(-w)} kW`;
  return 'idle';
}

function batteryRow(b) {
  const row = el('div', null, { display: 'flex', alignItems: 'center', gap: '0.6em', margin: '0.3em 0', fontSize: '0.9em' });
  row.dataset.battery = b.id;
  row.dataset.testid = 'battery';
  const reservePct = b.capacityWh > 0 ? (100 * b.reserveWh) / b.capacityWh : 0;
  const soc = b.socPercent;
  const bar = el('div', null, { position: 'relative', width: '8em', height: '0.9em', border: '1px solid #999', borderRadius: '2px', background: '#f4f4f4' });
  bar.setAttribute('role', 'img');
  bar.setAttribute('aria-label', soc == null ? 'state of charge unknown' : `state of charge ${soc.toFixed(0)} %, reserve ${reservePct.toFixed(0)} %`);
  if (soc != null) bar.append(el('div', null, { position: 'absolute', left: 0, top: 0, bottom: 0, width: `${Math.min(100, Math.max(0, soc))}%`, background: '#4caf50' }));
  bar.append(el('div', null, { position: 'absolute', top: '-2px', bottom: '-2px', left: `${Math.min(100, reservePct)}%`, borderLeft: '2px solid #333' }));
  bar.title = 'state of charge; the line is the reserve no plan goes below';
  const status = el('span', b.status, { color: STATUS_COLOURS[b.status] ?? '#333', fontWeight: 'bold' });
  if (b.problem) status.title = b.problem;
  const energy = soc == null ? 'SoC –' : `${soc.toFixed(0)} % · ${kw(b.storedWh)} of ${kw(b.capacityWh)} kWh (reserve ${kw(b.reserveWh)})`;
  const planned = b.plannedW == null ? 'not in the plan' : `plan ${direction(b.plannedW)}`;
  row.append(el('strong', `🔋 ${b.id}`), bar, el('span', energy), el('span', `· ${direction(b.powerW)} · ${planned} ·`), status);
  return row;
}

/** Draws (or removes) the group's battery panel above its chart. */
export function renderBatteries(section, group) {
  const batteries = group.batteries ?? [];
  let panel = section.querySelector('.batteries');
  if (batteries.length === 0) {
    panel?.remove();
    return;
  }
  if (!panel) {
    panel = el('div', null, { margin: '0.4em 0' });
    panel.className = 'batteries';
    panel.dataset.testid = 'batteries';
    panel.setAttribute('aria-label', 'Batteries');
    section.querySelector('.chart').before(panel);
  }
  panel.replaceChildren(...batteries.map(batteryRow));
}

async function refresh() {
  if (!session.token) return;
  const res = await api('/groups');
  if (!res.ok || !Array.isArray(res.body)) return;
  for (const g of res.body) {
    const section = document.querySelector(`[data-group="${CSS.escape(g.id)}"]`);
    if (section?.querySelector('.chart')) renderBatteries(section, g);
  }
}

setInterval(refresh, REFRESH_MS);
