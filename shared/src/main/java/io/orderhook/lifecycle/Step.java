package io.orderhook.lifecycle;

import java.util.List;

/**
 * One provider operation the reconciler found missing. The key is deterministic: the same
 * snapshot and state always give the same key, so a retried or resumed step is recognised.
 */
public sealed interface Step {

    String key();

    StepKind kind();

    /** The same operation under another key (a retry's try). */
    Step withKey(String key);

    /**
     * Replace the reserved lines with the order's current ones.
     *
     * @param linesHash        what the reservation holds afterwards: the order's lines and the refunds taken off
     * @param total            the reservation's total with tax afterwards: the order's total less {@code settlesRefundIds}
     * @param settlesRefundIds refunds made before activation that this update takes off the reservation
     *                         (sorted); once it is done they need no credit
     */
    record Update(String key, String linesHash, long total, List<String> settlesRefundIds) implements Step {
        public Update {
            settlesRefundIds = List.copyOf(settlesRefundIds);
        }

        public Update(String key, String linesHash, long total) {
            this(key, linesHash, total, List.of());
        }

        public StepKind kind() { return StepKind.UPDATE; }

        public Step withKey(String newKey) { return new Update(newKey, linesHash, total, settlesRefundIds); }
    }

    /**
     * Capture what the order is owed: the reservation as orderhook last synced it.
     *
     * @param amount          what is captured, with tax: the order's total less {@code refundsTakenOff}
     * @param refundsTakenOff refunds made before activation that the reservation no longer holds
     *                        (sorted); a provider that captures by lines (Klarna) leaves them out
     */
    record Activate(String key, long amount, List<String> refundsTakenOff) implements Step {
        public Activate {
            refundsTakenOff = List.copyOf(refundsTakenOff);
        }

        public StepKind kind() { return StepKind.ACTIVATE; }

        public Step withKey(String newKey) { return new Activate(newKey, amount, refundsTakenOff); }
    }

    /**
     * Release the reservation.
     *
     * @param settlesRefundIds refunds that together return the whole order before activation: releasing
     *                         the reservation settles them, nothing is credited
     */
    record Cancel(String key, List<String> settlesRefundIds) implements Step {
        public Cancel {
            settlesRefundIds = List.copyOf(settlesRefundIds);
        }

        public Cancel(String key) {
            this(key, List.of());
        }

        public StepKind kind() { return StepKind.CANCEL; }

        public Step withKey(String newKey) { return new Cancel(newKey, settlesRefundIds); }
    }

    /**
     * Credit one shop refund.
     *
     * @param amount       positive minor units with tax
     * @param wholePayment nothing was credited before and the refund is the whole captured amount
     */
    record Credit(String key, String refundId, long amount, boolean wholePayment) implements Step {
        public StepKind kind() { return StepKind.CREDIT; }

        public Step withKey(String newKey) { return new Credit(newKey, refundId, amount, wholePayment); }
    }

    enum StepKind {
        UPDATE, ACTIVATE, CANCEL, CREDIT;

        /**
         * The merchant asked for this step by setting the order's status (the capture status, or
         * cancelled): when the provider refuses it, the order gets the shop's failure status so
         * the merchant sees that what the status says did not happen.
         */
        public boolean askedByTheMerchantsStatus() {
            return switch (this) {
                case ACTIVATE, CANCEL -> true;
                case UPDATE, CREDIT -> false;
            };
        }

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
