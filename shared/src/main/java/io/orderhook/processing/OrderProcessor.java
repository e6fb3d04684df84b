package io.orderhook.processing;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.orderhook.fraud.FraudGate;
import io.orderhook.lifecycle.OrderState;
import io.orderhook.lifecycle.Plan;
import io.orderhook.lifecycle.Reconciler;
import io.orderhook.order.OrderSnapshot;
import io.orderhook.shop.ShopConfig;
import io.orderhook.shop.woocommerce.WooOrderJson;
import io.orderhook.store.DebugLogStore;
import io.orderhook.store.InboxItem;
import io.orderhook.store.NoteStore;
import io.orderhook.store.OrderErasedException;
import io.orderhook.store.OrderStateStore;
import io.orderhook.store.SettledOrders;
import io.orderhook.store.StateConflictException;

/**
 * Processes inbox items: the batch rules (records of one order in order, orders independent of
 * each other, time left in the invocation), the screen of orders that are not orderhook's, and
 * one {@link OrderRun} per order that plans with the {@link io.orderhook.lifecycle.Reconciler},
 * runs each step with the provider recorded before and after it, and sends the notes.
 *
 * <p>DynamoDB requests for one activate or cancel: read the state, record the step as
 * pending, record it as done with its note (and debug-log entries), record the note's
 * delivery. The echo of the write-back that follows costs one conditional write
 * ({@link SettledOrders}). The shop configuration comes from a per-container cache.
 */
public final class OrderProcessor {
    /** The outbox leaves a fresh note to the processor's own delivery for this long. */
    static final Duration OUTBOX_GRACE = Duration.ofMinutes(2);
    /** Stop taking new records when the invocation has less time than this left. */
    static final long TIME_MARGIN_MILLIS = 10_000;
    /**
     * Orders of one batch processed at the same time unless configured otherwise: the stream's
     * batch size in template.yaml, so a batch of ten different orders waits for the provider once.
     */
    public static final int DEFAULT_IN_BATCH_CONCURRENCY = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ShopConfigs configs;
    private final OrderRun.Services services;
    private final OrderReader reader;
    private final int concurrency;
    private final FailedAttempts attempts;
    /** Credit ordering's hold on orders of credit payment methods, or null where a test leaves it out. */
    private final CreditGate credit;
    /** Fraud screening before the payment work, or null where nothing screens (tests of the processor alone). */
    private final FraudGate fraud;

    /** Reads an inbox item's body into the shop-neutral order (WooCommerce REST v3 JSON by default). */
    @FunctionalInterface
    public interface OrderReader {
        OrderSnapshot read(InboxItem item) throws IOException;

        static OrderReader wooCommerce() {
            return item -> WooOrderJson.order(JSON.readTree(item.body()));
        }
    }

    public OrderProcessor(ShopConfigs configs, ShopConnections connections, OrderStateStore states, NoteStore notes,
            DebugLogStore logs, Clock clock, EventLog events) {
        this(configs, connections, states, notes, logs, clock, events, OrderReader.wooCommerce());
    }

    public OrderProcessor(ShopConfigs configs, ShopConnections connections, OrderStateStore states, NoteStore notes,
            DebugLogStore logs, Clock clock, EventLog events, OrderReader reader) {
        this(configs, connections, states, notes, logs, clock, events, reader, DEFAULT_IN_BATCH_CONCURRENCY);
    }

    public OrderProcessor(ShopConfigs configs, ShopConnections connections, OrderStateStore states, NoteStore notes,
            DebugLogStore logs, Clock clock, EventLog events, OrderReader reader, int inBatchConcurrency) {
        this(configs, connections, states, notes, logs, clock, events, reader, inBatchConcurrency, FailedAttempts.NONE, null,
                null);
    }

    /**
     * @param attempts where each record to be retried is noted with its error, for the give-up
     * @param credit   credit ordering's hold on orders of credit payment methods, or null where a test leaves it out
     * @param fraud    fraud screening before the payment work, or null where nothing screens
     */
    public OrderProcessor(ShopConfigs configs, ShopConnections connections, OrderStateStore states, NoteStore notes,
            DebugLogStore logs, Clock clock, EventLog events, OrderReader reader, int inBatchConcurrency,
            FailedAttempts attempts, CreditGate credit, FraudGate fraud) {
        if (inBatchConcurrency < 1) {
            throw new IllegalArgumentException("in-batch concurrency must be at least 1, was " + inBatchConcurrency);
        }
        this.configs = configs;
        this.concurrency = inBatchConcurrency;
        this.services = new OrderRun.Services(connections, states, notes, logs, clock, events);
        this.reader = reader;
        this.attempts = attempts;
        this.credit = credit;
        this.fraud = fraud;
    }

    /** What became of one inbox item. */
    public enum Result {
        /** Steps ran or notes were given. */
        APPLIED,
        /** Nothing to do, with the reason in the detail. */
        IGNORED,
        /** Try the record again later (provider or shop transient, unknown outcome, conflict). */
        RETRY
    }

    public record Outcome(Result result, String detail) {}

    /**
     * Processes a batch of stream records: per order in order, different orders at the same time
     * (at most the in-batch concurrency, see {@link OrderBatch}). A record that must be retried is
     * answered in the list and its order stops there; other orders go on.
     *
     * @return the sequence numbers to retry (each order's first failed record), in the batch's order
     */
    public List<String> process(List<InboxRecord> records, LongSupplier remainingMillis) {
        return new OrderBatch(concurrency, this::processRecord, remainingMillis, services.events()).run(records);
    }

    /** @return false when the record must be retried */
    private boolean processRecord(InboxRecord record) {
        if (record.item() == null) {
            services.events().event(null, null, "record", "skipped", record.problem());
            return true;
        }
        Outcome outcome;
        try {
            outcome = process(record.item());
        } catch (RuntimeException e) {
            services.events().event(record.item().shopId(), record.item().orderId(), "record", "error",
                    e.getClass().getSimpleName() + ": " + e.getMessage());
            outcome = new Outcome(Result.RETRY, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        if (outcome.result() != Result.RETRY) {
            return true;
        }
        try {
            attempts.record(record.item(), outcome.detail(), services.clock().instant());
        } catch (RuntimeException e) {
            // The record is retried anyway; a give-up without this attempt says less, nothing is lost.
            services.events().event(record.item().shopId(), record.item().orderId(), "attempt", "not-noted", e.getMessage());
        }
        return false;
    }

    /** Processes one inbox item. */
    public Outcome process(InboxItem item) {
        Optional<ShopConfig> config = configs.find(item.shopId());
        if (config.isEmpty()) {
            return logged(item, new Outcome(Result.IGNORED, "unknown shop"));
        }
        if ("order.deleted".equals(item.topic())) {
            if (services.states().erasures().erasedAt(item.shopId(), item.orderId()).isPresent()) {
                return refusedAsErased(item);
            }
            return logged(item, new Outcome(Result.IGNORED, "order.deleted carries no order: nothing to reconcile"));
        }
        OrderSnapshot snapshot;
        try {
            snapshot = reader.read(item);
        } catch (IOException | RuntimeException e) {
            return logged(item, new Outcome(Result.IGNORED, "the body is not a readable order: " + e.getMessage()));
        }
        return process(item, config.get(), snapshot);
    }

    /** Processes one inbox item whose body is already read into {@code snapshot}. */
    public Outcome process(InboxItem item, ShopConfig shopConfig, OrderSnapshot snapshot) {
        CreditGate.Verdict held = credit == null ? null : credit.screen(shopConfig, snapshot);
        if (held != null && held.holds()) {
            return logged(item, new Outcome(held.retry() ? Result.RETRY : Result.APPLIED, held.detail()));
        }
        ShopConfig config = services.connections().forPaymentMethod(shopConfig, snapshot.paymentMethod());
        DebugLog debug = new DebugLog(item.shopId(), snapshot.orderId(), config.settings(), services.clock());

        // Not ours at all: decided without reading the order's state.
        Plan screen = Reconciler.plan(snapshot, OrderState.initial(item.shopId(), snapshot.orderId()), config.settings(),
                item.receivedAt());
        switch (screen.decision()) {
            case MANAGEMENT_DISABLED, NOT_OUR_PAYMENT_METHOD, NO_TRANSACTION_ID -> {
                // An order of the shop's payment methods may have been deleted on request (one read; other
                // methods' orders stay free of reads: orderhook never kept anything about them).
                if (screen.decision() != Plan.Decision.NOT_OUR_PAYMENT_METHOD
                        && services.states().erasures().erasedAt(item.shopId(), snapshot.orderId()).isPresent()) {
                    return refusedAsErased(item);
                }
                debug.decision("screen", screen.decision().name(), screen.reason());
                services.logs().write(debug.drain());
                return logged(item, new Outcome(Result.IGNORED, screen.decision() + ": " + screen.reason()));
            }
            default -> { }
        }
        snapshot = fraud == null ? snapshot : fraud.screen(item, config, snapshot, debug);
        OrderRun run = new OrderRun(services, config, snapshot, debug, item.receivedAt());
        try {
            return runOrder(item, config, snapshot, run);
        } catch (OrderErasedException e) {
            return refusedAsErased(item);
        }
    }

    private Outcome runOrder(InboxItem item, ShopConfig config, OrderSnapshot snapshot, OrderRun run) {
        if (mayBeSettledEcho(item, config, snapshot)) {
            SettledOrders.Answer answer = services.states().settled().acceptIfSettled(item.shopId(), snapshot.orderId(),
                    SettledMark.of(config, snapshot), snapshot.dateModifiedGmt());
            if (answer.recorded()) {
                return logged(item, new Outcome(Result.IGNORED, "SETTLED: the same order as already reconciled"
                        + " (orderhook's own write-back or a save without changes): its newer modification time recorded"));
            }
            run.work().preread(answer.current());
        }
        try {
            return logged(item, run.run());
        } catch (StateConflictException e) {
            return logged(item, new Outcome(Result.RETRY, e.getMessage()));
        } finally {
            run.work().deliverNotes();
        }
    }

    /**
     * Only a body that shows orderhook's own meta can be the echo of its write-back; a first change
     * of an order reads its state as always. The debug log records every decision, and a shop clock
     * ahead is told, so those are always reconciled in full.
     */
    private static boolean mayBeSettledEcho(InboxItem item, ShopConfig config, OrderSnapshot snapshot) {
        Instant modified = snapshot.dateModifiedGmt();
        return SettledMark.mayBeEcho(snapshot) && !config.settings().debugLog() && modified.getNano() == 0
                && (item.receivedAt() == null || !modified.isAfter(item.receivedAt().plus(Reconciler.CLOCK_SKEW)));
    }

    /** A delivery of an order deleted on request: removed again, so that nothing about the order is kept. */
    private Outcome refusedAsErased(InboxItem item) {
        services.states().erasures().dropDelivery(item);
        return logged(item, new Outcome(Result.IGNORED, "ERASED: the order was deleted from orderhook; this delivery is refused"));
    }

    private Outcome logged(InboxItem item, Outcome outcome) {
        services.events().event(item.shopId(), item.orderId(), "record", outcome.result().name().toLowerCase(Locale.ROOT),
                outcome.detail());
        return outcome;
    }
}
