// The shops: each one's webhook, last sweep, what waits (quarantine, notes) and the alarms its state would fire.
import { h, when, badge, table } from "./dom.js";
import { get } from "./api.js";

export async function shopsPage() {
  const { shops } = await get("/admin/shops");
  const rows = shops.map((s) => {
    const link = `#/shops/${encodeURIComponent(s.shopId)}`;
    return h("tr", {},
      h("th", { scope: "row" }, h("a", { href: link }, s.shopId)),
      h("td", {}, badge(s.webhook, s.webhook === "active" ? "good" : "warn")),
      h("td", {}, when(s.lastSweep.at), s.lastSweep.outcome ? ` (${s.lastSweep.outcome})` : ""),
      h("td", {}, h("a", { href: `${link}/failed` }, String(s.failed))),
      h("td", {}, h("a", { href: `${link}/quarantine` }, String(s.quarantined))),
      h("td", {}, String(s.pendingNotes)),
      h("td", {}, s.alarms.length ? s.alarms.map((a) => badge(a, "bad")) : badge("none", "good")),
      h("td", { class: "hide-narrow" }, s.orderManagementEnabled ? "on" : badge("off", "warn")));
  });
  return [
    h("h1", {}, "Shops"),
    shops.length ? table(`${shops.length} shop(s)`, ["Shop", "Webhook", "Last sweep", "Failed", "Quarantined", "Notes waiting", "Alarms", "Order management"], rows)
      : h("p", {}, "No shop is configured yet: connect one with orderhook connect."),
  ];
}
