// ActorVision dashboard: one Server-Sent Events stream brings what changed (cameras, events, devices, cluster,
// jobs) at most once per push interval; rows are updated in place, so a hundred cameras cost a hundred cell
// updates per second at most. The live view reads the camera's MJPEG stream with fetch and draws each JPEG on a
// canvas, which lets the page count frames and say when none come. Plain modern JavaScript, no dependencies.
'use strict';

const state = {
  cameras: new Map(),   // id -> camera row
  events: [],           // newest last, at most maxEvents
  devices: [],
  cluster: null,
  shards: null,
  jobs: [],
  jobsAvailable: false,
};
const maxEvents = 300;
// What changed since the last render: a push redraws only those parts.
const dirty = { cameras: true, events: true, cluster: true, devices: true, jobs: true };
const $ = (id) => document.getElementById(id);

// ---- helpers ------------------------------------------------------------------------------------------------------

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

function setText(node, text) {
  const value = text === null || text === undefined ? '' : String(text);
  if (node.textContent !== value) node.textContent = value;
}

const number = (value, digits = 1) => (value === undefined || value === null ? '' : Number(value).toFixed(digits));
const integer = (value) => (value === undefined || value === null ? '' : Number(value).toLocaleString('en-US'));

function ago(iso) {
  if (!iso) return '';
  const seconds = Math.max(0, (Date.now() - Date.parse(iso)) / 1000);
  if (seconds < 60) return `${Math.floor(seconds)} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86400)} d ago`;
}

const time = (iso) => new Date(iso).toLocaleTimeString();
const shortNode = (address) => (address || '').replace(/^akka\.tcp:\/\/[^@]*@/, '');
const cameraName = (id) => state.cameras.get(id)?.name || id;

// ---- server push --------------------------------------------------------------------------------------------------

let renderQueued = false;
function scheduleRender() {
  if (renderQueued) return;
  renderQueued = true;
  requestAnimationFrame(() => {
    renderQueued = false;
    render();
  });
}

function apply(delta) {
  if (delta.reset) {
    state.cameras.clear();
    state.events = [];
    camerasBody.replaceChildren();
    cameraRows.clear();
  }
  if (delta.reset || delta.cameras.length || delta.removedCameras.length) dirty.cameras = true;
  if (delta.events.length) dirty.events = true;
  if (delta.devices) dirty.devices = true;
  if (delta.cluster || delta.shards) dirty.cluster = true;
  if (delta.jobs || delta.jobsAvailable !== state.jobsAvailable) dirty.jobs = true;
  for (const camera of delta.cameras) state.cameras.set(camera.id, camera);
  for (const id of delta.removedCameras) {
    state.cameras.delete(id);
    cameraRows.get(id)?.row.remove();
    cameraRows.delete(id);
  }
  if (delta.events.length > 0) {
    state.events.push(...delta.events);
    if (state.events.length > maxEvents) state.events.splice(0, state.events.length - maxEvents);
    newEvents.push(...delta.events);
  }
  if (delta.devices) state.devices = delta.devices;
  if (delta.cluster) state.cluster = delta.cluster;
  if (delta.shards) state.shards = delta.shards;
  if (delta.jobs) state.jobs = delta.jobs;
  state.jobsAvailable = delta.jobsAvailable;
  scheduleRender();
}

function connect() {
  const connection = $('connection');
  const source = new EventSource('/api/dashboard/stream');
  source.onopen = () => {
    connection.textContent = 'live';
    connection.className = 'connection live';
  };
  source.onmessage = (message) => apply(JSON.parse(message.data));
  source.onerror = () => {
    // EventSource reconnects by itself; the first message after that is a full reset.
    connection.textContent = 'reconnecting…';
    connection.className = 'connection down';
    signInAgainIfSessionEnded();
  };
}

// A stream cannot tell why it failed: ask once whether the session ended, and if so go to the sign-in page.
async function signInAgainIfSessionEnded() {
  try {
    const response = await fetch('/api/dashboard/state');
    if (response.status === 401) location.href = `/login?return=${encodeURIComponent(location.pathname + location.hash)}`;
  } catch {
    // The node is unreachable: EventSource keeps retrying.
  }
}

// ---- navigation ---------------------------------------------------------------------------------------------------

let route = { tab: 'cameras', camera: null };

function navigate() {
  const hash = decodeURIComponent(location.hash.slice(1));
  if (hash.startsWith('camera/')) route = { tab: 'camera', camera: hash.slice('camera/'.length) };
  else route = { tab: ['cameras', 'events', 'cluster', 'devices', 'jobs'].includes(hash) ? hash : 'cameras', camera: null };
  for (const panel of document.querySelectorAll('.panel')) panel.classList.toggle('active', panel.dataset.panel === route.tab);
  for (const link of document.querySelectorAll('#tabs a')) {
    link.classList.toggle('active', link.dataset.tab === route.tab || (route.tab === 'camera' && link.dataset.tab === 'cameras'));
  }
  liveView.show(route.camera);
  renderedCameraEvents = null;
  render(true);
}

// ---- cameras ------------------------------------------------------------------------------------------------------

const camerasBody = document.querySelector('#camera-table tbody');
const cameraRows = new Map(); // id -> { row, cells }

function cameraRow(id) {
  let entry = cameraRows.get(id);
  if (entry) return entry;
  const cells = {};
  const cell = (name, cls) => (cells[name] = el('td', { class: cls }));
  const row = el('tr', { class: 'clickable', 'data-camera': id, onclick: () => { location.hash = `camera/${encodeURIComponent(id)}`; } },
    cell('name'), cell('state'), cell('fpsIn', 'num'), cell('fpsAnalysed', 'num'), cell('fpsOut', 'num'),
    cell('dropped', 'num'), cell('latency', 'num'), cell('events', 'num'), cell('node'));
  cells.title = el('span');
  cells.sub = el('span', { class: 'sub' });
  cells.name.append(cells.title, cells.sub);
  cells.badge = el('span', { class: 'badge' });
  cells.reason = el('span', { class: 'sub reason' });
  cells.state.append(cells.badge, cells.reason);
  entry = { row, cells };
  cameraRows.set(id, entry);
  return entry;
}

function renderCameras() {
  const filter = $('camera-filter').value.trim().toLowerCase();
  const stateFilter = $('camera-state-filter').value;
  const cameras = [...state.cameras.values()].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  let shown = 0;
  let running = 0;
  const order = [];
  for (const camera of cameras) {
    if (camera.state === 'Running') running++;
    const { row, cells } = cameraRow(camera.id);
    const visible = (!stateFilter || camera.state === stateFilter)
      && (!filter || `${camera.name} ${camera.id} ${camera.node}`.toLowerCase().includes(filter));
    row.classList.toggle('hidden', !visible);
    if (visible) shown++;
    setText(cells.title, camera.name);
    setText(cells.sub, camera.name === camera.id ? camera.source : `${camera.id} · ${camera.source}`);
    setText(cells.badge, camera.state);
    cells.badge.className = `badge ${camera.state}`;
    setText(cells.reason, camera.reason);
    setText(cells.fpsIn, number(camera.fpsIn));
    setText(cells.fpsAnalysed, number(camera.fpsAnalysed));
    setText(cells.fpsOut, number(camera.fpsOut));
    setText(cells.dropped, integer(camera.framesDropped));
    setText(cells.latency, camera.framesAnalysed > 0 ? `${number(camera.latencyP50Ms, 0)} / ${number(camera.latencyP95Ms, 0)} ms` : '');
    setText(cells.events, integer(camera.eventsTotal));
    setText(cells.node, shortNode(camera.node));
    order.push(row);
  }
  // Re-append only when the order changed (a camera came or went, or was renamed).
  const current = [...camerasBody.children];
  if (current.length !== order.length || current.some((row, i) => row !== order[i])) camerasBody.replaceChildren(...order);
  $('cameras-empty').classList.toggle('hidden', cameras.length > 0);
  setText($('camera-summary'), cameras.length ? `${running} of ${cameras.length} running · ${shown} shown` : '');
  setText($('count-cameras'), cameras.length ? `${running}/${cameras.length}` : '');
}

// ---- one camera ---------------------------------------------------------------------------------------------------

let renderedCameraEvents = null;

function renderCamera() {
  const camera = state.cameras.get(route.camera);
  setText($('camera-title'), camera ? camera.name : route.camera);
  const badge = $('camera-state');
  setText(badge, camera ? camera.state : 'unknown');
  badge.className = `badge ${camera ? camera.state : ''}`;
  setText($('camera-reason'), camera?.reason);
  const facts = camera ? [
    ['Id', camera.id], ['Source', camera.source], ['Mode', camera.live ? 'live' : 'file'], ['Node', shortNode(camera.node)],
    ['Since', ago(camera.since)], ['FPS in / analysed / out', `${number(camera.fpsIn)} / ${number(camera.fpsAnalysed)} / ${number(camera.fpsOut)}`],
    ['Frames in / analysed', `${integer(camera.framesIn)} / ${integer(camera.framesAnalysed)}`], ['Dropped', integer(camera.framesDropped)],
    ['Reconnects', integer(camera.reconnects)], ['Latency p50 / p95', `${number(camera.latencyP50Ms, 0)} / ${number(camera.latencyP95Ms, 0)} ms`],
    ['Events', integer(camera.eventsTotal)],
  ] : [['', 'This camera is not known to the cluster (yet).']];
  fillFacts($('camera-facts'), facts);
  fillFacts($('camera-counters'), camera ? Object.entries(camera.counters || {}) : []);
  const events = state.events.filter((e) => e.camera === route.camera);
  const newest = events.length ? events[events.length - 1].seq : 0;
  if (renderedCameraEvents !== newest) {
    renderedCameraEvents = newest;
    $('camera-events').replaceChildren(...events.slice(-24).reverse().map((e) => eventCard(e, false)));
  }
}

function fillFacts(list, pairs) {
  const nodes = [];
  for (const [key, value] of pairs) nodes.push(el('dt', { text: key }), el('dd', { text: value }));
  list.replaceChildren(...nodes);
}

// Reads multipart/x-mixed-replace (one JPEG per part) and draws every picture on the canvas.
const liveView = {
  camera: null,
  abort: null,
  frames: 0,
  hashes: new Set(),
  lastFrame: 0,

  show(camera) {
    if (camera === this.camera) return;
    this.stop();
    this.camera = camera;
    if (camera) this.start(camera);
  },

  stop() {
    if (this.abort) this.abort.abort();
    this.abort = null;
    this.camera = null;
  },

  async start(camera) {
    const canvas = $('live-canvas');
    const status = $('live-status');
    this.frames = 0;
    this.hashes = new Set();
    canvas.dataset.frames = '0';
    canvas.dataset.distinct = '0';
    status.textContent = 'waiting for frames…';
    const abort = new AbortController();
    this.abort = abort;
    while (!abort.signal.aborted) {
      let busy = false;
      try {
        const response = await fetch(`/api/cameras/${encodeURIComponent(camera)}/live.mjpg`, { signal: abort.signal });
        busy = response.status === 503;
        if (response.ok) await this.read(response.body.getReader(), canvas, status, abort.signal);
        else if (response.status === 401) signInAgainIfSessionEnded();
      } catch (error) {
        if (abort.signal.aborted) return;
      }
      status.textContent = busy ? 'this node serves as many live views as it may; retrying…' : 'live view interrupted, reconnecting…';
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  },

  async read(reader, canvas, status, signal) {
    const context = canvas.getContext('2d');
    let buffer = new Uint8Array(0);
    for (;;) {
      const { value, done } = await reader.read();
      if (done || signal.aborted) return;
      const joined = new Uint8Array(buffer.length + value.length);
      joined.set(buffer);
      joined.set(value, buffer.length);
      buffer = joined;
      for (;;) {
        const part = nextPart(buffer);
        if (!part) break;
        buffer = buffer.subarray(part.end);
        const bitmap = await createImageBitmap(new Blob([part.jpeg], { type: 'image/jpeg' }));
        if (canvas.width !== bitmap.width || canvas.height !== bitmap.height) {
          canvas.width = bitmap.width;
          canvas.height = bitmap.height;
        }
        context.drawImage(bitmap, 0, 0);
        bitmap.close();
        this.count(part.jpeg, canvas, status);
      }
    }
  },

  count(jpeg, canvas, status) {
    this.frames++;
    let hash = 2166136261;
    for (let i = 0; i < jpeg.length; i += 7) hash = Math.imul(hash ^ jpeg[i], 16777619);
    this.hashes.add(`${jpeg.length}:${hash}`);
    canvas.dataset.frames = String(this.frames);
    canvas.dataset.distinct = String(this.hashes.size);
    const now = performance.now();
    const fps = this.lastFrame ? 1000 / (now - this.lastFrame) : 0;
    this.lastFrame = now;
    status.textContent = `live · ${fps.toFixed(1)} fps · ${this.frames} frames`;
  },
};

const headerEnd = [13, 10, 13, 10];

function indexOf(buffer, pattern, from) {
  outer: for (let i = from; i <= buffer.length - pattern.length; i++) {
    for (let j = 0; j < pattern.length; j++) if (buffer[i + j] !== pattern[j]) continue outer;
    return i;
  }
  return -1;
}

function nextPart(buffer) {
  const end = indexOf(buffer, headerEnd, 0);
  if (end < 0) return null;
  const headers = new TextDecoder().decode(buffer.subarray(0, end));
  const match = /content-length:\s*(\d+)/i.exec(headers);
  if (!match) return null;
  const start = end + headerEnd.length;
  const length = Number(match[1]);
  if (buffer.length < start + length) return null;
  return { jpeg: buffer.slice(start, start + length), end: start + length };
}

// ---- events -------------------------------------------------------------------------------------------------------

let newEvents = [];
let renderedFeedFilter = null;

function eventCard(e, fresh) {
  const thumbnail = e.snapshot
    ? el('a', { href: e.snapshot, target: '_blank', title: 'open the snapshot' },
      el('img', { src: e.snapshot, alt: `snapshot of ${e.type}`, loading: 'lazy', onerror: (ev) => ev.target.parentElement.remove() }))
    : null;
  const who = [e.label, e.trackId !== null && e.trackId !== undefined ? `#${e.trackId}` : null,
    e.confidence ? `${Math.round(e.confidence * 100)}%` : null].filter(Boolean).join(' ');
  const card = el('div', { class: fresh ? 'event fresh' : 'event', 'data-event': e.id },
    thumbnail,
    el('div', {},
      el('div', { class: 'what', text: `${e.type} · ${e.ruleName || e.rule}` }),
      el('div', { text: [who, e.details].filter(Boolean).join(' · ') }),
      el('div', { class: 'meta' },
        el('a', { href: `#camera/${encodeURIComponent(e.camera)}`, text: cameraName(e.camera) }),
        ` · ${time(e.time)}`)));
  if (fresh) setTimeout(() => card.classList.remove('fresh'), 3000);
  return card;
}

function eventMatches(e) {
  const camera = $('event-camera-filter').value;
  const type = $('event-type-filter').value;
  const rule = $('event-rule-filter').value.trim().toLowerCase();
  return (!camera || e.camera === camera) && (!type || e.type === type)
    && (!rule || `${e.rule} ${e.ruleName}`.toLowerCase().includes(rule));
}

function syncOptions(select, values) {
  const current = new Set([...select.options].slice(1).map((o) => o.value));
  for (const [value, text] of values) {
    if (!current.has(value)) select.append(el('option', { value, text: text ?? value }));
  }
}

function renderEvents() {
  syncOptions($('event-camera-filter'), [...state.cameras.values()].map((c) => [c.id, c.name]));
  syncOptions($('event-type-filter'), [...new Set(state.events.map((e) => e.type))].map((t) => [t]));
  if ($('event-pause').checked) return;
  const feed = $('event-feed');
  const filter = `${$('event-camera-filter').value}|${$('event-type-filter').value}|${$('event-rule-filter').value}`;
  if (filter !== renderedFeedFilter) {
    renderedFeedFilter = filter;
    feed.replaceChildren(...state.events.filter(eventMatches).slice(-100).reverse().map((e) => eventCard(e, false)));
  } else if (newEvents.length > 0) {
    for (const e of newEvents) if (eventMatches(e)) feed.prepend(eventCard(e, true));
    while (feed.children.length > 100) feed.lastChild.remove();
  }
  newEvents = [];
  $('events-empty').classList.toggle('hidden', feed.children.length > 0);
  setText($('count-events'), state.events.length ? String(state.events.length) : '');
}

// ---- cluster ------------------------------------------------------------------------------------------------------

function renderCluster() {
  const cluster = state.cluster;
  const body = document.querySelector('#member-table tbody');
  if (cluster) {
    body.replaceChildren(...cluster.members.map((m) => {
      const c = m.capacity;
      return el('tr', { class: c?.overCapacity ? 'over-capacity' : null, 'data-node': m.address },
        el('td', { text: shortNode(m.address) + (m.self ? ' (this node)' : '') }),
        el('td', { text: m.roles.join(', ') }),
        el('td', {}, el('span', { class: `badge ${m.status}`, text: m.status })),
        el('td', {}, el('span', { class: `badge ${m.reachable ? 'up' : 'unreachable'}`, text: m.reachable ? 'reachable' : 'unreachable' })),
        el('td', { class: 'num', text: c ? c.cameras : '' }),
        el('td', { class: 'num', text: c ? `${number(c.usedCores, 2)} / ${number(c.capacityCores, 2)}` : '' }),
        el('td', { class: 'num', text: c ? number(c.headroomCores, 2) : '' }),
        el('td', { class: 'reason' }, ...(c ? [
          el('span', { class: `badge ${c.overCapacity ? 'over' : 'up'}`, text: c.overCapacity ? 'over capacity' : 'within capacity' }),
          ...c.reasons.map((r) => el('div', { class: 'why', text: r }))] : [])),
        el('td', { text: m.leader ? 'leader' : '' }));
    }));
    const up = cluster.members.filter((m) => m.status === 'up').length;
    const over = cluster.members.filter((m) => m.capacity?.overCapacity).length;
    setText($('count-members'), `${up}/${cluster.members.length}` + (cluster.unreachable ? ` · ${cluster.unreachable} unreachable` : '')
      + (over ? ` · ${over} over capacity` : ''));
  }
  const shards = state.shards;
  const view = $('shard-view');
  if (!shards) return;
  const most = Math.max(1, ...shards.regions.map((r) => r.entities));
  view.replaceChildren(...shards.regions.map((region) => el('div', { class: 'shard-region' },
    el('div', { text: `${shortNode(region.node)} · ${region.shards} shards · ${region.entities} cameras` }),
    el('div', { class: 'shard-bar', style: `width: ${(100 * region.entities) / most}%` }),
    el('div', { class: 'shard-list' }, ...region.shardList.map((s) => el('span', { text: `${s.id}: ${s.entities}` }))))),
    ...(shards.unresponsive.length ? [el('p', { class: 'reason', text: `No answer from: ${shards.unresponsive.map(shortNode).join(', ')}` })] : []));
}

// ---- devices ------------------------------------------------------------------------------------------------------

function renderDevices() {
  const body = document.querySelector('#device-table tbody');
  body.replaceChildren(...state.devices.map((d) => el('tr', {},
    el('td', { text: shortNode(d.node) }),
    el('td', { text: d.device }),
    el('td', { text: d.providers.join(', ') }),
    el('td', { class: 'num', text: `${d.queuedLive} / ${d.queuedJobs}` }),
    el('td', { class: 'num', text: d.inFlight }),
    el('td', { class: 'num', text: `${d.busyWorkers} of ${d.workers}` }),
    el('td', { class: 'num', text: number(d.recentBatchSize, 2) }),
    el('td', { class: 'num', text: number(d.recentInferenceMs, 1) }),
    el('td', { class: 'num', text: `${number(d.latencyP50Ms, 1)} / ${number(d.latencyP99Ms, 1)}` }),
    el('td', { class: 'num', text: `${integer(d.completed)} / ${integer(d.refused)} / ${integer(d.failed)}` }))));
  $('devices-empty').classList.toggle('hidden', state.devices.length > 0);
}

// ---- jobs ---------------------------------------------------------------------------------------------------------

function renderJobs() {
  const body = document.querySelector('#job-table tbody');
  body.replaceChildren(...state.jobs.map((j) => el('tr', {},
    el('td', { text: j.name || j.id }),
    el('td', {}, el('span', { class: `badge ${j.state}`, text: j.state })),
    el('td', {}, el('div', { class: 'progress', title: `${(j.progress * 100).toFixed(1)} %` },
      el('div', { style: `width: ${(j.progress * 100).toFixed(1)}%` }))),
    el('td', { text: j.eta ?? '' }),
    el('td', { text: j.started ? ago(j.started) : '' }),
    el('td', {}, j.resultsUrl ? el('a', { href: j.resultsUrl, text: 'download' }) : null))));
  const empty = $('jobs-empty');
  setText(empty, state.jobsAvailable ? 'No analysis jobs.' : 'Analysis jobs are not available on this node yet.');
  empty.classList.toggle('hidden', state.jobs.length > 0);
  setText($('count-jobs'), state.jobs.length ? String(state.jobs.length) : '');
}

// ---- main ---------------------------------------------------------------------------------------------------------

function render(all = false) {
  if (all || dirty.cameras) renderCameras();
  if (all || dirty.events || dirty.cameras) renderEvents();
  if (route.tab === 'camera' && (all || dirty.cameras || dirty.events)) renderCamera();
  if (all || dirty.cluster) renderCluster();
  if (all || dirty.devices) renderDevices();
  if (all || dirty.jobs) renderJobs();
  for (const key of Object.keys(dirty)) dirty[key] = false;
}

for (const id of ['camera-filter', 'camera-state-filter']) $(id).addEventListener('input', () => renderCameras());
for (const id of ['event-camera-filter', 'event-type-filter', 'event-rule-filter', 'event-pause']) {
  $(id).addEventListener('input', () => { renderedFeedFilter = null; renderEvents(); });
}
window.addEventListener('hashchange', navigate);
setInterval(() => { if (route.tab === 'camera') renderCamera(); }, 5000); // keeps "since" fresh
navigate();
connect();
