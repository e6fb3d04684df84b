package io.orderhook.processing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import io.orderhook.order.OrderSnapshot;
import io.orderhook.outbox.OutboxDispatcher;
import io.orderhook.provider.PaymentProvider;
import io.orderhook.shop.ShopClient;
import io.orderhook.shop.ShopConfig;
import io.orderhook.shop.ShopSettings;
import io.orderhook.store.DebugLogStore;
import io.orderhook.store.InboxItem;
import io.orderhook.store.NoteStore;
import io.orderhook.store.OrderStateStore;
import io.orderhook.testkit.DynamoDbLocal;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** A processor on its own DynamoDB Local table, with the stand-in provider and shop and a settable clock. */
final class ProcessorFixture implements AutoCloseable {
    static final String SHOP = "shop1";

    final RequestCounter requests = new RequestCounter();
    final Crash crash = new Crash();
    final String table;
    final DynamoDbClient dynamo;
    final OrderStateStore states;
    final NoteStore notes;
    final DebugLogStore logs;
    final LedgerProvider provider = new LedgerProvider(crash);
    final PaymentProvider payments;
    final RecordingShop shop = new RecordingShop(crash);
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2024-05-02T12:00:00Z"));
    final Clock clock = new Clock() {
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now.get(); }
    };
    final java.util.List<String> eventLines = new java.util.concurrent.CopyOnWriteArrayList<>();
    volatile ShopSettings settings = ShopSettings.defaults();
    final OrderProcessor processor;
    final OutboxDispatcher outbox;

    ProcessorFixture() {
        this(null);
    }

    /** @param realProvider the provider to use instead of the in-memory stand-in, or null */
    ProcessorFixture(PaymentProvider realProvider) {
        payments = realProvider == null ? provider : realProvider;
        DynamoDbLocal local = DynamoDbLocal.shared();
        table = local.newTable("processor");
        dynamo = local.client(requests, crash);
        states = new OrderStateStore(dynamo, table);
        notes = new NoteStore(dynamo, table);
        logs = new DebugLogStore(dynamo, table);
        ShopConnections connections = new ShopConnections() {
            @Override public PaymentProvider provider(ShopConfig config) { return payments; }
            @Override public ShopClient shop(ShopConfig config) { return shop; }
        };
        ShopConfigs configs = id -> SHOP.equals(id) ? Optional.of(config()) : Optional.empty();
        EventLog events = new EventLog(eventLines::add);
        processor = new OrderProcessor(configs, connections, states, notes, logs, clock, events);
        outbox = new OutboxDispatcher(configs, connections, notes, clock, events);
    }

    ShopConfig config() {
        return new ShopConfig(SHOP, "https://shop.example", "webhook-secret-ref", "rest-key-ref", "rest-secret-ref",
                new ShopConfig.ProviderAccount("billmate", "1234", "billmate-secret-ref", "https://sandbox.example", true),
                settings, 1);
    }

    void settings(boolean debugLog, String captureStatus) {
        settings = new ShopSettings(true, debugLog, 14, Set.of("bco"), captureStatus, "on-hold", true);
    }

    /** Reserves the order's payment at the provider with the order's total. */
    void reserve(TestOrders order) {
        OrderSnapshot s = order.build();
        provider.reserve(s.transactionId(), s.total());
    }

    OrderProcessor.Outcome deliver(TestOrders order) {
        OrderSnapshot s = order.build();
        InboxItem item = new InboxItem(SHOP, s.orderId(), "order.updated", "d1", "w1", s.dateModifiedGmt().toString(),
                Integer.toHexString(s.hashCode()), "{}", now.get());
        return processor.process(item, config(), s);
    }

    void advance(Duration d) {
        now.set(now.get().plus(d));
    }

    @Override
    public void close() {
        dynamo.close();
    }
}
