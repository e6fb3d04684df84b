package io.orderhook.lifecycle;

import java.time.Instant;
import java.util.Set;

import io.orderhook.ledger.PaymentTotals;
import io.orderhook.lifecycle.OrderState.PendingOp;
import io.orderhook.order.TaxSplit;

/** A copy of an {@link OrderState} with some components changed: keeps its many transitions readable. */
final class OrderStateCopy {
    private final OrderState s;
    private Reservation reservation;
    private String paymentNumber;
    private Instant lastModified;
    private String orderStatus;
    private String linesHash;
    private long synced;
    private long activated;
    private String activation;
    private Set<String> creditedIds;
    private long credited;
    private TaxSplit creditedSplit;
    private Set<String> gateway;
    private long undecided;
    private PendingOp pending;
    private String writtenStatus;
    private Set<String> refused;
    private Set<String> notices;
    private PaymentTotals payment;
    private DeclineRetry retry;
    private Instant lapsesAt;
    private long version;

    OrderStateCopy(OrderState s) {
        this.s = s;
        reservation = s.reservation();
        paymentNumber = s.paymentNumber();
        lastModified = s.lastModifiedGmt();
        orderStatus = s.orderStatus();
        linesHash = s.syncedLinesHash();
        synced = s.syncedTotal();
        activated = s.activatedTotal();
        activation = s.activationNumber();
        creditedIds = s.creditedRefundIds();
        credited = s.creditedAmount();
        creditedSplit = s.creditedSplit();
        gateway = s.gatewayRefundIds();
        undecided = s.undecidedCredit();
        pending = s.pending();
        writtenStatus = s.writtenStatus();
        refused = s.refusedKeys();
        notices = s.noticesGiven();
        payment = s.payment();
        retry = s.retry();
        lapsesAt = s.lapsesAt();
        version = s.version();
    }

    OrderStateCopy reservation(Reservation r) { reservation = r; return this; }
    OrderStateCopy paymentNumber(String n) { paymentNumber = n; return this; }
    OrderStateCopy lastModified(Instant t) { lastModified = t; return this; }
    OrderStateCopy orderStatus(String status) { orderStatus = status; return this; }
    OrderStateCopy linesHash(String h) { linesHash = h; return this; }
    OrderStateCopy synced(long total) { synced = total; return this; }
    OrderStateCopy activated(long total) { activated = total; return this; }
    OrderStateCopy activation(String number) { activation = number; return this; }
    OrderStateCopy credited(Set<String> ids, long amount) { creditedIds = ids; credited = amount; return this; }
    OrderStateCopy creditedSplit(TaxSplit split) { creditedSplit = split; return this; }
    OrderStateCopy undecided(long amount) { undecided = amount; return this; }
    OrderStateCopy gateway(Set<String> ids) { gateway = ids; return this; }
    OrderStateCopy pending(PendingOp op) { pending = op; return this; }
    OrderStateCopy writtenStatus(String status) { writtenStatus = status; return this; }
    OrderStateCopy refused(Set<String> keys) { refused = keys; return this; }
    OrderStateCopy notices(Set<String> keys) { notices = keys; return this; }
    OrderStateCopy payment(PaymentTotals p) { payment = p; return this; }
    OrderStateCopy retry(DeclineRetry r) { retry = r; return this; }
    OrderStateCopy lapsesAt(Instant t) { lapsesAt = t; return this; }
    OrderStateCopy version(long v) { version = v; return this; }

    OrderState build() {
        return new OrderState(s.shopId(), s.orderId(), reservation, paymentNumber, lastModified, orderStatus, linesHash, synced,
                activated, activation, creditedIds, credited, creditedSplit, gateway, undecided, pending, writtenStatus,
                refused, notices, payment, retry, lapsesAt, version);
    }
}
