package io.orderhook.store;

import java.util.List;
import java.util.Map;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * Each credit customer's exposure: the total of their open credit orders that passed a check, one
 * item per customer ({@code PK = CREDIT#{shop}}, {@code SK = EXPOSURE#{customer key}}) with the
 * total and the set of order ids in it. An order is added with one conditional update that holds
 * only while the total leaves room for it, so two orders checked at the same moment cannot both
 * take the same remaining credit; the order id set makes adding and removing an order idempotent.
 */
public final class ExposureStore {
    static final String SK_PREFIX = "EXPOSURE#";

    private final DynamoDbClient dynamo;
    private final String table;

    public ExposureStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /**
     * The result of a reservation.
     *
     * @param reserved the order is in the exposure (now, or already before)
     * @param exposure the exposure before this order: what the condition was checked against
     */
    public record Reservation(boolean reserved, long exposure) {}

    /** The customer's exposure now (0 when they have no open credit order). */
    public long exposure(String shopId, String customerKey) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key(shopId, customerKey))).item();
        return item == null ? 0 : Attributes.n(item, "total");
    }

    /**
     * Adds the order's {@code amount} to the customer's exposure if the exposure before it is at
     * most {@code maxBefore} (the limit less the balance less the order).
     */
    public Reservation reserve(String shopId, String customerKey, String orderId, long amount, long maxBefore) {
        try {
            Map<String, AttributeValue> old = dynamo.updateItem(b -> b.tableName(table).key(key(shopId, customerKey))
                    .updateExpression("ADD #total :amount, #orders :order")
                    .conditionExpression("(attribute_not_exists(#orders) OR NOT contains(#orders, :id))"
                            + " AND (attribute_not_exists(#total) OR #total <= :max)")
                    .expressionAttributeNames(Map.of("#total", "total", "#orders", "orders"))
                    .expressionAttributeValues(Map.of(":amount", AttributeValue.fromN(Long.toString(amount)),
                            ":order", AttributeValue.fromSs(List.of(orderId)), ":id", AttributeValue.fromS(orderId),
                            ":max", AttributeValue.fromN(Long.toString(maxBefore))))
                    .returnValues("UPDATED_OLD")
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).attributes();
            return new Reservation(true, old == null ? 0 : Attributes.n(old, "total"));
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> now = e.item();
            AttributeValue orders = now == null ? null : now.get("orders");
            long total = now == null ? 0 : Attributes.n(now, "total");
            boolean already = orders != null && orders.hasSs() && orders.ss().contains(orderId);
            // Already in: a run before this one reserved it and stopped before it recorded the pass.
            return new Reservation(already, already ? total - amount : total);
        }
    }

    /** Takes the order out of the customer's exposure; nothing happens when it is not in it. */
    public void release(String shopId, String customerKey, String orderId, long amount) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(shopId, customerKey))
                    .updateExpression("ADD #total :minus DELETE #orders :order")
                    .conditionExpression("contains(#orders, :id)")
                    .expressionAttributeNames(Map.of("#total", "total", "#orders", "orders"))
                    .expressionAttributeValues(Map.of(":minus", AttributeValue.fromN(Long.toString(-amount)),
                            ":order", AttributeValue.fromSs(List.of(orderId)), ":id", AttributeValue.fromS(orderId))));
        } catch (ConditionalCheckFailedException alreadyOut) {
            return;
        }
    }

    private static Map<String, AttributeValue> key(String shopId, String customerKey) {
        return Attributes.key(CreditCheckStore.SHOP_PREFIX + shopId, SK_PREFIX + customerKey);
    }
}
