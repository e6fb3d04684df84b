package io.orderhook.store;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import io.orderhook.lifecycle.DeclineRetry;
import io.orderhook.lifecycle.OrderState;
import io.orderhook.lifecycle.Step;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A declined step's retry on the order's {@code STATE} item: the map {@code retry}, and while it
 * waits the keys of the sparse index {@code due} ({@code duePk = DUE#{shard}},
 * {@code dueSk = {dueAt, fixed width}#{PK}}), which the due-retries job queries. Eight shards
 * spread a busy hour's retries over eight partitions of the index.
 */
public final class DueRetryKeys {
    public static final int SHARDS = 8;
    static final String ATTR_RETRY = "retry";
    static final String PK_PREFIX = "DUE#";

    private DueRetryKeys() {}

    /** The index partition of an order: a stable hash of its partition key. */
    public static String shard(String partitionKey) {
        return PK_PREFIX + Math.floorMod(partitionKey.hashCode(), SHARDS);
    }

    public static String sortKey(Instant dueAt, String partitionKey) {
        return SortKeys.time(dueAt) + "#" + partitionKey;
    }

    static void put(Map<String, AttributeValue> item, OrderState s) {
        DeclineRetry r = s.retry();
        if (r == null) {
            return;
        }
        Map<String, AttributeValue> m = new HashMap<>();
        Attributes.putS(m, "kind", r.kind().name());
        Attributes.putS(m, "stepKey", r.stepKey());
        Attributes.putN(m, "tries", r.tries());
        Attributes.putInstant(m, "dueAt", r.dueAt());
        Attributes.putS(m, "softStatus", r.softStatus());
        Attributes.putS(m, "restoreStatus", r.restoreStatus());
        item.put(ATTR_RETRY, AttributeValue.fromM(m));
        String pk = InboxItem.partitionKey(s.shopId(), s.orderId());
        item.put(TableDefinition.DUE_PK, AttributeValue.fromS(shard(pk)));
        item.put(TableDefinition.DUE_SK, AttributeValue.fromS(sortKey(r.dueAt(), pk)));
    }

    static DeclineRetry retry(Map<String, AttributeValue> item) {
        AttributeValue value = item.get(ATTR_RETRY);
        if (value == null || !value.hasM()) {
            return null;
        }
        Map<String, AttributeValue> m = value.m();
        return new DeclineRetry(Step.StepKind.valueOf(Attributes.s(m, "kind")), Attributes.s(m, "stepKey"),
                (int) Attributes.n(m, "tries"), Attributes.instant(m, "dueAt"), Attributes.s(m, "softStatus"),
                Attributes.s(m, "restoreStatus"));
    }
}
