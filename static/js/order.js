// An order waiting for its payment: the page reloads (to show it delivered or cancelled) as
// soon as the order changes, told by `order:updated` over the socket, or seen over REST after
// every (re)connect and every 3 s while the socket is down.
import { live } from "./live.js";

const order = JSON.parse(document.getElementById("order-live").textContent);

async function catchUp() {
  const response = await fetch(order.api, { credentials: "same-origin" });
  if (response.ok && (await response.json()).status !== order.status) location.reload();
}

live({
  catchUp,
  events: { "order:updated": (data) => { if (data.id === order.id) location.reload(); } },
});
