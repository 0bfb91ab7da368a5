// Short poll in the browser: fetch GET /messages every interval; a tick that finds the last poll out is sent when it answers.
export function start(ctx) {
  let stopped = false;
  let inFlight = false;
  let owed = false;
  let timer = null;
  const abort = new AbortController();

  async function poll() {
    if (stopped) return;
    if (inFlight) { owed = true; return; }
    inFlight = true;
    ctx.request();
    try {
      const answer = await fetch('/messages?' + ctx.query(), {headers: ctx.auth(), signal: abort.signal, cache: 'no-store'});
      await ctx.pollAnswer(answer);
    } catch (e) {
      if (!stopped) ctx.error(String(e));
    }
    inFlight = false;
    if (owed) { owed = false; poll(); }
  }

  function tick() {
    timer = setTimeout(tick, ctx.pollIntervalMs());
    poll();
  }

  tick();
  return {stop() { stopped = true; clearTimeout(timer); abort.abort(); }};
}
