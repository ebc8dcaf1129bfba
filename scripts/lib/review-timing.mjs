// The browser half of scripts/bench-review.sh: opens approval review pages in real headless Chromium, driven over the
// Chrome DevTools Protocol (the project's own `ws` from wwwroot-assets/node_modules), and times each load.
//
//   node scripts/lib/review-timing.mjs --base http://127.0.0.1:PORT --cookie name=value --pages pages.jsonl [--loads 5]
//        [--chromium /usr/bin/chromium] [--settle-ms 1000] [--trace-dir DIR]
//
// pages.jsonl holds one page a line: {"name", "path", "lines", "last"} (last: the plan's last resource address, which
// the page must contain). Per page: one warm-up load (fills the cache with the console's CSS and scripts, compiles the
// page on the server), then --loads measured loads, the pages interleaved so a burst of load elsewhere hits both alike.
// Per load: HTML bytes, navigation timing, first contentful paint, long tasks (PerformanceObserver registered before
// the document exists), how long the page took to answer a DevTools round trip while loading, Chromium's own
// per-load task/layout/style/script time (Performance.getMetrics), and the time to scroll to the bottom of the diff.
// Prints progress to stderr and one line `result {json}` to stdout; exits 1 when Chromium cannot be driven.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const options = {
  base: '', cookie: '', pages: '', loads: 5, chromium: '/usr/bin/chromium', settleMs: 1000, traceDir: '',
  modules: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../wwwroot-assets'),
};
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i += 2) {
  const key = args[i].replace(/^--/, '').replace(/-([a-z])/g, (_, c) => c.toUpperCase());
  if (!(key in options)) fail(`unknown option ${args[i]}`);
  options[key] = typeof options[key] === 'number' ? Number(args[i + 1]) : args[i + 1];
}
if (!options.base || !options.cookie || !options.pages) fail('--base, --cookie and --pages are required');
const pages = readFileSync(options.pages, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));

// The project's own copy of ws (a dependency of @microsoft/signalr), not a global one.
const WebSocket = createRequire(path.join(options.modules, 'package.json'))('ws');

function fail(message) {
  process.stderr.write(`review-timing: ${message}\n`);
  process.exit(1);
}
const note = (message) => process.stderr.write(`${message}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// --- Chromium and a flat CDP session ----------------------------------------------------------------------------------
const profile = mkdtempSync(path.join(os.tmpdir(), 'bench-review-chromium.'));
const browser = spawn(options.chromium, [
  '--headless', '--no-sandbox', '--disable-gpu', '--remote-debugging-port=0', `--user-data-dir=${profile}`,
  '--no-first-run', '--no-default-browser-check', '--disable-extensions', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--mute-audio', 'about:blank',
], { stdio: ['ignore', 'ignore', 'pipe'] });
let browserErr = '';
const endpoint = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`no DevTools endpoint after 30 s: ${browserErr.slice(-500)}`)), 30000);
  browser.stderr.on('data', (chunk) => {
    browserErr += chunk;
    const match = /DevTools listening on (ws:\/\/\S+)/.exec(browserErr);
    if (match) { clearTimeout(timer); resolve(match[1]); }
  });
  browser.on('exit', (code) => reject(new Error(`chromium exited (${code}): ${browserErr.slice(-500)}`)));
}).catch((error) => { cleanup(); fail(error.message); });
browser.stderr.resume();

function cleanup() {
  try { browser.kill('SIGKILL'); } catch { /* gone already */ }
  try { rmSync(profile, { recursive: true, force: true }); } catch { /* best effort */ }
}
process.on('exit', cleanup);

const socket = new WebSocket(endpoint, { perMessageDeflate: false, maxPayload: 1024 * 1024 * 1024 });
await new Promise((resolve, reject) => { socket.once('open', resolve); socket.once('error', reject); });
let nextId = 1;
const waiting = new Map();
const listeners = new Set();
socket.on('message', (data) => {
  const message = JSON.parse(data);
  if (message.id !== undefined) {
    const entry = waiting.get(message.id);
    waiting.delete(message.id);
    if (message.error) entry?.reject(new Error(`${entry.method}: ${message.error.message}`));
    else entry?.resolve(message.result);
    return;
  }
  for (const listener of listeners) listener(message);
});
const send = (method, params = {}, sessionId = undefined) => new Promise((resolve, reject) => {
  const id = nextId++;
  waiting.set(id, { resolve, reject, method });
  socket.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
});
const once = (method, sessionId, timeoutMs) => new Promise((resolve, reject) => {
  const timer = setTimeout(() => { listeners.delete(listener); reject(new Error(`no ${method} in ${timeoutMs} ms`)); }, timeoutMs);
  const listener = (message) => {
    if (message.method === method && message.sessionId === sessionId) { clearTimeout(timer); listeners.delete(listener); resolve(message.params); }
  };
  listeners.add(listener);
});

const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
const page = (method, params) => send(method, params, sessionId);
const evaluate = async (expression) => {
  const answer = await page('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true });
  if (answer.exceptionDetails) throw new Error(`page script failed: ${answer.exceptionDetails.exception?.description ?? answer.exceptionDetails.text}`);
  return answer.result.value;
};

await page('Page.enable');
await page('Network.enable');
await page('Performance.enable');
await page('Emulation.setDeviceMetricsOverride', { width: 1280, height: 900, deviceScaleFactor: 1, mobile: false });
const [cookieName, ...cookieValue] = options.cookie.split('=');
const { success } = await page('Network.setCookie', { name: cookieName, value: cookieValue.join('='), url: options.base, path: '/', httpOnly: true, sameSite: 'Lax' });
if (!success) fail('Network.setCookie refused the session cookie');
// Long tasks are only reported to observers that exist when they happen: register one before the document does anything.
await page('Page.addScriptToEvaluateOnNewDocument', {
  source: `window.__bench = { longTasks: [] };
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__bench.longTasks.push({ start: e.startTime, duration: e.duration }); })
      .observe({ type: 'longtask', buffered: true });`,
});
const version = await send('Browser.getVersion');

// --- One load ---------------------------------------------------------------------------------------------------------
const metricNames = ['TaskDuration', 'ScriptDuration', 'LayoutDuration', 'RecalcStyleDuration', 'LayoutCount', 'RecalcStyleCount', 'Nodes'];
async function metrics() {
  const { metrics: list } = await page('Performance.getMetrics');
  return Object.fromEntries(list.filter((m) => metricNames.includes(m.name)).map((m) => [m.name, m.value]));
}

async function load(target, check, tracePath) {
  const url = options.base + target.path;
  // Start from a blank document: Chromium's counters restart with each document (they are read before and after, and
  // the difference taken where they did not restart), and no load inherits the previous page's work.
  const blank = once('Page.loadEventFired', sessionId, 10000).catch(() => {});
  await page('Page.navigate', { url: 'about:blank' });
  await blank;
  const before = await metrics();
  let documentBytes = null;
  let documentRequest = null;
  const onNetwork = (message) => {
    if (message.sessionId !== sessionId) return;
    if (message.method === 'Network.requestWillBeSent' && message.params.type === 'Document' && !documentRequest) documentRequest = message.params.requestId;
    if (message.method === 'Network.loadingFinished' && message.params.requestId === documentRequest) documentBytes = message.params.encodedDataLength;
  };
  listeners.add(onNetwork);
  let tracing = null;
  if (tracePath) {
    tracing = [];
    const collect = (message) => { if (message.method === 'Tracing.dataCollected' && message.sessionId === sessionId) tracing.push(...message.params.value); };
    listeners.add(collect);
    tracing.stop = () => listeners.delete(collect);
    await page('Tracing.start', { categories: 'devtools.timeline,blink.user_timing,loading,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
  }

  // While the page loads, keep one DevTools round trip in flight: the renderer answers between tasks, so the longest
  // round trip is how long the page could not have answered a click or a keystroke.
  const probes = [];
  let probing = true;
  const probe = (async () => {
    while (probing) {
      const sent = performance.now();
      try { await page('Runtime.evaluate', { expression: '0', returnByValue: true }); } catch { /* context swapped mid-navigation */ }
      probes.push(performance.now() - sent);
      await sleep(20);
    }
  })();

  const loaded = once('Page.loadEventFired', sessionId, 120000);
  const started = performance.now();
  const navigation = await page('Page.navigate', { url });
  if (navigation.errorText) throw new Error(`navigating to ${url}: ${navigation.errorText}`);
  await loaded;
  const loadSeen = performance.now() - started;
  // A large plan arrives in windows after load: wait until the last one is in (the probes and long tasks keep counting,
  // so fetching the rest must not freeze the page either). completeMs is on the page's clock (from navigation start).
  let completeMs = null;
  for (let waited = 0; waited < 60000; waited += 50) {
    const state = await evaluate(`({ pending: document.querySelector('.dv-next') !== null, now: performance.now() })`);
    if (!state.pending) { completeMs = state.now; break; }
    await sleep(50);
  }
  await sleep(options.settleMs); // tasks the page runs after load (scripts, the live connection) count too
  probing = false;
  await probe;
  listeners.delete(onNetwork);

  const timing = await evaluate(`(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    return {
      status: nav.responseStatus, htmlBytes: nav.decodedBodySize, encodedBytes: nav.encodedBodySize,
      requestStart: nav.requestStart, responseStart: nav.responseStart, responseEnd: nav.responseEnd,
      domInteractive: nav.domInteractive, domContentLoaded: nav.domContentLoadedEventEnd, load: nav.loadEventEnd,
      fcp: fcp ? fcp.startTime : null, longTasks: window.__bench.longTasks.slice(),
    };
  })()`);
  const after = await metrics();

  // Scroll so the bottom of the diff is in view, and time until the next frame after it has been painted.
  const scroll = await evaluate(`(async () => {
    const box = document.querySelector('.dv-scroll');
    if (!box) return null;
    const tasksBefore = window.__bench.longTasks.length;
    const started = performance.now();
    // 'instant': Bootstrap turns on smooth scrolling, which would time an animation.
    window.scrollTo({ top: window.scrollY + box.getBoundingClientRect().bottom - innerHeight + 16, behavior: 'instant' });
    await new Promise((resolve) => { requestAnimationFrame(() => requestAnimationFrame(resolve)); setTimeout(resolve, 10000); });
    const ms = performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 100));
    const bottom = box.getBoundingClientRect().bottom;
    const tasks = window.__bench.longTasks.slice(tasksBefore);
    window.scrollTo({ top: 0, behavior: 'instant' });
    return { ms, bottomInView: bottom > 0 && bottom <= innerHeight + 1, longest: Math.max(0, ...tasks.map((t) => t.duration)) };
  })()`);

  let checks = null;
  if (check) {
    checks = await evaluate(`(() => {
      const box = document.querySelector('.dv-scroll');
      const rows = box ? box.querySelectorAll('li').length : 0;
      return {
        rows, nodes: document.getElementsByTagName('*').length,
        riskSummary: document.querySelector('#plan-diff section.rs') !== null,
        riskItems: document.querySelectorAll('#plan-diff .rs-item').length,
        hasLast: box ? box.textContent.includes(${JSON.stringify(target.last)}) : false,
        title: document.title,
      };
    })()`);
  }

  if (tracing) {
    const done = once('Tracing.tracingComplete', sessionId, 60000);
    await page('Tracing.end');
    await done;
    tracing.stop();
    writeFileSync(tracePath, JSON.stringify({ traceEvents: tracing }));
  }

  const restarted = (after.TaskDuration ?? 0) < (before.TaskDuration ?? 0);
  const delta = Object.fromEntries(metricNames.map((name) => [name, (after[name] ?? 0) - (restarted ? 0 : before[name] ?? 0)]));
  const tasks = timing.longTasks;
  return {
    ...timing,
    completeMs,
    documentBytes,
    loadSeen,
    longTaskCount: tasks.length,
    longestTask: Math.max(0, ...tasks.map((t) => t.duration)),
    totalBlocking: tasks.reduce((sum, t) => sum + Math.max(0, t.duration - 50), 0),
    maxProbeMs: Math.max(0, ...probes),
    probes: probes.length,
    taskMs: delta.TaskDuration * 1000,
    scriptMs: delta.ScriptDuration * 1000,
    layoutMs: delta.LayoutDuration * 1000,
    styleMs: delta.RecalcStyleDuration * 1000,
    layouts: delta.LayoutCount,
    nodes: after.Nodes,
    scroll,
    checks,
  };
}

// --- The runs ---------------------------------------------------------------------------------------------------------
const p50 = (values) => { const s = values.filter((v) => v !== null).sort((a, b) => a - b); return s.length ? s[Math.floor((s.length - 1) / 2)] : null; };
const max = (values) => Math.max(...values.filter((v) => v !== null));
const results = Object.fromEntries(pages.map((p) => [p.name, []]));
const checks = {};
try {
  for (const target of pages) {
    note(`warm-up: ${target.name} (${target.path})`);
    const warm = await load(target, true, null);
    checks[target.name] = { ...warm.checks, status: warm.status, scrollBottomInView: warm.scroll?.bottomInView ?? false };
  }
  for (let i = 1; i <= options.loads; i++) {
    for (const target of pages) {
      const trace = options.traceDir && i === 1 ? path.join(options.traceDir, `${target.name}.trace.json`) : null;
      const r = await load(target, false, trace);
      results[target.name].push(r);
      note(`load ${i}/${options.loads} ${target.name}: html ${r.htmlBytes} B, server ${(r.responseStart - r.requestStart).toFixed(0)} ms, `
        + `DCL ${r.domContentLoaded.toFixed(0)} ms, load ${r.load.toFixed(0)} ms, FCP ${r.fcp?.toFixed(0)} ms, `
        + `long tasks ${r.longTaskCount} (longest ${r.longestTask.toFixed(0)} ms, TBT ${r.totalBlocking.toFixed(0)} ms), `
        + `probe max ${r.maxProbeMs.toFixed(0)} ms, scroll ${r.scroll?.ms.toFixed(0)} ms; `
        + `task ${r.taskMs.toFixed(0)} = script ${r.scriptMs.toFixed(0)} + layout ${r.layoutMs.toFixed(0)} + style ${r.styleMs.toFixed(0)} ms + other`);
    }
  }
} catch (error) {
  fail(error.stack ?? String(error));
}

const summary = {};
for (const target of pages) {
  const runs = results[target.name];
  const pick = (f) => runs.map(f);
  summary[target.name] = {
    lines: target.lines,
    htmlBytes: p50(pick((r) => r.htmlBytes)),
    wireBytes: p50(pick((r) => r.documentBytes)),
    serverP50: p50(pick((r) => r.responseStart - r.requestStart)),
    responseEndP50: p50(pick((r) => r.responseEnd)),
    dclP50: p50(pick((r) => r.domContentLoaded)), dclMax: max(pick((r) => r.domContentLoaded)),
    loadP50: p50(pick((r) => r.load)), loadMax: max(pick((r) => r.load)),
    completeP50: p50(pick((r) => r.completeMs)), completeMax: max(pick((r) => r.completeMs)),
    fcpP50: p50(pick((r) => r.fcp)),
    longTasksP50: p50(pick((r) => r.longTaskCount)),
    longestTask: max(pick((r) => r.longestTask)),
    tbtP50: p50(pick((r) => r.totalBlocking)), tbtMax: max(pick((r) => r.totalBlocking)),
    probeMaxP50: p50(pick((r) => r.maxProbeMs)), probeMax: max(pick((r) => r.maxProbeMs)),
    scrollP50: p50(pick((r) => r.scroll?.ms ?? null)), scrollMax: max(pick((r) => r.scroll?.ms ?? null)),
    scrollLongest: max(pick((r) => r.scroll?.longest ?? null)),
    taskP50: p50(pick((r) => r.taskMs)), scriptP50: p50(pick((r) => r.scriptMs)),
    layoutP50: p50(pick((r) => r.layoutMs)), styleP50: p50(pick((r) => r.styleMs)),
    nodes: p50(pick((r) => r.nodes)),
    checks: checks[target.name],
  };
}
process.stdout.write(`result ${JSON.stringify({ chromium: version.product, loads: options.loads, pages: summary, runs: results })}\n`);
socket.close();
cleanup();
process.exit(0);
