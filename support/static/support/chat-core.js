// The support chat's client core, shared by the widget and the admin console.
//
// The socket, the catch-up and the polling are the site's live client (static/js/live.js): on
// every (re)connect we join the room first and then, once the join is acknowledged, fetch
// ?after=<last id> page by page; while the socket is down the same fetch runs every 3 s.
// Messages are kept in a map by id (the HTTP response, the socket echo and the catch-up may
// all bring the same one), and an optimistic message is replaced by the stored one carrying
// the same client_id.
import { live } from "../js/live.js";

function csrfToken() {
  const el = document.querySelector("[data-csrf-token]");
  if (el) return el.dataset.csrfToken;
  const m = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
  return m ? decodeURIComponent(m[1]) : "";
}

export async function api(method, path, body) {
  const response = await fetch(`/api/chat/${path}`, {
    method,
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  let data = null;
  try { data = await response.json(); } catch (err) { data = null; }
  if (!response.ok) {
    const error = new Error((data && data.error && data.error.message) || `HTTP ${response.status}`);
    error.status = response.status;
    error.code = data && data.error && data.error.code;
    throw error;
  }
  return data;
}

export function newClientId() {
  if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
  return `c${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
}

// hooks: onMessage(message, replacedClientId), onRoom(room), onTyping(data), onEvent(event, data),
//        onConnection(isLive)
export class ChatStream {
  constructor(hooks) {
    this.hooks = hooks;
    this.roomId = null;
    this.lastId = 0;
    this.roomVersion = 0;
    this.messages = new Map();
    this.catchingUp = false;
    this.socket = live({
      subscribe: () => this.join(),
      subscribedOn: "chat:joined",
      onEvent: (event, data) => this.onSocketEvent(event, data),
      catchUp: () => this.catchUp(),
      onState: (isLive) => this.hooks.onConnection && this.hooks.onConnection(isLive),
    });
  }

  get live() {
    return this.socket.live;
  }

  setRoom(room, messages = []) {
    this.roomId = room.id;
    this.applyRoom(room);
    messages.forEach((m) => this.upsert(m));
    this.join();
    this.catchUp();
  }

  join() {
    if (this.roomId && this.live) this.socket.send({ action: "chat:join", room_id: this.roomId });
  }

  typing() {
    if (this.roomId && this.live) this.socket.send({ action: "chat:typing", room_id: this.roomId });
  }

  applyRoom(room) {
    if (room.id !== this.roomId || room.version < this.roomVersion) return; // stale event
    this.roomVersion = room.version;
    this.hooks.onRoom && this.hooks.onRoom(room);
  }

  upsert(message) {
    if (message.room_id !== this.roomId) return;
    const known = this.messages.has(message.id);
    this.messages.set(message.id, message);
    if (message.id > this.lastId) this.lastId = message.id;
    if (!known) this.hooks.onMessage(message);
  }

  async catchUp() {
    if (!this.roomId || this.catchingUp) return;
    this.catchingUp = true;
    try {
      // Walk the pages: one window of 100 could silently truncate a long disconnect.
      for (let i = 0; i < 20; i += 1) {
        const page = await api("GET", `rooms/${this.roomId}/messages?after=${this.lastId}&limit=100`);
        page.messages.forEach((m) => this.upsert(m));
        if (!page.has_more) break;
      }
    } catch (err) {
      /* offline: the next poll or reconnect tries again */
    } finally {
      this.catchingUp = false;
    }
  }

  async send(text, extra = {}, clientId = newClientId()) {
    const body = { message: text, client_id: clientId, ...extra };
    for (let attempt = 0; attempt < 3; attempt += 1) {
      try {
        const data = await api("POST", `rooms/${this.roomId}/messages`, body);
        this.upsert(data.message);
        return data.message;
      } catch (err) {
        // A 4xx is final; a network error is retried with the same client_id (no duplicate).
        if (err.status && err.status < 500) throw err;
        await new Promise((r) => setTimeout(r, 1000 * (attempt + 1)));
      }
    }
    throw new Error("Could not send. Check your connection.");
  }

  onSocketEvent(event, data) {
    if (event === "chat:joined" && data.room_id === this.roomId) {
      this.applyRoom(data.room); // and live.js catches up: subscribed first, then fetch
    } else if (event === "chat:new_message") {
      this.upsert(data);
    } else if (event === "chat:room_updated") {
      this.applyRoom(data);
    } else if (event === "chat:typing" && data.room_id === this.roomId) {
      this.hooks.onTyping && this.hooks.onTyping(data);
    }
    this.hooks.onEvent && this.hooks.onEvent(event, data);
  }
}

let audio = null;
export function ding() {
  try {
    audio = audio || new (window.AudioContext || window.webkitAudioContext)();
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.frequency.value = 880;
    gain.gain.setValueAtTime(0.08, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + 0.25);
    osc.connect(gain).connect(audio.destination);
    osc.start();
    osc.stop(audio.currentTime + 0.25);
  } catch (err) { /* no audio: fine */ }
}

// Every text goes through textContent: user-written HTML is shown, never run.
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}
