package io.orderhook.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.orderhook.lifecycle.OrderState;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * The recorded states of one shop's orders, for the console's order list. The table is keyed by
 * order ({@code SHOP#{shopId}#ORDER#{orderId}}), so there is no partition that holds a shop's
 * orders: this is a Scan filtered to the shop's {@code STATE} items. It reads (and is charged for)
 * the whole table up to {@code maxItemsRead} items, which is fine for an operator's page over a
 * table of some ten thousand orders; a larger table wants an index keyed by shop.
 */
public final class ShopOrderStates {
    /** The states found, and whether the scan stopped at its read limit before the table's end. */
    public record Listing(List<OrderState> states, boolean truncated) {}

    private final DynamoDbClient dynamo;
    private final String table;

    public ShopOrderStates(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** Every recorded order state of the shop found within {@code maxItemsRead} items of the table. */
    public Listing list(String shopId, int maxItemsRead) {
        String prefix = InboxItem.partitionKey(shopId, "");
        List<OrderState> states = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        int read = 0;
        do {
            Map<String, AttributeValue> from = start;
            int limit = Math.min(1000, maxItemsRead - read);
            ScanResponse page = dynamo.scan(b -> b.tableName(table).limit(limit).exclusiveStartKey(from)
                    .filterExpression("#sk = :state AND begins_with(#pk, :prefix)")
                    .expressionAttributeNames(Map.of("#pk", TableDefinition.PK, "#sk", TableDefinition.SK))
                    .expressionAttributeValues(Map.of(":state", AttributeValue.fromS(OrderStateStore.SK_STATE),
                            ":prefix", AttributeValue.fromS(prefix))));
            read += page.scannedCount();
            for (Map<String, AttributeValue> item : page.items()) {
                String orderId = item.get(TableDefinition.PK).s().substring(prefix.length());
                states.add(OrderStateStore.fromItem(shopId, orderId, item));
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null && read < maxItemsRead);
        return new Listing(List.copyOf(states), start != null);
    }
}
