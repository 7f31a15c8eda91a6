// My sales: revenue per day (Chart.js), and a new sale shows up without a reload by the
// seller: `sale:new` over the socket, or the totals over REST after every (re)connect and
// every 3 s while the socket is down (the channel layer may drop a message).
import { live } from "./live.js";

const data = JSON.parse(document.getElementById("revenue-data").textContent);
const shown = JSON.parse(document.getElementById("sales-live").textContent);
const canvas = document.getElementById("revenue-chart");
// Days as the dashboard writes them: 07/11, not 2026-11-07.
const shortDay = (iso) => { const [, m, d] = iso.split("-"); return `${d}/${m}`; };
if (canvas) {
  new window.Chart(canvas, {
    type: "bar",
    data: { labels: data.map((d) => shortDay(d.day)), datasets: [{ label: "₫", data: data.map((d) => d.revenue), backgroundColor: "#5b4bdb", borderRadius: 6 }] },
    options: { maintainAspectRatio: false, plugins: { legend: { display: false } },
      scales: { y: { ticks: { callback: (v) => `${v.toLocaleString("vi-VN")} ₫` } } } },
  });
}

async function catchUp() {
  const response = await fetch(`${shown.api}?page_size=1`, { credentials: "same-origin" });
  if (response.ok && (await response.json()).totals.count !== shown.count) location.reload();
}

const state = document.querySelector("[data-testid=live-state]");
live({
  catchUp,
  onState(isLive) {
    state.dataset.state = isLive ? "live" : "offline";
    state.textContent = isLive ? state.dataset.live : state.dataset.offline;
  },
  events: { "sale:new": () => location.reload() },
});
