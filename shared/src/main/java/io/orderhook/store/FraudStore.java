package io.orderhook.store;

import static io.orderhook.store.Attributes.putInstant;
import static io.orderhook.store.Attributes.putN;
import static io.orderhook.store.Attributes.putS;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.orderhook.fraud.Screening;
import io.orderhook.store.NoteStore.Note;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * An order's fraud screening: one item {@code SK = FRAUD} in the order's partition, written
 * with the screening's notes in one transaction. While a screening waits for its next attempt
 * the item carries the keys of the sparse index {@code due} (as a declined step's retry does), so
 * the due-retries job wakes the order when it is time.
 */
public final class FraudStore {
    public static final String SK = "FRAUD";
    public static final String TYPE = "FRAUD";

    private final DynamoDbClient dynamo;
    private final String table;

    public FraudStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public Optional<Screening> find(String shopId, String orderId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Attributes.key(InboxItem.partitionKey(shopId, orderId), SK))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /** Whether the order was deleted on request (its state is a tombstone): such an order is not screened. */
    public boolean erased(String shopId, String orderId) {
        return new OrderErasureStore(dynamo, table).erasedAt(shopId, orderId).isPresent();
    }

    /**
     * Stores {@code screening} and its notes, on the condition that the stored screening is still
     * the one read ({@code before}; empty: none), so one order is screened once.
     *
     * @return false when another run stored a screening first (nothing written)
     */
    public boolean record(Screening screening, Optional<Screening> before, List<Note> notes) {
        Put.Builder put = Put.builder().tableName(table).item(toItem(screening));
        if (before.isEmpty()) {
            put.conditionExpression("attribute_not_exists(PK)");
        } else {
            put.conditionExpression("attempts = :attempts AND #status = :status")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":attempts", AttributeValue.fromN(Integer.toString(before.get().attempts())),
                            ":status", AttributeValue.fromS(before.get().status().name())));
        }
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(TransactWriteItem.builder().put(put.build()).build());
        notes.forEach(n -> items.add(NoteStore.putRequest(table, n)));
        try {
            dynamo.transactWriteItems(b -> b.transactItems(items));
            return true;
        } catch (TransactionCanceledException e) {
            if (e.cancellationReasons().stream().anyMatch(r -> "ConditionalCheckFailed".equals(r.code()))) {
                return false;
            }
            throw e;
        }
    }

    static Map<String, AttributeValue> toItem(Screening s) {
        String pk = InboxItem.partitionKey(s.shopId(), s.orderId());
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(TableDefinition.PK, AttributeValue.fromS(pk));
        item.put(TableDefinition.SK, AttributeValue.fromS(SK));
        item.put("type", AttributeValue.fromS(TYPE));
        putS(item, "shopId", s.shopId());
        putS(item, "orderId", s.orderId());
        putS(item, "status", s.status().name());
        item.put("riskScore", AttributeValue.fromN(Double.toString(s.riskScore())));
        item.put("ipRisk", AttributeValue.fromN(Double.toString(s.ipRisk())));
        item.put("threshold", AttributeValue.fromN(Double.toString(s.threshold())));
        item.put("reasons", Attributes.list(s.reasons()));
        item.put("warnings", Attributes.list(s.warnings()));
        putS(item, "minfraudId", s.minfraudId());
        putInstant(item, "screenedAt", s.screenedAt());
        putN(item, "attempts", s.attempts());
        putInstant(item, "nextTryAt", s.nextTryAt());
        putS(item, "problem", s.problem());
        if (s.status() == Screening.Status.WAITING && s.nextTryAt() != null) {
            item.put(TableDefinition.DUE_PK, AttributeValue.fromS(DueRetryKeys.shard(pk)));
            item.put(TableDefinition.DUE_SK, AttributeValue.fromS(DueRetryKeys.sortKey(s.nextTryAt(), pk)));
        }
        return item;
    }

    static Screening fromItem(Map<String, AttributeValue> item) {
        return new Screening(Attributes.s(item, "shopId"), Attributes.s(item, "orderId"),
                Screening.Status.valueOf(Attributes.s(item, "status")), number(item, "riskScore"), number(item, "ipRisk"),
                number(item, "threshold"), Attributes.strings(item, "reasons"), Attributes.strings(item, "warnings"),
                Attributes.s(item, "minfraudId"), Attributes.instant(item, "screenedAt"), (int) Attributes.n(item, "attempts"),
                Attributes.instant(item, "nextTryAt"), Attributes.s(item, "problem"));
    }

    private static double number(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? 0 : Double.parseDouble(v.n());
    }
}
