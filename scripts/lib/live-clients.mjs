// The client half of scripts/bench-live.sh: N live pages (SignalR connections to /hubs/console, WebSockets, each with the
// session cookie the driver obtained) and the assistant asking for pending decisions, in ONE process, so that the time a
// 202 answer arrives and the time each page receives the `pending` step are read from the same clock.
//
// Talks to the driver on stdin/stdout, one line each:
//   out "warm"              after a warm-up (a few connections, a few pending decisions, connections closed again)
//   in  "connect"           open the N connections
//   out "connected N S"     all N are connected (S seconds)
//   in  "go"                send the R pending decisions, then measure
//   out "result {json}"     the figures; exit 0 (or 1 when a connection failed or an event is missing)
// Progress goes to stderr. Latency of one (decision, page) = arrival of the page's `pending` step for that decision minus
// the arrival of the 202 answer that named the decision; it can be negative when the push beats the HTTP answer.
import { createRequire } from 'node:module';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const options = {
  base: '', cookie: '', taskToken: '', clients: 500, requests: 40, intervalMs: 250, connectConcurrency: 25, warmupClients: 10,
  warmupRequests: 3, waitMs: 15000,
  modules: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../wwwroot-assets'),
};
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i += 2) {
  const key = args[i].replace(/^--/, '').replace(/-([a-z])/g, (_, c) => c.toUpperCase());
  if (!(key in options)) fail(`unknown option ${args[i]}`);
  options[key] = typeof options[key] === 'number' ? Number(args[i + 1]) : args[i + 1];
}
if (!options.base || !options.cookie || !options.taskToken) fail('--base, --cookie and --task-token are required');

// The project's own copy of @microsoft/signalr and its Node dependencies (ws, node-fetch, fetch-cookie).
const signalR = createRequire(path.join(options.modules, 'package.json'))('@microsoft/signalr');

function fail(message) {
  process.stderr.write(`live-clients: ${message}\n`);
  process.exit(1);
}

const say = (line) => process.stdout.write(`${line}\n`);
const progress = (line) => process.stderr.write(`  [clients] ${line}\n`);

const stdin = createInterface({ input: process.stdin });
const commands = [];
const waiting = [];
stdin.on('line', (line) => (waiting.length ? waiting.shift()(line.trim()) : commands.push(line.trim())));
stdin.on('close', () => { if (waiting.length) fail('the driver closed the control channel'); });
const nextCommand = () => (commands.length ? Promise.resolve(commands.shift()) : new Promise((resolve) => waiting.push(resolve)));
async function expect(command) {
  const got = await nextCommand();
  if (got !== command) fail(`expected "${command}" from the driver, got "${got}"`);
}

// The step's `at` is its audit time on the console's clock; this machine's wall clock, read with the same precision, gives a
// second latency that does not depend on when this (busy) process got round to reading the 202 answer.
// decisionId -> step `at` (ms since the epoch)
const auditTimes = new Map();
// decisionId -> Map(client index -> first arrival ms), for every pending step heard: a step can arrive before the 202 answer
// that names its decision has been read, so nothing is filtered here; only the decisions this process asked for are counted.
const arrivals = new Map();
let auditPushes = 0;
let closedEarly = 0;

async function connect(index, measuring) {
  const connection = new signalR.HubConnectionBuilder()
    .withUrl(`${options.base}/hubs/console`, {
      transport: signalR.HttpTransportType.WebSockets,
      headers: { Cookie: options.cookie },
    })
    .configureLogging(signalR.LogLevel.Error)
    .build();
  connection.on('approvalEvent', (step) => {
    const at = performance.now();
    if (step.kind !== 'pending') return;
    let pages = arrivals.get(step.decisionId);
    if (!pages) {
      arrivals.set(step.decisionId, (pages = new Map()));
      auditTimes.set(step.decisionId, Date.parse(step.at));
    }
    if (!pages.has(index)) pages.set(index, at);
  });
  // Security people's pages also hear every audit event; counted, not timed.
  connection.on('auditAppended', () => { auditPushes++; });
  connection.on('sessionEnded', () => progress(`client ${index}: the server ended the session`));
  connection.onclose(() => { if (measuring && !stopping) closedEarly++; });
  await connection.start();
  return connection;
}

async function connectMany(count, measuring, offset = 0) {
  const connections = new Array(count);
  let next = 0;
  let failed = 0;
  let firstError = '';
  async function worker() {
    while (next < count) {
      const i = next++;
      try {
        connections[i] = await connect(offset + i, measuring);
      } catch (e) {
        failed++;
        firstError ||= String(e?.message ?? e);
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(options.connectConcurrency, count) }, worker));
  return { connections: connections.filter(Boolean), failed, firstError };
}

async function askPending(i) {
  const sent = performance.now();
  const response = await fetch(`${options.base}/v1/decisions`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${options.taskToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ action: 'terraform:apply', resource: `aws/prod/bench-live-${i}` }),
  });
  const text = await response.text();
  const answered = performance.now();
  let body = {};
  try { body = JSON.parse(text); } catch { /* reported below */ }
  if (response.status !== 202 || body.decision !== 'pending' || !body.decisionId) {
    return { ok: false, status: response.status, text: text.slice(0, 300) };
  }
  return { ok: true, decisionId: body.decisionId, sent, answered };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Sends `count` pending decisions `interval` ms apart (on a fixed schedule, not waiting for answers), then waits until every
// page has every step or `waitMs` passed after the last answer.
async function round(count, interval, pages, label) {
  const start = performance.now();
  const asks = [];
  for (let i = 0; i < count; i++) {
    const due = start + i * interval;
    const delay = due - performance.now();
    if (delay > 0) await sleep(delay);
    asks.push(askPending(`${label}-${i}`));
  }
  const answers = await Promise.all(asks);
  const refused = answers.filter((a) => !a.ok);
  if (refused.length) fail(`${refused.length} decision request(s) were not answered 202 pending: ${refused[0].status} ${refused[0].text}`);
  const deadline = performance.now() + options.waitMs;
  const complete = () => answers.every((a) => (arrivals.get(a.decisionId)?.size ?? 0) >= pages);
  while (!complete() && performance.now() < deadline) await sleep(20);
  return answers;
}

function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
const round1 = (x) => Math.round(x * 10) / 10;
const stats = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    min: round1(sorted[0]), p50: round1(percentile(sorted, 50)), p95: round1(percentile(sorted, 95)),
    p99: round1(percentile(sorted, 99)), max: round1(sorted[sorted.length - 1]),
  };
};

let stopping = false;
async function closeAll(connections) {
  await Promise.all(connections.map((c) => c.stop().catch(() => {})));
}

// --- Warm-up: JIT-compile the hub, the decision path and the push path before anything is measured -----------------------
const warm = await connectMany(options.warmupClients, false, 1_000_000);
if (warm.failed) fail(`${warm.failed} warm-up connection(s) failed: ${warm.firstError}`);
// SignalR answers the handshake before the hub's OnConnectedAsync has put the connection in its groups: give it a moment.
await sleep(1000);
const warmAnswers = await round(options.warmupRequests, 200, warm.connections.length, 'warmup');
const warmMissing = warmAnswers.filter((a) => (arrivals.get(a.decisionId)?.size ?? 0) < warm.connections.length).length;
if (warmMissing) {
  fail(`warm-up: ${warmMissing} of ${warmAnswers.length} pending steps did not reach every warm-up page (pages reached per step: ${
    warmAnswers.map((a) => arrivals.get(a.decisionId)?.size ?? 0).join(', ')} of ${warm.connections.length})`);
}
stopping = true;
await closeAll(warm.connections);
stopping = false;
arrivals.clear();
auditTimes.clear();
auditPushes = 0;
say('warm');

// --- The N pages ------------------------------------------------------------------------------------------------------
await expect('connect');
const connectStart = performance.now();
const live = await connectMany(options.clients, true);
const connectSeconds = (performance.now() - connectStart) / 1000;
if (live.failed) fail(`${live.failed} of ${options.clients} connections failed: ${live.firstError}`);
progress(`${live.connections.length} connections open in ${connectSeconds.toFixed(1)} s`);
say(`connected ${live.connections.length} ${connectSeconds.toFixed(1)}`);

// --- The measured decisions ----------------------------------------------------------------------------------------------
await expect('go');
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
const answers = await round(options.requests, options.intervalMs, live.connections.length, 'run');
loopDelay.disable();
const connectedAtEnd = live.connections.filter((c) => c.state === signalR.HubConnectionState.Connected).length;

const latencies = [];
const fromAudit = [];
const spreads = [];
let received = 0;
for (const answer of answers) {
  const pages = arrivals.get(answer.decisionId) ?? new Map();
  received += pages.size;
  const times = [...pages.values()];
  for (const at of times) latencies.push(at - answer.answered);
  const audited = auditTimes.get(answer.decisionId);
  if (Number.isFinite(audited)) for (const at of times) fromAudit.push(at + performance.timeOrigin - audited);
  if (times.length) spreads.push(Math.max(...times) - Math.min(...times));
}
const expected = answers.length * live.connections.length;
const result = {
  clients: live.connections.length,
  connectedAtEnd,
  closedEarly,
  connectSeconds: round1(connectSeconds),
  requests: answers.length,
  expected,
  received,
  missing: expected - received,
  latencyMs: latencies.length ? stats(latencies) : null,
  answerMs: stats(answers.map((a) => a.answered - a.sent)),
  auditTimeToArrivalMs: fromAudit.length ? stats(fromAudit) : null,
  fanOutSpreadMs: spreads.length ? stats(spreads) : null,
  negative: latencies.filter((x) => x < 0).length,
  auditPushes,
  clientLoopDelayMs: { p50: round1(loopDelay.percentile(50) / 1e6), p99: round1(loopDelay.percentile(99) / 1e6), max: round1(loopDelay.max / 1e6) },
};
say(`result ${JSON.stringify(result)}`);
stopping = true;
await closeAll(live.connections);
process.exit(result.missing === 0 && result.closedEarly === 0 ? 0 : 1);
