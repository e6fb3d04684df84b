package io.orderhook.ledger;

import java.util.List;
import java.util.Locale;

/**
 * An order's payment status, derived from its ledger alone ({@link PaymentTotals}) and the order's
 * status for "complete", in three groups: preliminary (nothing captured yet), live (money
 * captured, or a step refused), final (nothing more will move). The same status is shown in the
 * admin view, the CLI, the console and written to the shop's order meta.
 *
 * @param captured what was captured, minor units with tax
 * @param refunded what was returned to the customer
 * @param reserved what the reservation holds while nothing is captured (0 after a capture or release)
 */
public record PaymentStatus(Status status, long captured, long refunded, long reserved) {

    public enum Group { PRELIMINARY, LIVE, FINAL }

    public enum Status {
        /** No reservation known yet: the customer has not paid. */
        PENDING_PAYMENT(Group.PRELIMINARY),
        /** The reservation is held, nothing captured. */
        RESERVED(Group.PRELIMINARY),
        CAPTURED(Group.LIVE),
        PART_REFUNDED(Group.LIVE),
        /** A step was refused and will be tried again (a temporary decline). */
        FAILED(Group.LIVE),
        /** A step was refused and will not be tried again until the merchant acts. */
        SUSPENDED(Group.LIVE),
        REFUNDED(Group.FINAL),
        CANCELLED(Group.FINAL),
        /** Captured and the order completed. */
        COMPLETE(Group.FINAL);

        private final Group group;

        Status(Group group) {
            this.group = group;
        }

        public Group group() {
            return group;
        }

        /** "part-refunded": as written to the shop's order meta. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * @param entries        the order's ledger, oldest first
     * @param orderStatus    the order's status in the shop ("completed" makes a capture complete)
     * @param retryScheduled a refused step is due to be tried again
     */
    public static PaymentStatus of(List<LedgerEntry> entries, String orderStatus, boolean retryScheduled) {
        return PaymentTotals.of(entries).status(orderStatus, retryScheduled);
    }

    public Group group() {
        return status.group();
    }
}
