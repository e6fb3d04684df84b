package io.orderhook.store;

import java.time.Instant;
import java.util.Map;

import io.orderhook.lifecycle.AuthorisationExpiry;
import io.orderhook.lifecycle.OrderState;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A reservation's lapse time on the order's {@code STATE} item ({@code lapsesAt}) and, while the
 * order is reserved and its lapse not yet handled, the keys of the sparse, keys-only index
 * {@code expiry}: {@code expiryPk = EXPIRY#{shop}#WATCH} until the merchant was warned about this
 * lapse time, {@code EXPIRY#{shop}#WARNED} after; {@code expirySk = {lapsesAt, fixed width}#{PK}}.
 * So the expiry scan asks for exactly what needs it: watched orders lapsing within the shop's warning
 * days, and warned ones whose lapse has come. A captured or cancelled order leaves the index.
 */
public final class ExpiryKeys {
    static final String ATTR_LAPSES_AT = "lapsesAt";

    /** The index partition of a shop's orders not yet warned ({@code warned} false) or warned. */
    public static String partition(String shopId, boolean warned) {
        return "EXPIRY#" + shopId + (warned ? "#WARNED" : "#WATCH");
    }

    /** The sort key of every order lapsing before {@code at}, whatever order follows ('#' sorts before '$'). */
    public static String before(Instant at) {
        return SortKeys.time(at) + "$";
    }

    private ExpiryKeys() {}

    static void put(Map<String, AttributeValue> item, OrderState s) {
        Attributes.putInstant(item, ATTR_LAPSES_AT, s.lapsesAt());
        if (!AuthorisationExpiry.watched(s)) {
            return;
        }
        String pk = InboxItem.partitionKey(s.shopId(), s.orderId());
        item.put(TableDefinition.EXPIRY_PK, AttributeValue.fromS(partition(s.shopId(), AuthorisationExpiry.warned(s))));
        item.put(TableDefinition.EXPIRY_SK, AttributeValue.fromS(SortKeys.time(s.lapsesAt()) + "#" + pk));
    }

    static Instant lapsesAt(Map<String, AttributeValue> item) {
        return Attributes.instant(item, ATTR_LAPSES_AT);
    }
}
