// A panel's phone battery: the page's own timeline of what went up and came down, run on the server through the
// same radio model as `run --radio` (POST /demo/api/radio, the jar's lte.json or 3g.json); the page only draws it.
import {t} from './i18n.js';

// Transfers kept before the older ones are settled (their energy kept as a sum), and how far before the settling
// point they are still sent: longer than either model's memory (LTE's tail 10.1 s, 3G's timers 14 s and a 2 s
// promotion), and short enough that even at the sender's highest rate they stay well under KEEP.
const KEEP = 2000;
const MEMORY_S = 30;
// Bytes counted by the server this long after a transfer the page saw are taken as that transfer's.
const LATE_S = 2;

function joules(value) {
  if (!Number.isFinite(value)) return '–';
  return value < 10 ? value.toFixed(2) : value < 1000 ? value.toFixed(1) : Math.round(value).toLocaleString('en');
}

export class Battery {
  constructor(element, clock) {
    this.element = element;
    this.clock = clock;
    this.reset(0);
  }

  reset(atS) {
    this.startS = atS;
    this.fromS = atS;
    this.transfers = [];
    this.pending = {up: [], down: []};
    this.settled = {energy_j: 0, radio_on_s: 0, promotions: 0};
    this.settleS = null;
  }

  nowS() {
    return this.clock();
  }

  /** A transfer the page saw now: up (a request, a connection) or down (an answer, a message). */
  mark(up) {
    const entry = [this.nowS(), up ? 1 : 0, 0];
    this.transfers.push(entry);
    this.pending[up ? 'up' : 'down'].push(entry);
  }

  /** The server's bytes for this strategy since its last read (headers and framing in), shared among the transfers seen since. */
  wire(bytesIn, bytesOut) {
    this.share(bytesIn, 'up');
    this.share(bytesOut, 'down');
  }

  share(bytes, direction) {
    const now = this.nowS();
    const list = this.pending[direction];
    if (bytes > 0 && list.length > 0) {
      for (const entry of list) entry[2] += bytes / list.length;
      this.pending[direction] = [];
    } else if (bytes > 0) {
      // Bytes with no transfer seen: the other direction's answer to one (an ack), or what the page cannot see
      // (a keep-alive, a ping): at the last transfer if it was just now, else a wake-up of their own at this read.
      const last = this.transfers[this.transfers.length - 1];
      const at = last && now - last[0] <= LATE_S ? last[0] : now;
      this.transfers.push([at, direction === 'up' ? 1 : 0, bytes]);
    } else {
      this.pending[direction] = list.filter(entry => now - entry[0] <= LATE_S);
    }
  }

  /** This panel's part of the request; asks the older transfers to be settled once there are too many. */
  request(name) {
    const entry = {name, from_s: this.fromS, transfers: this.transfers.map(x => [Math.round(x[0] * 1000) / 1000, x[1], Math.round(x[2])])};
    const settleS = this.transfers.length > KEEP ? this.transfers[this.transfers.length - KEEP / 2][0] : null;
    // Never before the window's start: the transfers kept from before it are only the model's memory.
    this.settleS = settleS !== null && settleS > this.fromS ? settleS : null;
    if (this.settleS !== null) entry.settle_s = this.settleS;
    return entry;
  }

  /** A model of another kind: what was settled was the old model's, so the count starts again. */
  modelChanged() {
    if (this.fromS > this.startS) this.reset(this.nowS());
  }

  /** The model's answer for this panel: energy, state, the strategy's wake-ups at the page's settings. */
  show(answer, meta, nowS) {
    if (answer.settled && this.settleS !== null) {
      for (const key of Object.keys(this.settled)) this.settled[key] += answer.settled[key];
      this.fromS = this.settleS;
      this.transfers = this.transfers.filter(x => x[0] >= this.fromS - MEMORY_S);
    }
    const energyJ = this.settled.energy_j + (answer.settled ? answer.usage.energy_j - answer.settled.energy_j : answer.usage.energy_j);
    const onS = this.settled.radio_on_s + (answer.settled ? answer.usage.radio_on_s - answer.settled.radio_on_s : answer.usage.radio_on_s);
    const windowS = nowS - this.startS;
    const perHourJ = windowS > 0 ? energyJ / windowS * 3600 : NaN;
    const batteryJ = meta.battery_wh * 3600;
    const dayPercent = perHourJ * 24 / batteryJ * 100;
    const e = this.element;
    e.dataset.energyJ = energyJ.toFixed(4);
    e.dataset.radioOnS = onS.toFixed(3);
    e.dataset.perHourJ = perHourJ.toFixed(1);
    e.dataset.batteryPercentDay = dayPercent.toFixed(2);
    e.dataset.radioState = answer.state;
    e.dataset.model = meta.model;
    this.view = {answer, meta, energyJ, onS, windowS, perHourJ, dayPercent, hours: batteryJ / perHourJ};
    this.render();
  }

  render() {
    if (!this.view) return;
    const {answer, meta, energyJ, onS, windowS, perHourJ, dayPercent, hours} = this.view;
    const e = this.element;
    e.querySelector('.battery-title').textContent = t('battery.title', {model: meta.model.toUpperCase()});
    const state = e.querySelector('.radio-state');
    state.textContent = t('radio.state.' + answer.state);
    state.dataset.state = answer.state;
    const fill = e.querySelector('.gauge-fill');
    fill.style.width = Math.min(100, dayPercent) + '%';
    fill.className = 'gauge-fill ' + (dayPercent >= 100 ? 'high' : dayPercent >= 30 ? 'mid' : 'low');
    e.querySelector('.gauge-text').textContent = t('battery.day', {percent: Math.round(dayPercent), hours: hours < 100 ? hours.toFixed(1) : Math.round(hours)});
    e.querySelector('.battery-used').textContent = t('battery.used', {
      j: joules(energyJ), s: Math.round(windowS), on: Math.round(onS), perHour: joules(perHourJ),
      theory: answer.theory_j_per_hour === undefined ? '–' : joules(answer.theory_j_per_hour)});
    e.querySelector('.radio-why').textContent = why(answer.wakeups, meta.tail_s, meta.rate_per_user);
  }
}

function seconds(value) {
  return (value < 10 ? Math.round(value * 100) / 100 : Math.round(value * 10) / 10) + ' s';
}

/** One sentence from what the strategy declares wakes the radio (its Wakeups), against the model's tail and the letters' rate. */
export function why(w, tailS, ratePerS) {
  const tail = seconds(tailS);
  if (w.per_message && ratePerS > 0 && 1 / ratePerS < tailS) {
    return t('why.busy', {rate: ratePerS, gap: seconds(1 / ratePerS), tail});
  }
  if (w.every_s > 0 && !w.per_message) {
    return t(w.every_s < tailS ? 'why.poll.awake' : 'why.poll.sleeps', {every: seconds(w.every_s), tail, gap: seconds(w.every_s - tailS)});
  }
  if (w.silence_s > 0) {
    return t(w.silence_s < tailS ? 'why.quiet.awake' : 'why.quiet.sleeps', {silence: seconds(w.silence_s), tail, gap: seconds(w.silence_s - tailS)});
  }
  if (w.every_s > 0) return t('why.heartbeat', {every: seconds(w.every_s), tail});
  return t('why.push', {tail});
}
