// The shop's settings as a form. Saving sends only what changed, with the version it was read at:
// when someone saved in between, the admin API refuses (409) and the page names what they changed.
import { h, badge } from "./dom.js";
import { get, call, shopPath, ApiError } from "./api.js";
import { flash } from "./app.js";

const LABELS = {
  orderManagementEnabled: "Enable order management", debugLog: "Debug log", debugLogTtlDays: "Debug log kept (days)",
  autoUpdate: "Update the reservation when the order changes", captureStatus: "Capture status",
  failureStatus: "Failure status", paymentMethods: "Payment methods", capture: "Capture trigger",
  providers: "Providers", paymentNumberFields: "Payment number fields", declines: "Declines", sweep: "Sweep",
};
const PROVIDERS = ["billmate", "klarna", "stripe"];

function check(id, label, checked, hint) {
  return h("div", { class: "check" },
    h("input", { type: "checkbox", id, name: id, checked, "aria-describedby": hint ? `${id}-hint` : null }),
    h("label", { for: id }, label, hint ? h("span", { class: "hint", id: `${id}-hint` }, hint) : ""));
}

function field(id, label, input, hint) {
  input.id = id;
  input.name = input.name || id;
  if (hint) input.setAttribute("aria-describedby", `${id}-hint`);
  return h("div", { class: "field" }, h("label", { for: id }, label, hint ? h("span", { class: "hint", id: `${id}-hint` }, hint) : ""), input);
}

const text = (value) => h("input", { type: "text", value: value ?? "", autocomplete: "off" });

function providerFields(method, account) {
  const id = (name) => `provider-${method}-${name}`;
  const select = h("select", {}, PROVIDERS.map((p) => h("option", { value: p, selected: p === account.provider }, p)));
  return h("fieldset", { "data-method": method }, h("legend", {}, `Payment method ${method}`),
    field(id("provider"), "Provider", select),
    field(id("accountId"), "Account id", text(account.accountId)),
    field(id("secretRef"), "Secret reference", text(account.secretRef), "the name of the secret, never the secret"),
    field(id("endpoint"), "Endpoint", text(account.endpoint), "a URL, or for Klarna eu, na or oc"),
    check(id("testMode"), "Test mode", account.testMode));
}

/** The settings as the form now says, in the API's shape. */
function read(form, loaded) {
  const v = (name) => form.elements[name].value.trim();
  const on = (name) => form.elements[name].checked;
  const providers = {};
  for (const set of form.querySelectorAll("fieldset[data-method]")) {
    const m = set.dataset.method;
    const val = (name) => form.elements[`provider-${m}-${name}`].value.trim() || null;
    providers[m] = { provider: val("provider"), accountId: val("accountId"), secretRef: val("secretRef"),
      endpoint: val("endpoint"), testMode: form.elements[`provider-${m}-testMode`].checked };
  }
  return {
    orderManagementEnabled: on("orderManagementEnabled"), debugLog: on("debugLog"),
    debugLogTtlDays: Number(v("debugLogTtlDays")), autoUpdate: on("autoUpdate"),
    captureStatus: v("captureStatus"), failureStatus: v("failureStatus"),
    paymentMethods: v("paymentMethods").split(",").map((s) => s.trim()).filter(Boolean).sort(),
    capture: { ...loaded.capture, trigger: v("captureTrigger") },
    providers,
  };
}

/** The fields of {@code now} that differ from {@code before}, as the API names them. */
function changed(before, now) {
  return Object.keys(now).filter((k) => JSON.stringify(now[k]) !== JSON.stringify(before[k]));
}

function describeChange(name, before, now) {
  const show = (value) => typeof value === "boolean" ? (value ? "on" : "off") : Array.isArray(value) ? value.join(", ") : typeof value === "object" ? "changed" : String(value);
  const was = show(before[name]);
  const is = show(now[name]);
  return was === is || is === "changed" ? `${LABELS[name] ?? name} (changed)` : `${LABELS[name] ?? name} (was ${was}, now ${is})`;
}

export async function settingsPage(shopId) {
  const loaded = await get(shopPath(shopId, "/settings"));
  const s = loaded.settings;
  const status = h("div", { id: "save-result", role: "alert" });
  const form = h("form", { id: "settings", novalidate: true },
    h("fieldset", {}, h("legend", {}, "Order management"),
      check("orderManagementEnabled", LABELS.orderManagementEnabled, s.orderManagementEnabled, "off: orderhook records the orders but calls no provider"),
      check("autoUpdate", LABELS.autoUpdate, s.autoUpdate, "send the order's new lines to the provider while the payment is reserved"),
      field("captureTrigger", "Capture trigger", h("select", { name: "captureTrigger" },
        ["status", "request", "either"].map((t) => h("option", { value: t, selected: t === s.capture.trigger }, t))),
        "status: when the order reaches the capture status; request: when asked (capture button, shipping plugin)"),
      field("captureStatus", LABELS.captureStatus, text(s.captureStatus), "the order status that captures the payment, e.g. completed"),
      field("failureStatus", LABELS.failureStatus, text(s.failureStatus), "the status orderhook sets when a capture or cancellation is refused")),
    h("fieldset", {}, h("legend", {}, "Debug log"),
      check("debugLog", LABELS.debugLog, s.debugLog, "keep each provider call of the next webhooks on the order's timeline"),
      field("debugLogTtlDays", LABELS.debugLogTtlDays, h("input", { type: "number", min: "1", max: "365", value: String(s.debugLogTtlDays) }))),
    h("fieldset", {}, h("legend", {}, "Payment methods and providers"),
      field("paymentMethods", LABELS.paymentMethods, text(s.paymentMethods.join(", ")), "WooCommerce gateway ids, separated by commas"),
      Object.entries(s.providers).map(([m, a]) => providerFields(m, a))),
    h("div", { class: "actions" }, h("button", { type: "submit" }, "Save settings"),
      h("span", { class: "muted" }, `version ${loaded.version}`)),
    status);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const now = read(form, s);
    const names = changed(s, now);
    if (!names.length) {
      status.replaceChildren(h("p", {}, "Nothing changed."));
      return;
    }
    const change = { expectedVersion: loaded.version };
    for (const n of names) change[n] = n === "providers"
      ? Object.fromEntries(Object.entries(now.providers).filter(([m, a]) => JSON.stringify(a) !== JSON.stringify(s.providers[m])))
      : now[n];
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      const saved = await call("PUT", shopPath(shopId, "/settings"), change);
      flash(`Saved: ${names.map((n) => describeChange(n, s, now)).join("; ")}. Version ${saved.version}.`);
      Object.assign(s, saved.settings);
      loaded.version = saved.version;
      form.querySelector(".actions .muted").textContent = `version ${saved.version}`;
      status.replaceChildren();
    } catch (err) {
      status.replaceChildren(conflictOrError(err, s, loaded.version));
    } finally {
      button.disabled = false;
    }
  });
  return [h("h1", {}, `Settings of ${shopId}`), form];
}

function conflictOrError(err, before, version) {
  if (err instanceof ApiError && err.status === 409 && err.body?.current) {
    const current = err.body.current;
    const theirs = changed(before, current.settings);
    return h("div", { class: "conflict" },
      h("p", { class: "problem" }, `Not saved: someone saved these settings after you opened them (version ${current.version}, you had ${version}).`),
      h("p", {}, theirs.length ? `They changed: ${theirs.map((n) => describeChange(n, before, current.settings)).join("; ")}.` : "They saved the same values."),
      h("p", {}, h("a", { href: location.hash, onclick: (e) => { e.preventDefault(); dispatchEvent(new HashChangeEvent("hashchange")); } },
        "Reload the settings"), " and make your change again."));
  }
  return h("p", { class: "problem" }, `Not saved: ${err.message}`);
}
