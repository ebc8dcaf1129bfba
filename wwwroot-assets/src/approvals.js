// The approval queue, the review page, the dashboard card and the nav badge, kept in step by live approval steps.
// Every step has an id (its audit sequence number): the page remembers the last one it applied and, whenever the
// live connection (re)opens, asks the server for the steps after it, so a dropped connection misses nothing.

const queueRegion = () => document.getElementById('approval-queue-region');
const reviewRoot = () => document.getElementById('review');

function countdownText(ms) {
  const abs = Math.abs(ms);
  const s = Math.floor(abs / 1000);
  let text;
  if (s < 3600) text = `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  else if (s < 86400) text = `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  else text = `${Math.floor(s / 86400)} d`;
  return ms >= 0 ? `due in ${text}` : `overdue by ${text}`;
}

function sinceText(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86400) return `${Math.floor(s / 3600)} h`;
  return `${Math.floor(s / 86400)} d`;
}

function tick() {
  const now = Date.now();
  for (const el of document.querySelectorAll('[data-countdown]')) {
    const left = Number(el.dataset.countdown) - now;
    const label = el.querySelector('.sla-text') || el.appendChild(Object.assign(document.createElement('span'), { className: 'sla-text' }));
    for (const node of [...el.childNodes]) if (node.nodeType === Node.TEXT_NODE) node.remove();
    label.textContent = ' ' + countdownText(left);
    el.classList.toggle('sla-overdue', left < 0);
    el.classList.toggle('sla-soon', left >= 0 && left < 5 * 60 * 1000);
  }
  for (const el of document.querySelectorAll('[data-since]')) {
    el.textContent = sinceText(now - Number(el.dataset.since));
  }
}

function updateQueueStatus() {
  const list = document.getElementById('approval-queue');
  if (!list) return;
  const count = list.querySelectorAll('.approval-card:not(.is-settled)').length;
  const counter = document.querySelector('[data-testid="queue-count"]');
  if (counter) counter.textContent = String(count);
  const empty = document.getElementById('queue-empty');
  if (empty) empty.hidden = list.querySelector('.approval-card') !== null;
}

function insertSorted(list, card) {
  const due = Number(card.dataset.due);
  const after = [...list.children].find((c) => Number(c.dataset.due) > due);
  list.insertBefore(card, after || null);
}

function settleLater(card) {
  // Show who acted for a moment, then let the card leave the queue.
  card.classList.add('is-leaving');
  setTimeout(() => { card.remove(); updateQueueStatus(); }, 6000);
}

async function refreshCard(htmx, event) {
  const region = queueRegion();
  const list = document.getElementById('approval-queue');
  if (!region || !list) return;
  const existing = document.getElementById(`request-${event.decisionId}`);
  if (!existing && event.kind !== 'pending') return;
  const response = await fetch(`/approvals/cards/${encodeURIComponent(event.decisionId)}${region.dataset.filter || ''}`, {
    headers: { 'HX-Request': 'true' }, credentials: 'same-origin',
  });
  if (response.status === 204 || response.status === 404) {
    if (existing) { existing.remove(); updateQueueStatus(); }
    return;
  }
  if (!response.ok) return;
  const template = document.createElement('template');
  template.innerHTML = (await response.text()).trim();
  const card = template.content.firstElementChild;
  if (!card) return;
  const current = document.getElementById(`request-${event.decisionId}`);
  if (current) {
    const selected = current.classList.contains('is-selected');
    current.replaceWith(card);
    if (selected) card.classList.add('is-selected');
  } else {
    insertSorted(list, card);
    card.classList.add('is-new');
  }
  htmx.process(card);
  if (card.dataset.state !== 'pending') settleLater(card);
  const announcer = document.getElementById('queue-status');
  if (announcer && event.kind === 'pending' && !current) announcer.dataset.announce = 'new';
  updateQueueStatus();
  tick();
}

function refreshReview(htmx, event) {
  const root = reviewRoot();
  if (!root || root.dataset.decisionId !== event.decisionId) return;
  const typing = document.getElementById('deny-reason')?.value || document.getElementById('approve-password')?.value;
  if (typing && !event.settles) return; // do not throw away what the approver is typing for a progress step
  htmx.ajax('GET', `/approvals/${encodeURIComponent(event.decisionId)}/verdict`, { target: '#verdict-panel', swap: 'outerHTML' });
}

async function refreshNavBadge() {
  const badge = document.querySelector('[data-live-pending]');
  if (!badge) return;
  try {
    const response = await fetch('/approvals/summary', { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    if (!response.ok) return;
    const { pending } = await response.json();
    badge.textContent = String(pending);
    badge.hidden = pending === 0;
    badge.setAttribute('aria-label', `${pending} pending`);
  } catch { /* offline: the next step or reconnect refreshes it */ }
}

function confirmDialog({ title, message, withReason }) {
  return new Promise((resolve) => {
    const dialog = document.createElement('dialog');
    dialog.className = 'confirm-dialog';
    dialog.setAttribute('aria-labelledby', 'confirm-title');
    dialog.innerHTML = `<form method="dialog" class="p-3">
      <h2 class="h5" id="confirm-title"></h2><p class="confirm-message"></p>
      ${withReason ? '<label class="form-label small" for="confirm-reason">Reason (the agent and its owner see it)</label><textarea id="confirm-reason" class="form-control mb-3" rows="2" required maxlength="2000"></textarea>' : ''}
      <div class="d-flex gap-2 justify-content-end"><button value="cancel" class="btn btn-outline-secondary">Cancel</button>
      <button value="ok" class="btn ${withReason ? 'btn-danger' : 'btn-success'}" id="confirm-ok">Confirm</button></div></form>`;
    dialog.querySelector('#confirm-title').textContent = title;
    dialog.querySelector('.confirm-message').textContent = message;
    document.body.appendChild(dialog);
    dialog.addEventListener('close', () => {
      const reason = dialog.querySelector('#confirm-reason')?.value.trim() || '';
      const ok = dialog.returnValue === 'ok' && (!withReason || reason.length > 0);
      dialog.remove();
      resolve(ok ? { reason } : null);
    });
    dialog.showModal();
    (dialog.querySelector('#confirm-reason') || dialog.querySelector('#confirm-ok')).focus();
  });
}

function wireKeyboard(htmx) {
  const cards = () => [...document.querySelectorAll('#approval-queue .approval-card:not(.is-settled)')];
  const selected = () => document.querySelector('#approval-queue .approval-card.is-selected');
  function select(card) {
    for (const c of document.querySelectorAll('.approval-card.is-selected')) c.classList.remove('is-selected');
    if (!card) return;
    card.classList.add('is-selected');
    card.querySelector('.approval-link')?.focus({ preventScroll: true });
    card.scrollIntoView({ block: 'nearest' });
  }
  document.addEventListener('keydown', async (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
    if (e.target.closest('input, textarea, select, [contenteditable], dialog')) return;
    const list = cards();
    const current = selected();
    const at = current ? list.indexOf(current) : -1;
    if (queueRegion()) {
      if (e.key === 'j') { e.preventDefault(); select(list[Math.min(at + 1, list.length - 1)]); return; }
      if (e.key === 'k') { e.preventDefault(); select(list[Math.max(at - 1, 0)]); return; }
      if (!current) return;
      const title = current.querySelector('h2')?.textContent.trim() || 'this request';
      if (e.key === 'Enter' && e.target === document.body) { window.location.href = current.querySelector('.approval-link').href; return; }
      if (e.key === 'a') {
        e.preventDefault();
        const form = current.querySelector('form[action$="/verdict"]');
        if (!form) { window.location.href = current.querySelector('.approval-link').href; return; }
        if (await confirmDialog({ title: 'Approve?', message: title })) form.requestSubmit();
      }
      if (e.key === 'd') {
        e.preventDefault();
        const answer = await confirmDialog({ title: 'Deny?', message: title, withReason: true });
        if (answer) {
          htmx.ajax('POST', `/approvals/${encodeURIComponent(current.dataset.decisionId)}/verdict`,
            { target: current, swap: 'outerHTML', values: { verdict: 'deny', comment: answer.reason, from: 'queue' } });
        }
      }
      return;
    }
    if (reviewRoot()) {
      const title = reviewRoot().querySelector('h1')?.textContent.trim() || 'this request';
      if (e.key === 'a' && document.getElementById('approve-form')) {
        e.preventDefault();
        const password = document.getElementById('approve-password');
        if (password && !password.value) { password.focus(); return; }
        if (await confirmDialog({ title: 'Approve?', message: title })) document.getElementById('approve-form').requestSubmit();
      }
      if (e.key === 'd' && document.getElementById('deny')) {
        e.preventDefault();
        const answer = await confirmDialog({ title: 'Deny?', message: title, withReason: true });
        if (answer) {
          document.getElementById('deny-reason').value = answer.reason;
          document.getElementById('deny').requestSubmit();
        }
      }
    }
  });
}

// A large plan arrives in windows of rows: the page shows the first at once, then fetches the rest one window at a
// time while the browser is idle (soonest when its placeholder nears the screen), so parsing never freezes the page and
// find-in-page soon covers the whole plan. A risk link to a row not here yet loads up to it first.
function wireDiffWindows(htmx) {
  if (!document.querySelector('.dv-next')) return;
  const idle = window.requestIdleCallback || ((callback) => setTimeout(callback, 50));
  let busy = false;
  function loadNext() {
    const placeholder = document.querySelector('.dv-next');
    if (!placeholder || busy) return Promise.resolve(false);
    busy = true;
    return htmx.ajax('GET', placeholder.getAttribute('hx-get'), { target: placeholder, swap: 'outerHTML' })
      .then(() => true, () => false)
      .finally(() => { busy = false; });
  }
  function fill() {
    idle(() => loadNext().then((more) => { if (more) fill(); }));
  }
  const observer = new IntersectionObserver((entries) => {
    if (entries.some((e) => e.isIntersecting)) loadNext();
  }, { rootMargin: '1500px 0px' });
  const watch = () => { const p = document.querySelector('.dv-next'); if (p) observer.observe(p); };
  document.body.addEventListener('htmx:afterSettle', watch);
  watch();
  document.addEventListener('click', async (e) => {
    const link = e.target.closest('a[href^="#diff-L"]');
    if (!link || document.getElementById(link.hash.slice(1))) return;
    e.preventDefault();
    while (!document.getElementById(link.hash.slice(1)) && document.querySelector('.dv-next')) {
      while (busy) await new Promise((resolve) => setTimeout(resolve, 20));
      if (!(await loadNext())) break;
    }
    document.getElementById(link.hash.slice(1))?.scrollIntoView({ block: 'center' });
    history.replaceState(null, '', link.hash);
  });
  if (document.readyState === 'complete') fill(); else window.addEventListener('load', fill, { once: true });
}

export function wireApprovals(htmx) {
  wireDiffWindows(htmx);
  const root = queueRegion() || reviewRoot();
  let last = Number(root?.dataset.lastEvent || 0);
  let catchingUp = null;

  function apply(event) {
    if (root && event.id <= last) return;
    if (root) last = event.id;
    document.dispatchEvent(new CustomEvent('approval-changed', { detail: event }));
    refreshCard(htmx, event);
    refreshReview(htmx, event);
  }

  let badgeTimer = null;
  const refreshBadgeSoon = () => { clearTimeout(badgeTimer); badgeTimer = setTimeout(refreshNavBadge, 300); };

  async function catchUp() {
    if (!root) return;
    do {
      const response = await fetch(`/approvals/events?after=${last}`, { credentials: 'same-origin' });
      if (!response.ok) return;
      const page = await response.json();
      for (const event of page.events) apply(event);
      last = Math.max(last, page.latest);
      if (!page.more) return;
    } while (true); // eslint-disable-line no-constant-condition
  }

  document.addEventListener('console:approval', (e) => { apply(e.detail); refreshBadgeSoon(); });
  document.addEventListener('console:live-state', (e) => {
    if (e.detail.state !== 'live') return;
    refreshBadgeSoon();
    catchingUp = catchingUp || catchUp().finally(() => { catchingUp = null; });
  });
  // The queue's one-click approve leaves the card in place with its outcome; let it go like a live settle.
  document.body.addEventListener('htmx:afterSwap', (e) => {
    // The review header's state badge follows the verdict panel.
    const panel = document.getElementById('verdict-panel');
    const badge = document.getElementById('review-state');
    if (panel && badge && panel.dataset.state && badge.textContent !== panel.dataset.state) {
      badge.textContent = panel.dataset.state;
      badge.className = `badge state-badge state-${panel.dataset.state}`;
    }
    const card = e.detail.target?.id?.startsWith('request-') ? document.getElementById(e.detail.target.id) : null;
    if (card && card.dataset.state && card.dataset.state !== 'pending') settleLater(card);
    updateQueueStatus();
  });
  wireKeyboard(htmx);
  tick();
  setInterval(tick, 1000);
}
