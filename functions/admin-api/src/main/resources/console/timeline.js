// One order's story in time order: each delivery, the processor's log of its decisions (when the
// debug log was on), each provider call with its result, and each note with its delivery to the shop.
import { h, when, badge, facts, paymentBadge, money } from "./dom.js";
import { get, shopPath } from "./api.js";

function describe(event) {
  const d = event.data;
  switch (event.kind) {
    case "delivery":
      return [h("span", { class: "kind" }, d.source === "sweep" ? "Caught up by the sweep" : d.source === "webhook" ? "Webhook" : `Delivery (${d.source})`),
        `${d.topic ?? ""}${d.status ? ` · status ${d.status}` : ""}`,
        h("div", { class: "muted" }, `changed in the shop ${d.modifiedGmt ?? "?"} UTC${d.deliveryId ? ` · delivery ${d.deliveryId}` : ""}`)];
    case "provider":
      return [h("span", { class: "kind" }, `${d.provider ?? "Provider"}: ${d.operation}`),
        `${money(d.amount, d.currency)} · `, badge(d.result, d.result === "refused" ? "bad" : d.result === "done" ? "good" : ""),
        d.code ? ` code ${d.code}` : "", d.reference ? ` · reference ${d.reference}` : "",
        d.detail ? h("div", {}, d.detail) : ""];
    case "note":
      return [h("span", { class: "kind" }, d.customerNote ? "Note to the customer" : "Note"),
        badge(`${d.delivery}${d.attempts > 1 ? ` after ${d.attempts} tries` : ""}`, d.delivery === "delivered" ? "good" : d.delivery === "rejected" ? "bad" : "warn"),
        d.setStatus ? ` · sets status ${d.setStatus}` : "",
        h("div", {}, d.text), d.lastError ? h("div", { class: "problem" }, d.lastError) : ""];
    case "log":
      return [h("span", { class: "kind" }, "Debug log"), `${d.step ?? ""} ${d.call ?? ""} → ${d.outcome ?? ""}`,
        d.durationMs ? h("span", { class: "muted" }, ` (${d.durationMs} ms)`) : "",
        d.request ? h("pre", {}, d.request) : "", d.response ? h("pre", {}, d.response) : ""];
    default:
      return [event.kind];
  }
}

export async function timelinePage(shopId, orderId) {
  const t = await get(shopPath(shopId, `/orders/${orderId}/timeline`));
  const s = t.state;
  const currency = t.ledger[0]?.currency ?? "";
  const summary = facts([
    ["Payment", paymentBadge(t.paymentStatus.status)],
    ["Captured", money(t.paymentStatus.captured, currency)],
    ["Refunded", money(t.paymentStatus.refunded, currency)],
    ["Reserved", money(t.paymentStatus.reserved, currency)],
    ["Order status", s?.orderStatus ?? "–"],
    ["Payment number", s?.paymentNumber ?? "–"],
    ["Waiting step", s?.pending ? `${s.pending.step}${s.pending.outcomeUnknown ? " (outcome unknown)" : ""}` : "none"],
    ["Next try", s?.retry ? `${s.retry.step} at ${s.retry.nextTryAt} (tried ${s.retry.tries})` : "none"],
  ]);
  const items = t.events.map((e) => h("li", {
    class: `${e.kind}${e.data.result === "refused" ? " refused" : ""}${e.data.level === "error" ? " error" : ""}`,
  }, h("div", { class: "when" }, when(e.at)), describe(e)));
  const logLines = t.events.filter((e) => e.kind === "log").length;
  return [
    h("h1", {}, `Order ${orderId}`),
    summary,
    h("h2", {}, "Timeline"),
    h("p", { class: "muted" }, `${t.events.length} events · ${logLines} debug log line(s)${logLines ? "" : " (turn the debug log on in the settings to keep them)"}`),
    h("ol", { class: "timeline", "aria-label": "What happened to the order, oldest first" }, items),
  ];
}
