// On the dashboard, a new audit event refreshes the "recent activity" panel through htmx.
// The panel is looked up on every event: each refresh swaps it for a new element (outerHTML).
export function wireDashboard(htmx) {
  if (!document.getElementById('recent-audit')) return;
  let pending = null;
  const refresh = () => {
    clearTimeout(pending);
    pending = setTimeout(() => {
      const panel = document.getElementById('recent-audit');
      if (panel) htmx.trigger(panel, 'refresh');
    }, 250);
  };
  document.addEventListener('console:audit', refresh);
  document.addEventListener('console:live-state', (event) => {
    if (event.detail.state === 'live') refresh();
  });
}
