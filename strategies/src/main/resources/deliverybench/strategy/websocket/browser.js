// WebSocket push in the browser: one connection (the token in the query, a browser cannot set its header),
// a hello frame with the epoch, a text frame per message; acks every 16 messages or 100 ms after the first unacked one.
export function start(ctx) {
  let stopped = false;
  let socket = null;
  let ackTimer = null;
  let unacked = 0;
  let highest = 0;

  function ack() {
    clearTimeout(ackTimer);
    ackTimer = null;
    unacked = 0;
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ack: highest}));
  }

  function open() {
    if (stopped) return;
    ctx.request();
    const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws?' + ctx.query()
        + '&token=' + encodeURIComponent(ctx.token);
    socket = new WebSocket(url);
    socket.onopen = () => ctx.connected();
    socket.onmessage = event => {
      const frame = JSON.parse(event.data);
      if (frame.seq === undefined) {
        ctx.epoch(frame.epoch);
        return;
      }
      ctx.deliver(frame);
      highest = frame.seq;
      if (++unacked >= 16) ack();
      else if (ackTimer === null) ackTimer = setTimeout(ack, 100);
    };
    socket.onclose = async event => {
      socket = null;
      if (stopped) return;
      const gone = /oldest=(\d+)(?: epoch=(\d+))?/.exec(event.reason || '');
      if (event.code === 4410 && gone) {
        ctx.gone(Number(gone[1]), Number(gone[2] || 0));
      } else {
        ctx.error('closed ' + event.code + (event.reason ? ': ' + event.reason : ''));
        await ctx.backoff();
      }
      open();
    };
  }

  open();
  return {stop() { stopped = true; clearTimeout(ackTimer); if (socket) socket.close(1000); }};
}
