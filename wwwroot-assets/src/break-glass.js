// Break-glass: the banner on every page with its live countdowns, and the break-glass pages' lists, kept in step
// by live pushes. Countdowns run against the server's clock (the banner says what time the server had when it
// rendered), so a wrong clock on this device neither hides a grant early nor shows one that has ended.

const banner = () => document.getElementById('break-glass-banner');
let offset = 0; // server time minus this device's time, in ms

function measureOffset(root) {
  const serverNow = Date.parse(root?.dataset.serverNow || '');
  if (!Number.isNaN(serverNow)) offset = serverNow - Date.now();
}

export function clockText(ms) {
  const s = Math.max(0, Math.ceil(ms / 1000));
  const mm = String(Math.floor((s % 3600) / 60));
  const ss = String(s % 60).padStart(2, '0');
  return s >= 3600 ? `${Math.floor(s / 3600)}:${mm.padStart(2, '0')}:${ss}` : `${mm}:${ss}`;
}

function setNavCount(count) {
  const badge = document.querySelector('[data-live-grants]');
  if (!badge) return;
  badge.textContent = String(count);
  badge.hidden = count === 0;
  badge.setAttribute('aria-label', `${count} in force`);
}

function syncBanner(root) {
  const items = root.querySelectorAll('.bg-banner-item');
  const count = items.length;
  root.dataset.count = String(count);
  const status = root.querySelector('.bg-banner-count');
  if (status) status.textContent = `${count} grant${count === 1 ? '' : 's'}`;
  if (count === 0) root.querySelector('.bg-banner-active')?.remove();
  root.hidden = root.children.length === 0;
  setNavCount(count);
}

let expiredSeen = false;

function tick() {
  const now = Date.now() + offset;
  const root = banner();
  let removed = false;
  for (const el of document.querySelectorAll('[data-bg-expires]')) {
    const left = Date.parse(el.dataset.bgExpires) - now;
    const time = el.querySelector('.bg-countdown-time');
    if (time) time.textContent = clockText(left);
    el.classList.toggle('bg-countdown-soon', left > 0 && left < 5 * 60 * 1000);
    if (left > 0) continue;
    const item = el.closest('.bg-banner-item');
    if (item) { item.remove(); removed = true; continue; }
    if (!el.classList.contains('bg-countdown-ended')) {
      el.classList.add('bg-countdown-ended');
      el.textContent = '(time is up)';
      expiredSeen = true;
    }
  }
  if (removed && root) syncBanner(root);
}

async function refreshBanner() {
  const root = banner();
  if (!root) return;
  try {
    const response = await fetch('/break-glass/banner', { headers: { 'HX-Request': 'true' }, credentials: 'same-origin', cache: 'no-store' });
    if (!response.ok) return;
    const template = document.createElement('template');
    template.innerHTML = (await response.text()).trim();
    const fresh = template.content.firstElementChild;
    if (!fresh || fresh.id !== 'break-glass-banner') return;
    banner()?.replaceWith(fresh);
    measureOffset(fresh);
    setNavCount(Number(fresh.dataset.count || 0));
    tick();
  } catch { /* offline: the next push or reconnect refreshes it */ }
}

// Break-glass pages mark the parts that follow grants; they are fetched again from the same URL and swapped, unless
// the person has started on a form there (chosen, typed) or is in one. That is checked again when the answer arrives:
// a refresh already on its way (the page's live connection coming up sends one) must not wipe a choice made meanwhile.
// The mark is on the form, so it goes when the form's own answer replaces it (or the page changes), and stays while
// that answer is on its way.
function inUse(region) {
  const active = document.activeElement;
  return region.querySelector('form[data-bg-edited]') !== null
    || Boolean(active && region.contains(active) && active.matches('input, textarea, select'));
}

function markEdited(event) {
  const form = event.target instanceof Element ? event.target.closest('[data-bg-live-region] form') : null;
  if (form) form.dataset.bgEdited = 'true';
}

async function refreshRegions(htmx) {
  const regions = [...document.querySelectorAll('[data-bg-live-region]')].filter((region) => !inUse(region));
  if (regions.length === 0) return;
  try {
    const response = await fetch(window.location.pathname + window.location.search,
      { headers: { 'HX-Request': 'true' }, credentials: 'same-origin', cache: 'no-store' });
    if (!response.ok) return;
    const page = new DOMParser().parseFromString(await response.text(), 'text/html');
    for (const region of regions) {
      const fresh = page.getElementById(region.id);
      if (!fresh || !region.isConnected || inUse(region)) continue;
      const adopted = document.importNode(fresh, true);
      region.replaceWith(adopted);
      htmx.process(adopted);
    }
  } catch { /* offline: the next push or reconnect refreshes it */ }
}

export function wireBreakGlass(htmx) {
  if (!banner()) return;
  measureOffset(banner());
  let timer = null;
  const refreshSoon = () => {
    clearTimeout(timer);
    timer = setTimeout(() => { refreshBanner(); refreshRegions(htmx); }, 150);
  };
  document.addEventListener('input', markEdited);
  document.addEventListener('change', markEdited);
  document.addEventListener('console:break-glass', refreshSoon);
  document.addEventListener('console:live-state', (e) => { if (e.detail.state === 'live') refreshSoon(); });
  // A list whose grant ran out asks the server once the sweeper has had a moment to catch the stored state up.
  setInterval(() => { if (expiredSeen) { expiredSeen = false; setTimeout(() => refreshRegions(htmx), 1500); } }, 1000);
  tick();
  setInterval(tick, 1000);
}
