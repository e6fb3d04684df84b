package io.orderhook.store;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.orderhook.credit.CreditCheck;
import io.orderhook.credit.CreditDecision;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The mapper of an order's credit check item ({@code PK = SHOP#..#ORDER#..}, {@code SK = CREDIT}).
 * While the check is pending it carries the keys of the sparse {@code due} index with the time
 * its next lookup may start, so the due-retries job wakes the order then as it wakes a declined step.
 */
final class CreditCheckItem {
    static final String SK = "CREDIT";
    static final String TYPE = "CREDIT_CHECK";

    private CreditCheckItem() {}

    static Map<String, AttributeValue> toItem(CreditCheck c, long version) {
        String pk = InboxItem.partitionKey(c.shopId(), c.orderId());
        Map<String, AttributeValue> item = new HashMap<>(Attributes.key(pk, SK));
        item.put("type", AttributeValue.fromS(TYPE));
        Attributes.putS(item, InboxItem.ATTR_SHOP, c.shopId());
        Attributes.putS(item, InboxItem.ATTR_ORDER, c.orderId());
        Attributes.putS(item, "state", c.state().name());
        Attributes.putS(item, "naturalStatus", c.naturalStatus());
        Attributes.putS(item, "customerKey", c.customerKey());
        Attributes.putN(item, "total", c.total());
        Attributes.putS(item, "currency", c.currency());
        Attributes.putN(item, "lookups", c.lookups());
        Attributes.putInstant(item, "startedAt", c.startedAt());
        Attributes.putInstant(item, "dueAt", c.dueAt());
        Attributes.putS(item, "lastError", c.lastError());
        if (c.figures() != null) {
            CreditDecision.Figures f = c.figures();
            Map<String, AttributeValue> m = new HashMap<>();
            Attributes.putS(m, "source", f.source());
            Attributes.putS(m, "reference", f.reference());
            Attributes.putN(m, "limit", f.limit());
            Attributes.putN(m, "balance", f.balance());
            Attributes.putN(m, "exposure", f.exposure());
            Attributes.putN(m, "orderTotal", f.orderTotal());
            m.put("onHold", AttributeValue.fromBool(f.onHold()));
            item.put("figures", AttributeValue.fromM(m));
        }
        item.put("reasons", Attributes.list(c.reasons().stream().map(CreditDecision.Reason::wireName).toList()));
        Attributes.putInstant(item, "decidedAt", c.decidedAt());
        Attributes.putS(item, "endedBy", c.endedBy());
        item.put("reserved", AttributeValue.fromBool(c.reserved()));
        Attributes.putN(item, "version", version);
        if (c.state() == CreditCheck.State.PENDING && c.dueAt() != null) {
            item.put(TableDefinition.DUE_PK, AttributeValue.fromS(DueRetryKeys.shard(pk)));
            item.put(TableDefinition.DUE_SK, AttributeValue.fromS(DueRetryKeys.sortKey(c.dueAt(), pk)));
        }
        return item;
    }

    static CreditCheck fromItem(Map<String, AttributeValue> item) {
        AttributeValue figuresValue = item.get("figures");
        CreditDecision.Figures figures = null;
        if (figuresValue != null && figuresValue.hasM()) {
            Map<String, AttributeValue> m = figuresValue.m();
            figures = new CreditDecision.Figures(Attributes.s(m, "source"), Attributes.s(m, "reference"),
                    Attributes.n(m, "limit"), Attributes.n(m, "balance"), Attributes.n(m, "exposure"),
                    Attributes.n(m, "orderTotal"), Attributes.bool(m, "onHold"));
        }
        List<CreditDecision.Reason> reasons = Attributes.strings(item, "reasons").stream().map(CreditDecision.Reason::parse).toList();
        return new CreditCheck(Attributes.s(item, InboxItem.ATTR_SHOP), Attributes.s(item, InboxItem.ATTR_ORDER),
                CreditCheck.State.valueOf(Attributes.s(item, "state")), Attributes.s(item, "naturalStatus"),
                Attributes.s(item, "customerKey"), Attributes.n(item, "total"), Attributes.s(item, "currency"),
                (int) Attributes.n(item, "lookups"), Attributes.instant(item, "startedAt"), Attributes.instant(item, "dueAt"),
                Attributes.s(item, "lastError"), figures, reasons, Attributes.instant(item, "decidedAt"),
                Attributes.s(item, "endedBy"), Attributes.bool(item, "reserved"), Attributes.n(item, "version"));
    }
}
