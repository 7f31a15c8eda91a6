// My listings: a review decision arrives live (`listing:reviewed`, docs/api.md) and updates the
// listing's status in place, with a notice saying what was decided.
import { live } from "./live.js";

const strings = JSON.parse(document.getElementById("review-strings").textContent);
const notices = document.querySelector("[data-testid=review-notices]");

function notice(data) {
  const approved = data.decision === "approve";
  const box = document.createElement("div");
  box.className = `alert ${approved ? "alert-success" : "alert-warning"} alert-dismissible`;
  box.dataset.testid = "review-notice";
  const template = approved ? strings.approved : strings.rejected;
  box.textContent = template.replace("{title}", data.title);
  if (!approved && data.reason) box.textContent += ` ${data.reason}${data.note ? ` — ${data.note}` : ""}`;
  const close = document.createElement("button");
  close.type = "button";
  close.className = "btn-close";
  close.dataset.bsDismiss = "alert";
  close.setAttribute("aria-label", strings.close);
  box.append(close);
  notices.prepend(box);
}

function updateRow(data) {
  const row = document.querySelector(`[data-listing-id="${Number(data.id)}"]`);
  const badge = row && row.querySelector("[data-testid=listing-status]");
  if (!badge) return;
  badge.textContent = strings.statuses[data.status] || data.status;
  badge.className = `badge lh-status lh-status-${String(data.status).toLowerCase()}`;
}

live({
  // The page says when it is listening, so a person (or a test) knows a decision will show up.
  onState(isLive) { notices.dataset.state = isLive ? "live" : "offline"; },
  events: {
    "listing:reviewed"(data) {
      updateRow(data);
      notice(data);
    },
  },
});
