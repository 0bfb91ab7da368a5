// Long poll in the browser: fetch GET /messages?wait=, held until a message or the wait's end, then ask again at once.
export function start(ctx) {
  let stopped = false;
  const abort = new AbortController();

  async function loop() {
    while (!stopped) {
      ctx.request();
      ctx.waiting();
      try {
        const answer = await fetch('/messages?' + ctx.query() + '&wait=' + ctx.pollWaitSeconds(),
            {headers: ctx.auth(), signal: abort.signal, cache: 'no-store'});
        if (!await ctx.pollAnswer(answer)) await ctx.backoff();
      } catch (e) {
        if (stopped) return;
        ctx.error(String(e));
        await ctx.backoff();
      }
    }
  }

  loop();
  return {stop() { stopped = true; abort.abort(); }};
}
