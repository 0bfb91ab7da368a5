// The classroom page: a panel per strategy the server has, the send box, the automatic sender and the knobs.
import {t, lang, setLang, apply} from './i18n.js';
import {Panel} from './panel.js';

// The page's own requests (tokens, sends, /stats) are made without credentials: a browser keeps them on
// other kept-alive connections than the panels' polls, whose bytes the server books to the strategy.
const OWN = {credentials: 'omit', cache: 'no-store'};
const startedMs = performance.now();
// Every panel's battery counts on one clock: seconds since this page opened.
const settings = {pollIntervalMs: 2000, pollWaitSeconds: 10, radio: 'lte', clockS: () => (performance.now() - startedMs) / 1000};
const panels = [];
let config;
let senderToken;

function nowUs() {
  return Math.round((performance.timeOrigin + performance.now()) * 1000);
}

function utf8Bytes(text) {
  return new TextEncoder().encode(text).length;
}

async function token(user) {
  const answer = await fetch('/demo/api/token?user=' + encodeURIComponent(user), OWN);
  const body = await answer.json();
  if (answer.status !== 200) throw new Error(answer.status + ': ' + body.error);
  return body.token;
}

/** One POST /messages; the body starts with the intended and the actual send time, as the driver's do. */
async function send(to, text, intendedUs) {
  const body = intendedUs + ':' + nowUs() + ':' + text;
  const answer = await fetch('/messages', {
    ...OWN, method: 'POST',
    headers: {'Authorization': 'Bearer ' + senderToken, 'Content-Type': 'application/json'},
    body: JSON.stringify({to, body}),
  });
  const reply = await answer.json();
  return answer.status === 202 ? {ok: true, to, seq: reply.seq} : {ok: false, to, status: answer.status, error: reply.error};
}

/** To the user named, or to every panel's user when the field is empty. */
function recipients() {
  const to = document.getElementById('to').value.trim();
  return to === '' ? config.strategies.map(s => s.user) : [document.getElementById('to').value];
}

async function sendAll(text, intendedUs) {
  return Promise.all(recipients().map(to => send(to, text, intendedUs)));
}

function showResult(results) {
  const line = document.getElementById('send-result');
  const refused = results.find(r => !r.ok);
  if (refused) {
    line.className = 'result refused';
    line.dataset.status = refused.status;
    line.textContent = t('send.refused', {what: refused.status + ' ' + refused.error});
  } else {
    line.className = 'result ok';
    line.dataset.status = 202;
    line.textContent = t('send.ok', {what: results.map(r => r.to + ' #' + r.seq).join(', ')});
  }
}

function bodyHint() {
  const n = utf8Bytes(document.getElementById('body').value);
  const hint = document.getElementById('body-bytes');
  hint.textContent = t('send.bytes', {n, max: config.maxBodyBytes});
  hint.classList.toggle('over', n > config.maxBodyBytes);
}

const auto = {timer: null, sent: 0, errors: 0, next: 0, startUs: 0};

function autoTick() {
  const rate = Number(document.getElementById('rate').value);
  const intervalUs = 1e6 / rate;
  // Open loop: each message keeps its place on the schedule, however late the timer fired.
  const intendedUs = auto.startUs + auto.next * intervalUs;
  auto.next++;
  sendAll('auto ' + auto.next, Math.round(intendedUs)).then(results => {
    auto.sent++;
    auto.errors += results.filter(r => !r.ok).length;
    if (results.some(r => !r.ok)) showResult(results);
    renderAuto();
  });
  const nextUs = auto.startUs + auto.next * intervalUs;
  auto.timer = setTimeout(autoTick, Math.max(0, (nextUs - nowUs()) / 1000));
}

function toggleAuto() {
  if (auto.timer) {
    clearTimeout(auto.timer);
    auto.timer = null;
  } else {
    auto.next = 0;
    auto.startUs = nowUs();
    autoTick();
  }
  renderAuto();
}

function renderAuto() {
  document.getElementById('auto-toggle').textContent = t(auto.timer ? 'auto.stop' : 'auto.start');
  document.getElementById('auto-toggle').dataset.running = auto.timer ? 'yes' : 'no';
  document.getElementById('auto-sent').textContent = auto.sent;
  // Sends started but not yet answered (a test waits for 0 after Stop before it counts).
  document.getElementById('auto-sent').dataset.inFlight = auto.next - auto.sent;
  document.getElementById('auto-errors').textContent = auto.errors;
  document.getElementById('rate-value').textContent = document.getElementById('rate').value;
}

function renderKnobs() {
  settings.pollIntervalMs = Number(document.getElementById('interval').value);
  settings.pollWaitSeconds = Number(document.getElementById('wait').value);
  document.getElementById('interval-value').textContent = (settings.pollIntervalMs / 1000).toFixed(2) + ' s';
  document.getElementById('wait-value').textContent = settings.pollWaitSeconds + ' s';
}

function relabel() {
  apply();
  document.getElementById('lang').textContent = t('switch');
  bodyHint();
  renderAuto();
  panels.forEach(panel => panel.relabel());
}

async function readStats() {
  try {
    const stats = await (await fetch('/demo/api/stats', OWN)).json();
    panels.forEach(panel => panel.serverStats(stats[panel.strategy.statsKey]));
  } catch (e) {
    // The server may be gone for a moment; the next read tries again.
  }
}

let radioBusy = false;

/** Every panel's timeline through the server's radio model (the one run --radio uses), at the page's settings. */
async function readRadio() {
  if (radioBusy) return;
  radioBusy = true;
  try {
    const nowS = settings.clockS();
    const request = {
      model: settings.radio, now_s: nowS, poll_interval_ms: settings.pollIntervalMs, poll_wait_s: settings.pollWaitSeconds,
      // Each user's messages a second: the automatic sender's rate while it sends to every panel.
      rate_per_user: auto.timer && document.getElementById('to').value.trim() === '' ? Number(document.getElementById('rate').value) : 0,
      panels: panels.map(panel => panel.battery.request(panel.strategy.name)),
    };
    const answer = await fetch('/demo/api/radio', {
      ...OWN, method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(request)});
    const body = await answer.json();
    if (answer.status !== 200) throw new Error(answer.status + ': ' + body.error);
    if (body.model === settings.radio) panels.forEach(panel => panel.battery.show(body.panels[panel.strategy.name], body, nowS));
  } catch (e) {
    panels.forEach(panel => { panel.battery.element.querySelector('.battery-used').textContent = String(e); });
  } finally {
    radioBusy = false;
  }
}

async function main() {
  setLang(lang());
  config = await (await fetch('/demo/api/strategies', OWN)).json();
  const list = document.getElementById('users');
  for (const s of config.strategies) list.appendChild(Object.assign(document.createElement('option'), {value: s.user}));
  document.getElementById('wait').min = config.minWaitSeconds;
  document.getElementById('wait').max = config.maxWaitSeconds;
  const grid = document.getElementById('panels');
  for (const strategy of config.strategies) panels.push(new Panel(strategy, grid, settings));
  senderToken = await token(config.sender);
  await readStats();
  setInterval(readStats, 1000);
  for (const panel of panels) panel.connect(await token(panel.strategy.user));
  setInterval(readRadio, 2000);

  document.getElementById('lang').onclick = () => { setLang(lang() === 'en' ? 'zh' : 'en'); relabel(); };
  document.getElementById('send-form').onsubmit = async event => {
    event.preventDefault();
    showResult(await sendAll(document.getElementById('body').value, nowUs()));
  };
  document.getElementById('body').oninput = bodyHint;
  document.getElementById('auto-toggle').onclick = toggleAuto;
  document.getElementById('rate').oninput = renderAuto;
  document.getElementById('interval').oninput = renderKnobs;
  document.getElementById('wait').oninput = renderKnobs;
  document.getElementById('radio').onchange = () => {
    settings.radio = document.getElementById('radio').value;
    panels.forEach(panel => panel.battery.modelChanged());
    readRadio();
  };
  renderKnobs();
  relabel();
  document.body.dataset.ready = 'yes';
}

main().catch(e => {
  document.getElementById('send-result').textContent = String(e);
});
