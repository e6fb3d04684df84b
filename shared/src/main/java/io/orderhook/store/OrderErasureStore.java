package io.orderhook.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.orderhook.json.Json;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Deleting everything orderhook keeps about an order. Every item about an order lives in the
 * order's partition ({@code SHOP#{shop}#ORDER#{order}}: inbox, state, notes with their outbox
 * keys, debug log, ledger, fraud screening, and whatever kinds later features add there), so the
 * deletion is driven by the partition key and needs no list of item kinds; only the shop's
 * quarantine, kept per shop, is searched for the order's deliveries. What is left is a tombstone
 * in place of the {@code STATE} item: the ids and the time, so a late delivery is refused
 * ({@link OrderErasedException}) instead of recreating the order.
 */
public final class OrderErasureStore {
    static final String ATTR_ERASED = "erasedAt";
    static final String TYPE = "TOMBSTONE";
    private static final int BATCH = 25;

    private final DynamoDbClient dynamo;
    private final String table;

    public OrderErasureStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** A tombstone read where a state was expected refuses the work. */
    static void refuseIfTombstone(String shopId, String orderId, Map<String, AttributeValue> item) {
        if (item.containsKey(ATTR_ERASED)) {
            throw new OrderErasedException(shopId, orderId);
        }
    }

    /** When the order was deleted, if it was. */
    public Optional<Instant> erasedAt(String shopId, String orderId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Attributes.key(InboxItem.partitionKey(shopId, orderId), OrderStateStore.SK_STATE))
                .projectionExpression(ATTR_ERASED)).item();
        return item == null || !item.containsKey(ATTR_ERASED) ? Optional.empty()
                : Optional.of(Instant.parse(item.get(ATTR_ERASED).s()));
    }

    /**
     * Puts the tombstone first (a processor run meanwhile then fails its conditional write and
     * meets the tombstone when it tries again), then deletes every other item of the order's
     * partition and its quarantined deliveries.
     *
     * @return the items deleted
     */
    public int erase(String shopId, String orderId, Instant now) {
        String pk = InboxItem.partitionKey(shopId, orderId);
        Map<String, AttributeValue> tombstone = new HashMap<>(Attributes.key(pk, OrderStateStore.SK_STATE));
        tombstone.put(OrderStateStore.ATTR_TYPE, AttributeValue.fromS(TYPE));
        tombstone.put("shopId", AttributeValue.fromS(shopId));
        tombstone.put("orderId", AttributeValue.fromS(orderId));
        tombstone.put(ATTR_ERASED, AttributeValue.fromS(now.toString()));
        dynamo.putItem(b -> b.tableName(table).item(tombstone));
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        Attributes.partition(dynamo, table, pk, null)
                .filter(item -> !OrderStateStore.SK_STATE.equals(item.get(TableDefinition.SK).s()))
                .forEach(item -> keys.add(Attributes.key(pk, item.get(TableDefinition.SK).s())));
        String quarantine = QuarantineStore.partitionKey(shopId);
        Attributes.partition(dynamo, table, quarantine, null)
                .filter(item -> orderId.equals(deliveredOrderId(QuarantineStore.fromAttributes(item).body())))
                .forEach(item -> keys.add(Attributes.key(quarantine, item.get(TableDefinition.SK).s())));
        delete(keys);
        return keys.size();
    }

    /** Removes a delivery that arrived after the order was deleted. */
    public void dropDelivery(InboxItem item) {
        dynamo.deleteItem(b -> b.tableName(table).key(Attributes.key(item.partitionKey(), item.sortKey())));
    }

    private void delete(List<Map<String, AttributeValue>> keys) {
        for (int from = 0; from < keys.size(); from += BATCH) {
            List<WriteRequest> requests = keys.subList(from, Math.min(keys.size(), from + BATCH)).stream()
                    .map(k -> WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(k).build()).build()).toList();
            Map<String, List<WriteRequest>> left = Map.of(table, requests);
            // DynamoDB may leave some of a batch unprocessed under load: send those again.
            while (!left.isEmpty() && !left.getOrDefault(table, List.of()).isEmpty()) {
                Map<String, List<WriteRequest>> send = left;
                BatchWriteItemResponse answer = dynamo.batchWriteItem(b -> b.requestItems(send));
                left = answer.unprocessedItems();
            }
        }
    }

    /** The {@code id} of a quarantined body, when it can be read at all. */
    private static String deliveredOrderId(byte[] body) {
        try {
            return Json.MAPPER.readTree(new String(body, StandardCharsets.UTF_8)).path("id").asText("");
        } catch (IOException | RuntimeException unreadable) {
            return "";
        }
    }
}
