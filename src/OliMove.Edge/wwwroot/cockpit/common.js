// Shared by every cockpit page: the token, API calls, the site's time zone, and the navigation with the alert badge.
export const TOKEN_KEY = 'olimove.cockpit.token';
export const $ = (sel, root = document) => root.querySelector(sel);

export const session = {
  token: localStorage.getItem(TOKEN_KEY) || '',
  role: null,
  site: null,
  timeZone: 'UTC',
};

export async function api(path, options = {}) {
  const res = await fetch(`/api/v1${path}`, {
    ...options,
    headers: { Authorization: `Bearer ${session.token}`, ...(options.body ? { 'Content-Type': 'application/json' } : {}), ...options.headers },
  });
  const body = res.headers.get('content-type')?.includes('json') ? await res.json() : null;
  return { ok: res.ok, status: res.status, body };
}

// Times are shown in the site's zone (site map site.timeZone), whatever the browser's zone is.
export function siteDateTime(iso) {
  if (!iso) return '–';
  return new Intl.DateTimeFormat('en-GB', { timeZone: session.timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

export function siteTime(iso) {
  if (!iso) return '–';
  return new Intl.DateTimeFormat('en-GB', { timeZone: session.timeZone, hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

// The site's calendar date of an instant, as YYYY-MM-DD.
export function siteDate(at = new Date()) {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: session.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(at);
  const get = (t) => parts.find((p) => p.type === t).value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

export const ago = (iso) => {
  if (!iso) return 'never';
  const s = Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 1000));
  return s < 60 ? `${s} s` : s < 3600 ? `${Math.round(s / 60)} min` : s < 172800 ? `${Math.round(s / 3600)} h` : `${Math.round(s / 86400)} d`;
};

export function toast(text) {
  const t = $('#toast');
  if (!t) return;
  t.textContent = text;
  t.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { t.hidden = true; }, 5000);
}

// Asks before an action that changes what a charger does; resolves true on Confirm.
export function confirmAction(text, confirmLabel = 'Confirm') {
  const dialog = $('#confirm-dialog');
  $('#confirm-text', dialog).textContent = text;
  $('#confirm-ok', dialog).textContent = confirmLabel;
  dialog.showModal();
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
  });
}

// Loads who the token is and the site (name, time zone); false when the token does not work for the cockpit.
export async function signIn() {
  const who = await api('/whoami');
  if (!who.ok) return false;
  session.role = who.body.role;
  if (session.role === 'user') return false;
  const site = await api('/site');
  if (site.ok) {
    session.site = site.body;
    session.timeZone = site.body.timeZone || 'UTC';
  }
  return true;
}

const PAGES = [['/cockpit/', 'Live'], ['/cockpit/sessions', 'Sessions'], ['/cockpit/history', 'History'], ['/fleet/', 'Fleet']];

// The navigation, with the alert badge and its list; polls /alerts every few seconds while the page is open.
export function mountNav() {
  const nav = $('#nav');
  if (!nav) return;
  const here = location.pathname.replace(/\/$/, '') || '/cockpit';
  nav.innerHTML = `${PAGES.map(([href, label]) => `<a href="${href}"${href.replace(/\/$/, '') === here ? ' aria-current="page"' : ''}>${label}</a>`).join('')}
    <button type="button" id="alerts-button" class="alerts-button" aria-expanded="false" aria-controls="alerts-panel">Alerts <span id="alert-badge" class="badge none" data-testid="alert-badge">0</span></button>
    <section id="alerts-panel" class="alerts-panel" hidden aria-label="Alerts"><ul id="alerts-list" data-testid="alerts-list"></ul></section>`;
  $('#alerts-button').addEventListener('click', () => {
    const panel = $('#alerts-panel');
    panel.hidden = !panel.hidden;
    $('#alerts-button').setAttribute('aria-expanded', String(!panel.hidden));
  });
  refreshAlerts();
  setInterval(refreshAlerts, 3000);
}

async function refreshAlerts() {
  if (!session.token) return;
  const res = await api('/alerts');
  if (!res.ok) return;
  const alerts = res.body.alerts;
  const badge = $('#alert-badge');
  badge.textContent = String(alerts.length);
  badge.classList.toggle('none', alerts.length === 0);
  const list = $('#alerts-list');
  list.replaceChildren(...(alerts.length ? alerts.map((a) => {
    const li = document.createElement('li');
    li.className = `alert ${a.severity}`;
    li.dataset.alertId = a.id;
    li.dataset.kind = a.kind;
    const link = Object.assign(document.createElement('a'), { href: a.link, textContent: a.message });
    const since = Object.assign(document.createElement('small'), { textContent: ` since ${siteDateTime(a.since)} (${ago(a.since)})` });
    li.append(link, since);
    return li;
  }) : [Object.assign(document.createElement('li'), { textContent: 'Nothing needs a person right now.' })]));
}

// The token form of the sub-pages: signs in with the stored token, or waits for one; calls ready() once signed in.
export function setupToken(ready) {
  const input = $('#token-input');
  input.value = session.token;
  const go = async () => {
    if (!(await signIn())) {
      $('#whoami').textContent = session.token ? 'this token cannot open the cockpit' : '';
      return;
    }
    $('#whoami').textContent = session.role;
    if (session.site) $('#site-name').textContent = session.site.name;
    ready();
  };
  $('#token-form').addEventListener('submit', (e) => {
    e.preventDefault();
    session.token = input.value.trim();
    localStorage.setItem(TOKEN_KEY, session.token);
    go();
  });
  mountNav();
  if (session.token) go();
}

// The UTC instant of midnight starting a site-calendar date (YYYY-MM-DD), for the API's ISO ranges.
export function siteMidnight(date) {
  const [y, m, d] = date.split('-').map(Number);
  const guess = Date.UTC(y, m - 1, d);
  const offsetAt = (t) => {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone: session.timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }).formatToParts(new Date(t));
    const get = (type) => Number(parts.find((p) => p.type === type).value);
    return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - t;
  };
  let t = guess - offsetAt(guess);
  t = guess - offsetAt(t);
  return new Date(t).toISOString();
}

// Fetches with the bearer token and saves the answer as a file (a plain link cannot send the token).
export async function download(path, fallbackName) {
  const res = await fetch(`/api/v1${path}`, { headers: { Authorization: `Bearer ${session.token}`, Accept: 'text/csv' } });
  if (!res.ok) {
    toast(`Download failed (${res.status})`);
    return;
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
