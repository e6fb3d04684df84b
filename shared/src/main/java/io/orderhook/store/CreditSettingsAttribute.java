package io.orderhook.store;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import io.orderhook.credit.CreditSettings;
import io.orderhook.credit.CreditSettings.BookAccount;
import io.orderhook.credit.CreditSettings.SageAccount;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@link CreditSettings} as the map {@code credit} inside a shop's settings; missing fields (an item
 * written before credit ordering existed) read as the defaults.
 */
final class CreditSettingsAttribute {
    static final String NAME = "credit";

    private CreditSettingsAttribute() {}

    static AttributeValue write(CreditSettings c) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put("paymentMethods", AttributeValue.fromL(c.paymentMethods().stream().sorted().map(AttributeValue::fromS).toList()));
        Attributes.putS(m, "pendingStatus", c.pendingStatus());
        Attributes.putS(m, "failedStatus", c.failedStatus());
        Attributes.putS(m, "pendingNote", c.pendingNote());
        m.put("payAnotherWay", AttributeValue.fromBool(c.payAnotherWay()));
        Attributes.putS(m, "source", c.source().wireName());
        Map<String, AttributeValue> sage = new HashMap<>();
        Attributes.putS(sage, "endpoint", c.sage().endpoint());
        Attributes.putS(sage, "tokenRef", c.sage().tokenRef());
        Attributes.putS(sage, "businessId", c.sage().businessId());
        m.put("sage", AttributeValue.fromM(sage));
        Map<String, AttributeValue> accounts = new HashMap<>();
        c.accounts().forEach((email, account) -> accounts.put(email, AttributeValue.fromM(Map.of(
                "limit", AttributeValue.fromN(Long.toString(account.limit())),
                "onHold", AttributeValue.fromBool(account.onHold())))));
        m.put("accounts", AttributeValue.fromM(accounts));
        return AttributeValue.fromM(m);
    }

    static CreditSettings read(AttributeValue value) {
        CreditSettings d = CreditSettings.defaults();
        if (value == null || !value.hasM()) {
            return d;
        }
        Map<String, AttributeValue> m = value.m();
        Set<String> methods = new LinkedHashSet<>(Attributes.strings(m, "paymentMethods"));
        AttributeValue sageValue = m.get("sage");
        SageAccount sage = d.sage();
        if (sageValue != null && sageValue.hasM()) {
            Map<String, AttributeValue> s = sageValue.m();
            sage = new SageAccount(or(Attributes.s(s, "endpoint"), sage.endpoint()), Attributes.s(s, "tokenRef"),
                    Attributes.s(s, "businessId"));
        }
        Map<String, BookAccount> accounts = new HashMap<>();
        AttributeValue book = m.get("accounts");
        if (book != null && book.hasM()) {
            book.m().forEach((email, account) -> {
                if (account.hasM()) {
                    accounts.put(email, new BookAccount(Attributes.n(account.m(), "limit"), Attributes.bool(account.m(), "onHold")));
                }
            });
        }
        AttributeValue payAnotherWay = m.get("payAnotherWay");
        String source = Attributes.s(m, "source");
        return new CreditSettings(methods, or(Attributes.s(m, "pendingStatus"), d.pendingStatus()),
                or(Attributes.s(m, "failedStatus"), d.failedStatus()), or(Attributes.s(m, "pendingNote"), d.pendingNote()),
                payAnotherWay != null && payAnotherWay.bool() != null ? payAnotherWay.bool() : d.payAnotherWay(),
                source == null ? d.source() : CreditSettings.Source.parse(source), sage, accounts);
    }

    private static String or(String value, String fallback) {
        return value != null ? value : fallback;
    }
}
