package io.orderhook.admin;

import static io.orderhook.admin.AdminInput.boolField;
import static io.orderhook.admin.AdminInput.longField;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.admin.AdminInput.BadRequest;
import io.orderhook.json.Json;
import io.orderhook.lifecycle.OrderStatuses;
import io.orderhook.shop.ShopConfig;
import io.orderhook.shop.ShopSettings;
import io.orderhook.shop.SweepSettings;

/**
 * A shop's order-management settings as JSON, and a change to them: only the fields it names,
 * each one checked (the admin API's PUT, and local mode's shop file).
 */
public final class SettingsChange {
    /** The fields a change may name. */
    static final Set<String> FIELDS = Set.of("orderManagementEnabled", "debugLog", "debugLogTtlDays",
            "paymentMethods", "captureStatus", "failureStatus", "autoUpdate", "paymentNumberFields", "expectedVersion",
            CaptureSettingsChange.FIELD, ProviderSettingsJson.FIELD, "declines", "sweep", CreditSettingsChange.FIELD,
            FraudSettingsChange.FIELD);
    private static final Set<String> SWEEP_FIELDS = Set.of("reactivateWebhook", "overlapSeconds", "settleSeconds");

    /** WordPress post statuses are at most 20 characters and WooCommerce adds "wc-". */
    private static final Pattern STATUS = Pattern.compile("[a-z0-9_-]{1,17}");
    private static final Pattern PAYMENT_METHOD = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** WordPress meta keys as plugins name them (_billmate_transaction_id, billmate_invoice_id). */
    private static final Pattern META_KEY = Pattern.compile("[A-Za-z0-9_-]{1,100}");

    private SettingsChange() {}

    /**
     * The current settings with the fields the change names replaced; each one checked.
     *
     * @throws IllegalArgumentException naming the field that is wrong and why
     */
    public static ShopSettings apply(ShopSettings s, JsonNode change) {
        ShopSettings changed = s;
        if (change.has("orderManagementEnabled")) {
            changed = changed.withOrderManagement(boolField(change, "orderManagementEnabled"));
        }
        if (change.has("debugLog")) {
            changed = changed.withDebugLog(boolField(change, "debugLog"));
        }
        if (change.has("debugLogTtlDays")) {
            long days = longField(change, "debugLogTtlDays");
            if (days < 1 || days > 365) {
                throw new BadRequest("debugLogTtlDays must be 1 to 365, not " + days);
            }
            changed = changed.withDebugLogTtlDays((int) days);
        }
        if (change.has("paymentMethods")) {
            changed = changed.withPaymentMethods(paymentMethods(change.get("paymentMethods")));
        }
        if (change.has("captureStatus")) {
            changed = changed.withCaptureStatus(status(change, "captureStatus"));
        }
        if (change.has("failureStatus")) {
            changed = changed.withFailureStatus(status(change, "failureStatus"));
        }
        if (change.has("autoUpdate")) {
            changed = changed.withAutoUpdate(boolField(change, "autoUpdate"));
        }
        String capture = changed.captureStatus();
        String failure = changed.failureStatus();
        Optional<String> problem = OrderStatuses.captureStatusProblem(capture)
                .or(() -> OrderStatuses.failureStatusProblem(failure, capture));
        if (problem.isPresent()) {
            throw new BadRequest(problem.get());
        }
        if (change.has("paymentNumberFields")) {
            changed = changed.withPaymentNumberFields(paymentNumberFields(change.get("paymentNumberFields")));
        }
        if (change.has(CaptureSettingsChange.FIELD)) {
            changed = changed.withCapture(CaptureSettingsChange.apply(changed.capture(), change.get(CaptureSettingsChange.FIELD)));
        }
        if (change.has(ProviderSettingsJson.FIELD)) {
            changed = changed.withProviders(ProviderSettingsJson.apply(changed.providers(), change.get(ProviderSettingsJson.FIELD)));
        }
        if (change.has("declines")) {
            changed = changed.withDeclines(DeclinesChange.apply(changed.declines(), change.get("declines"), capture));
        }
        if (change.has("sweep")) {
            changed = changed.withSweep(sweep(changed.sweep(), change.get("sweep")));
        }
        if (change.has(CreditSettingsChange.FIELD)) {
            changed = changed.withCredit(CreditSettingsChange.apply(changed.credit(), change.get(CreditSettingsChange.FIELD)));
        }
        if (change.has(FraudSettingsChange.FIELD)) {
            changed = changed.withFraud(FraudSettingsChange.apply(changed.fraud(), change.get(FraudSettingsChange.FIELD)));
        }
        return changed;
    }

    static ObjectNode json(ShopConfig config) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("shopId", config.shopId());
        out.put("version", config.version());
        ShopSettings s = config.settings();
        ObjectNode settings = out.putObject("settings");
        settings.put("orderManagementEnabled", s.orderManagementEnabled());
        settings.put("debugLog", s.debugLog());
        settings.put("debugLogTtlDays", s.debugLogTtlDays());
        ArrayNode methods = settings.putArray("paymentMethods");
        s.paymentMethods().stream().sorted().forEach(methods::add);
        settings.put("captureStatus", s.captureStatus());
        settings.put("failureStatus", s.failureStatus());
        settings.put("autoUpdate", s.autoUpdate());
        ArrayNode numberFields = settings.putArray("paymentNumberFields");
        s.paymentNumberFields().forEach(numberFields::add);
        settings.set(CaptureSettingsChange.FIELD, CaptureSettingsChange.json(s.capture()));
        settings.set(ProviderSettingsJson.FIELD, ProviderSettingsJson.json(s.providers()));
        DeclinesChange.write(settings, s.declines());
        settings.putObject("sweep").put("reactivateWebhook", s.sweep().reactivateWebhook())
                .put("overlapSeconds", s.sweep().overlapSeconds()).put("settleSeconds", s.sweep().settleSeconds());
        settings.set(CreditSettingsChange.FIELD, CreditSettingsChange.json(s.credit()));
        settings.set(FraudSettingsChange.FIELD, FraudSettingsChange.json(s.fraud()));
        return out;
    }

    /** {@code "sweep": {"reactivateWebhook": true, "overlapSeconds": 120, "settleSeconds": 300}}, any of the three. */
    private static SweepSettings sweep(SweepSettings current, JsonNode change) {
        if (!change.isObject()) {
            throw new BadRequest("sweep must be an object such as {\"reactivateWebhook\": true}");
        }
        change.fieldNames().forEachRemaining(name -> {
            if (!SWEEP_FIELDS.contains(name)) {
                throw new BadRequest("sweep has no setting '" + AdminInput.printable(name) + "'; its settings are "
                        + String.join(", ", SWEEP_FIELDS.stream().sorted().toList()));
            }
        });
        boolean reactivate = change.has("reactivateWebhook") ? boolField(change, "reactivateWebhook") : current.reactivateWebhook();
        long overlap = change.has("overlapSeconds") ? longField(change, "overlapSeconds") : current.overlapSeconds();
        long settle = change.has("settleSeconds") ? longField(change, "settleSeconds") : current.settleSeconds();
        if (overlap < 0 || overlap > SweepSettings.MAX_SECONDS || settle < 0 || settle > SweepSettings.MAX_SECONDS) {
            throw new BadRequest("sweep.overlapSeconds and sweep.settleSeconds must be 0 to " + SweepSettings.MAX_SECONDS
                    + ", not " + overlap + " and " + settle);
        }
        return new SweepSettings(reactivate, (int) overlap, (int) settle);
    }

    private static Set<String> paymentMethods(JsonNode list) {
        if (!list.isArray()) {
            throw new BadRequest("paymentMethods must be a list of WooCommerce payment method ids, e.g. [\"bco\"]");
        }
        Set<String> named = new LinkedHashSet<>();
        for (JsonNode method : list) {
            if (!method.isTextual() || !PAYMENT_METHOD.matcher(method.asText()).matches()) {
                throw new BadRequest("payment method " + method + " is not a WooCommerce gateway id (letters, digits, - and _)");
            }
            named.add(method.asText());
        }
        if (named.isEmpty()) {
            // The reconciler ignores orders of other payment methods: an empty list silently stops everything.
            throw new BadRequest("paymentMethods must name at least one WooCommerce payment method id (e.g. [\"bco\"]); "
                    + "to stop order management, set orderManagementEnabled to false instead");
        }
        return named;
    }

    private static List<String> paymentNumberFields(JsonNode list) {
        if (!list.isArray() || list.isEmpty()) {
            throw new BadRequest("paymentNumberFields must list where orders keep the payment number, first found wins, "
                    + "e.g. [\"transaction_id\", \"_billmate_transaction_id\"]");
        }
        List<String> named = new ArrayList<>();
        for (JsonNode field : list) {
            if (!field.isTextual() || !META_KEY.matcher(field.asText()).matches()) {
                throw new BadRequest("payment number field " + field + " is not transaction_id or an order meta key "
                        + "(letters, digits, _ and -)");
            }
            named.add(field.asText());
        }
        return named;
    }

    static String status(JsonNode change, String field) {
        JsonNode value = change.get(field);
        String text = value.isTextual() ? value.asText() : "";
        if (text.startsWith("wc-")) {
            // The REST API takes statuses without the prefix the database stores them with.
            String bare = text.substring(3);
            throw new BadRequest(field + " is given without WooCommerce's wc- prefix"
                    + (STATUS.matcher(bare).matches() ? ": use '" + bare + "'" : ", as 1 to 17 lower-case letters, digits, - or _"));
        }
        if (!STATUS.matcher(text).matches()) {
            throw new BadRequest(field + " must be an order status slug of 1 to 17 lower-case letters, digits, - or _ "
                    + "(e.g. completed, shipped), not " + value);
        }
        return text;
    }
}
