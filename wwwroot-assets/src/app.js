import htmx from 'htmx.org';
import { wireAntiforgery } from './antiforgery.js';
import { connectLive } from './live.js';
import { wireDashboard } from './dashboard.js';

window.htmx = htmx;
wireAntiforgery(htmx);
connectLive();
wireDashboard(htmx);
