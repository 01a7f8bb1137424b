// The ws-commands web console: one WebSocket to the endpoint next to this page, kept open by heartbeats,
// reopened with backoff when it drops; every request is matched to its reply by RequestID.
'use strict';

(() => {
  const LOG_LIMIT = 200;
  const RTT_WINDOW = 10;
  const HEARTBEAT = 'heartbeat';

  // Timings, overridable in the page's query string (e.g. ?heartbeat=200ms&timeout=1s) so tests can
  // run them fast; README.md lists them.
  const params = new URLSearchParams(location.search);
  const settings = Object.freeze({
    heartbeatMs: duration('heartbeat', 20000),
    timeoutMs: duration('timeout', 10000),
    backoffMs: duration('backoff', 500),
    backoffMaxMs: duration('backoffMax', 30000),
    intervalMs: duration('interval', 2000),
  });

  /** A duration query parameter: "200ms", "2s", "1.5s", "1m", or a bare number of milliseconds. */
  function duration(name, fallback) {
    const text = params.get(name);
    if (text === null) {
      return fallback;
    }
    const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$/.exec(text);
    if (!match) {
      console.warn(`ignoring ?${name}=${text}: expected a duration such as 200ms, 2s or 1m`);
      return fallback;
    }
    const scale = { ms: 1, s: 1000, m: 60000 }[match[2] || 'ms'];
    return Math.max(1, Math.round(Number(match[1]) * scale));
  }

  /** The endpoint "server" beside this page, so it works at / and under a container's context path. */
  function endpointUrl() {
    const url = new URL('server', document.baseURI);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.search = '';
    url.hash = '';
    return url.href;
  }

  /** 32 random hex digits (crypto.randomUUID exists on secure origins only; this works on plain http too). */
  function newClientId() {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  }

  const $ = (id) => document.getElementById(id);
  const view = {
    endpoint: $('endpoint'),
    state: $('state'),
    toggle: $('toggle-connection'),
    rtt: $('rtt'),
    sent: $('count-sent'),
    answered: $('count-answered'),
    resent: $('count-resent'),
    errors: $('count-errors'),
    waiting: $('count-waiting'),
    heartbeats: $('count-heartbeats'),
    form: $('send-form'),
    command: $('command'),
    commandChoice: $('command-choice'),
    argument: $('argument'),
    autoSend: $('auto-send'),
    autoInterval: $('auto-interval'),
    log: $('log'),
    logLimit: $('log-limit'),
    clearLog: $('clear-log'),
    tokenForm: $('token-form'),
    token: $('token'),
  };

  const url = endpointUrl();
  // The page's name for itself: the server answers a request resent after a lost connection from its first run
  // instead of running it again. One per page load, as its RequestIDs start at 1 per page load. Browsers cannot
  // set headers on a WebSocket, hence the query parameter.
  const clientId = newClientId();
  const socketUrl = `${url}?client-id=${clientId}`;
  const counts = { sent: 0, answered: 0, resent: 0, errors: 0, heartbeats: 0 };
  const rtts = [];
  /** Requests not yet answered, by RequestID; they survive a lost connection and are sent again. */
  const pending = new Map();
  let nextId = 1;

  let socket = null;
  let everOpen = false;      // whether the current socket got as far as open
  let wanted = true;         // false once the user pressed Disconnect
  let attempt = 0;           // failed attempts since the last open connection: drives the backoff
  let reconnectAt = 0;
  let reconnectTimer = 0;
  let countdownTimer = 0;
  let openTimer = 0;
  let heartbeatTimer = 0;
  let heartbeat = null;      // the unanswered heartbeat: {id, sentAt, timer}
  let autoTimer = 0;

  // ---- connection -------------------------------------------------------------------------------

  function connect() {
    clearTimers();
    showState('connecting', '');
    // Browsers cannot set headers on a WebSocket: the token goes in a subprotocol beside ws-commands, which the
    // server answers (it never echoes the token).
    const token = view.token.value.trim();
    const ws = token ? new WebSocket(socketUrl, ['ws-commands', `bearer.${token}`]) : new WebSocket(socketUrl);
    socket = ws;
    everOpen = false;
    // A handshake that neither completes nor fails (a silent network) would otherwise wait for minutes.
    openTimer = setTimeout(() => abandon(ws, `no connection within ${seconds(settings.timeoutMs)}`),
      settings.timeoutMs);
    ws.onopen = () => opened(ws);
    ws.onmessage = (event) => received(event.data);
    ws.onclose = (event) => closed(ws, event.code, event.reason);
  }

  function opened(ws) {
    if (ws !== socket) {
      return;
    }
    clearTimeout(openTimer);
    everOpen = true;
    attempt = 0;
    showState('open', '');
    logEvent('connected');
    const unanswered = [...pending.values()].sort((a, b) => a.id - b.id);
    unanswered.forEach(transmit);
    heartbeatTimer = setInterval(sendHeartbeat, settings.heartbeatMs);
  }

  function closed(ws, code, reason) {
    if (ws !== socket) {
      return;
    }
    socket = null;
    const detail = `${code}${reason ? ': ' + reason : ''}`;
    dropped(`closed ${detail}`, detail);
  }

  /** Gives up on a connection that stopped answering, without waiting for a close handshake that may never end. */
  function abandon(ws, why) {
    if (ws !== socket) {
      return;
    }
    socket = null;
    ws.onopen = ws.onmessage = ws.onclose = null;
    try {
      ws.close(4000, why.slice(0, 120));
    } catch (ignored) {
      // Closing a socket that never opened may throw; it is dropped either way.
    }
    dropped(why, why);
  }

  /**
   * What happens after any loss: requests stay pending for the next connection, which is opened after a backoff.
   * `why` describes the loss; `detail` is what the state line shows after "closed" when the user closed it.
   */
  function dropped(why, detail) {
    clearTimers();
    heartbeat = null;
    logEvent(`${everOpen ? 'connection lost' : 'could not connect'} (${why})`, 'lost');
    if (!wanted) {
      showState('closed', detail);
      return;
    }
    // Exponential backoff with full jitter: a restarted server is not hit by every page at the same moment.
    const ceiling = Math.min(settings.backoffMaxMs, settings.backoffMs * 2 ** Math.min(attempt, 30));
    const delay = Math.random() * ceiling;
    attempt += 1;
    reconnectAt = performance.now() + delay;
    reconnectTimer = setTimeout(connect, delay);
    const tick = () => showState('reconnecting', `in ${seconds(reconnectAt - performance.now())} (${why})`);
    tick();
    countdownTimer = setInterval(tick, 200);
  }

  function clearTimers() {
    clearTimeout(openTimer);
    clearTimeout(reconnectTimer);
    clearInterval(countdownTimer);
    clearInterval(heartbeatTimer);
    if (heartbeat) {
      clearTimeout(heartbeat.timer);
    }
  }

  function disconnect() {
    wanted = false;
    if (socket) {
      socket.close(1000, 'disconnected by the user');
    } else {
      clearTimers();
      showState('closed', 'disconnected by the user');
    }
    view.toggle.textContent = 'Connect';
  }

  function reconnect() {
    wanted = true;
    attempt = 0;
    view.toggle.textContent = 'Disconnect';
    if (!socket) {
      connect();
    }
  }

  // ---- requests and replies ---------------------------------------------------------------------

  function send(command, argument) {
    const request = { id: nextId++, command, argument: argument || '', sentAt: 0, everSent: false, note: null };
    pending.set(request.id, request);
    request.note = logRequest(request);
    if (isOpen()) {
      transmit(request);
    } else {
      request.note.textContent = 'queued until connected';
    }
    showCounts();
  }

  function transmit(request) {
    socket.send(JSON.stringify({
      RequestID: request.id, Command: request.command, SomeOtherThing: request.argument, Success: false,
    }));
    request.sentAt = performance.now();
    if (request.everSent) {
      counts.resent += 1;
      request.note.textContent = 'resent';
      logEvent(`resent #${request.id} after reconnecting`);
    } else {
      counts.sent += 1;
      request.note.textContent = 'sent';
    }
    request.everSent = true;
    showCounts();
  }

  function sendHeartbeat() {
    if (heartbeat || !isOpen()) {
      return; // the outstanding one has its own timeout
    }
    const ws = socket;
    const id = nextId++;
    heartbeat = {
      id,
      sentAt: performance.now(),
      // Browsers cannot send WebSocket pings; an unanswered heartbeat command is how a dead link shows.
      timer: setTimeout(() => abandon(ws, `no heartbeat reply within ${seconds(settings.timeoutMs)}`),
        settings.timeoutMs),
    };
    ws.send(JSON.stringify({ RequestID: id, Command: HEARTBEAT, SomeOtherThing: '', Success: false }));
  }

  function received(text) {
    let reply = null;
    try {
      reply = JSON.parse(text);
    } catch (ignored) {
      // reported below, like any reply that is not a message
    }
    if (reply === null || typeof reply !== 'object') {
      counts.errors += 1;
      logEntry('reply error', '←', '?', 'unreadable reply: ' + text.slice(0, 200), '');
      showCounts();
      return;
    }
    const id = reply.RequestID;
    const now = performance.now();
    if (heartbeat && heartbeat.id === id) {
      clearTimeout(heartbeat.timer);
      recordRtt(now - heartbeat.sentAt);
      heartbeat = null;
      counts.heartbeats += 1;
      showCounts();
      return;
    }
    const request = pending.get(id);
    const failed = reply.Success !== true;
    if (failed) {
      counts.errors += 1;
    }
    const body = failed ? 'error: ' + (reply.Error || reply.SomeOtherThing || 'no reason given') : reply.SomeOtherThing;
    if (!request) {
      // RequestID 0 answers a request the server could not read; other ids are late replies to abandoned heartbeats.
      logEntry(`reply${failed ? ' error' : ''}`, '←', `#${id}`, body, 'no matching request');
      showCounts();
      return;
    }
    pending.delete(id);
    counts.answered += 1;
    const rtt = now - request.sentAt;
    recordRtt(rtt);
    request.note.textContent = failed ? 'failed' : 'answered';
    logEntry(`reply${failed ? ' error' : ''}`, '←', `#${id}`, body, `${Math.round(rtt)} ms`);
    showCounts();
  }

  function isOpen() {
    return socket !== null && socket.readyState === WebSocket.OPEN;
  }

  // ---- automatic sending ------------------------------------------------------------------------

  function restartAutoSend() {
    clearInterval(autoTimer);
    if (!view.autoSend.checked) {
      return;
    }
    const interval = Math.max(100, Math.round(Number(view.autoInterval.value) * 1000) || settings.intervalMs);
    autoTimer = setInterval(() => {
      // Paused while disconnected: a queue of identical requests would not show anything useful.
      if (isOpen() && view.command.value.trim()) {
        send(view.command.value.trim(), view.argument.value);
      }
    }, interval);
  }

  // ---- view -------------------------------------------------------------------------------------

  function showState(state, detail) {
    view.state.dataset.state = state;
    const text = detail ? `${state} ${detail}` : state;
    if (view.state.textContent !== text) {
      view.state.textContent = text;
    }
  }

  function showCounts() {
    view.sent.textContent = counts.sent;
    view.answered.textContent = counts.answered;
    view.resent.textContent = counts.resent;
    view.errors.textContent = counts.errors;
    view.waiting.textContent = pending.size;
    view.heartbeats.textContent = counts.heartbeats;
  }

  function recordRtt(ms) {
    rtts.push(ms);
    if (rtts.length > RTT_WINDOW) {
      rtts.shift();
    }
    const average = rtts.reduce((a, b) => a + b, 0) / rtts.length;
    view.rtt.textContent =
      `${Math.round(ms)} ms last, ${Math.round(average)} ms average, ${Math.round(Math.max(...rtts))} ms max `
      + `(last ${rtts.length})`;
  }

  function logRequest(request) {
    const text = request.argument ? `${request.command} ${JSON.stringify(request.argument)}` : request.command;
    const entry = logEntry('request', '→', `#${request.id}`, text, '');
    return entry.querySelector('.note');
  }

  function logEvent(text, extra) {
    logEntry(`event ${extra || ''}`.trim(), '•', '', text, '');
  }

  function logEntry(kind, arrow, id, text, note) {
    const item = document.createElement('li');
    item.className = `entry ${kind}`;
    const parts = [
      ['time', new Date().toLocaleTimeString([], { hour12: false }) + '.' + String(Date.now() % 1000).padStart(3, '0')],
      ['dir', arrow],
      ['id', id],
      ['text', text],
      ['note', note],
    ];
    for (const [name, value] of parts) {
      const span = document.createElement('span');
      span.className = name;
      span.textContent = value;
      item.append(span);
    }
    item.querySelector('.dir').setAttribute('aria-label',
      arrow === '→' ? 'request' : arrow === '←' ? 'reply' : 'event');
    view.log.prepend(item);
    while (view.log.childElementCount > LOG_LIMIT) {
      view.log.lastElementChild.remove();
    }
    return item;
  }

  function seconds(ms) {
    const s = Math.max(0, ms) / 1000;
    return s >= 10 ? `${Math.round(s)} s` : `${s.toFixed(1)} s`;
  }

  // ---- wiring -----------------------------------------------------------------------------------

  view.endpoint.textContent = url;
  view.logLimit.textContent = LOG_LIMIT;
  view.autoInterval.value = String(settings.intervalMs / 1000);
  view.form.addEventListener('submit', (event) => {
    event.preventDefault();
    const command = view.command.value.trim();
    if (command) {
      send(command, view.argument.value);
    }
  });
  view.commandChoice.addEventListener('change', () => {
    if (view.commandChoice.value) {
      view.command.value = view.commandChoice.value;
      view.commandChoice.value = '';
      view.argument.focus();
    }
  });
  view.autoSend.addEventListener('change', restartAutoSend);
  view.autoInterval.addEventListener('change', restartAutoSend);
  view.toggle.addEventListener('click', () => (wanted ? disconnect() : reconnect()));
  view.clearLog.addEventListener('click', () => view.log.replaceChildren());
  // A new token takes effect on a new connection: replace the current one now. Unanswered requests are resent.
  view.tokenForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const old = socket;
    socket = null;
    if (old) {
      old.onopen = old.onmessage = old.onclose = null;
      old.close(1000, 'new token');
    }
    wanted = true;
    attempt = 0;
    view.toggle.textContent = 'Disconnect';
    logEvent(view.token.value.trim() ? 'connecting with the token' : 'connecting without a token');
    connect();
  });
  showCounts();
  loadCommands();
  connect();

  /** Offers the server's commands, as its health report lists them, beside the free text field. */
  function loadCommands() {
    fetch(new URL('health', window.location.href), { cache: 'no-store' })
      .then((response) => response.json())
      .then((health) => {
        for (const name of health.commands || []) {
          const option = document.createElement('option');
          option.value = name;
          option.textContent = name;
          view.commandChoice.append(option);
        }
      })
      .catch(() => logEvent('the list of commands could not be loaded; type a command instead'));
  }
})();
