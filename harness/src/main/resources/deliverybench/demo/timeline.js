// A panel's timeline: the last minute of requests, empty answers and deliveries as marks on three lanes (uPlot).
const WINDOW_S = 60;
const LANES = ['delivery', 'empty', 'request'];
const COLORS = {request: '#6b7280', empty: '#d97706', delivery: '#2563eb'};

export class Timeline {
  constructor(element, t0, laneLabel) {
    this.t0 = t0;
    this.events = [];
    this.dirty = true;
    const series = [{}];
    for (const lane of LANES) {
      series.push({
        label: lane, stroke: COLORS[lane], fill: COLORS[lane], width: 0,
        paths: () => null,
        points: {show: true, size: lane === 'delivery' ? 9 : 7, stroke: COLORS[lane], fill: lane === 'empty' ? '#fff' : COLORS[lane]},
      });
    }
    this.plot = new uPlot({
      width: Math.max(280, element.clientWidth || 340), height: 120,
      legend: {show: false}, cursor: {show: false},
      scales: {x: {time: false, range: () => this.range()}, y: {range: [-0.6, 2.6]}},
      axes: [
        {size: 24, values: (u, values) => values.map(v => Math.round(v) + 's')},
        {size: 90, splits: () => [0, 1, 2], values: (u, values) => values.map(v => laneLabel(LANES[v]))},
      ],
      series,
    }, this.data(), element);
    setInterval(() => this.draw(), 500);
  }

  /** A mark of that kind ('request', 'empty' or 'delivery') now. */
  mark(kind) {
    this.events.push([(performance.now() - this.t0) / 1000, LANES.indexOf(kind)]);
    this.dirty = true;
  }

  range() {
    const now = (performance.now() - this.t0) / 1000;
    return [Math.max(0, now - WINDOW_S), Math.max(WINDOW_S, now)];
  }

  data() {
    const from = this.range()[0];
    this.events = this.events.filter(event => event[0] >= from - 1);
    const xs = this.events.map(event => event[0]);
    const columns = LANES.map((lane, index) => this.events.map(event => (event[1] === index ? index : null)));
    return [xs, ...columns];
  }

  relabel() {
    this.plot.redraw(false, true);
  }

  draw() {
    // The window moves even without events, so that the axis shows time passing.
    this.plot.setData(this.data());
  }
}
