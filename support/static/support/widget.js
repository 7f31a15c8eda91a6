// The support widget on every page for signed-in users (templates/support/widget.html).
import { ChatStream, api, ding, el, newClientId } from "./chat-core.js";

const root = document.getElementById("lh-chat");
const t = root.dataset;
const panel = root.querySelector(".lh-chat-panel");
const launcher = root.querySelector(".lh-chat-launcher");
const badge = root.querySelector(".lh-chat-badge");
const list = root.querySelector(".lh-chat-messages");
const typingLine = root.querySelector(".lh-chat-typing");
const statusLine = root.querySelector("[data-testid=chat-status]");
const offline = root.querySelector(".lh-chat-offline");
const form = root.querySelector("form");
const input = root.querySelector("textarea");
const humanButton = root.querySelector("[data-testid=chat-human]");
statusLine.dataset.initial = statusLine.textContent;
let opened = false;
let typingTimer = null;
let lastTypingSent = 0;
let room = null;

function setBadge(count) {
  badge.textContent = String(count);
  badge.hidden = !count || (opened && !document.hidden);
}
setBadge(Number(t.unread || 0));

function senderLabel(m) {
  if (m.sender_type === "bot") return t.i18nBot;
  if (m.sender_type === "admin") return (m.sender && m.sender.name) || t.i18nSupport;
  return "";
}

function bubble(m) {
  const mine = m.sender_type === "user";
  const item = el("li", `lh-msg ${mine ? "mine" : "theirs"} ${m.sender_type}`);
  item.dataset.testid = "chat-message";
  item.dataset.senderType = m.sender_type;
  if (m.client_id) item.dataset.clientId = m.client_id;
  if (m.id) item.dataset.id = m.id;
  const label = senderLabel(m);
  if (label) item.append(el("div", "lh-msg-meta", label));
  item.append(el("div", "lh-msg-text", m.message));
  (m.attachments || []).forEach((a) => {
    if (a.type === "action" && a.action === "request_human" && !(room && room.handoff_requested)) {
      const b = el("button", "btn btn-sm btn-light mt-2 d-block", t.i18nHuman);
      b.type = "button";
      b.dataset.testid = "chat-human-inline";
      b.addEventListener("click", requestHuman);
      item.append(b);
    }
  });
  return item;
}

function scrollDown() { list.scrollTop = list.scrollHeight; }

function place(item, id) {
  // Keep id order even when a catch-up brings an older message after a newer one.
  const later = [...list.querySelectorAll("li[data-id]")].find((li) => Number(li.dataset.id) > id);
  if (later) list.insertBefore(item, later); else list.append(item);
}

function onMessage(m) {
  const pending = m.client_id && list.querySelector(`li.pending[data-client-id="${CSS.escape(m.client_id)}"]`);
  const item = bubble(m);
  if (pending) pending.replaceWith(item); else place(item, m.id);
  if (m.sender_type !== "user") {
    typingLine.hidden = true;
    if (!opened || document.hidden) ding();
    if (opened && !document.hidden) markRead();
  }
  scrollDown();
}

function onRoom(r) {
  room = r;
  root.dataset.roomId = r.id;
  // A resolved conversation can ask for a person again (writing in it goes back to the bot).
  humanButton.disabled = r.handoff_requested && r.status !== "resolved";
  if (r.admin) statusLine.textContent = r.admin.name;
  else if (r.handoff_requested) statusLine.textContent = t.i18nWaiting;
  else statusLine.textContent = statusLine.dataset.initial;
  setBadge(r.unread_count_user);
}

function onTyping(data) {
  if (data.sender_type === "user") return;
  typingLine.textContent = `${data.sender_type === "bot" ? t.i18nBot : data.name} ${t.i18nTyping}`;
  typingLine.hidden = false;
  clearTimeout(typingTimer);
  typingTimer = setTimeout(() => { typingLine.hidden = true; }, (data.expires_in || 6) * 1000);
}

const stream = new ChatStream({
  onMessage,
  onRoom,
  onTyping,
  onConnection(live) { offline.hidden = live || !opened; offline.textContent = t.i18nOffline; },
  onEvent(event, data) {
    // Without an open room (widget never opened) the badge still follows the user's room.
    if (event === "chat:room_updated" && !stream.roomId) setBadge(data.unread_count_user);
    if (event === "chat:new_message" && !opened && data.sender_type !== "user") ding();
  },
});

let markTimer = null;
function markRead() {
  clearTimeout(markTimer);
  markTimer = setTimeout(() => { if (stream.roomId) api("POST", `rooms/${stream.roomId}/read`, { up_to: stream.lastId || undefined }).catch(() => {}); }, 300);
}

let opening = null;
function ensureRoom() {
  // One request however many callers: the panel opening and a quick first message share it.
  if (stream.roomId) return Promise.resolve();
  if (!opening) opening = openRoom().finally(() => { opening = null; });
  return opening;
}

async function openRoom() {
  const data = await api("POST", "rooms", { context: { page: t.page } });
  list.replaceChildren();
  stream.messages.clear();
  stream.lastId = 0;
  stream.roomVersion = 0;
  stream.setRoom(data.room, data.messages);
}

async function toggle(show) {
  opened = show;
  panel.hidden = !show;
  launcher.setAttribute("aria-expanded", String(show));
  offline.hidden = stream.live || !show;
  if (show) {
    input.focus();
    await ensureRoom();
    markRead();
    setBadge(0);
  }
}

async function requestHuman() {
  humanButton.disabled = true;
  try {
    const data = await api("POST", "admin/request", { room_id: stream.roomId });
    stream.applyRoom(data.room);
    list.querySelectorAll("[data-testid=chat-human-inline]").forEach((b) => b.remove());
  } catch (err) {
    humanButton.disabled = false;
  }
}

async function submit(text) {
  const clientId = newClientId();
  const item = bubble({ sender_type: "user", message: text, client_id: clientId, attachments: [] });
  item.classList.add("pending");
  list.append(item);
  scrollDown();
  try {
    await ensureRoom();
    await stream.send(text, {}, clientId); // the stored copy replaces the pending bubble
  } catch (err) {
    if (err.code === "room_closed") {
      item.remove();
      stream.roomId = null;
      await ensureRoom();
      return submit(text);
    }
    item.classList.add("failed");
    item.title = err.message || t.i18nError;
    item.addEventListener("click", () => { item.remove(); submit(text); }, { once: true });
  }
}

launcher.addEventListener("click", () => toggle(panel.hidden));
root.querySelector("[data-testid=chat-close]").addEventListener("click", () => toggle(false));
humanButton.addEventListener("click", requestHuman);
// Esc closes the open panel (as a dialog does) and gives the focus back to the launcher.
document.addEventListener("keydown", (e) => {
  if (e.key !== "Escape" || panel.hidden) return;
  e.preventDefault();
  toggle(false);
  launcher.focus();
});
form.addEventListener("submit", (e) => {
  e.preventDefault();
  const text = input.value.trim();
  if (!text) return;
  input.value = "";
  submit(text);
});
input.addEventListener("keydown", (e) => {
  if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); form.requestSubmit(); }
});
input.addEventListener("input", () => {
  const now = Date.now();
  if (now - lastTypingSent > 2500) { lastTypingSent = now; stream.typing(); }
});
document.addEventListener("visibilitychange", () => { if (opened && !document.hidden) markRead(); });
// The link in the "we'll e-mail you" e-mail (/dashboard/#support) opens the conversation.
if (location.hash === "#support") toggle(true);
