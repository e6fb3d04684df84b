package io.orderhook.admin;

import static io.orderhook.admin.AdminInput.boolField;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.orderhook.admin.AdminInput.BadRequest;
import io.orderhook.fraud.FraudSettings;
import io.orderhook.json.Json;

/**
 * The {@code fraud} object of a settings change: only the fields it names, each checked.
 * {@code {"fraud": {"enabled": true, "threshold": 20, "paymentMethods": ["bco"], "status": "fraud",
 * "captureUnscreened": true, "accountId": "123456", "licenseKeyRef": "shops/myshop/minfraud",
 * "endpoint": "https://minfraud.maxmind.com"}}}. The licence key itself never passes here: only its
 * secret reference.
 */
final class FraudSettingsChange {
    static final String FIELD = "fraud";
    private static final Set<String> FIELDS = Set.of("enabled", "threshold", "paymentMethods", "status",
            "captureUnscreened", "accountId", "licenseKeyRef", "endpoint");
    private static final Pattern STATUS = Pattern.compile("[a-z0-9_-]{1,17}");
    private static final Pattern PAYMENT_METHOD = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private FraudSettingsChange() {}

    static FraudSettings apply(FraudSettings c, JsonNode change) {
        if (!change.isObject()) {
            throw new BadRequest("fraud must be an object such as {\"enabled\": true, \"threshold\": 20}");
        }
        AdminInput.requireOnly(change, FIELDS, FIELD);
        double threshold = c.threshold();
        if (change.has("threshold")) {
            JsonNode given = change.get("threshold");
            if (!given.isNumber() || given.asDouble() < FraudSettings.MIN_THRESHOLD || given.asDouble() > FraudSettings.MAX_THRESHOLD) {
                throw new BadRequest("fraud.threshold is a minFraud risk score from 0.01 to 99, not " + given);
            }
            threshold = given.asDouble();
        }
        Set<String> methods = c.paymentMethods();
        if (change.has("paymentMethods")) {
            JsonNode given = change.get("paymentMethods");
            if (!given.isArray()) {
                throw new BadRequest("fraud.paymentMethods must be a list of payment method ids ([] for all of the shop's)");
            }
            methods = new LinkedHashSet<>();
            for (JsonNode method : given) {
                if (!method.isTextual() || !PAYMENT_METHOD.matcher(method.asText()).matches()) {
                    throw new BadRequest("fraud.paymentMethods holds a payment method id that is not one: " + method);
                }
                methods.add(method.asText());
            }
        }
        String status = c.status();
        if (change.has("status")) {
            status = change.get("status").asText();
            if (!change.get("status").isTextual() || !STATUS.matcher(status).matches()) {
                throw new BadRequest("fraud.status must be a status slug without wc- (such as fraud), not " + change.get("status"));
            }
        }
        try {
            return new FraudSettings(change.has("enabled") ? boolField(change, "enabled") : c.enabled(), threshold, methods,
                    status, change.has("captureUnscreened") ? boolField(change, "captureUnscreened") : c.captureUnscreened(),
                    text(change, "accountId", c.accountId()), text(change, "licenseKeyRef", c.licenseKeyRef()),
                    change.has("endpoint") ? AdminInput.url(text(change, "endpoint", ""), "fraud.endpoint").toString()
                            : c.endpoint());
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
    }

    static ObjectNode json(FraudSettings f) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("enabled", f.enabled());
        out.put("threshold", f.threshold());
        f.paymentMethods().stream().sorted().forEach(out.putArray("paymentMethods")::add);
        out.put("status", f.status());
        out.put("captureUnscreened", f.captureUnscreened());
        out.put("accountId", f.accountId());
        out.put("licenseKeyRef", f.licenseKeyRef());
        out.put("endpoint", f.endpoint());
        return out;
    }

    private static String text(JsonNode change, String field, String current) {
        if (!change.has(field)) {
            return current;
        }
        if (!change.get(field).isTextual()) {
            throw new BadRequest("fraud." + field + " must be text, not " + change.get(field));
        }
        return change.get(field).asText();
    }
}
