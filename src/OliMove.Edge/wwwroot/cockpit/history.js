// Energy and quarter-hour power of the site or a group for a day, week or month, from the stored meter values.
import uPlot from '/vendor/uplot/uPlot.esm.js';
import { $, api, download, session, setupToken, siteDate, siteDateTime, toast } from './common.js';

const charts = [];
const kw = (w) => (w / 1000).toLocaleString('en', { maximumFractionDigits: 1, minimumFractionDigits: 1 });

function params() {
  const f = $('#choose').elements;
  const q = new URLSearchParams({ period: f.period.value, date: f.date.value || siteDate() });
  if (f.scope.value) q.set('groupId', f.scope.value);
  return q;
}

async function load() {
  const q = params();
  history.replaceState(null, '', `${location.pathname}?${q}`);
  const res = await api(`/history/energy?${q}`);
  if (!res.ok) {
    toast(res.body?.error ?? `failed (${res.status})`);
    return;
  }
  const h = res.body;
  const series = q.get('groupId') ? h.groups[0] : h.site;
  $('#tz').textContent = h.timeZone;
  $('#title').textContent = `${q.get('groupId') ? `Group ${series.groupId}` : 'Site'} · ${h.period} of ${h.date}`;
  $('#kpi-energy').textContent = `${(series.energyWh / 1000).toLocaleString('en', { maximumFractionDigits: 1 })} kWh`;
  $('#kpi-peak').textContent = series.peakQuarterAt ? `${kw(series.peakQuarterW)} kW at ${siteDateTime(series.peakQuarterAt)}` : 'none';
  $('#kpi-limit').textContent = `${kw(series.limitW)} kW`;
  $('#kpi-share').textContent = `${Math.round(series.peakShareOfLimit * 100)} %`;
  $('#kpi-share').classList.toggle('over', series.peakShareOfLimit > 1);
  draw(h, series);
}

// uPlot draws in the browser's zone; shift the x values so the axis reads in the site's zone.
function siteShift(seconds) {
  const d = new Date(seconds * 1000);
  const local = new Date(d.toLocaleString('en-US', { timeZone: session.timeZone }));
  const browser = new Date(d.toLocaleString('en-US'));
  return seconds + (local - browser) / 1000;
}

function draw(h, series) {
  charts.splice(0).forEach((c) => c.destroy());
  const width = Math.max(320, $('#power-chart').clientWidth || 800);
  const x = series.quarters.map((p) => siteShift(Date.parse(p.at) / 1000));
  const power = series.quarters.map((p) => p.meanPowerW / 1000);
  const limit = x.map(() => series.limitW / 1000);
  $('#power-chart').replaceChildren();
  charts.push(new uPlot({
    width, height: 260,
    scales: { x: { time: true }, y: { range: (u, lo, hi) => [0, Math.max(hi, series.limitW / 1000) * 1.1] } },
    axes: [{}, { label: 'kW (quarter mean)', size: 60 }],
    series: [
      {},
      { label: 'charging', stroke: '#1d5fd1', width: 1.5, fill: 'rgba(29,95,209,0.15)', paths: uPlot.paths.stepped({ align: 1 }), points: { show: false } },
      { label: 'limit', stroke: '#b3141c', width: 1.5, dash: [6, 4], points: { show: false } },
    ],
  }, [x, power, limit], $('#power-chart')));
  const days = series.days.map((d) => siteShift(Date.parse(`${d.date}T12:00:00Z`) / 1000));
  $('#energy-chart').replaceChildren();
  if (days.length > 1) {
    charts.push(new uPlot({
      width, height: 180,
      scales: { x: { time: true } },
      axes: [{}, { label: 'kWh per day', size: 60 }],
      series: [{}, { label: 'energy', stroke: '#137a3a', fill: 'rgba(19,122,58,0.3)', paths: uPlot.paths.bars({ size: [0.7, 40] }), points: { show: false } }],
    }, [days, series.days.map((d) => d.energyWh / 1000)], $('#energy-chart')));
  }
}

setupToken(() => {
  const f = $('#choose').elements;
  for (const g of session.site?.groups ?? []) if (![...f.scope.options].some((o) => o.value === g.id)) f.scope.append(new Option(`group ${g.id}`, g.id));
  const q = new URLSearchParams(location.search);
  if (q.has('period')) f.period.value = q.get('period');
  f.date.value = q.get('date') ?? siteDate();
  if (q.has('groupId')) f.scope.value = q.get('groupId');
  load();
});

$('#choose').addEventListener('submit', (e) => { e.preventDefault(); load(); });
$('#csv').addEventListener('click', () => download(`/history/energy?${params()}&format=csv`, 'energy.csv'));
window.addEventListener('resize', () => { if (charts.length) load(); });
