// The console's live connection: one SignalR connection per page, a visible indicator,
// and reconnection that never gives up (the built-in policy stops after four tries).
import * as signalR from '@microsoft/signalr';

const labels = { live: 'Live', connecting: 'Connecting', offline: 'Offline' };

function setState(state) {
  const indicator = document.getElementById('live-indicator');
  if (!indicator) return;
  indicator.dataset.state = state;
  indicator.querySelector('.live-label').textContent = labels[state];
  indicator.title = state === 'live' ? 'Receiving live updates' : 'Live updates paused; reconnecting';
  document.dispatchEvent(new CustomEvent('console:live-state', { detail: { state } }));
}

const forever = {
  nextRetryDelayInMilliseconds: (context) => Math.min(1000 * 2 ** Math.min(context.previousRetryCount, 4), 15000),
};

export function connectLive() {
  if (!document.getElementById('live-indicator')) return null;
  const connection = new signalR.HubConnectionBuilder()
    .withUrl('/hubs/console')
    .withAutomaticReconnect(forever)
    .configureLogging(signalR.LogLevel.Warning)
    .build();

  connection.onreconnecting(() => setState('connecting'));
  connection.onreconnected(() => setState('live'));
  connection.onclose(() => { setState('offline'); setTimeout(start, 2000); });

  // A session that the server ends (user disabled, signed out elsewhere) reloads into the sign-in page.
  connection.on('sessionEnded', () => window.location.reload());
  connection.on('auditAppended', (event) => {
    document.dispatchEvent(new CustomEvent('console:audit', { detail: event }));
  });
  // A break-glass grant changed somewhere (requested, approved, ended, expired, reviewed): the banner and lists refetch.
  connection.on('breakGlass', (event) => {
    document.dispatchEvent(new CustomEvent('console:break-glass', { detail: event || {} }));
  });
  // A step of an approval (new request, verdict, outcome); ids let pages catch up after a lost connection.
  connection.on('approvalEvent', (event) => {
    document.dispatchEvent(new CustomEvent('console:approval', { detail: event }));
  });

  async function start() {
    setState('connecting');
    try {
      await connection.start();
      setState('live');
    } catch {
      setState('offline');
      setTimeout(start, 3000);
    }
  }
  start();
  window.consoleLive = connection;
  return connection;
}
