// The admin console's conversation view: live messages, typing, reply, notes, assign, resolve.
import { ChatStream, api, ding, el, newClientId } from "./chat-core.js";

const root = document.getElementById("lh-console");
const list = root.querySelector("[data-testid=console-messages]");
const typingLine = root.querySelector("[data-testid=console-typing]");
const form = root.querySelector("form");
const input = form.querySelector("textarea");
const internal = form.querySelector("[name=internal]");
const errorLine = root.querySelector("[data-testid=console-error]");
const q = (id) => root.querySelector(`[data-testid=${id}]`);
// Every string shown here comes translated from the server (support/admin.py console_strings).
const T = JSON.parse(document.getElementById("lh-console-strings").textContent);
let typingTimer = null;
let lastTypingSent = 0;

// Times as the rest of the site shows them: Vietnam's clock, 24-hour, whatever the browser's.
const clock = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
  timeZone: "Asia/Ho_Chi_Minh", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
});

function bubble(m) {
  const kind = m.is_internal ? "internal" : m.sender_type === "admin" ? "mine" : "theirs";
  const item = el("li", `lh-msg ${kind} ${m.sender_type}`);
  item.dataset.testid = "console-message";
  if (m.id) item.dataset.id = m.id;
  if (m.client_id) item.dataset.clientId = m.client_id;
  const who = m.sender ? m.sender.name : T.senders[m.sender_type] || m.sender_type;
  const time = m.created_at ? clock.format(new Date(m.created_at)) : "";
  item.append(el("div", "lh-msg-meta", `${who}${m.is_internal ? ` · ${T.internal_note}` : ""} · ${time}`));
  item.append(el("div", "lh-msg-text", m.message));
  return item;
}

function onMessage(m) {
  const pending = m.client_id && list.querySelector(`li.pending[data-client-id="${CSS.escape(m.client_id)}"]`);
  const item = bubble(m);
  // In id order, before the replies still being sent: the "joined" note the server writes
  // before an admin's first reply arrives while that reply is pending, and goes above it.
  if (pending) pending.remove();
  const later = [...list.querySelectorAll("li[data-id]")].find((li) => Number(li.dataset.id) > m.id)
    || list.querySelector("li.pending");
  if (later) list.insertBefore(item, later); else list.append(item);
  list.scrollTop = list.scrollHeight;
  if (m.sender_type === "user") {
    typingLine.textContent = "";
    if (document.hidden) ding();
    markRead();
  }
}

function onRoom(room) {
  q("console-status").textContent = T.statuses[room.status] || room.status;
  q("console-admin").textContent = room.admin ? room.admin.name : T.unassigned;
  // The "Assign to" list shows who has the room now (an admin's reply assigns it too).
  q("console-assign-to").value = room.admin ? String(room.admin.id) : "";
  q("console-priority").value = room.priority;
}

const stream = new ChatStream({
  onMessage,
  onRoom,
  onTyping(data) {
    if (data.sender_type !== "user") return;
    typingLine.textContent = T.typing.replace("%(name)s", data.name);
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => { typingLine.textContent = ""; }, (data.expires_in || 6) * 1000);
  },
  onConnection(live) {
    document.getElementById("lh-console-live").textContent = live ? T.live : T.reconnecting;
  },
});
stream.setRoom(JSON.parse(document.getElementById("lh-room").textContent), []);

let markTimer = null;
function markRead() {
  clearTimeout(markTimer);
  markTimer = setTimeout(() => api("POST", `rooms/${stream.roomId}/read`, { up_to: stream.lastId || undefined }).catch(() => {}), 300);
}
markRead();

async function act(fn) {
  // Every console action is idempotent (assign, resolve, priority, tags): a transient server
  // or network error is retried, a 4xx is shown.
  errorLine.textContent = "";
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const data = await fn();
      if (data && data.room) stream.applyRoom(data.room);
      errorLine.textContent = "";
      return;
    } catch (err) {
      errorLine.textContent = err.message;
      if (err.status && err.status < 500) return;
      await new Promise((r) => setTimeout(r, 700 * (attempt + 1)));
    }
  }
}

q("console-assign").addEventListener("click", () => act(() => api("POST", "admin/assign", { room_id: stream.roomId })));
q("console-assign-to").addEventListener("change", (e) => {
  if (e.target.value) act(() => api("POST", "admin/assign", { room_id: stream.roomId, admin_id: Number(e.target.value) }));
});
q("console-resolve").addEventListener("click", () => act(() => api("POST", `rooms/${stream.roomId}/resolve`)));
q("console-priority").addEventListener("change", (e) => act(() => api("PATCH", `admin/rooms/${stream.roomId}`, { priority: e.target.value })));
q("console-save-tags").addEventListener("click", () => {
  const tags = q("console-tags").value.split(",").map((s) => s.trim()).filter(Boolean);
  act(() => api("PATCH", `admin/rooms/${stream.roomId}`, { tags }));
});
const canned = q("console-canned");
if (canned) canned.addEventListener("change", () => { if (canned.value) { input.value = canned.value; input.focus(); canned.value = ""; } });

form.addEventListener("submit", async (e) => {
  e.preventDefault();
  const text = input.value.trim();
  if (!text) return;
  input.value = "";
  const clientId = newClientId();
  const pending = bubble({ sender_type: "admin", message: text, client_id: clientId, is_internal: internal.checked });
  pending.classList.add("pending");
  list.append(pending);
  try {
    await stream.send(text, { is_internal: internal.checked }, clientId);
  } catch (err) {
    pending.classList.add("failed");
    errorLine.textContent = err.message;
  }
});
input.addEventListener("keydown", (e) => {
  if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); form.requestSubmit(); }
});
input.addEventListener("input", () => {
  const now = Date.now();
  if (!internal.checked && now - lastTypingSent > 2500) { lastTypingSent = now; stream.typing(); }
});
