// Deliveries the receiver kept but could not take in, each with its reason, and replay.
import { h, when, badge, table } from "./dom.js";
import { get, call, shopPath } from "./api.js";
import { flash } from "./app.js";

export async function quarantinePage(shopId) {
  const { deliveries } = await get(shopPath(shopId, "/quarantine"));
  const rows = deliveries.map((d, i) => {
    const trust = d.signatureVerified ? null
      : h("input", { type: "checkbox", id: `trust-${i}`, "aria-describedby": `reason-${i}` });
    const replay = h("button", { type: "button", onclick: () => replayOne(shopId, d, trust?.checked ?? false, replay) }, "Replay");
    return h("tr", {},
      h("td", {}, when(d.receivedAt)),
      h("td", {}, d.topic ?? "–"),
      h("td", { id: `reason-${i}` }, d.reason),
      h("td", {}, d.signatureVerified ? badge("verified", "good") : badge("not verified", "warn")),
      h("td", {}, trust ? h("div", { class: "check" }, trust, h("label", { for: `trust-${i}` }, "I compared it with the shop's order")) : "", replay));
  });
  return [
    h("h1", {}, `Quarantine of ${shopId}`),
    h("p", {}, "A replay runs the delivery through the receiver's checks again, as if the shop had just sent it."),
    deliveries.length ? table(`${deliveries.length} delivery(ies), oldest first`, ["Received", "Topic", "Reason", "Signature", "Replay"], rows)
      : h("p", {}, badge("Nothing is quarantined", "good")),
  ];
}

async function replayOne(shopId, delivery, trustUnverified, button) {
  button.disabled = true;
  try {
    const result = await call("POST", shopPath(shopId, "/quarantine/replay"), { key: delivery.key, trustUnverified });
    flash(`Replayed: ${result.outcome}${result.reason ? ` (${result.reason})` : ""}${result.removedFromQuarantine ? "; removed from the quarantine" : ""}.`);
    button.closest("tr").remove();
  } catch (e) {
    flash(`Not replayed: ${e.message}`, true);
    button.disabled = false;
  }
}
