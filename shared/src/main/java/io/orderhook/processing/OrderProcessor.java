package io.orderhook.processing;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse.BatchItemFailure;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.orderhook.lifecycle.Notice;
import io.orderhook.lifecycle.OrderState;
import io.orderhook.lifecycle.PaymentNumbers;
import io.orderhook.lifecycle.PendingResolution;
import io.orderhook.lifecycle.Plan;
import io.orderhook.lifecycle.Reconciler;
import io.orderhook.lifecycle.Reservation;
import io.orderhook.lifecycle.Step;
import io.orderhook.order.OrderSnapshot;
import io.orderhook.order.Refund;
import io.orderhook.order.RefundRef;
import io.orderhook.order.TaxSplit;
import io.orderhook.provider.PaymentInfo;
import io.orderhook.provider.PaymentProvider;
import io.orderhook.provider.ProviderResult;
import io.orderhook.shop.ShopClient;
import io.orderhook.shop.ShopConfig;
import io.orderhook.shop.ShopResult;
import io.orderhook.shop.ShopSettings;
import io.orderhook.shop.woocommerce.WooOrderJson;
import io.orderhook.store.DebugLogStore;
import io.orderhook.store.InboxItem;
import io.orderhook.store.NoteStore;
import io.orderhook.store.NoteStore.Level;
import io.orderhook.store.NoteStore.Note;
import io.orderhook.store.OrderStateStore;
import io.orderhook.store.StateConflictException;

/**
 * Processes inbox items: loads the shop's configuration and the order's recorded state,
 * plans with the {@link Reconciler}, runs each step with the provider recorded before and
 * after it (so a retry or crash resumes and never repeats a call that succeeded), stores the
 * notes with the state in one write and sends them to the shop.
 *
 * <p>DynamoDB requests for one activate or cancel: read the state, record the step as
 * pending, record it as done with its note (and debug-log entries), record the note's
 * delivery. The shop configuration comes from a per-container cache.
 */
public final class OrderProcessor {
    /** The outbox leaves a fresh note to the processor's own delivery for this long. */
    static final Duration OUTBOX_GRACE = Duration.ofMinutes(2);
    /** Stop taking new records when the invocation has less time than this left. */
    static final long TIME_MARGIN_MILLIS = 10_000;
    private static final int MAX_ROUNDS = 16;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ShopConfigs configs;
    private final ShopConnections connections;
    private final OrderStateStore states;
    private final NoteStore notes;
    private final DebugLogStore logs;
    private final Clock clock;
    private final EventLog events;
    private final OrderReader reader;

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
        this.reader = reader;
        this.configs = configs;
        this.connections = connections;
        this.states = states;
        this.notes = notes;
        this.logs = logs;
        this.clock = clock;
        this.events = events;
    }

    /** The Lambda wiring: table, shop configurations, secrets and clients from the environment. */
    public static OrderProcessor fromEnvironment() {
        return CloudWiring.fromEnvironment().orderProcessor();
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
     * Processes a batch of stream records: per order in order, independently across orders.
     * A record that must be retried is reported as a batch item failure, and so are the
     * later records of the same order (they must not overtake it); other orders go on.
     */
    public StreamsEventResponse process(List<InboxRecord> records, LongSupplier remainingMillis) {
        List<BatchItemFailure> failures = new ArrayList<>();
        java.util.Set<String> blockedOrders = new java.util.HashSet<>();
        for (InboxRecord record : records) {
            String order = record.partitionKey() == null ? "" : record.partitionKey();
            if (blockedOrders.contains(order)) {
                failures.add(failure(record));
                continue;
            }
            if (remainingMillis.getAsLong() < TIME_MARGIN_MILLIS) {
                events.event(null, null, "batch", "out-of-time", "record " + record.sequenceNumber() + " left for the retry");
                blockedOrders.add(order);
                failures.add(failure(record));
                continue;
            }
            if (record.item() == null) {
                events.event(null, null, "record", "skipped", record.problem());
                continue;
            }
            Outcome outcome;
            try {
                outcome = process(record.item());
            } catch (RuntimeException e) {
                events.event(record.item().shopId(), record.item().orderId(), "record", "error",
                        e.getClass().getSimpleName() + ": " + e.getMessage());
                outcome = new Outcome(Result.RETRY, e.getMessage());
            }
            if (outcome.result() == Result.RETRY) {
                blockedOrders.add(order);
                failures.add(failure(record));
            }
        }
        return StreamsEventResponse.builder().withBatchItemFailures(failures).build();
    }

    private static BatchItemFailure failure(InboxRecord record) {
        return BatchItemFailure.builder().withItemIdentifier(record.sequenceNumber()).build();
    }

    /** Processes one inbox item. */
    public Outcome process(InboxItem item) {
        Optional<ShopConfig> config = configs.find(item.shopId());
        if (config.isEmpty()) {
            return logged(item, new Outcome(Result.IGNORED, "unknown shop"));
        }
        if ("order.deleted".equals(item.topic())) {
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
        Optional<ShopConfig> config = Optional.of(shopConfig);
        ShopSettings settings = config.get().settings();
        DebugLog debug = new DebugLog(item.shopId(), snapshot.orderId(), settings, clock);

        // Not ours at all: decided without reading the order's state.
        Plan screen = Reconciler.plan(snapshot, OrderState.initial(item.shopId(), snapshot.orderId()), settings,
                item.receivedAt());
        switch (screen.decision()) {
            case MANAGEMENT_DISABLED, NOT_OUR_PAYMENT_METHOD, NO_TRANSACTION_ID -> {
                debug.decision("screen", screen.decision().name(), screen.reason());
                logs.write(debug.drain());
                return logged(item, new Outcome(Result.IGNORED, screen.decision() + ": " + screen.reason()));
            }
            default -> { }
        }
        OrderRun run = new OrderRun(config.get(), snapshot, debug, item.receivedAt());
        try {
            return logged(item, run.run());
        } catch (StateConflictException e) {
            return logged(item, new Outcome(Result.RETRY, e.getMessage()));
        } finally {
            run.deliverNotes();
        }
    }

    private Outcome logged(InboxItem item, Outcome outcome) {
        events.event(item.shopId(), item.orderId(), "record", outcome.result().name().toLowerCase(java.util.Locale.ROOT),
                outcome.detail());
        return outcome;
    }

    /** One order's processing: the state as stored, the state being built, the notes to send. */
    private final class OrderRun {
        final ShopConfig config;
        final ShopSettings settings;
        final OrderSnapshot snapshot;
        final DebugLog debug;
        final String shopId;
        final String orderId;
        final Instant receivedAt;
        final List<Note> toDeliver = new ArrayList<>();
        OrderState stored;
        OrderState working;
        PaymentProvider provider;
        ShopClient shop;
        /** A step ran or a note was stored in this run. */
        boolean acted;

        OrderRun(ShopConfig config, OrderSnapshot snapshot, DebugLog debug, Instant receivedAt) {
            this.config = config;
            this.settings = config.settings();
            this.snapshot = snapshot;
            this.debug = debug;
            this.shopId = config.shopId();
            this.orderId = snapshot.orderId();
            this.receivedAt = receivedAt;
        }

        Outcome run() {
            stored = states.loadOrInitial(shopId, orderId);
            working = stored;
            String number = PaymentNumbers.of(snapshot, settings.paymentNumberFields());
            if (working.reservation() == Reservation.NOT_FOUND && !number.isEmpty() && !number.equals(working.paymentNumber())) {
                working = working.relearn(number);
            }
            if (working.pending() != null) {
                Outcome unresolved = resolvePending();
                if (unresolved != null) {
                    return unresolved;
                }
            }
            String known = working.paymentNumber() != null ? working.paymentNumber() : number;
            if (!working.providerKnown() && working.pending() == null && !known.isEmpty()) {
                Outcome unknown = learnWhatTheProviderHolds(known);
                if (unknown != null) {
                    return unknown;
                }
            }
            for (int round = 0; round < MAX_ROUNDS; round++) {
                Plan plan = Reconciler.plan(snapshot, working, settings, receivedAt);
                events.event(shopId, orderId, "plan", plan.decision().name(), plan.reason());
                if (round == 0) {
                    debug.decision("plan", plan.decision().name(), plan.reason());
                }
                working = plan.accepted();
                List<Note> newNotes = new ArrayList<>();
                for (Notice notice : plan.notices()) {
                    String failureStatus = notice.setsFailureStatus() ? settings.failureStatus() : null;
                    if (failureStatus != null) {
                        working = working.withWrittenStatus(failureStatus);
                    }
                    newNotes.add(note(NoteText.notice(provider().name(), notice, working, failureStatus, snapshot.currency()),
                            failureStatus == null ? Level.WARNING : Level.ERROR, failureStatus, Map.of()));
                    working = working.withNoticeGiven(notice.key());
                }
                if (plan.steps().isEmpty()) {
                    saveIfChanged(newNotes);
                    acted |= !newNotes.isEmpty();
                    return new Outcome(acted ? Result.APPLIED : Result.IGNORED, plan.decision() + ": " + plan.reason());
                }
                Step step = plan.steps().get(0);
                List<Refund> refunds = new ArrayList<>();
                for (String refundId : refundsNeeded(step)) {
                    ShopResult<Refund> fetched = debug.shop(step.key(), "shop.getRefund",
                            Map.of("order", orderId, "refund", refundId), () -> shop().getRefund(orderId, refundId));
                    if (fetched instanceof ShopResult.Unavailable<Refund> down) {
                        saveIfChanged(newNotes);
                        return new Outcome(Result.RETRY, "the shop is unavailable to read refund " + refundId + ": " + down.reason());
                    }
                    if (fetched instanceof ShopResult.Rejected<Refund> rejected) {
                        working = working.refused(step);
                        newNotes.add(note(NoteText.refundUnreadable(provider().name(), refundId,
                                rejected.httpStatus() + " " + rejected.message()), Level.ERROR, null, Map.of()));
                        break;
                    }
                    refunds.add(((ShopResult.Ok<Refund>) fetched).value());
                }
                if (working.refusedKeys().contains(step.key())) {
                    save(newNotes);
                    acted = true;
                    continue;
                }
                List<Refund> byGateway = refunds.stream().filter(Refund::refundedPayment).toList();
                if (!byGateway.isEmpty()) {
                    // "Refund via <gateway>": the gateway paid it back; crediting it (or taking it off the
                    // reservation) as well would return the money twice.
                    for (Refund refund : byGateway) {
                        working = working.refundedByGateway(refund.refundId(), refund.amount());
                        newNotes.add(note(NoteText.gatewayRefund(provider().name(), refund.refundId(), refund.amount(),
                                snapshot.currency()), Level.INFO, null, Map.of()));
                        events.event(shopId, orderId, step.key(), "refunded-by-gateway", refund.refundId());
                    }
                    save(newNotes);
                    acted = true;
                    continue;
                }
                working = working.withPending(step, clock.instant());
                save(newNotes);
                ProviderResult result = callProvider(step, refunds);
                Outcome stop = record(step, result, false);
                if (stop != null) {
                    return stop;
                }
            }
            return new Outcome(Result.APPLIED, "stopped after " + MAX_ROUNDS + " steps");
        }

        /** The refunds a step needs read from the shop: the credited one, or those taken off the reservation. */
        private List<String> refundsNeeded(Step step) {
            return switch (step.kind()) {
                case CREDIT -> List.of(((Step.Credit) step).refundId());
                case UPDATE -> ((Step.Update) step).settlesRefundIds();
                case ACTIVATE, CANCEL -> List.of();
            };
        }

        /**
         * The first snapshot orderhook sees of an order need not be the one the reservation was
         * made for: the merchant may have edited the order before its first delivery reached
         * orderhook (WooCommerce coalesces deliveries, and may lose one), the customer may have
         * paid at checkout (bank, Swish), or the payment may have been activated, cancelled or
         * credited in the provider's back office. So on first sight ask the provider what it
         * holds and adopt it, telling the merchant when it is not a plain reservation.
         */
        private Outcome learnWhatTheProviderHolds(String number) {
            ProviderResult status = debug.provider("first-sight", providerName() + ".status", Map.of("payment", number),
                    () -> safely(() -> provider().status(number)));
            if (status instanceof ProviderResult.Done done && done.info() != null) {
                PaymentInfo info = done.info();
                switch (info.state()) {
                    case RESERVED, PENDING, AMBIGUOUS -> {
                        if (info.totalWithTax() != snapshot.total()) {
                            working = working.withProviderTotalDiffering(info.totalWithTax());
                            events.event(shopId, orderId, "first-sight", "provider-total-differs",
                                    "the reservation holds " + info.totalWithTax() + ", the order " + snapshot.total());
                        }
                        return null;
                    }
                    case ACTIVATED -> working = working.adoptedActivated(info, false, List.of());
                    case CREDITED -> working = working.adoptedActivated(info, true,
                            snapshot.refunds().stream().map(RefundRef::refundId).toList());
                    case CANCELLED, REJECTED -> working = working.adoptedCancelled();
                }
                acted = true;
                working = working.accepting(number);
                save(List.of(note(NoteText.adopted(provider().name(), info, snapshot.currency()), Level.INFO, null, Map.of())));
                events.event(shopId, orderId, "first-sight", "adopted-" + info.state().name().toLowerCase(java.util.Locale.ROOT),
                        info.providerStatus());
                return null;
            }
            if (status instanceof ProviderResult.Refused refused && refused.unknownPayment()) {
                working = working.adoptedNotFound().accepting(number);
                events.event(shopId, orderId, "first-sight", "payment-not-found", refused.code() + " " + refused.message());
                return null;
            }
            if (status instanceof ProviderResult.Transient failed) {
                return new Outcome(Result.RETRY, "could not ask the provider what the reservation holds: " + failed.reason());
            }
            // Another refusal (e.g. wrong credentials) is left to the steps, which meet it again and tell the merchant.
            return null;
        }

        /** A step recorded as started and never recorded as finished: ask the provider. */
        private Outcome resolvePending() {
            Step step = working.pending().step();
            ProviderResult status = debug.provider(step.key(), providerName() + ".status",
                    Map.of("payment", working.paymentNumber()), () -> safely(() -> provider().status(working.paymentNumber())));
            if (status instanceof ProviderResult.Done done && done.info() != null) {
                PendingResolution.Verdict verdict = PendingResolution.resolve(step, working, done.info(),
                        provider().capabilities());
                events.event(shopId, orderId, step.key(), "resolved-" + verdict.name().toLowerCase(java.util.Locale.ROOT),
                        done.info().providerStatus());
                switch (verdict) {
                    case APPLIED -> {
                        String number = step.kind() == Step.StepKind.ACTIVATE && working.activationNumber() != null
                                ? working.activationNumber() : done.providerNumber();
                        return record(step, new ProviderResult.Done(number, done.info()), true);
                    }
                    case NOT_APPLIED -> {
                        working = working.withoutPending();
                        return null;
                    }
                    case UNDECIDABLE -> {
                        if (step.kind() == Step.StepKind.CREDIT) {
                            Step.Credit credit = (Step.Credit) step;
                            working = working.withUndecidedCredit(credit);
                            save(List.of(note(NoteText.unconfirmedCredit(provider().name(), credit, snapshot.currency()),
                                    Level.ERROR, null, Map.of())));
                            acted = true;
                            return null;
                        }
                        saveIfChanged(List.of());
                        return new Outcome(Result.RETRY, "the provider cannot tell yet whether " + step.key() + " was applied");
                    }
                }
            }
            if (status instanceof ProviderResult.Refused refused) {
                return record(step, refused, false);
            }
            saveIfChanged(List.of());
            return new Outcome(Result.RETRY, "could not ask the provider about " + step.key());
        }

        /** Records a step's result; a non-null outcome stops the run. */
        private Outcome record(Step step, ProviderResult result, boolean confirmedLater) {
            acted = true;
            switch (result.kind()) {
                case DONE -> {
                    ProviderResult.Done done = (ProviderResult.Done) result;
                    working = working.applied(step, done.providerNumber(), done.moved());
                    String text = NoteText.done(provider().name(), provider().checkoutName(), step, done.providerNumber(),
                            done.alreadyDone(), snapshot.currency()) + (confirmedLater ? NoteText.confirmedLater() : "");
                    save(List.of(note(text, Level.INFO, null, meta(step, done.providerNumber(), done.alreadyDone()))));
                    events.event(shopId, orderId, step.key(), done.alreadyDone() ? "already-done" : "done", null);
                    return null;
                }
                case REFUSED -> {
                    ProviderResult.Refused refused = (ProviderResult.Refused) result;
                    boolean setsStatus = (step.kind() == Step.StepKind.ACTIVATE || step.kind() == Step.StepKind.CANCEL)
                            && !settings.failureStatus().equals(snapshot.status());
                    String failureStatus = setsStatus ? settings.failureStatus() : null;
                    working = working.refused(step);
                    if (failureStatus != null) {
                        working = working.withWrittenStatus(failureStatus);
                    }
                    save(List.of(note(NoteText.refused(provider().name(), step, refused.code(), refused.message(),
                            failureStatus, snapshot.currency()), Level.ERROR, failureStatus, Map.of())));
                    events.event(shopId, orderId, step.key(), "refused", refused.code() + " " + refused.message());
                    return null;
                }
                case TRANSIENT -> {
                    ProviderResult.Transient failed = (ProviderResult.Transient) result;
                    working = failed.outcomeUnknown() ? working.withOutcomeUnknown() : working.withoutPending();
                    save(List.of());
                    events.event(shopId, orderId, step.key(), failed.outcomeUnknown() ? "outcome-unknown" : "transient",
                            failed.reason());
                    return new Outcome(Result.RETRY, step.key() + ": " + failed.reason());
                }
            }
            throw new IllegalStateException("every kind is handled above");
        }

        private ProviderResult callProvider(Step step, List<Refund> refunds) {
            String number = working.paymentNumber();
            String key = step.key();
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("payment", number);
            request.put("key", key);
            switch (step.kind()) {
                case UPDATE -> {
                    request.put("total", ((Step.Update) step).total());
                    request.put("lines", snapshot.lines().size());
                    request.put("refundsTakenOff", ((Step.Update) step).settlesRefundIds());
                }
                case CREDIT -> {
                    Step.Credit c = (Step.Credit) step;
                    request.put("refund", c.refundId());
                    request.put("amount", c.amount());
                    request.put("wholePayment", c.wholePayment());
                    request.put("lines", refunds.get(0).lines().size());
                }
                case ACTIVATE, CANCEL -> { }
            }
            TaxSplit creditedBefore = working.creditedSplit();
            return debug.provider(key, providerName() + "." + step.kind().wireName(), request, () -> safely(() -> {
                PaymentProvider p = provider();
                return switch (step.kind()) {
                    case ACTIVATE -> p.activate(number, key);
                    case CANCEL -> p.cancel(number, key);
                    case UPDATE -> p.update(number, snapshot, refunds, key);
                    case CREDIT -> p.credit(number, snapshot, refunds.get(0), creditedBefore,
                            ((Step.Credit) step).wholePayment(), key);
                };
            }));
        }

        /** A provider that throws has a bug; the call may have been sent, so the outcome is unknown. */
        private ProviderResult safely(java.util.function.Supplier<ProviderResult> call) {
            try {
                return call.get();
            } catch (RuntimeException e) {
                return new ProviderResult.Transient("provider client failed: " + e.getClass().getSimpleName()
                        + ": " + e.getMessage(), true);
            }
        }

        private Map<String, String> meta(Step step, String providerNumber, boolean alreadyDone) {
            if (providerNumber == null || alreadyDone) {
                return Map.of();
            }
            return switch (step.kind()) {
                case ACTIVATE -> Map.of("_orderhook_activation_number", providerNumber);
                case CREDIT -> Map.of("_orderhook_credit_" + ((Step.Credit) step).refundId(), providerNumber);
                case UPDATE, CANCEL -> Map.of();
            };
        }

        /** A note; one that sets the failure status does so only while the order keeps the status that failed. */
        private Note note(String text, Level level, String setStatus, Map<String, String> meta) {
            Instant now = clock.instant();
            return Note.create(shopId, orderId, now, text, level, false, setStatus,
                    setStatus == null ? null : snapshot.status(), meta, now.plus(OUTBOX_GRACE));
        }

        private void save(List<Note> newNotes) {
            stored = states.save(working, newNotes, debug.drain());
            working = stored;
            toDeliver.addAll(newNotes);
        }

        private void saveIfChanged(List<Note> newNotes) {
            if (!working.equals(stored) || !newNotes.isEmpty() || debug.hasEntries()) {
                save(newNotes);
            }
        }

        void deliverNotes() {
            if (toDeliver.isEmpty()) {
                logs.write(debug.drain());
                return;
            }
            try {
                List<Note> outcomes = NoteDelivery.deliver(shop(), toDeliver, debug, clock.instant());
                notes.record(outcomes, debug.drain());
                for (Note note : outcomes) {
                    events.event(shopId, orderId, "note", note.delivered() ? "delivered"
                            : note.rejected() ? "rejected" : "queued", note.lastError());
                }
            } catch (RuntimeException e) {
                // The notes are stored: the outbox dispatcher sends them after the grace period.
                events.event(shopId, orderId, "note", "left-to-outbox", e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }

        private PaymentProvider provider() {
            if (provider == null) {
                provider = connections.provider(config);
            }
            return provider;
        }

        private String providerName() {
            return provider().name().toLowerCase(java.util.Locale.ROOT);
        }

        private ShopClient shop() {
            if (shop == null) {
                shop = connections.shop(config);
            }
            return shop;
        }
    }
}
