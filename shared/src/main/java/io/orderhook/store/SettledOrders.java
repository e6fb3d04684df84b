package io.orderhook.store;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import io.orderhook.lifecycle.OrderState;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * Recognises a change that needs nothing in one DynamoDB request: a conditional {@code UpdateItem}
 * of the order's {@code STATE} that records the newer modification time only when the state is
 * marked as settled for exactly this order content ({@link OrderStateStore#save} with a mark)
 * and nothing wrote the state since ({@code settledVersion = version}: every write of the state
 * increments the version and a write without a mark drops it). The echo of orderhook's own
 * write-back is the common case: read-then-write cost two requests.
 *
 * <p>When the condition fails DynamoDB returns the item as it is
 * ({@code ReturnValuesOnConditionCheckFailure ALL_OLD}), so the full reconcile starts from it
 * without a read of its own. An older or same-second body fails the condition too
 * ({@code lastModifiedGmt < :modified}) and is then found stale, or reconciled, as before.
 */
public final class SettledOrders {
    private final DynamoDbClient dynamo;
    private final String table;

    /** What came of the attempt: the change was recorded, or here is the state as stored (empty when none). */
    public record Answer(boolean recorded, Optional<OrderState> current) {}

    public SettledOrders(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /**
     * @param modified the snapshot's {@code date_modified_gmt}, whole seconds (as WooCommerce sends it and as
     *                 the state stores it, so that the ISO texts compare in time order)
     */
    public Answer acceptIfSettled(String shopId, String orderId, String mark, Instant modified) {
        if (modified.getNano() != 0) {
            throw new IllegalArgumentException("a modification time of whole seconds is expected, was " + modified);
        }
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Attributes.key(InboxItem.partitionKey(shopId, orderId), OrderStateStore.SK_STATE))
                    .updateExpression("SET #modified = :modified, #version = #version + :one, #settledVersion = #settledVersion + :one")
                    .conditionExpression("#mark = :mark AND #settledVersion = #version AND #modified < :modified"
                            + " AND attribute_not_exists(#pending) AND attribute_not_exists(#written)")
                    .expressionAttributeNames(Map.of("#modified", OrderStateStore.ATTR_LAST_MODIFIED,
                            "#version", OrderStateStore.ATTR_VERSION, "#settledVersion", OrderStateStore.ATTR_SETTLED_VERSION,
                            "#mark", OrderStateStore.ATTR_SETTLED_MARK, "#pending", OrderStateStore.ATTR_PENDING,
                            "#written", OrderStateStore.ATTR_WRITTEN_STATUS))
                    .expressionAttributeValues(Map.of(":modified", AttributeValue.fromS(modified.toString()),
                            ":one", AttributeValue.fromN("1"), ":mark", AttributeValue.fromS(mark)))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return new Answer(true, Optional.empty());
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> item = e.hasItem() ? e.item() : Map.of();
            return new Answer(false, item.isEmpty() ? Optional.empty()
                    : Optional.of(OrderStateStore.fromItem(shopId, orderId, item)));
        }
    }
}
