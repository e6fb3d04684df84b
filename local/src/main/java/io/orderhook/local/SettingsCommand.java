package io.orderhook.local;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import io.orderhook.json.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code orderhook settings}: a shop's order-management settings through the admin route. */
@Command(name = "settings", description = {"Shows or changes a shop's order-management settings.",
        "A change takes effect for the next webhook. Without options it shows them."})
final class SettingsCommand implements Callable<Integer> {
    @Parameters(paramLabel = "<shop>", description = "The shop id, e.g. demo.")
    private String shop;
    @Option(names = "--enabled", arity = "1", paramLabel = "on|off", converter = OnOff.class,
            description = "Whether orderhook manages the shop's orders at all.")
    private Boolean enabled;
    @Option(names = "--debug-log", arity = "1", paramLabel = "on|off", converter = OnOff.class,
            description = "Records every provider and shop call (see orderhook orders).")
    private Boolean debugLog;
    @Option(names = "--capture-status", paramLabel = "S", description = "The order status that activates the payment, e.g. completed or shipped.")
    private String captureStatus;
    @Option(names = "--failure-status", paramLabel = "S", description = "The status orderhook sets when Billmate refuses an activation or cancel, e.g. on-hold.")
    private String failureStatus;
    @Option(names = "--payment-methods", paramLabel = "a,b", description = "The payment methods orderhook handles, e.g. bco,billmate_invoice.")
    private String paymentMethods;
    @Option(names = "--capture-trigger", paramLabel = "status|request|either",
            description = "What captures: the capture status, a capture request (orderhook capture, the admin route, the "
                    + "order meta key), or either.")
    private String captureTrigger;
    @Option(names = "--capture-meta-key", paramLabel = "KEY",
            description = "The order meta key a shipping plugin sets to request the capture (default _orderhook_capture).")
    private String captureMetaKey;
    @Option(names = "--expiry-warning-days", paramLabel = "N",
            description = "How many days before an uncaptured authorisation lapses the merchant is warned (default 2).")
    private Integer expiryWarningDays;
    @Option(names = "--extend-authorisation", arity = "1", paramLabel = "on|off", converter = OnOff.class,
            description = "Whether orderhook extends an authorisation about to lapse where the provider can (Klarna).")
    private Boolean extendAuthorisation;
    @Option(names = "--method-provider", paramLabel = "METHOD=PROVIDER,secretRef=R[,accountId=A][,endpoint=E][,testMode=on]",
            description = {"Sends a payment method's orders to a provider account, e.g. "
                    + "kco=klarna,secretRef=demo/klarnaSecret,endpoint=eu. Repeatable."})
    private List<String> methodProviders = List.of();
    @Option(names = "--method-provider-off", paramLabel = "METHOD",
            description = "Sends a payment method's orders back to the shop's own provider account. Repeatable.")
    private List<String> methodProvidersOff = List.of();
    @Option(names = "--declines", paramLabel = "JSON", description = "Changes the decline settings named in this JSON "
            + "object, e.g. '{\"retryHours\":[12,24],\"hardStatus\":\"suspended\"}' (see docs/OPERATIONS.md).")
    private String declines;
    @Option(names = "--credit", paramLabel = "JSON", description = "Changes the credit-ordering settings named in this JSON "
            + "object, e.g. '{\"paymentMethods\":[\"invoice\"],\"accounts\":{\"buyer@acme.example\":{\"limit\":500000}}}'"
            + " (see docs/OPERATIONS.md).")
    private String credit;
    @Option(names = "--fraud", paramLabel = "JSON", description = "Changes the fraud screening settings named in this JSON "
            + "object, e.g. '{\"enabled\":true,\"threshold\":20}' (see docs/OPERATIONS.md).")
    private String fraud;
    @Mixin
    private StackUrl stack;
    @Spec
    private CommandLine.Model.CommandSpec spec;

    private final Terminal terminal;

    SettingsCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        Map<String, Object> change = new LinkedHashMap<>();
        putIfGiven(change, "orderManagementEnabled", enabled);
        putIfGiven(change, "debugLog", debugLog);
        putIfGiven(change, "captureStatus", captureStatus);
        putIfGiven(change, "failureStatus", failureStatus);
        if (paymentMethods != null) {
            change.put("paymentMethods", Arrays.stream(paymentMethods.split(",")).map(String::trim).filter(m -> !m.isEmpty()).toList());
        }
        Map<String, Object> capture = new LinkedHashMap<>();
        putIfGiven(capture, "trigger", captureTrigger);
        putIfGiven(capture, "metaKey", captureMetaKey);
        putIfGiven(capture, "expiryWarningDays", expiryWarningDays);
        putIfGiven(capture, "extendAllowed", extendAuthorisation);
        if (!capture.isEmpty()) {
            change.put("capture", capture);
        }
        if (!methodProviders.isEmpty() || !methodProvidersOff.isEmpty()) {
            Map<String, Object> routes = new LinkedHashMap<>();
            for (String route : methodProviders) {
                Map.Entry<String, Map<String, Object>> parsed = MethodProvider.parse(route);
                if (parsed == null) {
                    terminal.err().println("orderhook settings: --method-provider takes METHOD=PROVIDER,secretRef=R[,accountId=A]"
                            + "[,endpoint=E][,testMode=on], not '" + route + "'");
                    return 2;
                }
                routes.put(parsed.getKey(), parsed.getValue());
            }
            methodProvidersOff.forEach(method -> routes.put(method.trim(), null));
            change.put("providers", routes);
        }
        if (declines != null) {
            change.put("declines", jsonObject("--declines", declines, "{\"hardStatus\":\"suspended\"}"));
        }
        if (credit != null) {
            change.put("credit", jsonObject("--credit", credit, "{\"paymentMethods\":[\"invoice\"]}"));
        }
        if (fraud != null) {
            change.put("fraud", jsonObject("--fraud", fraud, "{\"enabled\":true,\"threshold\":20}"));
        }
        LocalHttp http = new LocalHttp(stack.url);
        LocalHttp.Answer answer = change.isEmpty() ? http.get("/admin/shops/" + shop + "/settings")
                : http.put("/admin/shops/" + shop + "/settings", change);
        if (!answer.ok()) {
            terminal.err().println("orderhook settings: " + answer.reason());
            return 1;
        }
        JsonNode settings = answer.body().get("settings");
        terminal.out().println((change.isEmpty() ? "settings of " : "saved; settings of ") + shop + " (version "
                + answer.body().get("version").asLong() + ", used from the next webhook on):");
        settings.fields().forEachRemaining(f -> {
            if (f.getValue().isObject()) {
                terminal.out().printf("  %s%n", f.getKey());
                f.getValue().fields().forEachRemaining(m -> terminal.out().printf("    %-22s %s%n", m.getKey(), m.getValue()));
            } else {
                terminal.out().printf("  %-24s %s%n", f.getKey(), f.getValue().isTextual() ? f.getValue().asText() : f.getValue());
            }
        });
        return 0;
    }

    private JsonNode jsonObject(String option, String text, String example) {
        try {
            JsonNode object = Json.MAPPER.readTree(text);
            if (object != null && object.isObject()) {
                return object;
            }
        } catch (java.io.IOException e) {
            // answered below
        }
        throw new CommandLine.ParameterException(spec.commandLine(), option + " takes a JSON object such as '"
                + example + "', not " + text);
    }

    private static void putIfGiven(Map<String, Object> change, String field, Object value) {
        if (value != null) {
            change.put(field, value);
        }
    }
}
