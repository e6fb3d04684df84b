// The console's pages by address (#/shops/demo/orders/42 ...), each drawn from the admin API.
import { h } from "./dom.js";
import { signIn } from "./signin.js";
import { shopsPage } from "./shops.js";
import { shopPage } from "./shop.js";
import { timelinePage } from "./timeline.js";
import { quarantinePage } from "./quarantine.js";
import { failedPage } from "./failed.js";
import { settingsPage } from "./settings.js";

const ROUTES = [
  [/^#\/?$/, () => shopsPage()],
  [/^#\/shops\/([^/]+)$/, (shop) => shopPage(shop)],
  [/^#\/shops\/([^/]+)\/orders\/(\d+)$/, (shop, order) => timelinePage(shop, order)],
  [/^#\/shops\/([^/]+)\/quarantine$/, (shop) => quarantinePage(shop)],
  [/^#\/shops\/([^/]+)\/failed$/, (shop) => failedPage(shop)],
  [/^#\/shops\/([^/]+)\/settings$/, (shop) => settingsPage(shop)],
];

/** Says something to the reader (and to a screen reader, through the live region). */
export function flash(text, error = false) {
  const box = document.getElementById("flash");
  box.className = error ? "error" : "";
  box.textContent = text;
}

function crumbs(parts) {
  const nav = document.getElementById("crumbs");
  nav.replaceChildren(h("ol", {}, parts.map(([label, href], i) =>
    h("li", {}, i === parts.length - 1 ? h("span", { "aria-current": "page" }, label) : h("a", { href }, label)))));
}

async function show() {
  const page = document.getElementById("page");
  flash("");
  const hash = location.hash || "#/";
  for (const [pattern, draw] of ROUTES) {
    const m = hash.match(pattern);
    if (!m) continue;
    const args = m.slice(1).map(decodeURIComponent);
    const shop = args[0];
    const trail = [["Shops", "#/"]];
    if (shop) trail.push([shop, `#/shops/${encodeURIComponent(shop)}`]);
    const section = hash.split("/")[3];
    if (section) trail.push([section === "orders" ? `Order ${args[1]}` : section[0].toUpperCase() + section.slice(1), hash]);
    crumbs(trail);
    page.replaceChildren(h("p", {}, "Loading…"));
    try {
      const content = await draw(...args);
      page.replaceChildren(...[content].flat());
    } catch (e) {
      page.replaceChildren(h("h1", {}, "This page could not be read"), h("p", { class: "problem" }, e.message));
    }
    document.title = `${page.querySelector("h1")?.textContent ?? "orderhook"} · orderhook console`;
    page.focus();
    return;
  }
  page.replaceChildren(h("h1", {}, "No such page"), h("p", {}, h("a", { href: "#/" }, "Back to the shops")));
}

addEventListener("hashchange", show);
signIn().then(show);
