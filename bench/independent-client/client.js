// An independent measurer, on purpose nothing like the driver: one Node.js thread, npm `ws` receivers,
// sends over a keep-alive http.Agent. It prints send -> delivery p50/p99 (from when the request was
// written) and the same from the intended time (open loop), so the driver's tail can be checked.
// Usage: node client.js --url http://127.0.0.1:8080 --secret S [--clients 200] [--rate 300]
//        [--duration 15] [--warmup 5] [--payload 64] [--seed 1]
'use strict';
const crypto = require('crypto');
const http = require('http');
const WebSocket = require('ws');

const args = {url: 'http://127.0.0.1:8080', secret: '', clients: 200, rate: 300, duration: 15, warmup: 5, payload: 64,
  seed: 1};
for (let i = 2; i < process.argv.length; i += 2) {
  const key = process.argv[i].replace(/^--/, '');
  if (!(key in args) || process.argv[i + 1] === undefined) {
    console.error(`unknown or incomplete option: ${process.argv[i]}`);
    process.exit(2);
  }
  args[key] = typeof args[key] === 'number' ? Number(process.argv[i + 1]) : process.argv[i + 1];
}
if (!args.secret) {
  console.error('--secret is required');
  process.exit(2);
}

const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
function token(user) {
  const head = b64({alg: 'HS256', typ: 'JWT'});
  const claims = b64({sub: user, exp: Math.floor(Date.now() / 1000) + 3600});
  const mac = crypto.createHmac('sha256', args.secret).update(`${head}.${claims}`).digest('base64url');
  return `${head}.${claims}.${mac}`;
}

const now = () => Number(process.hrtime.bigint());
const base = new URL(args.url);
const run = crypto.randomBytes(3).toString('hex');
const users = Array.from({length: args.clients}, (_, i) => `ind${run}-${i}`);
const total = Math.ceil(args.rate * (args.warmup + args.duration));
const intended = new Float64Array(total);
const sentAt = new Float64Array(total);
const fromSend = [];
const fromIntended = [];
let delivered = 0;
let failed = 0;
let recordFrom = Infinity;

// A small seeded generator (mulberry32), so the schedule is the same every time.
let state = args.seed >>> 0;
function random() {
  state = (state + 0x6D2B79F5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

function connect(user) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://${base.host}/ws?after=0&token=${token(user)}`, {perMessageDeflate: false});
    let highest = 0;
    let acked = 0;
    ws.on('open', () => resolve(ws));
    ws.on('error', reject);
    ws.on('message', (data) => {
      const at = now();
      const message = JSON.parse(data);
      if (message.seq === undefined) {
        return;
      }
      highest = message.seq;
      const index = parseInt(message.body.slice(1), 10);
      delivered++;
      if (intended[index] >= recordFrom) {
        fromSend.push(at - sentAt[index]);
        fromIntended.push(at - intended[index]);
      }
    });
    setInterval(() => {
      if (highest > acked && ws.readyState === WebSocket.OPEN) {
        ws.send(`{"ack":${highest}}`);
        acked = highest;
      }
    }, 100).unref();
  });
}

const agent = new http.Agent({keepAlive: true, maxSockets: 4});
function send(index) {
  const body = JSON.stringify({to: users[Math.floor(random() * users.length)],
    body: ('m' + index).padEnd(args.payload, '.')});
  const req = http.request({host: base.hostname, port: base.port, path: '/messages', method: 'POST', agent,
    headers: {'Authorization': `Bearer ${senderToken}`, 'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(body)}}, (res) => {
    res.resume();
    if (res.statusCode !== 202) {
      failed++;
    }
  });
  req.on('error', () => failed++);
  sentAt[index] = now();
  req.end(body);
}

const senderToken = token(`ind${run}-sender`);

function percentile(values, p) {
  if (values.length === 0) {
    return NaN;
  }
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)];
}

async function main() {
  for (let i = 0; i < users.length; i += 50) {
    await Promise.all(users.slice(i, i + 50).map(connect));
  }
  const start = now() + 50e6;
  recordFrom = start + args.warmup * 1e9;
  let offset = 0;
  for (let i = 0; i < total; i++) {
    intended[i] = start + offset;
    offset += -Math.log(1 - random()) * 1e9 / args.rate;
  }
  let next = 0;
  // Open loop: every send whose time has come goes now, however late; the timer only wakes the loop.
  await new Promise((resolve) => {
    const tick = () => {
      const t = now();
      while (next < total && intended[next] <= t) {
        send(next++);
      }
      if (next >= total) {
        resolve();
        return;
      }
      setTimeout(tick, Math.max(0, (intended[next] - now()) / 1e6 - 1));
    };
    tick();
  });
  // The last deliveries: wait until all came, or nothing more came for 5 s (then the rest is missing).
  let seen = -1;
  let quietSince = now();
  while (delivered < total - failed && now() - quietSince < 5e9) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    if (delivered !== seen) {
      seen = delivered;
      quietSince = now();
    }
  }
  const us = (ns) => (ns / 1000).toFixed(0);
  console.log(`independent client: ${args.clients} ws clients, ${args.rate} msg/s poisson, ${args.duration}s measured `
      + `(+${args.warmup}s warm-up): sent ${total}, delivered ${delivered}, failed ${failed}, recorded ${fromSend.length}`);
  console.log(`independent p50_us ${us(percentile(fromSend, 50))} p99_us ${us(percentile(fromSend, 99))} `
      + `intended_p50_us ${us(percentile(fromIntended, 50))} intended_p99_us ${us(percentile(fromIntended, 99))}`);
  process.exit(0);
}

main().catch((e) => {
  console.error(`independent client failed: ${e.message}`);
  process.exit(1);
});
