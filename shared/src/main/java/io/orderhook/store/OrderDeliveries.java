package io.orderhook.store;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.orderhook.json.Json;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The versions of one order that reached the inbox (each webhook delivery, sweep catch-up or
 * capture request that was kept), for the order's timeline. Inbox items expire after the inbox's
 * retention (30 days), so an older order's timeline starts later than its first delivery.
 */
public final class OrderDeliveries {
    /**
     * One kept version of the order.
     *
     * @param status the order's status in that version as the shop sent it; null when the body has none (order.deleted)
     */
    public record Delivery(Instant receivedAt, String source, String topic, String deliveryId, String modifiedGmt,
            String status) {}

    private final DynamoDbClient dynamo;
    private final String table;

    public OrderDeliveries(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** The order's kept versions in the order of their {@code date_modified_gmt}. */
    public List<Delivery> forOrder(String shopId, String orderId) {
        return Attributes.partition(dynamo, table, InboxItem.partitionKey(shopId, orderId), InboxItem.SK_PREFIX)
                .map(InboxStore::fromAttributes)
                .map(item -> new Delivery(item.receivedAt(), item.source() == null ? InboxItem.SOURCE_WEBHOOK : item.source(),
                        item.topic(), item.deliveryId(), item.modifiedGmt(), status(item.body())))
                .toList();
    }

    private static String status(String body) {
        try {
            JsonNode status = Json.MAPPER.readTree(body).get("status");
            return status == null || !status.isTextual() ? null : status.asText();
        } catch (JsonProcessingException unreadable) {
            // The processor ignores an unreadable body too; the timeline still shows the delivery.
            return null;
        }
    }
}
