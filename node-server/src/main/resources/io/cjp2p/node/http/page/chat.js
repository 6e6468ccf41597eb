// The node's chat page. Talks to this node only: /status.json for the peers, the WebSocket /wt
// (the Rust node's API) for everything else. Peer-provided text is only ever set as textContent.
'use strict';

const KEY = /^(?:0x)?([0-9a-fA-F]{64})$/;
const MAX_SHOWN = 500;
const STATUS_EVERY_MS = 5000;
const $ = (id) => document.getElementById(id);

let socket = null;
let attempts = 0;
let reconnectTimer = null;
let lastPeers = null;

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

function normalKey(text) {
  const m = KEY.exec((text || '').trim());
  return m ? m[1].toLowerCase() : null;
}

function setState(up, text) {
  const s = $('connection');
  s.className = 'state ' + (up ? 'up' : 'down');
  s.textContent = text;
  $('send').disabled = !up;
}

function connect() {
  reconnectTimer = null;
  const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/wt';
  let ws;
  try {
    ws = new WebSocket(url);
  } catch (e) {
    scheduleReconnect();
    return;
  }
  socket = ws;
  setState(false, 'connecting…');
  ws.onopen = () => {
    attempts = 0;
    setState(true, 'connected');
    refreshStatus();
  };
  ws.onmessage = (ev) => {
    if (typeof ev.data === 'string') received(ev.data);
  };
  ws.onclose = () => {
    if (socket === ws) {
      socket = null;
      scheduleReconnect();
    }
  };
  ws.onerror = () => { /* onclose follows */ };
}

// Backoff: 0.5 s, 1 s, 2 s … at most 10 s, with some jitter so pages do not reconnect in step.
function scheduleReconnect() {
  if (reconnectTimer) return;
  const delay = Math.min(10000, 500 * 2 ** attempts) * (0.8 + 0.4 * Math.random());
  attempts = Math.min(attempts + 1, 10);
  setState(false, 'disconnected, retrying in ' + Math.ceil(delay / 1000) + ' s');
  reconnectTimer = setTimeout(connect, delay);
}

function received(text) {
  let array;
  try {
    array = JSON.parse(text);
  } catch (e) {
    return;
  }
  if (!Array.isArray(array)) return;
  for (const element of array) {
    if (!element || typeof element !== 'object') continue;
    if (element.YourEd25519 && typeof element.YourEd25519.ed25519 === 'string') {
      $('our-key').textContent = element.YourEd25519.ed25519;
    } else if (element.Forwarded && typeof element.Forwarded === 'object') {
      forwarded(element.Forwarded);
    }
  }
}

// A Forwarded carries a whole message array as text: every ChatMessage in it is shown, marked by
// whether a signature or the encryption authenticated it (from_ed25519) or not.
function forwarded(f) {
  if (typeof f.messages !== 'string') return;
  let inner;
  try {
    inner = JSON.parse(f.messages);
  } catch (e) {
    return;
  }
  if (!Array.isArray(inner)) return;
  for (const m of inner) {
    if (m && m.ChatMessage && typeof m.ChatMessage.message === 'string') {
      show({
        text: m.ChatMessage.message,
        from: typeof f.from_ed25519 === 'string' ? f.from_ed25519 : null,
        maybe: typeof f.maybe_ed25519 === 'string' ? f.maybe_ed25519 : null,
        src: typeof f.src === 'string' ? f.src : '',
      });
    }
  }
}

function show(msg) {
  const li = el('li');
  const meta = el('div', 'meta');
  if (msg.outgoing) {
    li.className = 'outgoing';
    meta.append(el('span', 'badge outgoing', 'sent'), el('span', null, 'to'), el('span', 'key', msg.to));
  } else if (msg.from) {
    li.className = 'signed';
    li.dataset.from = msg.from;
    meta.append(el('span', 'badge signed', 'signed'), el('span', null, 'from'), el('span', 'key', msg.from));
  } else {
    li.className = 'raw';
    if (msg.maybe) li.dataset.maybe = msg.maybe;
    meta.append(el('span', 'badge raw', 'unsigned'), el('span', null, 'from ' + msg.src));
    if (msg.maybe) meta.append(el('span', null, 'maybe'), el('span', 'key', msg.maybe));
  }
  meta.append(el('time', null, new Date().toLocaleTimeString()));
  li.append(meta, el('div', 'body', msg.text));
  const list = $('messages');
  list.append(li);
  while (list.children.length > MAX_SHOWN) list.firstElementChild.remove();
  list.scrollTop = list.scrollHeight;
}

async function refreshStatus() {
  let status;
  try {
    const r = await fetch('/status.json', { cache: 'no-store' });
    if (!r.ok) return;
    status = await r.json();
  } catch (e) {
    return; // the node is down; the socket's reconnect says so
  }
  const ours = normalKey(status.public_key);
  if (ours) $('our-key').textContent = ours;
  const peers = Array.isArray(status.active_peers) ? status.active_peers : [];
  $('peer-count').textContent = '(' + peers.length + ')';
  // Redrawn only when the peers changed, so a click never lands on a list being replaced.
  const shown = JSON.stringify(peers.map((p) => [p.addr, p.pub]));
  if (shown === lastPeers) return;
  lastPeers = shown;
  const list = $('peers');
  list.replaceChildren();
  for (const p of peers) {
    const li = el('li');
    const key = normalKey(p.pub);
    const addr = el('div', 'addr', String(p.addr) + (typeof p.delay_ms === 'number' ? ' · ' + p.delay_ms + ' ms' : ''));
    if (key) {
      const b = el('button');
      b.type = 'button';
      b.dataset.key = key;
      b.title = 'send to this peer';
      b.append(el('div', 'key', key), addr);
      b.addEventListener('click', () => {
        $('to').value = key;
        $('text').focus();
      });
      li.append(b);
    } else {
      li.append(addr, el('div', 'nokey', 'key not known yet'));
    }
    list.append(li);
  }
}

function send(ev) {
  ev.preventDefault();
  const error = $('compose-error');
  error.textContent = '';
  const to = normalKey($('to').value);
  const text = $('text').value;
  if (!to) {
    error.textContent = 'The key must be 64 hex digits.';
    return;
  }
  if (!text.trim()) return;
  if (!socket || socket.readyState !== WebSocket.OPEN) {
    error.textContent = 'Not connected to the node; retrying.';
    return;
  }
  socket.send(JSON.stringify([{ Forward: { to_ed25519: to, sign: true, messages: [{ ChatMessage: { message: text } }] } }]));
  show({ outgoing: true, to, text });
  $('text').value = '';
}

document.addEventListener('DOMContentLoaded', () => {
  $('compose').addEventListener('submit', send);
  connect();
  setInterval(refreshStatus, STATUS_EVERY_MS);
});
