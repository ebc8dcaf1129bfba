import htmx from 'htmx.org';
import { wireAntiforgery } from './antiforgery.js';
import { connectLive } from './live.js';
import { wireDashboard } from './dashboard.js';
import { wireApprovals } from './approvals.js';
import { wireBreakGlass } from './break-glass.js';

window.htmx = htmx;
// Refusals and invalid input come back as pages with the reason inline (403, 404, 409, 422): show them too.
htmx.config.responseHandling = [
  { code: '204', swap: false },
  { code: '[23]..', swap: true },
  { code: '(403|404|409|422)', swap: true, error: false },
  { code: '...', swap: false, error: true },
];
wireAntiforgery(htmx);
connectLive();
wireDashboard(htmx);
wireApprovals(htmx);
wireBreakGlass(htmx);
