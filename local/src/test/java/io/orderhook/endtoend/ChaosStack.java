package io.orderhook.endtoend;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;

import io.orderhook.intake.IntakeLog;
import io.orderhook.local.LocalBackend;
import io.orderhook.local.LocalOptions;
import io.orderhook.local.StreamPoller;
import io.orderhook.outbox.OutboxDispatcher;
import io.orderhook.processing.Crash;
import io.orderhook.processing.EventLog;
import io.orderhook.shop.ShopConfig;
import io.orderhook.shop.woocommerce.WooCommerceRestClient;
import io.orderhook.store.InboxItem;
import io.orderhook.store.NoteStore;
import io.orderhook.store.OrderStateStore;
import io.orderhook.store.ShopConfigStore;
import io.orderhook.store.TableDefinition;
import io.orderhook.testkit.TestClock;
import io.orderhook.testkit.billmate.BillmateCheckout;
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

    final Crash crash = new Crash();
    final TestClock clock = TestClock.followingSystem();
    final TestClock shopClock = TestClock.ticking(Instant.ofEpochSecond(Instant.now().getEpochSecond()), Duration.ofSeconds(1));
    final List<String> processorLog = new CopyOnWriteArrayList<>();
    final ProviderLedger ledger = new ProviderLedger();
    /** Inbox items (PK|SK) the processor finished: handled without asking for a retry. */
    final Set<String> finished = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final AtomicInteger loseInvocations = new AtomicInteger();
    private final LocalBackend backend;
    final BillmateSandbox sandbox;
    /** The customer's side: the shop's checkout, which reserves (or takes) the payment. */
    final BillmateCheckout checkout;
    final ShopSimulator shop;
    final DynamoDbClient dynamo;
    final String table = LocalBackend.TABLE;
    final OrderStateStore states;
    final NoteStore notes;
    /** orderhook's payment ledger of each order (not {@link #ledger}, the test's own record of Billmate's calls). */
    final io.orderhook.store.LedgerStore payments;
    final OutboxDispatcher outbox;
    final StreamPoller poller;
    private Function<DynamodbEvent, StreamsEventResponse> tracked;
    private int redriven;
    /** Records a redrive did not get through: the next drain round sends them again. */
    private List<DynamodbStreamRecord> stillFailing = List.of();

    ChaosStack() {
        backend = LocalBackend.start(LocalOptions.forTests()
                .outboxInterval(null)
                .clock(clock)
                .processorInterceptors(crash)
                .events(new EventLog(processorLog::add))
                .intakeLog(new IntakeLog(line -> { }))
                .shop(b -> b.swedishVat().clock(shopClock))
                .sandboxFilter(ledger)
                // A short cache, so the merchant's settings changes reach the processor at once.
                .configCache(Duration.ofMillis(100))
                // Records the stream gives up on stay on the on-failure destination for the drain to
                // replay, as an operator redrives them; the give-up's note and failure status are
                // GiveUpEndToEndTest's (the chaos invariants do not yet expect them).
                .poller(p -> p.parallelism(2).maxRetries(3).retryDelay(Duration.ofMillis(20)).onFailure(records -> { }))
                .processorWrapper(this::track)
                .restClients((config, key, secret) -> WooCommerceRestClient.builder(URI.create(config.shopUrl()), key, secret)
                        .auth(config.restAuth()).timeouts(Duration.ofSeconds(1), Duration.ofSeconds(2)).build()));
        sandbox = backend.sandbox();
        ledger.watch(sandbox);
        shop = backend.shop();
        checkout = new BillmateCheckout(backend.billmateEndpoint(), EndToEnd.BILLMATE_ID, EndToEnd.BILLMATE_SECRET);
        dynamo = backend.dynamo();
        states = backend.wiring().states();
        notes = backend.wiring().notes();
        payments = backend.wiring().ledger();
        outbox = backend.outbox();
        poller = backend.poller();
    }

    /**
     * Around the processor's handler: writes down the records it finished, and loses an
     * invocation after its work when asked (a timeout, an out-of-memory: the same records come again).
     */
    private Function<DynamodbEvent, StreamsEventResponse> track(Function<DynamodbEvent, StreamsEventResponse> handler) {
        tracked = event -> {
            StreamsEventResponse response = handler.apply(event);
            Set<String> retried = new HashSet<>();
            response.getBatchItemFailures().forEach(f -> retried.add(f.getItemIdentifier()));
            for (DynamodbStreamRecord record : event.getRecords()) {
                if (!retried.contains(record.getDynamodb().getSequenceNumber())) {
                    finished.add(key(record));
                }
            }
            if (loseInvocations.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IllegalStateException("simulated: the invocation was lost after it did its work");
            }
            return response;
        };
        return tracked;
    }

    private static String key(DynamodbStreamRecord record) {
        return record.getDynamodb().getKeys().get(TableDefinition.PK).getS() + "|"
                + record.getDynamodb().getKeys().get(TableDefinition.SK).getS();
    }

    /** The merchant turns automatic update on or off (through the admin's client, which no crash hits). */
    void autoUpdate(boolean on) {
        ShopConfigStore admin = backend.wiring().freshShopConfigs();
        ShopConfig current = admin.read(SHOP).orElseThrow();
        admin.updateSettings(SHOP, current.version(), current.settings().withAutoUpdate(on));
    }

    /** The next {@code n} invocations are lost after they did their work. */
    void loseInvocations(int n) {
        loseInvocations.set(n);
    }

    /**
     * Waits until the shop delivered everything and the processor handled it (a bounded wait). The
     * wait for deliveries outlasts the shop's delivery timeout (60 s, as WooCommerce's), so a
     * delivery in flight on a starved machine ends, answered or timed out, before it gives up.
     */
    void settle(boolean deliveriesPaused) {
        for (int i = 0; i < 2; i++) {
            if (!deliveriesPaused) {
                shop.awaitDeliveries(Duration.ofSeconds(90));
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
            if (failed.size() > redriven || !stillFailing.isEmpty()) {
                List<DynamodbStreamRecord> replay = new ArrayList<>(stillFailing);
                replay.addAll(failed.subList(redriven, failed.size()));
                replay.forEach(r -> givenUpBeforeReplay.add(key(r)));
                redriven = failed.size();
                stillFailing = replay(replay);
                replayed = true;
            }
            clock.advance(Duration.ofHours(2));
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

    /**
     * An operator sends the records of the on-failure destination through the processor again.
     *
     * @return the records that failed every attempt: they stay on the destination for the next redrive
     */
    private List<DynamodbStreamRecord> replay(List<DynamodbStreamRecord> records) {
        List<DynamodbStreamRecord> pending = records;
        for (int attempt = 0; attempt < 5 && !pending.isEmpty(); attempt++) {
            DynamodbEvent event = new DynamodbEvent();
            event.setRecords(new ArrayList<>(pending));
            StreamsEventResponse response;
            try {
                response = tracked.apply(event);
            } catch (RuntimeException lostOrCrashed) {
                // A lost invocation or a crash still armed fires here: the operator sees the redrive
                // fail and sends the same records again.
                continue;
            }
            Set<String> retried = new HashSet<>();
            response.getBatchItemFailures().forEach(f -> retried.add(f.getItemIdentifier()));
            pending = pending.stream().filter(r -> retried.contains(r.getDynamodb().getSequenceNumber())).toList();
        }
        processorLog.add("{\"step\":\"redrive\",\"outcome\":\"" + (pending.isEmpty() ? "done" : "still-failing")
                + "\",\"detail\":\"" + records.size() + " records sent again, " + pending.size() + " still failing\"}");
        return pending;
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
        backend.close();
    }
}
