// The admin room list: unread counts and statuses follow the socket; new rooms show a banner.
// On every (re)connect the visible rows are refreshed from the API (events may have been lost
// while the socket was down, or between the page's rendering and the socket's opening).
import { live } from "../js/live.js";
import { api, ding } from "./chat-core.js";

const banner = document.getElementById("lh-queue-banner");
const T = JSON.parse(document.getElementById("lh-console-strings").textContent);

function apply(room) {
  const unread = document.querySelector(`[data-room-unread="${room.id}"]`);
  const status = document.querySelector(`[data-room-status="${room.id}"]`);
  if (unread) unread.textContent = String(room.unread_count_admin);
  if (status) status.textContent = T.statuses[room.status] || room.status;
  return Boolean(unread);
}

async function resync() {
  const data = await api("GET", "admin/rooms?page_size=100");
  data.results.forEach(apply);
}

live({
  catchUp: resync,
  pollMs: 0, // no polling while down: the rows catch up when the socket is back
  onEvent(event, data) {
    if (event !== "chat:room_updated" && event !== "chat:admin_requested") return;
    if (!apply(data) && banner) banner.hidden = false;
    if (event === "chat:admin_requested") ding();
  },
});
