// The live page of `run --live`: everything comes from the driver's SSE stream at /events.
const COLORS = ['#d97706', '#2563eb', '#7c3aed', '#059669', '#dc2626', '#0891b2', '#4b5563'];
const cards = {};
const p99 = {};          // strategy -> [p99 of second 1, 2, ...] in ms
const done = [];         // results in the order they ended
let run = null;
let chart = null;
let finished = false;
const log = [];

function latency(us) {
  if (us === null || us === undefined) return '–';
  return us < 1000 ? Math.round(us) + 'us' : us < 1e6 ? (us / 1000).toFixed(1) + 'ms' : (us / 1e6).toFixed(2) + 's';
}

function card(name) {
  if (cards[name]) return cards[name];
  const element = document.createElement('div');
  element.className = 'card';
  element.dataset.strategy = name;
  element.dataset.phase = 'waiting';
  element.innerHTML = `<h3></h3><span class="phase">waiting</span><div class="bar"><div></div></div>
    <dl><dt>second</dt><dd data-field="second">–</dd><dt>sent</dt><dd data-field="sent">0</dd>
    <dt>delivered</dt><dd data-field="delivered">0</dd><dt>p99 this second</dt><dd data-field="p99Second">–</dd>
    <dt>p99 so far</dt><dd data-field="p99">–</dd></dl>`;
  element.querySelector('h3').textContent = name;
  document.getElementById('cards').appendChild(element);
  cards[name] = element;
  return element;
}

function phase(name, text, key) {
  const element = card(name);
  element.dataset.phase = key;
  element.querySelector('.phase').textContent = text;
}

function field(element, name, value) {
  element.querySelector(`[data-field=${name}]`).textContent = value;
}

function drawChart() {
  const names = run ? run.strategies : Object.keys(p99);
  const seconds = Math.max(1, ...names.map(n => (p99[n] || []).length));
  const xs = Array.from({length: seconds}, (_, i) => i + 1);
  const data = [xs, ...names.map(n => xs.map(x => (p99[n] && p99[n][x - 1] !== undefined ? p99[n][x - 1] : null)))];
  if (!chart || chart.series.length !== names.length + 1) {
    if (chart) chart.destroy();
    const element = document.getElementById('chart');
    chart = new uPlot({
      width: Math.max(400, element.clientWidth), height: 260,
      scales: {x: {time: false}, y: {distr: 3}},
      axes: [{label: 'second of the measured window', incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500]}, {label: 'p99 (ms)', size: 60}],
      series: [{label: 'second'}, ...names.map((n, i) => ({label: n, stroke: COLORS[i % COLORS.length], width: 2, spanGaps: false, points: {show: true, size: 4}}))],
    }, data, element);
  } else {
    chart.setData(data);
  }
}

function drawCosts() {
  const table = document.getElementById('costs');
  const head = table.querySelector('thead tr');
  head.innerHTML = '<th></th>' + done.map(r => `<th>${r.strategy}</th>`).join('');
  const body = table.querySelector('tbody');
  body.innerHTML = '';
  const verdict = document.createElement('tr');
  verdict.innerHTML = '<td>verdict</td>' + done.map(r => `<td>${r.verdict}</td>`).join('');
  body.appendChild(verdict);
  if (done.length === 0) return;
  done[0].rows.forEach((row, index) => {
    const values = done.map(r => r.rows[index]);
    if (row.show === 'when_nonzero' && !values.some(v => v.value > 0)) return;
    const tr = document.createElement('tr');
    tr.dataset.key = row.key;
    tr.innerHTML = `<td>${row.label}</td>` + values.map(v => `<td>${v.text}</td>`).join('');
    body.appendChild(tr);
  });
}

function say(state, text) {
  const element = document.getElementById('state');
  element.dataset.state = state;
  element.textContent = text;
}

const events = new EventSource('events');
events.onopen = () => { if (!finished) say('running', 'running'); };
events.onerror = () => {
  if (finished) { events.close(); return; }
  say('gone', 'the driver is not answering: the run has ended or stopped (its table and report.html are in the run folder)');
};
events.addEventListener('run', e => {
  run = JSON.parse(e.data);
  document.getElementById('title').textContent = run.title;
  run.strategies.forEach(name => card(name));
  drawChart();
});
events.addEventListener('started', e => {
  const started = JSON.parse(e.data);
  phase(started.strategy, 'starting', 'starting');
  say('running', 'running: ' + started.strategy);
});
events.addEventListener('progress', e => {
  log.push(JSON.parse(e.data).line);
  if (log.length > 200) log.shift();
  const pre = document.getElementById('log');
  pre.textContent = log.join('\n');
  pre.scrollTop = pre.scrollHeight;
});
events.addEventListener('second', e => {
  const s = JSON.parse(e.data);
  const element = card(s.strategy);
  phase(s.strategy, 'measuring', 'measuring');
  element.querySelector('.bar div').style.width = (100 * s.second / s.seconds) + '%';
  field(element, 'second', s.second + ' / ' + s.seconds);
  field(element, 'sent', s.sent);
  field(element, 'delivered', s.delivered);
  field(element, 'p99Second', latency(s.p99SecondUs));
  field(element, 'p99', latency(s.p99Us));
  element.dataset.sent = s.sent;
  element.dataset.second = s.second;
  (p99[s.strategy] = p99[s.strategy] || [])[s.second - 1] = s.p99SecondUs === null ? null : s.p99SecondUs / 1000;
  drawChart();
});
events.addEventListener('done', e => {
  const result = JSON.parse(e.data);
  done.push(result);
  phase(result.strategy, result.verdict, 'done');
  drawCosts();
});
events.addEventListener('finished', e => {
  const end = JSON.parse(e.data);
  finished = true;
  say(end.completed ? 'finished' : 'failed', end.completed ? 'finished: every strategy measured' : 'did not finish: ' + end.failure);
});
