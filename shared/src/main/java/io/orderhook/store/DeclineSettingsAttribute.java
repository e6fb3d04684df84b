package io.orderhook.store;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.orderhook.shop.DeclineSettings;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** {@link DeclineSettings} as the map {@code declines} inside a shop's settings; missing fields read as the defaults. */
final class DeclineSettingsAttribute {
    static final String NAME = "declines";

    private DeclineSettingsAttribute() {}

    static AttributeValue write(DeclineSettings d) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put("retryHours", AttributeValue.fromL(d.retryHours().stream().map(h -> AttributeValue.fromN(h.toString())).toList()));
        Attributes.putS(m, "softStatus", d.softStatus());
        Attributes.putS(m, "hardStatus", d.hardStatus());
        Attributes.putS(m, "reviewStatus", d.reviewStatus());
        m.put("payAnotherWay", AttributeValue.fromBool(d.payAnotherWay()));
        Attributes.putS(m, "payAnotherWayStatus", d.payAnotherWayStatus());
        Attributes.putS(m, "payAnotherWayNote", d.payAnotherWayNote());
        return AttributeValue.fromM(m);
    }

    static DeclineSettings read(AttributeValue value) {
        DeclineSettings d = DeclineSettings.defaults();
        if (value == null || !value.hasM()) {
            return d;
        }
        Map<String, AttributeValue> m = value.m();
        AttributeValue hours = m.get("retryHours");
        List<Integer> retryHours = hours != null && hours.hasL()
                ? hours.l().stream().map(h -> Integer.parseInt(h.n())).toList() : d.retryHours();
        AttributeValue payAnotherWay = m.get("payAnotherWay");
        return new DeclineSettings(retryHours,
                or(Attributes.s(m, "softStatus"), d.softStatus()),
                Attributes.s(m, "hardStatus"),
                or(Attributes.s(m, "reviewStatus"), d.reviewStatus()),
                payAnotherWay != null && payAnotherWay.bool() != null ? payAnotherWay.bool() : d.payAnotherWay(),
                or(Attributes.s(m, "payAnotherWayStatus"), d.payAnotherWayStatus()),
                or(Attributes.s(m, "payAnotherWayNote"), d.payAnotherWayNote()));
    }

    private static String or(String value, String fallback) {
        return value != null ? value : fallback;
    }
}
