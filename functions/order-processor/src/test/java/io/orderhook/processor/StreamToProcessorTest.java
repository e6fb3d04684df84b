package io.orderhook.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

import io.orderhook.order.OrderSnapshot;
import io.orderhook.processing.Crash;
import io.orderhook.processing.EventLog;
import io.orderhook.processing.LedgerProvider;
import io.orderhook.processing.OrderProcessor;
import io.orderhook.processing.RecordingShop;
import io.orderhook.processing.ShopConnections;
import io.orderhook.processing.TestOrders;
import io.orderhook.provider.PaymentProvider;
import io.orderhook.shop.ShopClient;
import io.orderhook.shop.ShopConfig;
import io.orderhook.shop.ShopSettings;
import io.orderhook.store.DebugLogStore;
import io.orderhook.store.InboxItem;
import io.orderhook.store.NoteStore;
import io.orderhook.store.OrderStateStore;
import io.orderhook.testkit.DynamoDbLocal;
import io.orderhook.testkit.StreamPoller;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Inbox items written to the table reach the handler through the stream exactly as the
 * event source mapping delivers them, and a transient failure is retried by the stream.
 */
class StreamToProcessorTest {
    private static final Map<String, OrderSnapshot> BODIES = new ConcurrentHashMap<>();

    @Test
    void inboxInsertsDriveTheHandlerAndATransientFailureIsRetriedByTheStream() {
        DynamoDbLocal local = DynamoDbLocal.shared();
        String table = local.newTable("stream");
        DynamoDbClient dynamo = local.client();
        Crash noCrash = new Crash();
        LedgerProvider provider = new LedgerProvider(noCrash);
        RecordingShop shop = new RecordingShop(noCrash);
        ShopConfig config = new ShopConfig("shop1", "https://shop.example", "w", "k", "s",
                new ShopConfig.ProviderAccount("billmate", "1", "b", "https://sandbox.example", true), ShopSettings.defaults(), 1);
        OrderProcessor processor = new OrderProcessor(id -> Optional.of(config), new ShopConnections() {
            @Override public PaymentProvider provider(ShopConfig c) { return provider; }
            @Override public ShopClient shop(ShopConfig c) { return shop; }
        }, new OrderStateStore(dynamo, table), new NoteStore(dynamo, table), new DebugLogStore(dynamo, table),
                Clock.systemUTC(), new EventLog(line -> { }), item -> BODIES.get(item.bodyHash()));
        OrderProcessorHandler handler = new OrderProcessorHandler(processor);

        provider.reserve(TestOrders.transactionId("1"), TestOrders.total(2));
        provider.reserve(TestOrders.transactionId("2"), TestOrders.total(2));
        provider.failNextFor(TestOrders.transactionId("2"));
        try (StreamPoller poller = StreamPoller.forTable(dynamo, local.streamsClient(), table,
                event -> handler.handleRequest(event, null)).parallelism(2).start()) {
            inbox(dynamo, table, TestOrders.order("1").build());
            inbox(dynamo, table, TestOrders.order("2").build());
            inbox(dynamo, table, TestOrders.order("1").status("completed").at(5).build());
            inbox(dynamo, table, TestOrders.order("2").status("cancelled").at(5).build());

            assertTrue(poller.awaitIdle(Duration.ofSeconds(30)));
            assertEquals(List.of(), poller.failedRecords());
        }

        assertEquals("Paid", provider.payment(TestOrders.transactionId("1")).status);
        assertEquals("Cancelled", provider.payment(TestOrders.transactionId("2")).status);
        assertEquals(List.of("Billmate reservation was successfully cancelled."), shop.notes("2"));
        assertEquals(1, shop.notes("1").size());
    }

    private static void inbox(DynamoDbClient dynamo, String table, OrderSnapshot snapshot) {
        String hash = "h" + Integer.toHexString(snapshot.hashCode());
        BODIES.put(hash, snapshot);
        String modified = snapshot.dateModifiedGmt().toString().replace("Z", "");
        dynamo.putItem(b -> b.tableName(table).item(Map.of(
                "PK", AttributeValue.fromS(InboxItem.partitionKey("shop1", snapshot.orderId())),
                "SK", AttributeValue.fromS(InboxItem.SK_PREFIX + modified + "#" + hash),
                InboxItem.ATTR_TYPE, AttributeValue.fromS(InboxItem.TYPE),
                InboxItem.ATTR_SHOP, AttributeValue.fromS("shop1"),
                InboxItem.ATTR_ORDER, AttributeValue.fromS(snapshot.orderId()),
                InboxItem.ATTR_TOPIC, AttributeValue.fromS("order.updated"),
                InboxItem.ATTR_MODIFIED, AttributeValue.fromS(modified),
                InboxItem.ATTR_BODY_HASH, AttributeValue.fromS(hash),
                InboxItem.ATTR_BODY, AttributeValue.fromS("{}"),
                InboxItem.ATTR_RECEIVED, AttributeValue.fromS(Instant.now().toString()))));
    }
}
