// The user and admin dashboards: numbers, Chart.js charts and lists drawn from the stats JSON
// (first from the page, then from the API after every dashboard:update on the socket, after
// every (re)connect, and every 15 s while the socket is down).
import { live } from "./live.js";

const root = document.getElementById("dashboard");
const scope = root.dataset.scope;
const T = JSON.parse(document.getElementById("dashboard-strings").textContent);
const lang = document.documentElement.lang || "vi";
const numberFormat = new Intl.NumberFormat(lang);
const vndFormat = new Intl.NumberFormat("vi-VN"); // 199.000 ₫ in every UI language
const COLORS = { views: "#5b4bdb", leads: "#1f9d6b", revenue: "#e08a00", gmv: "#5b4bdb", signups: "#1f9d6b" };

const format = {
  int: (v) => numberFormat.format(v || 0),
  vnd: (v) => `${vndFormat.format(v || 0)}\u00a0₫`,
  pct: (v) => `${(v || 0).toLocaleString(lang, { maximumFractionDigits: 1 })}\u00a0%`,
};
const get = (obj, path) => path.split(".").reduce((o, k) => (o == null ? o : o[k]), obj);
const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  Object.entries(attrs).forEach(([k, v]) => (k === "class" ? (node.className = v) : node.setAttribute(k, v)));
  children.forEach((c) => node.append(c));
  return node;
};
const shortDay = (iso) => { const [, m, d] = iso.split("-"); return `${d}/${m}`; };
// The site's one date-and-time format (landinghub/formats): 04/12/2026 17:01 in Vietnamese,
// 4 Dec 2026, 17:01 in English, in the site's time zone like the server-rendered pages.
const whenParts = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Asia/Ho_Chi_Minh", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
});
const monthNumber = new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Ho_Chi_Minh", month: "2-digit" });
const when = (iso) => {
  const date = new Date(iso);
  const p = Object.fromEntries(whenParts.formatToParts(date).map(({ type, value }) => [type, value]));
  if (lang.startsWith("vi")) return `${p.day.padStart(2, "0")}/${monthNumber.format(date)}/${p.year} ${p.hour}:${p.minute}`;
  return `${p.day} ${p.month} ${p.year}, ${p.hour}:${p.minute}`;
};
const isEmpty = (series) => !series || series.every((v) => !v);

const charts = {};
function drawChart(id, labels, datasets, { money = false, type = "line" } = {}) {
  const canvas = document.getElementById(id);
  if (!canvas || !window.Chart) return;
  if (charts[id]) {
    charts[id].data.labels = labels;
    charts[id].data.datasets.forEach((ds, i) => (ds.data = datasets[i].data));
    charts[id].update("none"); // no animation: a live update should not flicker
    return;
  }
  charts[id] = new window.Chart(canvas, {
    type,
    data: {
      labels,
      datasets: datasets.map((ds) => ({
        borderColor: ds.color, backgroundColor: type === "bar" ? ds.color : `${ds.color}22`,
        fill: type === "line", tension: 0.3, pointRadius: 0, borderWidth: 2, borderRadius: 4, ...ds,
      })),
    },
    options: {
      maintainAspectRatio: false, animation: { duration: 300 }, interaction: { mode: "index", intersect: false },
      plugins: { legend: { display: datasets.length > 1, position: "bottom", labels: { boxWidth: 12 } },
        tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${money ? format.vnd(c.parsed.y) : format.int(c.parsed.y)}` } } },
      scales: {
        x: { ticks: { maxTicksLimit: window.innerWidth < 576 ? 5 : 10, maxRotation: 0 }, grid: { display: false } },
        y: { beginAtZero: true, ticks: { precision: 0, maxTicksLimit: 5, callback: (v) => (money ? format.vnd(v) : format.int(v)) } },
      },
    },
  });
}

function showEmpty(name, empty) {
  const note = root.querySelector(`[data-empty="${name}"]`);
  if (note) note.classList.toggle("d-none", !empty);
}

function fillList(name, items, render) {
  const list = root.querySelector(`[data-list="${name}"]`);
  if (!list) return;
  list.replaceChildren(...(items || []).map(render));
  showEmpty(name, !items || !items.length);
}

function renderUser(stats) {
  const labels = stats.days.map(shortDay);
  drawChart("chart-traffic", labels, [
    { label: T.views, data: stats.per_day.views, color: COLORS.views },
    { label: T.leads, data: stats.per_day.leads, color: COLORS.leads },
  ]);
  showEmpty("traffic", isEmpty(stats.per_day.views) && isEmpty(stats.per_day.leads));
  drawChart("chart-sales", labels, [{ label: T.revenue, data: stats.sales.per_day.revenue, color: COLORS.revenue }], { money: true, type: "bar" });
  showEmpty("sales", isEmpty(stats.sales.per_day.revenue));
  fillList("recent_leads", stats.recent_leads, (lead) => el("li", { class: "py-2 border-bottom", "data-lead-id": lead.id },
    el("div", { class: "fw-semibold text-truncate" }, lead.summary || "—"),
    el("div", { class: "text-secondary" }, `${T.on} ${lead.page_title} · ${when(lead.created_at)}`)));
  // Only a delivered order is a sale or a purchase: any other says what it is, its amount muted.
  const orderItem = (money) => (o) => {
    const done = o.status === "delivered";
    const status = done ? [] : [el("span", { class: "badge text-bg-light border ms-1", "data-testid": "order-status" }, (T.order_status || {})[o.status] || o.status)];
    return el("li", { class: "py-1 d-flex justify-content-between gap-2", "data-status": o.status },
      el("span", { class: "text-truncate" }, o.title, ...status),
      el("span", { class: `text-nowrap ${done ? "fw-semibold" : "text-secondary text-decoration-line-through"}` }, format.vnd(o[money])));
  };
  fillList("recent_sales", stats.recent_sales, orderItem("seller_revenue"));
  fillList("recent_orders", stats.recent_orders, orderItem("amount"));
  fillList("pages", stats.pages, (p) => el("tr", {},
    el("td", { class: "text-truncate lh-page-cell", title: p.title }, p.title),
    el("td", { class: "d-none d-sm-table-cell" }, el("span", { class: `badge ${p.status === "published" ? "text-bg-success" : "text-bg-light border"}` }, p.status === "published" ? T.published : T.draft)),
    el("td", { class: "text-end" }, format.int(p.views)), el("td", { class: "text-end" }, format.int(p.leads)),
    el("td", { class: "text-end d-none d-sm-table-cell" }, format.pct(p.conversion_rate))));
}

function statusRows(name, counts, labels = {}) {
  fillList(name, Object.entries(counts || {}), ([status, n]) => el("tr", {}, el("td", {}, labels[status] || status), el("td", { class: "text-end" }, format.int(n))));
}

function renderAdmin(stats) {
  const labels = stats.days.map(shortDay);
  drawChart("chart-signups", labels, [{ label: T.signups, data: stats.per_day.signups, color: COLORS.signups }], { type: "bar" });
  drawChart("chart-money", labels, [
    { label: T.gmv, data: stats.per_day.gmv, color: COLORS.gmv },
    { label: T.platform_revenue, data: stats.per_day.platform_revenue, color: COLORS.revenue },
  ], { money: true });
  showEmpty("money", isEmpty(stats.per_day.gmv));
  statusRows("listings", stats.listings.by_status, stats.status_labels);
  statusRows("orders", stats.orders.by_status, stats.status_labels);
}

function render(stats) {
  root.querySelectorAll("[data-stat]").forEach((node) => {
    const value = get(stats, node.dataset.stat);
    if (value !== undefined && value !== null) node.textContent = format[node.dataset.format || "int"](value);
  });
  (scope === "admin" ? renderAdmin : renderUser)(stats);
  root.dataset.updatedAt = String(Date.now());
}

let pending = null;
async function refresh() {
  const response = await fetch(root.dataset.api, { headers: { Accept: "application/json" }, credentials: "same-origin" });
  if (response.ok) render(await response.json());
}
function refreshSoon() {
  clearTimeout(pending);
  pending = setTimeout(refresh, 250); // a burst of events costs one request
}
function onUpdate(data) {
  refreshSoon();
  if (data.kind === "lead") root.querySelector("[data-testid=new-lead-badge]")?.classList.remove("d-none");
}

render(JSON.parse(document.getElementById("dashboard-data").textContent));

const state = root.querySelector("[data-testid=live-state]");
const setState = (value) => { if (state) { state.dataset.state = value; state.textContent = value === "live" ? T.live : T.offline; } };
live({
  subscribe(send) { send({ action: "dashboard:join", scope }); },
  subscribedOn: "dashboard:joined", // updates flow from here on: catch up on what came before
  catchUp: refresh,
  pollMs: 15000, // the stats add up 30 days: a slower poll than a chat's
  onState(isLive) { if (!isLive) setState("offline"); },
  events: {
    "dashboard:joined": () => setState("live"),
    "dashboard:update": onUpdate,
    "page:deployed": (data) => { if (scope === "user") onUpdate(data); },
  },
});
