// One strategy's panel: its user's client (the strategy's own browser.js) or, for a strategy a browser
// cannot speak, the server's counters; every message with its latency; the counters; the timeline.
import {t, pick, lang} from './i18n.js';
import {Timeline} from './timeline.js';
import {Battery} from './battery.js';

const SHOWN_MESSAGES = 12;

function nowUs() {
  return (performance.timeOrigin + performance.now()) * 1000;
}

function percentile(sorted, p) {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

function ms(value) {
  if (!Number.isFinite(value)) return '–';
  return value < 10 ? value.toFixed(1) + ' ms' : value < 10000 ? Math.round(value) + ' ms' : (value / 1000).toFixed(1) + ' s';
}

function bytes(value) {
  if (!Number.isFinite(value)) return '–';
  return value < 10000 ? Math.round(value) + ' B' : (value / 1024).toFixed(1) + ' KiB';
}

export class Panel {
  constructor(strategy, grid, settings) {
    this.strategy = strategy;
    this.settings = settings;
    this.storageKey = 'deliverybench.demo.' + location.host + '.' + strategy.user;
    const saved = JSON.parse(localStorage.getItem(this.storageKey) || 'null');
    this.place = saved || {after: 0, epoch: 0, recent: []};
    this.counts = {received: 0, requests: 0, empty: 0, answers: 0, gaps: 0, repeats: 0};
    this.latenciesMs = [];
    this.wire = null;
    this.startedMs = performance.now();
    this.status = !strategy.browser ? ['status.inProcess', {}]
      : saved ? ['status.resumed', {after: this.place.after}] : ['status.connecting', {}];
    this.renderPending = false;
    this.element = this.build(grid);
    this.timeline = new Timeline(this.element.querySelector('.timeline'), this.startedMs, lane => t('lane.' + lane));
    this.battery = new Battery(this.element.querySelector('.battery'), settings.clockS);
    this.render();
  }

  build(grid) {
    const s = this.strategy;
    const element = document.createElement('section');
    element.className = 'panel ' + s.kind + (s.browser ? '' : ' server-side');
    element.dataset.strategy = s.name;
    const rows = s.browser
      ? ['received', 'requests', 'empty', 'emptyRatio', 'requestsPerSecond', 'wire', 'wirePerMessage', 'p50', 'max', 'order']
      : ['serverRequests', 'serverDelivered', 'open', 'wire', 'wirePerMessage'];
    element.innerHTML = `
      <header><h2></h2><span class="kind"></span></header>
      <p class="picture"></p>
      ${s.browser ? '' : '<p class="why"></p>'}
      <p class="status"></p>
      <table class="counters">${rows.map(row => `<tr><th data-row="${row}"></th><td data-counter="${row}"></td></tr>`).join('')}</table>
      <div class="battery">
        <div class="battery-head"><span class="battery-title"></span><span class="radio-state"></span></div>
        <div class="gauge"><div class="gauge-fill"></div><span class="gauge-text"></span></div>
        <p class="battery-used"></p>
        <p class="radio-why"></p>
      </div>
      <div class="timeline"></div>
      ${s.browser ? '<ol class="messages"></ol>' : ''}`;
    grid.appendChild(element);
    return element;
  }

  /** Starts the strategy's browser client with this panel as its context. */
  async connect(token) {
    if (!this.strategy.browser) return;
    const client = await import('./strategy/' + this.strategy.name + '.js');
    this.client = client.start(this.context(token));
  }

  context(token) {
    const panel = this;
    let backoffMs = 250;
    return {
      token,
      auth: () => ({Authorization: 'Bearer ' + token}),
      query: () => 'after=' + panel.place.after + '&epoch=' + panel.place.epoch,
      pollIntervalMs: () => panel.settings.pollIntervalMs,
      pollWaitSeconds: () => panel.settings.pollWaitSeconds,
      request() {
        panel.counts.requests++;
        panel.timeline.mark('request');
        panel.battery.mark(true);
        panel.render();
      },
      /** A request is held at the server: waiting at the post office. */
      waiting() {
        panel.setStatus('status.waiting');
      },
      connected() {
        backoffMs = 250;
        panel.setStatus('status.connected');
      },
      epoch(epoch) {
        panel.place.epoch = epoch;
        panel.save();
      },
      gone(oldest, epoch) {
        panel.place.after = Math.max(0, oldest - 1);
        panel.place.epoch = epoch;
        panel.save();
        panel.setStatus('status.gone', {after: panel.place.after});
      },
      deliver: message => panel.deliver(message, false),
      error(text) {
        panel.element.querySelector('.status').textContent = text;
      },
      backoff() {
        const wait = backoffMs;
        backoffMs = Math.min(5000, backoffMs * 2);
        return new Promise(resolve => setTimeout(resolve, wait));
      },
      /** A poll's answer: messages, an empty answer, a 410 or an error; true unless it was an error. */
      async pollAnswer(answer) {
        const body = await answer.json();
        if (answer.status === 410) {
          this.gone(body.oldest, body.epoch);
          return true;
        }
        if (answer.status !== 200) {
          this.error(answer.status + ': ' + body.error);
          return false;
        }
        backoffMs = 250;
        this.epoch(body.epoch);
        panel.counts.answers++;
        panel.battery.mark(false);
        if (body.messages.length === 0) {
          panel.counts.empty++;
          panel.timeline.mark('empty');
        }
        body.messages.forEach(message => panel.deliver(message, true));
        panel.setStatus('status.connected');
        return true;
      },
    };
  }

  /** A message; {@code inAnswer} when it came in a poll's answer (already a transfer of its own on the battery). */
  deliver(message, inAnswer) {
    if (!inAnswer) this.battery.mark(false);
    const latencyMs = this.latencyMs(message.body);
    if (message.seq <= this.place.after) {
      this.counts.repeats++;
    } else {
      this.counts.gaps += message.seq - this.place.after - 1;
      this.place.after = message.seq;
      this.counts.received++;
      if (Number.isFinite(latencyMs)) this.latenciesMs.push(latencyMs);
      const text = message.body.replace(/^\d+:\d+:/, '');
      this.place.recent.unshift({seq: message.seq, from: message.from, text: text.slice(0, 80), latencyMs});
      this.place.recent.length = Math.min(this.place.recent.length, SHOWN_MESSAGES);
      this.save();
    }
    this.timeline.mark('delivery');
    this.render();
  }

  /** From the send time the page stamped first in the body, as the driver does: {@code <intended us>:<sent us>:}. */
  latencyMs(body) {
    const stamp = /^(\d+):(\d+):/.exec(body);
    return stamp ? (nowUs() - Number(stamp[1])) / 1000 : NaN;
  }

  save() {
    localStorage.setItem(this.storageKey, JSON.stringify(this.place));
  }

  setStatus(key, values = {}) {
    this.status = [key, values];
    this.element.querySelector('.status').textContent = t(key, values);
  }

  /** The server's counters for this strategy, from /stats; the first read is where this page's count starts. */
  serverStats(counters) {
    if (!counters) return;
    if (this.baseline === undefined) this.baseline = counters;
    const delta = key => counters[key] - this.baseline[key];
    this.wire = delta('bytes_in') + delta('bytes_out');
    const server = {requests: delta('requests'), delivered: delta('messages_delivered'), open: counters.open_connections};
    if (!this.strategy.browser && this.server) {
      // A client the page cannot see: its marks come from the server's counters, at each read.
      for (let i = this.server.requests; i < server.requests; i++) this.timeline.mark('request');
      for (let i = this.server.delivered; i < server.delivered; i++) this.timeline.mark('delivery');
      if (server.requests > this.server.requests) this.battery.mark(true);
      if (server.delivered > this.server.delivered) this.battery.mark(false);
    }
    if (this.lastCounters) {
      this.battery.wire(counters.bytes_in - this.lastCounters.bytes_in, counters.bytes_out - this.lastCounters.bytes_out);
    }
    this.lastCounters = counters;
    this.server = server;
    this.render();
  }

  /** Draws at the next frame, once however many events came before it. */
  render() {
    if (this.renderPending) return;
    this.renderPending = true;
    requestAnimationFrame(() => {
      this.renderPending = false;
      this.renderNow();
    });
  }

  renderNow() {
    const s = this.strategy;
    const e = this.element;
    e.querySelector('h2').textContent = pick(s.texts && s.texts.label, s.label);
    e.querySelector('.kind').textContent = t('kind.' + s.kind);
    e.querySelector('.picture').textContent = pick(s.texts && s.texts.picture, s.summary);
    if (!s.browser) e.querySelector('.why').textContent = pick(s.texts && s.texts.why, '');
    e.querySelector('.status').textContent = t(this.status[0], this.status[1]);
    for (const th of e.querySelectorAll('th[data-row]')) {
      const row = th.dataset.row;
      th.textContent = t(row === 'requests' && s.kind === 'push' ? 'counter.requests.push' : 'counter.' + row);
    }
    const sorted = [...this.latenciesMs].sort((a, b) => a - b);
    const seconds = (performance.now() - this.startedMs) / 1000;
    const delivered = s.browser ? this.counts.received : this.server && this.server.delivered;
    const values = {
      received: this.counts.received,
      requests: this.counts.requests,
      empty: this.counts.empty,
      emptyRatio: this.counts.answers ? (this.counts.empty / this.counts.answers).toFixed(2) : '–',
      requestsPerSecond: (this.counts.requests / Math.max(1, seconds)).toFixed(2),
      wire: bytes(this.wire),
      wirePerMessage: delivered ? bytes(this.wire / delivered) : '–',
      p50: ms(percentile(sorted, 0.5)),
      max: ms(sorted[sorted.length - 1]),
      order: this.counts.gaps || this.counts.repeats
        ? t('order.bad', {gaps: this.counts.gaps, repeats: this.counts.repeats}) : t('order.ok'),
      serverRequests: this.server ? this.server.requests : '–',
      serverDelivered: this.server ? this.server.delivered : '–',
      open: this.server ? this.server.open : '–',
    };
    for (const td of e.querySelectorAll('td[data-counter]')) td.textContent = values[td.dataset.counter];
    e.dataset.lastSeq = this.place.after;
    e.dataset.gaps = this.counts.gaps;
    e.dataset.repeats = this.counts.repeats;
    e.dataset.received = this.counts.received;
    e.dataset.empty = this.counts.empty;
    e.dataset.requests = this.counts.requests;
    const list = e.querySelector('.messages');
    const shown = lang() + ':' + this.place.recent.map(m => m.seq).join(',');
    if (list && list.dataset.shown !== shown) {
      list.dataset.shown = shown;
      list.innerHTML = '';
      if (this.place.recent.length === 0) list.innerHTML = `<li class="none">${t('messages.empty')}</li>`;
      for (const m of this.place.recent) {
        const item = document.createElement('li');
        item.dataset.seq = m.seq;
        item.innerHTML = '<span class="seq"></span> <span class="text"></span> <span class="latency"></span>';
        item.querySelector('.seq').textContent = '#' + m.seq;
        item.querySelector('.text').textContent = m.text;
        item.querySelector('.latency').textContent = ms(m.latencyMs);
        list.appendChild(item);
      }
    }
  }

  relabel() {
    this.render();
    this.battery.render();
    this.timeline.relabel();
  }
}
