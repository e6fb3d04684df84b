// One shop: its health, and its orders (search by number, filter by payment status, those that
// need someone first).
import { h, when, badge, facts, table, paymentBadge, money } from "./dom.js";
import { get, shopPath } from "./api.js";

const STATUSES = ["attention", "pending-payment", "reserved", "captured", "part-refunded", "complete",
  "failed", "suspended", "refunded", "cancelled"];

export async function shopPage(shopId) {
  const status = await get(shopPath(shopId, "/status"));
  const link = `#/shops/${encodeURIComponent(shopId)}`;
  const health = h("section", { class: "cards", "aria-label": "Health" },
    h("div", { class: "card" }, h("h2", {}, "Webhook and sweep"), facts([
      ["Webhook", badge(status.webhook, status.webhook === "active" ? "good" : "warn")],
      ["Checked", when(status.webhookCheckedAt)],
      ["Last sweep", when(status.lastSweep.at)],
      ["Outcome", status.lastSweep.outcome ?? "–"],
      ["Caught up", `${status.lastSweep.caughtUp ?? 0} of ${status.lastSweep.listed ?? 0} listed`],
    ])),
    h("div", { class: "card" }, h("h2", {}, "Waiting"), facts([
      ["Quarantined", h("a", { href: `${link}/quarantine` }, `${status.quarantined} deliveries`)],
      ["Notes waiting", String(status.pendingNotes)],
      ["Oldest note", when(status.oldestPendingNoteAt)],
      ["Failed orders", h("a", { href: `${link}/failed` }, `${status.failed} orders`)],
    ])),
    h("div", { class: "card" }, h("h2", {}, "Alarms"),
      status.alarms.length ? h("ul", {}, status.alarms.map((a) => h("li", {}, badge(a, "bad")))) : h("p", {}, badge("none would fire", "good")),
      status.warnings.map((w) => h("p", { class: "problem" }, w))));
  const results = h("div", { id: "orders" });
  const idBox = h("input", { type: "search", id: "order-search", name: "orderId", inputmode: "numeric", autocomplete: "off" });
  const statusBox = h("select", { id: "order-status", name: "paymentStatus" },
    h("option", { value: "" }, "any"), STATUSES.map((s) => h("option", { value: s }, s === "attention" ? "needs attention" : s)));
  const form = h("form", { class: "filters", role: "search", onsubmit: (e) => { e.preventDefault(); listOrders(shopId, idBox.value, statusBox.value, results); } },
    h("div", {}, h("label", { for: "order-search" }, "Order number"), idBox),
    h("div", {}, h("label", { for: "order-status" }, "Payment status"), statusBox),
    h("button", { type: "submit" }, "Search"));
  await listOrders(shopId, "", "", results);
  return [
    h("h1", {}, `Shop ${shopId}`),
    h("div", { class: "actions" },
      h("a", { class: "button secondary", href: `${link}/settings` }, "Settings"),
      h("a", { class: "button secondary", href: `${link}/quarantine` }, "Quarantine"),
      h("a", { class: "button secondary", href: `${link}/failed` }, "Failed orders")),
    health,
    h("h2", {}, "Orders"), form, results,
  ];
}

async function listOrders(shopId, orderId, paymentStatus, into) {
  const query = new URLSearchParams();
  if (orderId.trim()) query.set("orderId", orderId.trim());
  if (paymentStatus) query.set("paymentStatus", paymentStatus);
  let list;
  try {
    list = await get(shopPath(shopId, `/orders?${query}`));
  } catch (e) {
    into.replaceChildren(h("p", { class: "problem", role: "alert" }, e.message));
    return;
  }
  const rows = list.orders.map((o) => h("tr", { class: o.problem ? "needs-attention" : "" },
    h("th", { scope: "row" }, h("a", { href: `#/shops/${encodeURIComponent(shopId)}/orders/${o.orderId}` }, o.orderId)),
    h("td", {}, o.orderStatus ?? "–"),
    h("td", {}, paymentBadge(o.paymentStatus.status)),
    h("td", { class: "hide-narrow" }, money(o.paymentStatus.captured)),
    h("td", {}, o.problem ? h("span", { class: "problem" }, o.problem) : ""),
    h("td", { class: "hide-narrow" }, when(o.lastModifiedGmt))));
  into.replaceChildren(
    list.orders.length
      ? table(`${list.orders.length} of ${list.total} order(s)${list.truncated ? ", from the first part of the table" : ""}`,
        ["Order", "Status", "Payment", "Captured", "Needs", "Changed"], rows)
      : h("p", {}, "No order matches."));
}
