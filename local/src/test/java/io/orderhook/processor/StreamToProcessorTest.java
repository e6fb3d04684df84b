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

import io.orderhook.local.StreamPoller;
import io.orderhook.order.OrderSnapshot;
import io.orderhook.processing.EventLog;
import io.orderhook.processing.NoteDelivery;
import io.orderhook.processing.OrderProcessor;
import io.orderhook.processing.ShopConnections;
import io.orderhook.processing.TestOrders;
import io.orderhook.provider.PaymentProvider;
import io.orderhook.provider.PaymentState;
import io.orderhook.provider.billmate.BillmateProvider;
import io.orderhook.shop.ShopClient;
import io.orderhook.shop.ShopConfig;
import io.orderhook.shop.ShopSettings;
import io.orderhook.shop.woocommerce.WooCommerceRestClient;
import io.orderhook.store.DebugLogStore;
import io.orderhook.store.InboxItem;
import io.orderhook.store.NoteStore;
import io.orderhook.store.OrderStateStore;
import io.orderhook.store.TableDefinition;
import io.orderhook.testkit.DynamoDbLocal;
import io.orderhook.testkit.billmate.BillmateSandbox;
import io.orderhook.testkit.billmate.SandboxFault;
import io.orderhook.testkit.woocommerce.NewOrder;
import io.orderhook.testkit.woocommerce.OrderNote;
import io.orderhook.testkit.woocommerce.ShopSimulator;
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
        String table = local.newTable("stream", TableDefinition::create);
        DynamoDbClient dynamo = local.client();
        try (BillmateSandbox sandbox = BillmateSandbox.start().merchant("1234", "sandbox-secret-1234");
                ShopSimulator shop = ShopSimulator.builder().restKey("ck_stream0123456789", "cs_stream0123456789").swedishVat()
                        .build().start()) {
            BillmateProvider provider = new BillmateProvider(sandbox.endpoint(), "1234", "sandbox-secret-1234", true,
                    BillmateProvider.httpClient(Duration.ofSeconds(2))).withReadTimeout(Duration.ofSeconds(2));
            ShopClient shopClient = new WooCommerceRestClient(shop.shopUrl(), "ck_stream0123456789", "cs_stream0123456789");
            ShopConfig config = new ShopConfig("shop1", shop.shopUrl().toString(), "w", "k", "s",
                    new ShopConfig.ProviderAccount("billmate", "1234", "b", sandbox.endpoint().toString(), true),
                    ShopSettings.defaults(), 1);
            OrderProcessor processor = new OrderProcessor(id -> Optional.of(config), new ShopConnections() {
                @Override public PaymentProvider provider(ShopConfig c) { return provider; }
                @Override public ShopClient shop(ShopConfig c) { return shopClient; }
            }, new OrderStateStore(dynamo, table), new NoteStore(dynamo, table), new DebugLogStore(dynamo, table),
                    Clock.systemUTC(), new EventLog(line -> { }), item -> BODIES.get(item.bodyHash()));
            OrderProcessorHandler handler = new OrderProcessorHandler(processor);

            io.orderhook.testkit.billmate.BillmateCheckout checkout =
                    new io.orderhook.testkit.billmate.BillmateCheckout(sandbox.endpoint(), "1234", "sandbox-secret-1234");
            String one = placeAndReserve(shop, checkout);
            String two = placeAndReserve(shop, checkout);
            String numberOne = shop.order(one).get("transaction_id").asText();
            String numberTwo = shop.order(two).get("transaction_id").asText();
            // Only order two is cancelled: its cancellation fails once, transiently ("try again").
            sandbox.inject("cancelPayment", 1, SandboxFault.error("9008"));
            try (StreamPoller poller = StreamPoller.forTable(dynamo, local.streamsClient(), table,
                    event -> handler.handleRequest(event, null)).parallelism(2).start()) {
                inbox(dynamo, table, TestOrders.order(one).payment(numberOne).build());
                inbox(dynamo, table, TestOrders.order(two).payment(numberTwo).build());
                inbox(dynamo, table, TestOrders.order(one).payment(numberOne).status("completed").at(5).build());
                inbox(dynamo, table, TestOrders.order(two).payment(numberTwo).status("cancelled").at(5).build());

                assertTrue(poller.awaitIdle(Duration.ofSeconds(30)));
                assertEquals(List.of(), poller.failedRecords());
            }

            assertEquals(0, sandbox.pendingFaults());
            assertEquals(2, sandbox.calls("cancelPayment", numberTwo), "the failed cancellation and its retry");
            assertEquals(1, sandbox.calls("activatePayment", numberOne));
            assertEquals(PaymentState.ACTIVATED, BillmateProvider.state(sandbox.payment(numberOne).orElseThrow().status()));
            assertEquals("Cancelled", sandbox.payment(numberTwo).orElseThrow().status());
            assertEquals(List.of("Billmate reservation was successfully cancelled."), notes(shop, two));
            assertEquals(1, notes(shop, one).size());
        }
    }

    /** A customer's checkout: the order in the shop, its payment reserved at the sandbox as an invoice. */
    private static String placeAndReserve(ShopSimulator shop, io.orderhook.testkit.billmate.BillmateCheckout checkout) {
        String orderId = shop.createOrder(NewOrder.paidWith("bco").product("MUG", "Mug", 2, "100.00").shipping("Postnord", "49.00")
                .billing("email", "anna.andersson@example.com").billing("country", "SE"));
        String number = checkout.pay(shop.order(orderId), io.orderhook.testkit.billmate.BillmateCheckout.INVOICE);
        shop.updateOrder(orderId, "{\"transaction_id\":\"" + number + "\"}");
        return orderId;
    }

    private static List<String> notes(ShopSimulator shop, String orderId) {
        return shop.notes(orderId, OrderNote.Origin.REST_API).stream().map(n -> NoteDelivery.withoutReference(n.note())).toList();
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
