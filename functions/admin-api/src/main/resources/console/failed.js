// Orders orderhook gave up on, with why and how often it tried, and redrive (run again now).
import { h, when, table, badge } from "./dom.js";
import { get, call, shopPath } from "./api.js";
import { flash } from "./app.js";

export async function failedPage(shopId) {
  const list = await get(shopPath(shopId, "/failed"));
  const rows = list.failed.map((f) => {
    const redrive = h("button", { type: "button", onclick: () => redriveOne(shopId, f.orderId, redrive) }, `Redrive order ${f.orderId}`);
    return h("tr", {},
      h("th", { scope: "row" }, h("a", { href: `#/shops/${encodeURIComponent(shopId)}/orders/${f.orderId}` }, f.orderId)),
      h("td", {}, when(f.failedAt)),
      h("td", {}, f.reason),
      h("td", {}, String(f.attempts)),
      h("td", {}, redrive));
  });
  return [
    h("h1", {}, `Failed orders of ${shopId}`),
    h("p", {}, "Redrive runs the order through the processor again now, from what the shop holds."),
    list.failed.length ? table(`${list.failed.length} failed order(s)`, ["Order", "Failed", "Why", "Tries", "Redrive"], rows)
      : h("p", {}, badge("No failed orders", "good")),
  ];
}

async function redriveOne(shopId, orderId, button) {
  button.disabled = true;
  try {
    const result = await call("POST", shopPath(shopId, `/failed/${orderId}/redrive`));
    flash(`Order ${orderId} redriven: ${result.outcome}.`);
    button.closest("tr").remove();
  } catch (e) {
    flash(`Order ${orderId} was not redriven: ${e.message}`, true);
    button.disabled = false;
  }
}
