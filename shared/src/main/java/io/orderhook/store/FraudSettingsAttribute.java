package io.orderhook.store;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import io.orderhook.fraud.FraudSettings;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** {@link FraudSettings} as the map {@code fraud} inside a shop's settings; missing fields read as the defaults. */
final class FraudSettingsAttribute {
    static final String NAME = "fraud";

    private FraudSettingsAttribute() {}

    static AttributeValue write(FraudSettings f) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put("enabled", AttributeValue.fromBool(f.enabled()));
        m.put("threshold", AttributeValue.fromN(Double.toString(f.threshold())));
        // A list, not a string set: DynamoDB refuses empty sets, and "every method" is the empty list.
        m.put("paymentMethods", AttributeValue.fromL(f.paymentMethods().stream().sorted().map(AttributeValue::fromS).toList()));
        Attributes.putS(m, "status", f.status());
        m.put("captureUnscreened", AttributeValue.fromBool(f.captureUnscreened()));
        Attributes.putS(m, "accountId", f.accountId());
        Attributes.putS(m, "licenseKeyRef", f.licenseKeyRef());
        Attributes.putS(m, "endpoint", f.endpoint());
        return AttributeValue.fromM(m);
    }

    static FraudSettings read(AttributeValue value) {
        FraudSettings d = FraudSettings.defaults();
        if (value == null || !value.hasM()) {
            return d;
        }
        Map<String, AttributeValue> m = value.m();
        Set<String> methods = new LinkedHashSet<>();
        AttributeValue stored = m.get("paymentMethods");
        if (stored != null && stored.hasL()) {
            stored.l().forEach(v -> methods.add(v.s()));
        }
        return new FraudSettings(bool(m, "enabled", d.enabled()),
                m.containsKey("threshold") ? Double.parseDouble(m.get("threshold").n()) : d.threshold(),
                methods,
                or(Attributes.s(m, "status"), d.status()),
                bool(m, "captureUnscreened", d.captureUnscreened()),
                or(Attributes.s(m, "accountId"), d.accountId()),
                or(Attributes.s(m, "licenseKeyRef"), d.licenseKeyRef()),
                or(Attributes.s(m, "endpoint"), d.endpoint()));
    }

    private static boolean bool(Map<String, AttributeValue> m, String name, boolean fallback) {
        AttributeValue v = m.get(name);
        return v == null || v.bool() == null ? fallback : v.bool();
    }

    private static String or(String value, String fallback) {
        return value != null ? value : fallback;
    }
}
