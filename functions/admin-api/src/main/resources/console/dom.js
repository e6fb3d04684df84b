// Building the page from data: elements with text content only (never HTML from the API), so a
// note or a log line can never run as markup.

/** h("a", {href: "#/"}, "Shops"): an element with attributes and children (text or elements). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith("on")) el.addEventListener(name.slice(2), value);
    else if (name === "class") el.className = value;
    else el.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/** Minor units (öre, cents) as "1,234.50 SEK"; orderhook never holds money as a fraction. */
export function money(minor, currency = "") {
  if (minor === null || minor === undefined) return "–";
  const sign = minor < 0 ? "-" : "";
  const abs = Math.abs(minor);
  const whole = Math.floor(abs / 100).toLocaleString("en");
  const cents = String(abs % 100).padStart(2, "0");
  return `${sign}${whole}.${cents}${currency ? " " + currency : ""}`;
}

/** An ISO instant as the reader's local time, with the exact instant on hover. */
export function when(iso) {
  if (!iso) return h("span", { class: "muted" }, "never");
  const date = new Date(iso);
  return h("time", { datetime: iso, title: iso }, isNaN(date) ? iso : date.toLocaleString("en-GB"));
}

export function badge(text, tone = "") {
  return h("span", { class: `badge ${tone}` }, text);
}

/** A two-column list of facts: [["Webhook", "active"], ...]. */
export function facts(rows) {
  return h("dl", { class: "facts" }, rows.flatMap(([term, value]) => [h("dt", {}, term), h("dd", {}, value)]));
}

export function table(caption, headings, rows) {
  return h("div", { class: "table-wrap" }, h("table", {},
    h("caption", { class: "muted" }, caption),
    h("thead", {}, h("tr", {}, headings.map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, rows)));
}

const TONES = {
  "pending-payment": "", reserved: "", captured: "good", "part-refunded": "good", complete: "good",
  refunded: "", cancelled: "", failed: "bad", suspended: "bad",
};

export function paymentBadge(status) {
  return badge(status, TONES[status] ?? "");
}
