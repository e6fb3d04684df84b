package io.orderhook.ledger;

import java.util.List;

import io.orderhook.ledger.LedgerEntry.Operation;
import io.orderhook.ledger.LedgerEntry.Result;
import io.orderhook.ledger.PaymentStatus.Status;

/**
 * The ledger folded: what an order's entries add up to. Folding entry by entry
 * ({@link #plus}) gives the same as folding them all ({@link #of}), so the order's state keeps
 * the totals of its ledger up to date in the same write as each entry, and a payment status is
 * derived without reading the ledger back.
 *
 * @param seen        any entry at all (a reservation known)
 * @param captured    captured, minor units with tax
 * @param refunded    returned to the customer (orderhook's credits, those found at the provider, gateway refunds)
 * @param reserved    what the reservation holds while nothing is captured or released
 * @param released    the reservation was released (or found released)
 * @param openRefusal the kind of operation last refused and not done since, or null
 */
public record PaymentTotals(boolean seen, long captured, long refunded, long reserved, boolean released,
        Operation openRefusal) {

    public static final PaymentTotals NONE = new PaymentTotals(false, 0, 0, 0, false, null);

    public static PaymentTotals of(List<LedgerEntry> entries) {
        PaymentTotals totals = NONE;
        for (LedgerEntry e : entries) {
            totals = totals.plus(e);
        }
        return totals;
    }

    /** These totals with one more entry. */
    public PaymentTotals plus(LedgerEntry e) {
        long newCaptured = captured + e.captured();
        long newRefunded = refunded + e.refunded();
        long newReserved = reserved;
        boolean newReleased = released;
        switch (e.operation()) {
            case RESERVATION_SEEN -> newReserved = e.amount();
            case UPDATE -> newReserved = e.result().moved() ? e.amount() : reserved;
            case CANCEL, CANCEL_SEEN -> newReleased = released || e.result().moved();
            default -> { }
        }
        if (newCaptured > 0 || newReleased) {
            newReserved = 0;
        }
        Operation refusal = openRefusal;
        if (e.result() == Result.REFUSED) {
            refusal = base(e.operation());
        } else if (e.result().moved() && refusal != null && (refusal == Operation.UPDATE || base(e.operation()) == refusal)) {
            // A later success of the same kind clears a refusal; any later success clears a refused update.
            refusal = null;
        }
        return new PaymentTotals(true, newCaptured, newRefunded, newReserved, newReleased, refusal);
    }

    /**
     * @param orderStatus    the order's status in the shop ("completed" makes a capture complete)
     * @param retryScheduled a refused step is due to be tried again
     */
    public PaymentStatus status(String orderStatus, boolean retryScheduled) {
        Status status;
        if (captured > 0 && refunded >= captured) {
            status = Status.REFUNDED;
        } else if (captured == 0 && released) {
            status = Status.CANCELLED;
        } else if (openRefusal != null) {
            status = retryScheduled ? Status.FAILED : Status.SUSPENDED;
        } else if (captured > 0) {
            status = "completed".equals(orderStatus) ? Status.COMPLETE
                    : refunded > 0 ? Status.PART_REFUNDED : Status.CAPTURED;
        } else {
            status = seen ? Status.RESERVED : Status.PENDING_PAYMENT;
        }
        return new PaymentStatus(status, captured, refunded, reserved);
    }

    private static Operation base(Operation op) {
        return switch (op) {
            case CAPTURE_SEEN -> Operation.CAPTURE;
            case CANCEL_SEEN -> Operation.CANCEL;
            case REFUND_SEEN, GATEWAY_REFUND -> Operation.REFUND;
            default -> op;
        };
    }
}
