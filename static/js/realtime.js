// The site's one socket to /ws/ (session cookie auth), with reconnect and back-off.
// connect({onEvent(event, data), onOpen(), onClose()}) -> {send(obj), close()}
export function connect({ onEvent = () => {}, onOpen = () => {}, onClose = () => {} } = {}) {
  let socket = null;
  let delay = 1000;
  let closed = false;
  const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws/`;

  function open() {
    socket = new WebSocket(url);
    socket.addEventListener("open", () => { delay = 1000; onOpen(); });
    socket.addEventListener("message", (message) => {
      try {
        const frame = JSON.parse(message.data);
        onEvent(frame.event, frame.data || {});
      } catch (err) { /* not ours */ }
    });
    socket.addEventListener("close", (e) => {
      onClose(e);
      if (closed || e.code === 4401) return;
      setTimeout(open, delay);
      delay = Math.min(delay * 2, 15000);
    });
  }
  open();
  return {
    send(obj) { if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(obj)); },
    close() { closed = true; socket && socket.close(); },
  };
}
