// The admin room list: unread counts and statuses follow the socket; new rooms show a banner.
import { connect } from "/static/js/realtime.js";
import { ding } from "./chat-core.js";

const banner = document.getElementById("lh-queue-banner");

connect({
  onEvent(event, data) {
    if (event !== "chat:room_updated" && event !== "chat:admin_requested") return;
    const unread = document.querySelector(`[data-room-unread="${data.id}"]`);
    const status = document.querySelector(`[data-room-status="${data.id}"]`);
    if (unread) unread.textContent = String(data.unread_count_admin);
    if (status) status.textContent = data.status;
    if (!unread && banner) banner.hidden = false;
    if (event === "chat:admin_requested") ding();
  },
});
