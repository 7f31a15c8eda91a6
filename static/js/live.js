// The one live client of every page that updates by itself: the site's socket to /ws/
// (session-cookie auth), a catch-up over REST whenever it (re)connects, and polling only
// while it is down.
//
// The database is the source of truth and the socket only a doorbell: the channel layer may
// drop an event, and none arrive while the socket is down. So after every (re)connect the
// page's `catchUp` fetches what it may have missed, and while the socket is down `poll`
// (by default the same catch-up) runs every `pollMs`; polling stops as soon as the socket is
// open again. Reconnects back off from 1 s to 15 s; a 4401 close (signed out) is final.
//
//   const connection = live({
//     subscribe(send) {},           // on every open: send the page's join frames
//     subscribedOn: "chat:joined",  // catch up when this event acknowledges the join
//                                   // (nothing then falls between fetch and subscription);
//                                   // without it, catch up on every open
//     events: { "order:updated": (data) => {} },   // or onEvent(event, data) for all events
//     catchUp: async () => {},      // after every (re)connect, the first one too
//     poll: async () => {},         // while disconnected; defaults to catchUp
//     pollMs: 3000,                 // 0: no polling
//     onState(isLive) {},           // the socket opened (true) or closed (false)
//   });
//   connection.send(frame); connection.live; connection.close();
const MIN_DELAY = 1000;
const MAX_DELAY = 15000;
const CLOSE_UNAUTHENTICATED = 4401;

export function live({
  subscribe = () => {},
  subscribedOn = null,
  events = {},
  onEvent = () => {},
  catchUp = null,
  poll = catchUp,
  pollMs = 3000,
  onState = () => {},
} = {}) {
  const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws/`;
  let socket = null;
  let delay = MIN_DELAY;
  let closed = false;
  let isLive = false;
  let pollTimer = null;
  const running = new Set(); // a slow request is not asked again until it answers

  function send(frame) {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
  }

  async function run(fn) {
    if (!fn || running.has(fn)) return;
    running.add(fn);
    try {
      await fn();
    } catch (err) {
      /* offline: the next poll or reconnect tries again */
    } finally {
      running.delete(fn);
    }
  }

  function startPolling() {
    if (!poll || !pollMs || pollTimer || closed) return;
    pollTimer = setInterval(() => run(poll), pollMs);
  }

  function stopPolling() {
    clearInterval(pollTimer);
    pollTimer = null;
  }

  function setLive(value) {
    isLive = value;
    if (value) stopPolling(); else startPolling();
    onState(value);
  }

  function receive(message) {
    let frame;
    try {
      frame = JSON.parse(message.data);
    } catch (err) {
      return; // not ours
    }
    const data = frame.data || {};
    if (events[frame.event]) events[frame.event](data);
    onEvent(frame.event, data);
    if (subscribedOn && frame.event === subscribedOn) run(catchUp);
  }

  function open() {
    socket = new WebSocket(url);
    socket.addEventListener("open", () => {
      delay = MIN_DELAY;
      setLive(true);
      subscribe(send);
      if (!subscribedOn) run(catchUp);
    });
    socket.addEventListener("message", receive);
    socket.addEventListener("close", (event) => {
      if (event.code === CLOSE_UNAUTHENTICATED) closed = true; // signed out: nothing to poll
      setLive(false);
      if (closed) return;
      setTimeout(open, delay);
      delay = Math.min(delay * 2, MAX_DELAY);
    });
  }

  // Until the first open the page behaves as if the socket were down.
  startPolling();
  open();
  return {
    send,
    get live() { return isLive; },
    close() {
      closed = true;
      stopPolling();
      if (socket) socket.close();
    },
  };
}
