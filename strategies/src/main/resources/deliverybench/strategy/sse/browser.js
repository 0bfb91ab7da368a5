// Server-Sent Events in the browser: EventSource on GET /events (the token in the query: EventSource sets no
// header). It reconnects by itself with Last-Event-ID; an answer it cannot take (a 410) ends it, and then
// one fetch reads the server's reason.
export function start(ctx) {
  let stopped = false;
  let source = null;

  function open() {
    if (stopped) return;
    ctx.request();
    source = new EventSource('/events?' + ctx.query() + '&token=' + encodeURIComponent(ctx.token));
    source.onopen = () => ctx.connected();
    source.addEventListener('hello', event => ctx.epoch(JSON.parse(event.data).epoch));
    source.onmessage = event => ctx.deliver(JSON.parse(event.data));
    source.addEventListener('gone', event => {
      const gone = JSON.parse(event.data);
      source.close();
      ctx.gone(gone.oldest, gone.epoch);
      open();
    });
    source.onerror = async () => {
      if (stopped) return;
      if (source.readyState === EventSource.CONNECTING) {
        // The browser asks again by itself, with Last-Event-ID: one more request.
        ctx.request();
        return;
      }
      source.close();
      await reason();
      open();
    };
  }

  // Why the server refused: the same GET by fetch, whose status and body a page can read.
  async function reason() {
    const abort = new AbortController();
    try {
      const answer = await fetch('/events?' + ctx.query(), {headers: ctx.auth(), signal: abort.signal, cache: 'no-store'});
      if (answer.status === 410) {
        const gone = await answer.json();
        ctx.gone(gone.oldest, gone.epoch);
        return;
      }
      ctx.error(answer.status === 200 ? 'the stream ended' : answer.status + ': ' + (await answer.json()).error);
    } catch (e) {
      ctx.error(String(e));
    } finally {
      abort.abort();
    }
    await ctx.backoff();
  }

  open();
  return {stop() { stopped = true; if (source) source.close(); }};
}
