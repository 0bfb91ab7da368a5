// HTTP streaming in the browser: fetch GET /stream and read the chunked answer with a stream reader,
// a JSON line per message; after the server's max age ({"end": ...}) ask again from "next".
export function start(ctx) {
  let stopped = false;
  const abort = new AbortController();

  async function loop() {
    while (!stopped) {
      ctx.request();
      try {
        const answer = await fetch('/stream?' + ctx.query(), {headers: ctx.auth(), signal: abort.signal, cache: 'no-store'});
        if (answer.status !== 200) {
          if (answer.status === 410) {
            const gone = await answer.json();
            ctx.gone(gone.oldest, gone.epoch);
          } else {
            ctx.error(answer.status + ': ' + (await answer.json()).error);
            await ctx.backoff();
          }
          continue;
        }
        ctx.connected();
        if (!await read(answer.body.getReader())) await ctx.backoff();
      } catch (e) {
        if (stopped) return;
        ctx.error(String(e));
        await ctx.backoff();
      }
    }
  }

  // Reads lines until the answer ends; true when it ended as the contract says (max age or gone).
  async function read(reader) {
    const decoder = new TextDecoder();
    let buffered = '';
    while (true) {
      const {value, done} = await reader.read();
      if (done) return false;
      buffered += decoder.decode(value, {stream: true});
      let newline;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = JSON.parse(buffered.slice(0, newline));
        buffered = buffered.slice(newline + 1);
        if (line.seq !== undefined) ctx.deliver(line);
        else if (line.gone) { ctx.gone(line.gone.oldest, line.gone.epoch); return true; }
        else if (line.end) return true;
        else if (line.epoch !== undefined) ctx.epoch(line.epoch);
      }
    }
  }

  loop();
  return {stop() { stopped = true; abort.abort(); }};
}
