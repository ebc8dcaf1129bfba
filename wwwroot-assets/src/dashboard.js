// On the dashboard, a new audit event refreshes the "recent activity" panel through htmx.
export function wireDashboard(htmx) {
  const panel = document.getElementById('recent-audit');
  if (!panel) return;
  let pending = null;
  document.addEventListener('console:audit', () => {
    clearTimeout(pending);
    pending = setTimeout(() => htmx.trigger(panel, 'refresh'), 250);
  });
  document.addEventListener('console:live-state', (event) => {
    if (event.detail.state === 'live') htmx.trigger(panel, 'refresh');
  });
}
