package io.orderhook.store;

import static io.orderhook.store.Attributes.putInstant;
import static io.orderhook.store.Attributes.putN;
import static io.orderhook.store.Attributes.putS;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.orderhook.ledger.LedgerEntry;
import io.orderhook.ledger.PaymentTotals;
import io.orderhook.lifecycle.OrderState;
import io.orderhook.lifecycle.OrderState.PendingOp;
import io.orderhook.lifecycle.Reservation;
import io.orderhook.lifecycle.Step;
import io.orderhook.order.TaxSplit;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The order state item ({@code SHOP#{shop}#ORDER#{id}} / {@code STATE}) with optimistic
 * locking: every write is conditional on the version that was read and increments it.
 * State, new notes and debug-log entries of one decision are written in one request
 * (TransactWriteItems) so that a crash never leaves a step recorded without its note.
 */
public final class OrderStateStore {
    public static final String SK_STATE = "STATE";
    public static final String TYPE = "STATE";

    static final String ATTR_TYPE = "type";
    static final String ATTR_RESERVATION = "reservation";
    static final String ATTR_PAYMENT_NUMBER = "paymentNumber";
    static final String ATTR_LAST_MODIFIED = "lastModifiedGmt";
    static final String ATTR_ORDER_STATUS = "orderStatus";
    static final String ATTR_PAYMENT = "payment";
    static final String ATTR_LINES_HASH = "syncedLinesHash";
    static final String ATTR_SYNCED_TOTAL = "syncedTotal";
    static final String ATTR_ACTIVATED_TOTAL = "activatedTotal";
    static final String ATTR_ACTIVATION_NUMBER = "activationNumber";
    static final String ATTR_CREDITED_REFUNDS = "creditedRefundIds";
    static final String ATTR_CREDITED_AMOUNT = "creditedAmount";
    static final String ATTR_CREDITED_SPLIT = "creditedByRate";
    static final String ATTR_UNDECIDED_CREDIT = "undecidedCredit";
    static final String ATTR_GATEWAY_REFUNDS = "gatewayRefundIds";
    static final String ATTR_PENDING = "pending";
    static final String ATTR_WRITTEN_STATUS = "writtenStatus";
    static final String ATTR_REFUSED = "refusedKeys";
    static final String ATTR_NOTICES = "noticesGiven";
    static final String ATTR_VERSION = "version";
    /** {@link SettledOrders}: the content the state is settled for, and the version it was written with. */
    static final String ATTR_SETTLED_MARK = "settledMark";
    static final String ATTR_SETTLED_VERSION = "settledVersion";

    private final DynamoDbClient dynamo;
    private final String table;

    public OrderStateStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** The one-request check for a change that needs nothing, on this store's table. */
    public SettledOrders settled() {
        return new SettledOrders(dynamo, table);
    }

    /** Deleting orders on request, and their tombstones, on this store's table. */
    public OrderErasureStore erasures() {
        return new OrderErasureStore(dynamo, table);
    }

    /**
     * The recorded state, read consistently; empty for an order never seen.
     *
     * @throws OrderErasedException when the order was deleted on request
     */
    public Optional<OrderState> load(String shopId, String orderId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Attributes.key(InboxItem.partitionKey(shopId, orderId), SK_STATE))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(shopId, orderId, item));
    }

    /** The recorded state or {@link OrderState#initial}. */
    public OrderState loadOrInitial(String shopId, String orderId) {
        return load(shopId, orderId).orElseGet(() -> OrderState.initial(shopId, orderId));
    }

    /** Writes the state alone (one PutItem). */
    public OrderState save(OrderState state) {
        return save(state, List.of(), List.of());
    }

    /**
     * Writes the state and the new notes and log entries in one request: a PutItem when there
     * is only the state, a TransactWriteItems otherwise.
     *
     * @return the state as stored (version incremented)
     * @throws StateConflictException when the stored version is not {@code state.version()}
     */
    public OrderState save(OrderState state, List<NoteStore.Note> notes, List<DebugLogStore.LogEntry> logs) {
        return save(state, notes, logs, List.of());
    }

    /**
     * As {@link #save(OrderState, List, List)}, with the ledger entries of the steps this state
     * records: they are stored if and only if the state is.
     */
    public OrderState save(OrderState state, List<NoteStore.Note> notes, List<DebugLogStore.LogEntry> logs,
            List<LedgerEntry> ledger) {
        return save(state, notes, logs, ledger, null);
    }

    /**
     * As {@link #save(OrderState, List, List, List)}, marking the state as settled for the order
     * content {@code settledMark} (see {@link SettledOrders}); null leaves it unmarked. Every write
     * replaces the whole item, so a write without a mark removes an earlier one.
     */
    public OrderState save(OrderState state, List<NoteStore.Note> notes, List<DebugLogStore.LogEntry> logs,
            List<LedgerEntry> ledger, String settledMark) {
        OrderState next = state.withVersion(state.version() + 1);
        Put put = conditionalPut(state, next, settledMark);
        try {
            if (notes.isEmpty() && logs.isEmpty() && ledger.isEmpty()) {
                dynamo.putItem(b -> b.tableName(table).item(put.item()).conditionExpression(put.conditionExpression())
                        .expressionAttributeNames(put.expressionAttributeNames())
                        .expressionAttributeValues(put.expressionAttributeValues()));
            } else {
                List<TransactWriteItem> items = new ArrayList<>();
                items.add(TransactWriteItem.builder().put(put).build());
                notes.forEach(n -> items.add(NoteStore.putRequest(table, n)));
                logs.forEach(l -> items.add(DebugLogStore.putRequest(table, l)));
                ledger.forEach(e -> items.add(LedgerStore.putRequest(table, state.shopId(), state.orderId(), e)));
                dynamo.transactWriteItems(b -> b.transactItems(items));
            }
        } catch (ConditionalCheckFailedException e) {
            throw conflict(state);
        } catch (TransactionCanceledException e) {
            boolean conditionFailed = e.hasCancellationReasons() && e.cancellationReasons().stream()
                    .map(CancellationReason::code).anyMatch("ConditionalCheckFailed"::equals);
            if (conditionFailed) {
                throw conflict(state);
            }
            throw e;
        }
        return next;
    }

    private static StateConflictException conflict(OrderState state) {
        return new StateConflictException("order " + state.orderId() + " of shop " + state.shopId()
                + " changed since version " + state.version() + " was read; reload and decide again");
    }

    private Put conditionalPut(OrderState expected, OrderState next, String settledMark) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        String condition;
        if (expected.version() == 0) {
            condition = "attribute_not_exists(#pk)";
            names.put("#pk", TableDefinition.PK);
        } else {
            condition = "#v = :v";
            names.put("#v", ATTR_VERSION);
            values.put(":v", AttributeValue.fromN(Long.toString(expected.version())));
        }
        Map<String, AttributeValue> item = toItem(next);
        if (settledMark != null) {
            putS(item, ATTR_SETTLED_MARK, settledMark);
            putN(item, ATTR_SETTLED_VERSION, next.version());
        }
        return Put.builder().tableName(table).item(item).conditionExpression(condition)
                .expressionAttributeNames(names).expressionAttributeValues(values.isEmpty() ? null : values).build();
    }

    static Map<String, AttributeValue> toItem(OrderState s) {
        Map<String, AttributeValue> item = new HashMap<>(Attributes.key(InboxItem.partitionKey(s.shopId(), s.orderId()), SK_STATE));
        item.put(ATTR_TYPE, AttributeValue.fromS(TYPE));
        putS(item, InboxItem.ATTR_SHOP, s.shopId());
        putS(item, InboxItem.ATTR_ORDER, s.orderId());
        putS(item, ATTR_RESERVATION, s.reservation().name());
        putS(item, ATTR_PAYMENT_NUMBER, s.paymentNumber());
        putInstant(item, ATTR_LAST_MODIFIED, s.lastModifiedGmt());
        putS(item, ATTR_ORDER_STATUS, s.orderStatus());
        putS(item, ATTR_LINES_HASH, s.syncedLinesHash());
        putN(item, ATTR_SYNCED_TOTAL, s.syncedTotal());
        putN(item, ATTR_ACTIVATED_TOTAL, s.activatedTotal());
        putS(item, ATTR_ACTIVATION_NUMBER, s.activationNumber());
        item.put(ATTR_CREDITED_REFUNDS, Attributes.list(s.creditedRefundIds()));
        putN(item, ATTR_CREDITED_AMOUNT, s.creditedAmount());
        if (!s.creditedSplit().isEmpty()) {
            item.put(ATTR_CREDITED_SPLIT, splitToMap(s.creditedSplit()));
        }
        putN(item, ATTR_UNDECIDED_CREDIT, s.undecidedCredit());
        item.put(ATTR_GATEWAY_REFUNDS, Attributes.list(s.gatewayRefundIds()));
        if (s.pending() != null) {
            item.put(ATTR_PENDING, AttributeValue.fromM(pendingToMap(s.pending())));
        }
        putS(item, ATTR_WRITTEN_STATUS, s.writtenStatus());
        item.put(ATTR_REFUSED, Attributes.list(s.refusedKeys()));
        item.put(ATTR_NOTICES, Attributes.list(s.noticesGiven()));
        item.put(ATTR_PAYMENT, paymentToMap(s.payment()));
        DueRetryKeys.put(item, s);
        ExpiryKeys.put(item, s);
        putN(item, ATTR_VERSION, s.version());
        return item;
    }

    static OrderState fromItem(String shopId, String orderId, Map<String, AttributeValue> item) {
        OrderErasureStore.refuseIfTombstone(shopId, orderId, item);
        AttributeValue pending = item.get(ATTR_PENDING);
        return new OrderState(shopId, orderId,
                Reservation.valueOf(Attributes.s(item, ATTR_RESERVATION)),
                Attributes.s(item, ATTR_PAYMENT_NUMBER),
                Attributes.instant(item, ATTR_LAST_MODIFIED),
                Attributes.s(item, ATTR_ORDER_STATUS),
                Attributes.s(item, ATTR_LINES_HASH),
                Attributes.n(item, ATTR_SYNCED_TOTAL),
                Attributes.n(item, ATTR_ACTIVATED_TOTAL),
                Attributes.s(item, ATTR_ACTIVATION_NUMBER),
                new HashSet<>(Attributes.strings(item, ATTR_CREDITED_REFUNDS)),
                Attributes.n(item, ATTR_CREDITED_AMOUNT),
                splitFromMap(item.get(ATTR_CREDITED_SPLIT)),
                new HashSet<>(Attributes.strings(item, ATTR_GATEWAY_REFUNDS)),
                Attributes.n(item, ATTR_UNDECIDED_CREDIT),
                pending == null || !pending.hasM() ? null : pendingFromMap(pending.m()),
                Attributes.s(item, ATTR_WRITTEN_STATUS),
                new HashSet<>(Attributes.strings(item, ATTR_REFUSED)),
                new HashSet<>(Attributes.strings(item, ATTR_NOTICES)),
                paymentFromMap(item.get(ATTR_PAYMENT)),
                DueRetryKeys.retry(item),
                ExpiryKeys.lapsesAt(item),
                Attributes.n(item, ATTR_VERSION));
    }

    private static Map<String, AttributeValue> pendingToMap(PendingOp op) {
        Map<String, AttributeValue> m = new HashMap<>();
        Step step = op.step();
        putS(m, "kind", step.kind().name());
        putS(m, "key", step.key());
        switch (step.kind()) {
            case UPDATE -> {
                Step.Update u = (Step.Update) step;
                putS(m, "linesHash", u.linesHash());
                putN(m, "total", u.total());
                m.put("settlesRefundIds", Attributes.list(u.settlesRefundIds()));
            }
            case CANCEL -> m.put("settlesRefundIds", Attributes.list(((Step.Cancel) step).settlesRefundIds()));
            case CREDIT -> {
                Step.Credit c = (Step.Credit) step;
                putS(m, "refundId", c.refundId());
                putN(m, "amount", c.amount());
                m.put("wholePayment", AttributeValue.fromBool(c.wholePayment()));
            }
            case ACTIVATE -> {
                Step.Activate a = (Step.Activate) step;
                putN(m, "amount", a.amount());
                m.put("refundsTakenOff", Attributes.list(a.refundsTakenOff()));
            }
        }
        m.put("outcomeUnknown", AttributeValue.fromBool(op.outcomeUnknown()));
        putInstant(m, "startedAt", op.startedAt());
        return m;
    }

    private static AttributeValue paymentToMap(PaymentTotals p) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put("seen", AttributeValue.fromBool(p.seen()));
        putN(m, "captured", p.captured());
        putN(m, "refunded", p.refunded());
        putN(m, "reserved", p.reserved());
        m.put("released", AttributeValue.fromBool(p.released()));
        putS(m, "openRefusal", p.openRefusal() == null ? null : p.openRefusal().name());
        return AttributeValue.fromM(m);
    }

    /** An item written before the ledger existed has none: its totals start empty. */
    private static PaymentTotals paymentFromMap(AttributeValue value) {
        if (value == null || !value.hasM()) {
            return PaymentTotals.NONE;
        }
        Map<String, AttributeValue> m = value.m();
        String refusal = Attributes.s(m, "openRefusal");
        return new PaymentTotals(Attributes.bool(m, "seen"), Attributes.n(m, "captured"), Attributes.n(m, "refunded"),
                Attributes.n(m, "reserved"), Attributes.bool(m, "released"),
                refusal == null ? null : LedgerEntry.Operation.valueOf(refusal));
    }

    /** {@code {"25": {"net": N, "tax": N}, ...}}: a rate's percent as the key. */
    private static AttributeValue splitToMap(TaxSplit split) {
        Map<String, AttributeValue> rates = new HashMap<>();
        split.byRate().forEach((rate, part) -> rates.put(rate.toPlainString(), AttributeValue.fromM(Map.of(
                "net", AttributeValue.fromN(Long.toString(part.net())),
                "tax", AttributeValue.fromN(Long.toString(part.tax()))))));
        return AttributeValue.fromM(rates);
    }

    private static TaxSplit splitFromMap(AttributeValue value) {
        if (value == null || !value.hasM()) {
            return TaxSplit.EMPTY;
        }
        Map<BigDecimal, TaxSplit.Part> rates = new HashMap<>();
        value.m().forEach((rate, part) -> rates.put(new BigDecimal(rate),
                new TaxSplit.Part(Attributes.n(part.m(), "net"), Attributes.n(part.m(), "tax"))));
        return new TaxSplit(rates);
    }

    private static PendingOp pendingFromMap(Map<String, AttributeValue> m) {
        String key = Attributes.s(m, "key");
        Step step = switch (Step.StepKind.valueOf(Attributes.s(m, "kind"))) {
            case UPDATE -> new Step.Update(key, Attributes.s(m, "linesHash"), Attributes.n(m, "total"),
                    Attributes.strings(m, "settlesRefundIds"));
            case ACTIVATE -> new Step.Activate(key, Attributes.n(m, "amount"), Attributes.strings(m, "refundsTakenOff"));
            case CANCEL -> new Step.Cancel(key, Attributes.strings(m, "settlesRefundIds"));
            case CREDIT -> new Step.Credit(key, Attributes.s(m, "refundId"), Attributes.n(m, "amount"),
                    Attributes.bool(m, "wholePayment"));
        };
        return new PendingOp(step, Attributes.bool(m, "outcomeUnknown"), Attributes.instant(m, "startedAt"));
    }
}
