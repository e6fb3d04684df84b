package io.orderhook.endtoend;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.sun.net.httpserver.HttpServer;

import io.orderhook.intake.IntakeLog;
import io.orderhook.intake.WebhookIntake;
import io.orderhook.outbox.OutboxDispatcher;
import io.orderhook.processing.CloudWiring;
import io.orderhook.processing.Crash;
import io.orderhook.processing.EventLog;
import io.orderhook.processing.OrderProcessor;
import io.orderhook.processor.OrderProcessorHandler;
import io.orderhook.receiver.WebhookReceiverHandler;
import io.orderhook.secrets.EnvironmentSecretResolver;
import io.orderhook.secrets.SecretResolver;
import io.orderhook.shop.ShopConfig;
import io.orderhook.shop.ShopSettings;
import io.orderhook.shop.ShopCallListener;
import io.orderhook.shop.woocommerce.WooCommerceRestClient;
import io.orderhook.store.DebugLogStore;
import io.orderhook.store.InboxItem;
import io.orderhook.store.InboxStore;
import io.orderhook.store.NoteStore;
import io.orderhook.store.OrderStateStore;
import io.orderhook.store.QuarantineStore;
import io.orderhook.store.ShopConfigStore;
import io.orderhook.store.TableDefinition;
import io.orderhook.testkit.DynamoDbLocal;
import io.orderhook.testkit.StreamPoller;
import io.orderhook.testkit.billmate.BillmateSandbox;
import io.orderhook.testkit.woocommerce.ShopSimulator;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The whole backend for the chaos property test, like {@link EndToEnd} plus the levers the
 * chaos needs: the processor's and the outbox's DynamoDB client can crash at a chosen request,
 * an invocation can be lost after it did its work (the stream then delivers its records
 * again), the Billmate sandbox sits behind a {@link ProviderLedger}, and every record the
 * processor finished or the stream gave up on is written down. The shop's clock moves one
 * second on every reading, so that every change of an order has its own
 * {@code date_modified_gmt} (WooCommerce's dates have whole seconds).
 */
final class ChaosStack implements AutoCloseable {
    static final String SHOP = EndToEnd.SHOP;

    final DynamoDbLocal local = DynamoDbLocal.shared();
    final String table = local.newTable("chaos");
    final Crash crash = new Crash();
    final DynamoDbClient processorDynamo = local.client(crash);
    final DynamoDbClient dynamo = local.client();
    final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);
    final Clock clock = new Clock() {
        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return Instant.now().plus(offset.get()); }
    };
    private final AtomicLong shopSeconds = new AtomicLong(Instant.now().getEpochSecond());
    final Clock shopClock = new Clock() {
        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return Instant.ofEpochSecond(shopSeconds.incrementAndGet()); }
    };
    final List<String> processorLog = new CopyOnWriteArrayList<>();
    final BillmateSandbox sandbox = new BillmateSandbox().merchant(EndToEnd.BILLMATE_ID, EndToEnd.BILLMATE_SECRET);
    final ProviderLedger ledger = new ProviderLedger(sandbox);
    private final HttpServer sandboxServer;
    private final ExecutorService sandboxThreads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "chaos-billmate");
        t.setDaemon(true);
        return t;
    });
    /** The customer's side: the shop's checkout, which reserves (or takes) the payment. */
    final io.orderhook.testkit.billmate.BillmateCheckout checkout;
    private final HttpServer receiverServer;
    final ShopSimulator shop;
    final OrderStateStore states = new OrderStateStore(dynamo, table);
    final NoteStore notes = new NoteStore(dynamo, table);
    final OutboxDispatcher outbox;
    final StreamPoller poller;
    private final Function<DynamodbEvent, StreamsEventResponse> tracked;
    /** Inbox items (PK|SK) the processor finished: handled without asking for a retry. */
    final Set<String> finished = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final AtomicInteger loseInvocations = new AtomicInteger();
    /** The admin's view of the configuration: its writes are not the processor's, so no crash hits them. */
    private final ShopConfigStore adminConfigs;
    private int redriven;

    ChaosStack() {
        try {
            sandboxServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a port for the Billmate sandbox", e);
        }
        sandboxServer.setExecutor(sandboxThreads);
        sandboxServer.createContext("/", sandbox.handler()).getFilters().add(ledger);
        sandboxServer.start();
        URI endpoint = URI.create("http://127.0.0.1:" + sandboxServer.getAddress().getPort() + "/");
        checkout = new io.orderhook.testkit.billmate.BillmateCheckout(endpoint, EndToEnd.BILLMATE_ID, EndToEnd.BILLMATE_SECRET);

        SecretResolver secrets = new EnvironmentSecretResolver(Map.of(
                EnvironmentSecretResolver.variableName(EndToEnd.ref("webhook")), EndToEnd.WEBHOOK_SECRET,
                EnvironmentSecretResolver.variableName(EndToEnd.ref("restKey")), EndToEnd.REST_KEY,
                EnvironmentSecretResolver.variableName(EndToEnd.ref("restSecret")), EndToEnd.REST_SECRET,
                EnvironmentSecretResolver.variableName(EndToEnd.ref("billmate")), EndToEnd.BILLMATE_SECRET));
        ShopConfigStore receiverConfigs = new ShopConfigStore(dynamo, table, clock, Duration.ZERO);
        WebhookReceiverHandler receiver = new WebhookReceiverHandler(new WebhookIntake(receiverConfigs, secrets,
                new InboxStore(dynamo, table), new QuarantineStore(dynamo, table), clock, new IntakeLog(line -> { })));
        receiverServer = EndToEnd.serve(receiver);
        URI deliveryUrl = URI.create("http://127.0.0.1:" + receiverServer.getAddress().getPort() + "/webhooks/woocommerce/" + SHOP);
        shop = ShopSimulator.builder().restKey(EndToEnd.REST_KEY, EndToEnd.REST_SECRET)
                .webhooks(deliveryUrl, EndToEnd.WEBHOOK_SECRET).swedishVat().clock(shopClock).build().start();
        receiverConfigs.save(new ShopConfig(SHOP, shop.shopUrl().toString(), EndToEnd.ref("webhook"), EndToEnd.ref("restKey"),
                EndToEnd.ref("restSecret"), new ShopConfig.ProviderAccount("billmate", EndToEnd.BILLMATE_ID,
                EndToEnd.ref("billmate"), endpoint.toString(), true), ShopSettings.defaults(), 1));

        // A short cache, so the merchant's settings changes (through the admin's own client) reach the processor at once.
        ShopConfigStore processorConfigs = new ShopConfigStore(processorDynamo, table, clock, Duration.ofMillis(100));
        adminConfigs = new ShopConfigStore(dynamo, table, clock, Duration.ZERO);
        CloudWiring.ResolvedConnections connections = new CloudWiring.ResolvedConnections(secrets,
                (config, key, secret) -> new WooCommerceRestClient(URI.create(config.shopUrl()), key, secret,
                        Duration.ofSeconds(1), Duration.ofSeconds(2), ShopCallListener.NONE));
        EventLog events = new EventLog(processorLog::add);
        OrderProcessor processor = new OrderProcessor(processorConfigs::find, connections,
                new OrderStateStore(processorDynamo, table), new NoteStore(processorDynamo, table),
                new DebugLogStore(processorDynamo, table), clock, events);
        OrderProcessorHandler handler = new OrderProcessorHandler(processor);
        tracked = event -> {
            StreamsEventResponse response = handler.handleRequest(event, null);
            Set<String> retried = new HashSet<>();
            response.getBatchItemFailures().forEach(f -> retried.add(f.getItemIdentifier()));
            for (DynamodbStreamRecord record : event.getRecords()) {
                if (!retried.contains(record.getDynamodb().getSequenceNumber())) {
                    finished.add(key(record));
                }
            }
            if (loseInvocations.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                // The invocation did its work but died before the event source mapping learned
                // of it (a timeout, an out-of-memory): the same records come again.
                throw new IllegalStateException("simulated: the invocation was lost after it did its work");
            }
            return response;
        };
        outbox = new OutboxDispatcher(processorConfigs::find, connections, new NoteStore(processorDynamo, table), clock, events);
        poller = StreamPoller.forTable(dynamo, local.streamsClient(), table, tracked)
                .parallelism(2).maxRetries(3).retryDelay(Duration.ofMillis(20)).start();
    }

    private static String key(DynamodbStreamRecord record) {
        return record.getDynamodb().getKeys().get(TableDefinition.PK).getS() + "|"
                + record.getDynamodb().getKeys().get(TableDefinition.SK).getS();
    }

    /** The merchant turns automatic update on or off (the processor's cached configuration follows at once). */
    void autoUpdate(boolean on) {
        ShopConfig current = adminConfigs.read(SHOP).orElseThrow();
        ShopSettings s = current.settings();
        adminConfigs.updateSettings(SHOP, current.version(), s.withAutoUpdate(on));
    }

    /** The next {@code n} invocations are lost after they did their work. */
    void loseInvocations(int n) {
        loseInvocations.set(n);
    }

    /** Waits until the shop delivered everything and the processor handled it (a bounded wait). */
    void settle(boolean deliveriesPaused) {
        for (int i = 0; i < 2; i++) {
            if (!deliveriesPaused) {
                shop.awaitDeliveries(Duration.ofSeconds(30));
            }
            if (!poller.awaitIdle(Duration.ofSeconds(60))) {
                throw new AssertionError("the processor did not become idle within 60 s");
            }
        }
    }

    /** Keys (PK|SK) of the records the stream gave up on (the on-failure destination). */
    Set<String> givenUp() {
        Set<String> keys = new HashSet<>();
        poller.failedRecords().forEach(r -> keys.add(key(r)));
        return keys;
    }

    /**
     * Ends the chaos and lets the system drain as operations would: the shop is back,
     * deliveries flow; the stream is worked off; records the stream gave up on are
     * replayed from the on-failure destination; the outbox runs (hours later, past every
     * backoff) until nothing is left to send.
     *
     * @return the keys of the records given up before they were replayed
     */
    Set<String> drain() {
        // Faults, a crash and a lost invocation still armed stay armed: each fires at most
        // once more (they are counted), so the drain meets them and must still converge.
        shop.setAvailable(true);
        shop.setDeliveryDelay(Duration.ZERO);
        shop.resumeDeliveries();
        Set<String> givenUpBeforeReplay = new HashSet<>();
        for (int round = 0; round < 10; round++) {
            settle(false);
            List<DynamodbStreamRecord> failed = poller.failedRecords();
            boolean replayed = false;
            if (failed.size() > redriven) {
                List<DynamodbStreamRecord> replay = new ArrayList<>(failed.subList(redriven, failed.size()));
                replay.forEach(r -> givenUpBeforeReplay.add(key(r)));
                redriven = failed.size();
                replay(replay);
                replayed = true;
            }
            offset.set(offset.get().plus(Duration.ofHours(2)));
            OutboxDispatcher.Summary sent;
            try {
                sent = outbox.dispatch(1_000);
            } catch (RuntimeException crashed) {
                // The scheduled dispatcher died (a crash still armed): the next schedule runs it again.
                continue;
            }
            if (!replayed && sent.delivered() + sent.rescheduled() + sent.rejected() == 0) {
                settle(false);
                if (poller.failedRecords().size() == redriven) {
                    return givenUpBeforeReplay;
                }
            }
        }
        throw new AssertionError("the system did not drain in 10 rounds");
    }

    /** An operator sends the records of the on-failure destination through the processor again. */
    private void replay(List<DynamodbStreamRecord> records) {
        List<DynamodbStreamRecord> pending = records;
        for (int attempt = 0; attempt < 5 && !pending.isEmpty(); attempt++) {
            DynamodbEvent event = new DynamodbEvent();
            event.setRecords(new ArrayList<>(pending));
            StreamsEventResponse response = tracked.apply(event);
            Set<String> retried = new HashSet<>();
            response.getBatchItemFailures().forEach(f -> retried.add(f.getItemIdentifier()));
            pending = pending.stream().filter(r -> retried.contains(r.getDynamodb().getSequenceNumber())).toList();
        }
    }

    /** Every inbox item in the table, as PK|SK. */
    Set<String> inboxItems() {
        Set<String> keys = new HashSet<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            var page = dynamo.scan(b -> b.tableName(table).filterExpression("#t = :inbox")
                    .expressionAttributeNames(Map.of("#t", InboxItem.ATTR_TYPE))
                    .expressionAttributeValues(Map.of(":inbox", AttributeValue.fromS(InboxItem.TYPE)))
                    .exclusiveStartKey(from));
            page.items().forEach(i -> keys.add(i.get(TableDefinition.PK).s() + "|" + i.get(TableDefinition.SK).s()));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return keys;
    }

    /** How many deliveries the receiver put in quarantine. */
    int quarantined() {
        return dynamo.query(b -> b.tableName(table).keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", TableDefinition.PK))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("SHOP#" + SHOP + "#QUARANTINE")))).count();
    }

    @Override
    public void close() {
        poller.close();
        shop.close();
        receiverServer.stop(0);
        sandboxServer.stop(0);
        sandboxThreads.shutdownNow();
    }
}
